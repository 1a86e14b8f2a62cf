from enum import StrEnum


class Role(StrEnum):
    HOMEOWNER = "homeowner"
    SERVICE_PROVIDER = "service_provider"
    STAFF = "staff"

    def __str__(self) -> str:
        return str(self.value)
