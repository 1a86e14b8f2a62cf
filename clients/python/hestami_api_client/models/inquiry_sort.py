from enum import StrEnum


class InquirySort(StrEnum):
    CREATED_AT_ASC = "created_at"
    CREATED_AT_DESC = "-created_at"

    def __str__(self) -> str:
        return str(self.value)
