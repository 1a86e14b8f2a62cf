from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="StatsInquiriesByStatus")


@_attrs_define
class StatsInquiriesByStatus:
    """Number of inquiries per status."""

    open_: int
    accepted: int
    declined: int
    completed: int
    cancelled: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        open_ = self.open_

        accepted = self.accepted

        declined = self.declined

        completed = self.completed

        cancelled = self.cancelled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "open": open_,
                "accepted": accepted,
                "declined": declined,
                "completed": completed,
                "cancelled": cancelled,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        open_ = d.pop("open")

        accepted = d.pop("accepted")

        declined = d.pop("declined")

        completed = d.pop("completed")

        cancelled = d.pop("cancelled")

        stats_inquiries_by_status = cls(
            open_=open_,
            accepted=accepted,
            declined=declined,
            completed=completed,
            cancelled=cancelled,
        )

        stats_inquiries_by_status.additional_properties = d
        return stats_inquiries_by_status

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
