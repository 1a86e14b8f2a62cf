from enum import StrEnum


class RegistrationRole(StrEnum):
    HOMEOWNER = "homeowner"
    SERVICE_PROVIDER = "service_provider"

    def __str__(self) -> str:
        return str(self.value)
