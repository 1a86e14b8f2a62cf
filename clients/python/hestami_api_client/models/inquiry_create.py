from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="InquiryCreate")


@_attrs_define
class InquiryCreate:
    """A homeowner's inquiry about a catalog service."""

    service_id: UUID
    """ An active catalog service. """
    message: str
    """ Free text for the provider; line breaks allowed. """
    property_id: None | Unset | UUID = UNSET
    """ One of the homeowner's own properties, if the inquiry is about one. """

    def to_dict(self) -> dict[str, Any]:
        service_id = str(self.service_id)

        message = self.message

        property_id: None | str | Unset
        if isinstance(self.property_id, Unset):
            property_id = UNSET
        elif isinstance(self.property_id, UUID):
            property_id = str(self.property_id)
        else:
            property_id = self.property_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "service_id": service_id,
                "message": message,
            }
        )
        if property_id is not UNSET:
            field_dict["property_id"] = property_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        service_id = UUID(d.pop("service_id"))

        message = d.pop("message")

        def _parse_property_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                property_id_type_0 = UUID(data)

                return property_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        property_id = _parse_property_id(d.pop("property_id", UNSET))

        inquiry_create = cls(
            service_id=service_id,
            message=message,
            property_id=property_id,
        )

        return inquiry_create
