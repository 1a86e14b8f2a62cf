from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StatsUsersByRole")


@_attrs_define
class StatsUsersByRole:
    """Number of accounts (active or not) per role."""

    homeowner: int
    service_provider: int
    staff: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        homeowner = self.homeowner

        service_provider = self.service_provider

        staff = self.staff

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "homeowner": homeowner,
                "service_provider": service_provider,
                "staff": staff,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        homeowner = d.pop("homeowner")

        service_provider = d.pop("service_provider")

        staff = d.pop("staff")

        stats_users_by_role = cls(
            homeowner=homeowner,
            service_provider=service_provider,
            staff=staff,
        )

        stats_users_by_role.additional_properties = d
        return stats_users_by_role

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
