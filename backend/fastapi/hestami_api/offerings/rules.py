"""Offering rules that need no database: prices as stored and as filtered, and the
catalog's default sort."""

from decimal import Decimal
from typing import Final

from hestami_api.core.errors import InvalidInputError
from hestami_api.generated.parameters import CatalogSort
from hestami_api.marketplace.schema import rounded

CENT: Final = Decimal("0.01")


def to_cents(value: float | None) -> Decimal | None:
    """A price as stored: Numeric(12, 2), rounded half up to the cent (the spec's wording)."""
    return rounded(value, CENT)


def check_price_range(price_min: Decimal | None, price_max: Decimal | None) -> None:
    """422 when the highest price is below the lowest (compared as stored, to the cent)."""
    if price_min is not None and price_max is not None and price_max < price_min:
        raise InvalidInputError(
            "price_max must not be below price_min.",
            loc=["body", "price_max"],
            error_type="price_range",
        )


def check_price_filter(min_price: Decimal | None, max_price: Decimal | None) -> None:
    """422 when a catalog price filter can match nothing because its bounds are crossed."""
    if min_price is not None and max_price is not None and min_price > max_price:
        raise InvalidInputError(
            "min_price must not be greater than max_price.",
            loc=["query", "min_price"],
            error_type="price_range",
        )


def price_filter(value: float | None) -> Decimal | None:
    """A query-string price as an exact decimal, so comparisons with Numeric are exact."""
    return None if value is None else Decimal(str(value))


def catalog_sort(sort: CatalogSort | None, *, has_search: bool) -> CatalogSort:
    """The spec's default: relevance with a search, newest first without (also for an
    explicit ``relevance`` that has no search text to rank by)."""
    if sort is None:
        sort = CatalogSort.RELEVANCE if has_search else CatalogSort.CREATED_AT_DESC
    if sort == CatalogSort.RELEVANCE and not has_search:
        sort = CatalogSort.CREATED_AT_DESC
    return sort
