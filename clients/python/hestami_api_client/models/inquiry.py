from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.inquiry_status import InquiryStatus

T = TypeVar("T", bound="Inquiry")


@_attrs_define
class Inquiry:
    """An inquiry from a homeowner to the provider of a service."""

    id: UUID
    service_id: UUID
    property_id: None | UUID
    """ The property it is about; `null` if none or if the property was deleted. """
    homeowner_id: UUID
    """ Id of the homeowner who sent it. """
    provider_id: UUID
    """ Id of the provider of the service. """
    message: str
    status: InquiryStatus
    """ Where an inquiry stands. Allowed transitions:
    `open` → `accepted` | `declined` (provider) or `cancelled` (homeowner);
    `accepted` → `completed` (provider) or `cancelled` (homeowner).
    `declined`, `completed` and `cancelled` are final. Any other change is
    409.
     """
    response: None | str
    """ The provider's answer, if any. """
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        service_id = str(self.service_id)

        property_id: None | str
        if isinstance(self.property_id, UUID):
            property_id = str(self.property_id)
        else:
            property_id = self.property_id

        homeowner_id = str(self.homeowner_id)

        provider_id = str(self.provider_id)

        message = self.message

        status = self.status.value

        response: None | str
        response = self.response

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "service_id": service_id,
                "property_id": property_id,
                "homeowner_id": homeowner_id,
                "provider_id": provider_id,
                "message": message,
                "status": status,
                "response": response,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        service_id = UUID(d.pop("service_id"))

        def _parse_property_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                property_id_type_0 = UUID(data)

                return property_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        property_id = _parse_property_id(d.pop("property_id"))

        homeowner_id = UUID(d.pop("homeowner_id"))

        provider_id = UUID(d.pop("provider_id"))

        message = d.pop("message")

        status = InquiryStatus(d.pop("status"))

        def _parse_response(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        response = _parse_response(d.pop("response"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        inquiry = cls(
            id=id,
            service_id=service_id,
            property_id=property_id,
            homeowner_id=homeowner_id,
            provider_id=provider_id,
            message=message,
            status=status,
            response=response,
            created_at=created_at,
            updated_at=updated_at,
        )

        inquiry.additional_properties = d
        return inquiry

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
