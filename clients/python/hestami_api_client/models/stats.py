from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.stats_inquiries_by_status import StatsInquiriesByStatus
    from ..models.stats_users_by_role import StatsUsersByRole


T = TypeVar("T", bound="Stats")


@_attrs_define
class Stats:
    """Service statistics at the time of the request."""

    users_by_role: StatsUsersByRole
    """ Number of accounts (active or not) per role. """
    active_sessions: int
    """ Sessions neither revoked nor expired. """
    properties: int
    """ Number of properties. """
    services: int
    """ Number of services, active or not. """
    inquiries_by_status: StatsInquiriesByStatus
    """ Number of inquiries per status. """
    logins_last_24h: int
    """ Successful logins in the last 24 hours. """
    failed_logins_last_24h: int
    """ Failed logins in the last 24 hours. """
    emails_pending: int
    """ Emails in the outbox not yet delivered (waiting or being retried). """
    emails_failed: int
    """ Emails given up after EMAIL_MAX_ATTEMPTS delivery attempts. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        users_by_role = self.users_by_role.to_dict()

        active_sessions = self.active_sessions

        properties = self.properties

        services = self.services

        inquiries_by_status = self.inquiries_by_status.to_dict()

        logins_last_24h = self.logins_last_24h

        failed_logins_last_24h = self.failed_logins_last_24h

        emails_pending = self.emails_pending

        emails_failed = self.emails_failed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "users_by_role": users_by_role,
                "active_sessions": active_sessions,
                "properties": properties,
                "services": services,
                "inquiries_by_status": inquiries_by_status,
                "logins_last_24h": logins_last_24h,
                "failed_logins_last_24h": failed_logins_last_24h,
                "emails_pending": emails_pending,
                "emails_failed": emails_failed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.stats_inquiries_by_status import StatsInquiriesByStatus  # noqa: PLC0415
        from ..models.stats_users_by_role import StatsUsersByRole  # noqa: PLC0415

        d = dict(src_dict)
        users_by_role = StatsUsersByRole.from_dict(d.pop("users_by_role"))

        active_sessions = d.pop("active_sessions")

        properties = d.pop("properties")

        services = d.pop("services")

        inquiries_by_status = StatsInquiriesByStatus.from_dict(d.pop("inquiries_by_status"))

        logins_last_24h = d.pop("logins_last_24h")

        failed_logins_last_24h = d.pop("failed_logins_last_24h")

        emails_pending = d.pop("emails_pending")

        emails_failed = d.pop("emails_failed")

        stats = cls(
            users_by_role=users_by_role,
            active_sessions=active_sessions,
            properties=properties,
            services=services,
            inquiries_by_status=inquiries_by_status,
            logins_last_24h=logins_last_24h,
            failed_logins_last_24h=failed_logins_last_24h,
            emails_pending=emails_pending,
            emails_failed=emails_failed,
        )

        stats.additional_properties = d
        return stats

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
