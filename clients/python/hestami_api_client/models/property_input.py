from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.property_type import PropertyType
from ..types import UNSET, Unset

T = TypeVar("T", bound="PropertyInput")


@_attrs_define
class PropertyInput:
    """A property as written by its owner (`POST` and `PUT`; a `PUT` replaces everything, so optional fields left out are
    cleared).

    """

    name: str
    """ A name the owner knows the property by. """
    address_line1: str
    city: str
    state: str
    """ State, province or region. """
    postal_code: str
    property_type: PropertyType
    """ The kind of home. """
    address_line2: None | str | Unset = UNSET
    country: str | Unset = "US"
    """ ISO 3166-1 alpha-2 country code, upper case. """
    bedrooms: int | None | Unset = UNSET
    bathrooms: float | None | Unset = UNSET
    """ Half baths count as 0.5; stored to one decimal place. """
    square_feet: int | None | Unset = UNSET
    year_built: int | None | Unset = UNSET
    description: None | str | Unset = UNSET
    """ Free text; line breaks allowed. """

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        address_line1 = self.address_line1

        city = self.city

        state = self.state

        postal_code = self.postal_code

        property_type = self.property_type.value

        address_line2: None | str | Unset
        if isinstance(self.address_line2, Unset):
            address_line2 = UNSET
        else:
            address_line2 = self.address_line2

        country = self.country

        bedrooms: int | None | Unset
        if isinstance(self.bedrooms, Unset):
            bedrooms = UNSET
        else:
            bedrooms = self.bedrooms

        bathrooms: float | None | Unset
        if isinstance(self.bathrooms, Unset):
            bathrooms = UNSET
        else:
            bathrooms = self.bathrooms

        square_feet: int | None | Unset
        if isinstance(self.square_feet, Unset):
            square_feet = UNSET
        else:
            square_feet = self.square_feet

        year_built: int | None | Unset
        if isinstance(self.year_built, Unset):
            year_built = UNSET
        else:
            year_built = self.year_built

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "address_line1": address_line1,
                "city": city,
                "state": state,
                "postal_code": postal_code,
                "property_type": property_type,
            }
        )
        if address_line2 is not UNSET:
            field_dict["address_line2"] = address_line2
        if country is not UNSET:
            field_dict["country"] = country
        if bedrooms is not UNSET:
            field_dict["bedrooms"] = bedrooms
        if bathrooms is not UNSET:
            field_dict["bathrooms"] = bathrooms
        if square_feet is not UNSET:
            field_dict["square_feet"] = square_feet
        if year_built is not UNSET:
            field_dict["year_built"] = year_built
        if description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        address_line1 = d.pop("address_line1")

        city = d.pop("city")

        state = d.pop("state")

        postal_code = d.pop("postal_code")

        property_type = PropertyType(d.pop("property_type"))

        def _parse_address_line2(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        address_line2 = _parse_address_line2(d.pop("address_line2", UNSET))

        country = d.pop("country", UNSET)

        def _parse_bedrooms(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        bedrooms = _parse_bedrooms(d.pop("bedrooms", UNSET))

        def _parse_bathrooms(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        bathrooms = _parse_bathrooms(d.pop("bathrooms", UNSET))

        def _parse_square_feet(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        square_feet = _parse_square_feet(d.pop("square_feet", UNSET))

        def _parse_year_built(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        year_built = _parse_year_built(d.pop("year_built", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        property_input = cls(
            name=name,
            address_line1=address_line1,
            city=city,
            state=state,
            postal_code=postal_code,
            property_type=property_type,
            address_line2=address_line2,
            country=country,
            bedrooms=bedrooms,
            bathrooms=bathrooms,
            square_feet=square_feet,
            year_built=year_built,
            description=description,
        )

        return property_input
