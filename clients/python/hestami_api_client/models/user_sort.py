from enum import StrEnum


class UserSort(StrEnum):
    CREATED_AT_ASC = "created_at"
    CREATED_AT_DESC = "-created_at"
    EMAIL_ASC = "email"
    EMAIL_DESC = "-email"
    USERNAME_ASC = "username"
    USERNAME_DESC = "-username"

    def __str__(self) -> str:
        return str(self.value)
