from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="LoginForm")


@_attrs_define
class LoginForm:
    """The OAuth2 password-grant form. `grant_type`, `scope`, `client_id` and `client_secret` are accepted for OAuth2
    clients and ignored.

    """

    username: str
    """ The username or the email address (case-insensitive). """
    password: str
    grant_type: Literal["password"] | Unset = UNSET
    """ OAuth2 grant type; optional, ignored. """
    scope: str | Unset = UNSET
    """ OAuth2 scopes; the API defines none, ignored. """
    client_id: str | Unset = UNSET
    """ OAuth2 client id; ignored. """
    client_secret: str | Unset = UNSET
    """ OAuth2 client secret; ignored. """

    def to_dict(self) -> dict[str, Any]:
        username = self.username

        password = self.password

        grant_type = self.grant_type

        scope = self.scope

        client_id = self.client_id

        client_secret = self.client_secret

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "username": username,
                "password": password,
            }
        )
        if grant_type is not UNSET:
            field_dict["grant_type"] = grant_type
        if scope is not UNSET:
            field_dict["scope"] = scope
        if client_id is not UNSET:
            field_dict["client_id"] = client_id
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        username = d.pop("username")

        password = d.pop("password")

        grant_type = cast(Literal["password"] | Unset, d.pop("grant_type", UNSET))
        if grant_type != "password" and not isinstance(grant_type, Unset):
            raise ValueError(f"grant_type must match const 'password', got '{grant_type}'")

        scope = d.pop("scope", UNSET)

        client_id = d.pop("client_id", UNSET)

        client_secret = d.pop("client_secret", UNSET)

        login_form = cls(
            username=username,
            password=password,
            grant_type=grant_type,
            scope=scope,
            client_id=client_id,
            client_secret=client_secret,
        )

        return login_form
