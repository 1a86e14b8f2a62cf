from enum import StrEnum


class PropertySort(StrEnum):
    CITY_ASC = "city"
    CITY_DESC = "-city"
    CREATED_AT_ASC = "created_at"
    CREATED_AT_DESC = "-created_at"
    NAME_ASC = "name"
    NAME_DESC = "-name"

    def __str__(self) -> str:
        return str(self.value)
