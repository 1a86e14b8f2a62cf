from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.price_unit import PriceUnit
from ..models.service_category import ServiceCategory
from ..types import UNSET, Unset

T = TypeVar("T", bound="ServiceInput")


@_attrs_define
class ServiceInput:
    """A service as written by its provider (`POST` and `PUT`; a `PUT` replaces everything, so optional fields left out are
    cleared). `price_max` must not be below `price_min` (422). Prices are stored to the cent (rounded to two decimals).

    """

    title: str
    category: ServiceCategory
    """ The fixed list of service categories. """
    city: str
    state: str
    description: None | str | Unset = UNSET
    """ Free text; line breaks allowed. """
    price_min: float | None | Unset = UNSET
    """ Lowest price, in the currency of the service area. """
    price_max: float | None | Unset = UNSET
    """ Highest price; not below `price_min`. """
    price_unit: None | PriceUnit | Unset = UNSET
    """ What the prices apply to. """
    postal_code: None | str | Unset = UNSET
    is_active: bool | Unset = True
    """ Only active services appear in the catalog and accept inquiries. """

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        category = self.category.value

        city = self.city

        state = self.state

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        price_min: float | None | Unset
        if isinstance(self.price_min, Unset):
            price_min = UNSET
        else:
            price_min = self.price_min

        price_max: float | None | Unset
        if isinstance(self.price_max, Unset):
            price_max = UNSET
        else:
            price_max = self.price_max

        price_unit: None | str | Unset
        if isinstance(self.price_unit, Unset):
            price_unit = UNSET
        elif isinstance(self.price_unit, PriceUnit):
            price_unit = self.price_unit.value
        else:
            price_unit = self.price_unit

        postal_code: None | str | Unset
        if isinstance(self.postal_code, Unset):
            postal_code = UNSET
        else:
            postal_code = self.postal_code

        is_active = self.is_active

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "title": title,
                "category": category,
                "city": city,
                "state": state,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if price_min is not UNSET:
            field_dict["price_min"] = price_min
        if price_max is not UNSET:
            field_dict["price_max"] = price_max
        if price_unit is not UNSET:
            field_dict["price_unit"] = price_unit
        if postal_code is not UNSET:
            field_dict["postal_code"] = postal_code
        if is_active is not UNSET:
            field_dict["is_active"] = is_active

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title")

        category = ServiceCategory(d.pop("category"))

        city = d.pop("city")

        state = d.pop("state")

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_price_min(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        price_min = _parse_price_min(d.pop("price_min", UNSET))

        def _parse_price_max(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        price_max = _parse_price_max(d.pop("price_max", UNSET))

        def _parse_price_unit(data: object) -> None | PriceUnit | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                price_unit_type_0 = PriceUnit(data)

                return price_unit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PriceUnit | Unset, data)

        price_unit = _parse_price_unit(d.pop("price_unit", UNSET))

        def _parse_postal_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        postal_code = _parse_postal_code(d.pop("postal_code", UNSET))

        is_active = d.pop("is_active", UNSET)

        service_input = cls(
            title=title,
            category=category,
            city=city,
            state=state,
            description=description,
            price_min=price_min,
            price_max=price_max,
            price_unit=price_unit,
            postal_code=postal_code,
            is_active=is_active,
        )

        return service_input
