from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="HomeownerInquiryUpdate")


@_attrs_define
class HomeownerInquiryUpdate:
    """The only change a homeowner can make to an inquiry is to cancel it."""

    status: Literal["cancelled"]
    """ The only status a homeowner may set. """

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = cast(Literal["cancelled"], d.pop("status"))
        if status != "cancelled":
            raise ValueError(f"status must match const 'cancelled', got '{status}'")

        homeowner_inquiry_update = cls(
            status=status,
        )

        return homeowner_inquiry_update
