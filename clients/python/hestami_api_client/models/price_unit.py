from enum import StrEnum


class PriceUnit(StrEnum):
    FIXED = "fixed"
    HOURLY = "hourly"
    PER_SQUARE_FOOT = "per_square_foot"
    PER_VISIT = "per_visit"
    QUOTE = "quote"

    def __str__(self) -> str:
        return str(self.value)
