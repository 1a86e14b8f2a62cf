from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.audit_log_details import AuditLogDetails


T = TypeVar("T", bound="AuditLog")


@_attrs_define
class AuditLog:
    """One security-relevant event. Never contains a password, token or hash."""

    id: UUID
    occurred_at: datetime.datetime
    actor_id: None | UUID
    """ The user who caused the event; `null` when unknown (for example a failed login for an unknown username). """
    action: str
    """ What happened. The actions recorded today (more may be added):
    `user.registered`, `auth.login_succeeded`, `auth.login_failed`,
    `auth.logout`, `auth.logout_all`, `auth.refresh_reused`,
    `auth.password_reset_requested`, `auth.password_reset_completed`,
    `auth.password_changed`, `user.role_changed`, `user.activated`,
    `user.deactivated`, `user.profile_updated`, `property.created`,
    `property.updated`, `property.deleted`, `service.created`,
    `service.updated`, `service.deleted`, `provider_profile.updated`,
    `inquiry.created`, `inquiry.updated`.
     """
    target_type: None | str
    """ The kind of object acted on (`user`, `session`, `property`, `service`, `provider_profile`, `inquiry`), if
    any. """
    target_id: None | str
    """ The id of the object acted on, if any. """
    ip_address: None | str
    """ The client IP address (IPv4 or IPv6), if known. """
    details: AuditLogDetails
    """ Event-specific facts (for example the old and new role, or the reason of a failed login). Never a secret.
    """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        occurred_at = self.occurred_at.isoformat()

        actor_id: None | str
        if isinstance(self.actor_id, UUID):
            actor_id = str(self.actor_id)
        else:
            actor_id = self.actor_id

        action = self.action

        target_type: None | str
        target_type = self.target_type

        target_id: None | str
        target_id = self.target_id

        ip_address: None | str
        ip_address = self.ip_address

        details = self.details.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "occurred_at": occurred_at,
                "actor_id": actor_id,
                "action": action,
                "target_type": target_type,
                "target_id": target_id,
                "ip_address": ip_address,
                "details": details,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_log_details import AuditLogDetails  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        def _parse_actor_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                actor_id_type_0 = UUID(data)

                return actor_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        actor_id = _parse_actor_id(d.pop("actor_id"))

        action = d.pop("action")

        def _parse_target_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        target_type = _parse_target_type(d.pop("target_type"))

        def _parse_target_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        target_id = _parse_target_id(d.pop("target_id"))

        def _parse_ip_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ip_address = _parse_ip_address(d.pop("ip_address"))

        details = AuditLogDetails.from_dict(d.pop("details"))

        audit_log = cls(
            id=id,
            occurred_at=occurred_at,
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            ip_address=ip_address,
            details=details,
        )

        audit_log.additional_properties = d
        return audit_log

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
