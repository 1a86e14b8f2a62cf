from enum import StrEnum


class AuditLogSort(StrEnum):
    OCCURRED_AT_ASC = "occurred_at"
    OCCURRED_AT_DESC = "-occurred_at"

    def __str__(self) -> str:
        return str(self.value)
