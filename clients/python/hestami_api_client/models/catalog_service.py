from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.price_unit import PriceUnit
from ..models.service_category import ServiceCategory

if TYPE_CHECKING:
    from ..models.provider_summary import ProviderSummary


T = TypeVar("T", bound="CatalogService")


@_attrs_define
class CatalogService:
    """A catalog entry: an active service with its provider's summary."""

    id: UUID
    provider_id: UUID
    """ Id of the provider (a user) offering it. """
    title: str
    description: None | str
    category: ServiceCategory
    """ The fixed list of service categories. """
    price_min: float | None
    price_max: float | None
    price_unit: None | PriceUnit
    city: str
    state: str
    postal_code: None | str
    is_active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    provider: ProviderSummary
    """ The public face of a provider, shown with each catalog service. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        provider_id = str(self.provider_id)

        title = self.title

        description: None | str
        description = self.description

        category = self.category.value

        price_min: float | None
        price_min = self.price_min

        price_max: float | None
        price_max = self.price_max

        price_unit: None | str
        if isinstance(self.price_unit, PriceUnit):
            price_unit = self.price_unit.value
        else:
            price_unit = self.price_unit

        city = self.city

        state = self.state

        postal_code: None | str
        postal_code = self.postal_code

        is_active = self.is_active

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        provider = self.provider.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "provider_id": provider_id,
                "title": title,
                "description": description,
                "category": category,
                "price_min": price_min,
                "price_max": price_max,
                "price_unit": price_unit,
                "city": city,
                "state": state,
                "postal_code": postal_code,
                "is_active": is_active,
                "created_at": created_at,
                "updated_at": updated_at,
                "provider": provider,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.provider_summary import ProviderSummary  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        provider_id = UUID(d.pop("provider_id"))

        title = d.pop("title")

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        category = ServiceCategory(d.pop("category"))

        def _parse_price_min(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        price_min = _parse_price_min(d.pop("price_min"))

        def _parse_price_max(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        price_max = _parse_price_max(d.pop("price_max"))

        def _parse_price_unit(data: object) -> None | PriceUnit:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                price_unit_type_0 = PriceUnit(data)

                return price_unit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PriceUnit, data)

        price_unit = _parse_price_unit(d.pop("price_unit"))

        city = d.pop("city")

        state = d.pop("state")

        def _parse_postal_code(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        postal_code = _parse_postal_code(d.pop("postal_code"))

        is_active = d.pop("is_active")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        provider = ProviderSummary.from_dict(d.pop("provider"))

        catalog_service = cls(
            id=id,
            provider_id=provider_id,
            title=title,
            description=description,
            category=category,
            price_min=price_min,
            price_max=price_max,
            price_unit=price_unit,
            city=city,
            state=state,
            postal_code=postal_code,
            is_active=is_active,
            created_at=created_at,
            updated_at=updated_at,
            provider=provider,
        )

        catalog_service.additional_properties = d
        return catalog_service

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
