from enum import StrEnum


class CatalogSort(StrEnum):
    CREATED_AT_ASC = "created_at"
    CREATED_AT_DESC = "-created_at"
    PRICE_MIN_ASC = "price_min"
    PRICE_MIN_DESC = "-price_min"
    RELEVANCE = "relevance"
    TITLE_ASC = "title"
    TITLE_DESC = "-title"

    def __str__(self) -> str:
        return str(self.value)
