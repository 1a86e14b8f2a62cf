from enum import StrEnum


class ProviderInquiryStatus(StrEnum):
    ACCEPTED = "accepted"
    COMPLETED = "completed"
    DECLINED = "declined"

    def __str__(self) -> str:
        return str(self.value)
