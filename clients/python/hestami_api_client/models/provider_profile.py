from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProviderProfile")


@_attrs_define
class ProviderProfile:
    """A service provider's business profile."""

    provider_id: UUID
    """ Id of the provider (a user). """
    business_name: str
    description: None | str
    phone: None | str
    website: None | str
    service_area: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        provider_id = str(self.provider_id)

        business_name = self.business_name

        description: None | str
        description = self.description

        phone: None | str
        phone = self.phone

        website: None | str
        website = self.website

        service_area: None | str
        service_area = self.service_area

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "provider_id": provider_id,
                "business_name": business_name,
                "description": description,
                "phone": phone,
                "website": website,
                "service_area": service_area,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        provider_id = UUID(d.pop("provider_id"))

        business_name = d.pop("business_name")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        def _parse_phone(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        phone = _parse_phone(d.pop("phone"))

        def _parse_website(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        website = _parse_website(d.pop("website"))

        def _parse_service_area(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        service_area = _parse_service_area(d.pop("service_area"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        provider_profile = cls(
            provider_id=provider_id,
            business_name=business_name,
            description=description,
            phone=phone,
            website=website,
            service_area=service_area,
            created_at=created_at,
            updated_at=updated_at,
        )

        provider_profile.additional_properties = d
        return provider_profile

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
