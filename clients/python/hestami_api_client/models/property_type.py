from enum import StrEnum


class PropertyType(StrEnum):
    APARTMENT = "apartment"
    CONDO = "condo"
    LAND = "land"
    MOBILE_HOME = "mobile_home"
    MULTI_FAMILY = "multi_family"
    OTHER = "other"
    SINGLE_FAMILY = "single_family"
    TOWNHOUSE = "townhouse"

    def __str__(self) -> str:
        return str(self.value)
