from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

T = TypeVar("T", bound="Session")


@_attrs_define
class Session:
    """A login session of the user (one per login, kept across refreshes)."""

    id: UUID
    created_at: datetime.datetime
    """ When the user logged in. """
    last_used_at: datetime.datetime
    """ The last login or token refresh of this session. """
    expires_at: datetime.datetime
    """ When the session ends unless refreshed first; never later than `SESSION_MAX_LIFETIME_SECONDS` after the
    login. """
    ip_address: None | str
    """ The client address at login. """
    user_agent: None | str
    """ The client's User-Agent at login. """
    current: bool
    """ True for the session of the access token that made this request. """

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        created_at = self.created_at.isoformat()

        last_used_at = self.last_used_at.isoformat()

        expires_at = self.expires_at.isoformat()

        ip_address: None | str
        ip_address = self.ip_address

        user_agent: None | str
        user_agent = self.user_agent

        current = self.current

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "id": id,
                "created_at": created_at,
                "last_used_at": last_used_at,
                "expires_at": expires_at,
                "ip_address": ip_address,
                "user_agent": user_agent,
                "current": current,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        last_used_at = datetime.datetime.fromisoformat(d.pop("last_used_at"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        def _parse_ip_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ip_address = _parse_ip_address(d.pop("ip_address"))

        def _parse_user_agent(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user_agent = _parse_user_agent(d.pop("user_agent"))

        current = d.pop("current")

        session = cls(
            id=id,
            created_at=created_at,
            last_used_at=last_used_at,
            expires_at=expires_at,
            ip_address=ip_address,
            user_agent=user_agent,
            current=current,
        )

        return session
