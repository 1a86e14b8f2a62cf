from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.registration_role import RegistrationRole
from ..types import UNSET, Unset

T = TypeVar("T", bound="RegisterRequest")


@_attrs_define
class RegisterRequest:
    """A new account."""

    username: str
    """ Letters, digits, `_`, `.` and `-`; unique case-insensitively. Can never change. """
    email: str
    """ Unique case-insensitively. Must be a deliverable-looking address: special-use domains (`.test`, `.local`,
    `.localhost`, `.invalid`, `.onion`, `.arpa`) are refused. """
    password: str
    """ 12-128 characters; not a common password; must not contain the username or the email's local part. """
    role: RegistrationRole
    """ The roles open to self-registration. """
    full_name: None | str | Unset = UNSET
    """ The person's name, shown to the other party of an inquiry. """

    def to_dict(self) -> dict[str, Any]:
        username = self.username

        email = self.email

        password = self.password

        role = self.role.value

        full_name: None | str | Unset
        if isinstance(self.full_name, Unset):
            full_name = UNSET
        else:
            full_name = self.full_name

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "username": username,
                "email": email,
                "password": password,
                "role": role,
            }
        )
        if full_name is not UNSET:
            field_dict["full_name"] = full_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        username = d.pop("username")

        email = d.pop("email")

        password = d.pop("password")

        role = RegistrationRole(d.pop("role"))

        def _parse_full_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        full_name = _parse_full_name(d.pop("full_name", UNSET))

        register_request = cls(
            username=username,
            email=email,
            password=password,
            role=role,
            full_name=full_name,
        )

        return register_request
