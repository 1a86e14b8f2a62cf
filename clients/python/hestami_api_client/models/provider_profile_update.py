from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ProviderProfileUpdate")


@_attrs_define
class ProviderProfileUpdate:
    """The business profile (full replacement: optional fields left out are cleared)."""

    business_name: str
    description: None | str | Unset = UNSET
    """ Free text; line breaks allowed. """
    phone: None | str | Unset = UNSET
    """ Digits, spaces, `(`, `)`, `.` and `-`, optionally after a leading `+`. """
    website: None | str | Unset = UNSET
    """ An absolute `http` or `https` URL without spaces, control characters, `<`, `>`, `"` or `\\`. """
    service_area: None | str | Unset = UNSET
    """ Where the provider works, in free text; line breaks allowed. """

    def to_dict(self) -> dict[str, Any]:
        business_name = self.business_name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        website: None | str | Unset
        if isinstance(self.website, Unset):
            website = UNSET
        else:
            website = self.website

        service_area: None | str | Unset
        if isinstance(self.service_area, Unset):
            service_area = UNSET
        else:
            service_area = self.service_area

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "business_name": business_name,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if phone is not UNSET:
            field_dict["phone"] = phone
        if website is not UNSET:
            field_dict["website"] = website
        if service_area is not UNSET:
            field_dict["service_area"] = service_area

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        business_name = d.pop("business_name")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_website(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        website = _parse_website(d.pop("website", UNSET))

        def _parse_service_area(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service_area = _parse_service_area(d.pop("service_area", UNSET))

        provider_profile_update = cls(
            business_name=business_name,
            description=description,
            phone=phone,
            website=website,
            service_area=service_area,
        )

        return provider_profile_update
