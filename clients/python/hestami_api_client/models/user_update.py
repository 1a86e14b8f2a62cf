from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="UserUpdate")


@_attrs_define
class UserUpdate:
    """The editable fields of the signed-in user's account (full replacement: `full_name` or `phone` left out are cleared)."""

    email: str
    """ Unique case-insensitively (409 when another account has it). Special-use domains (`.test`, `.local`,
    `.localhost`, `.invalid`, `.onion`, `.arpa`) are refused. """
    full_name: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    """ Digits, spaces, `(`, `)`, `.` and `-`, optionally after a leading `+`. """
    current_password: str | Unset = UNSET
    """ Required when `email` changes (422 when missing, 400 when wrong): a stolen access token alone cannot move
    the account to another address. Ignored otherwise. """

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        full_name: None | str | Unset
        if isinstance(self.full_name, Unset):
            full_name = UNSET
        else:
            full_name = self.full_name

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        current_password = self.current_password

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "email": email,
            }
        )
        if full_name is not UNSET:
            field_dict["full_name"] = full_name
        if phone is not UNSET:
            field_dict["phone"] = phone
        if current_password is not UNSET:
            field_dict["current_password"] = current_password

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        def _parse_full_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        full_name = _parse_full_name(d.pop("full_name", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        current_password = d.pop("current_password", UNSET)

        user_update = cls(
            email=email,
            full_name=full_name,
            phone=phone,
            current_password=current_password,
        )

        return user_update
