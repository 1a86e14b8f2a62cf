from enum import StrEnum


class InquiryStatus(StrEnum):
    ACCEPTED = "accepted"
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    DECLINED = "declined"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
