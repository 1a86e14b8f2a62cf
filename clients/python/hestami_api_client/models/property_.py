from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.property_type import PropertyType

T = TypeVar("T", bound="Property")


@_attrs_define
class Property:
    """A homeowner's property."""

    id: UUID
    owner_id: UUID
    """ Id of the homeowner who owns it. """
    name: str
    address_line1: str
    address_line2: None | str
    city: str
    state: str
    postal_code: str
    country: str
    property_type: PropertyType
    """ The kind of home. """
    bedrooms: int | None
    bathrooms: float | None
    square_feet: int | None
    year_built: int | None
    description: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        owner_id = str(self.owner_id)

        name = self.name

        address_line1 = self.address_line1

        address_line2: None | str
        address_line2 = self.address_line2

        city = self.city

        state = self.state

        postal_code = self.postal_code

        country = self.country

        property_type = self.property_type.value

        bedrooms: int | None
        bedrooms = self.bedrooms

        bathrooms: float | None
        bathrooms = self.bathrooms

        square_feet: int | None
        square_feet = self.square_feet

        year_built: int | None
        year_built = self.year_built

        description: None | str
        description = self.description

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "owner_id": owner_id,
                "name": name,
                "address_line1": address_line1,
                "address_line2": address_line2,
                "city": city,
                "state": state,
                "postal_code": postal_code,
                "country": country,
                "property_type": property_type,
                "bedrooms": bedrooms,
                "bathrooms": bathrooms,
                "square_feet": square_feet,
                "year_built": year_built,
                "description": description,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        owner_id = UUID(d.pop("owner_id"))

        name = d.pop("name")

        address_line1 = d.pop("address_line1")

        def _parse_address_line2(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        address_line2 = _parse_address_line2(d.pop("address_line2"))

        city = d.pop("city")

        state = d.pop("state")

        postal_code = d.pop("postal_code")

        country = d.pop("country")

        property_type = PropertyType(d.pop("property_type"))

        def _parse_bedrooms(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        bedrooms = _parse_bedrooms(d.pop("bedrooms"))

        def _parse_bathrooms(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        bathrooms = _parse_bathrooms(d.pop("bathrooms"))

        def _parse_square_feet(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        square_feet = _parse_square_feet(d.pop("square_feet"))

        def _parse_year_built(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        year_built = _parse_year_built(d.pop("year_built"))

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        property_ = cls(
            id=id,
            owner_id=owner_id,
            name=name,
            address_line1=address_line1,
            address_line2=address_line2,
            city=city,
            state=state,
            postal_code=postal_code,
            country=country,
            property_type=property_type,
            bedrooms=bedrooms,
            bathrooms=bathrooms,
            square_feet=square_feet,
            year_built=year_built,
            description=description,
            created_at=created_at,
            updated_at=updated_at,
        )

        property_.additional_properties = d
        return property_

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
