from enum import StrEnum


class SessionSort(StrEnum):
    CREATED_AT_ASC = "created_at"
    CREATED_AT_DESC = "-created_at"
    LAST_USED_AT_ASC = "last_used_at"
    LAST_USED_AT_DESC = "-last_used_at"

    def __str__(self) -> str:
        return str(self.value)
