"""offerings.rules: prices and the catalog's default sort, checked without a database."""

from decimal import Decimal

import pytest

from hestami_api.core.errors import InvalidInputError
from hestami_api.generated.parameters import CatalogSort
from hestami_api.offerings.rules import catalog_sort, check_price_range, to_cents


@pytest.mark.parametrize(
    ("value", "cents"),
    [(None, None), (0, Decimal("0.00")), (19.99, Decimal("19.99")), (0.125, Decimal("0.13")),
     (1e-300, Decimal("0.00")), (10_000_000, Decimal("10000000.00")), (2.675, Decimal("2.68"))],
)  # fmt: skip
def test_prices_round_half_up_to_the_cent(value: float | None, cents: Decimal | None) -> None:
    assert to_cents(value) == cents


def test_price_range() -> None:
    check_price_range(Decimal(1), Decimal(1))
    check_price_range(None, Decimal(1))
    check_price_range(Decimal(1), None)
    with pytest.raises(InvalidInputError) as raised:
        check_price_range(Decimal("1.01"), Decimal(1))
    assert raised.value.errors[0]["loc"] == ["body", "price_max"]


def test_catalog_sort_defaults() -> None:
    sort = CatalogSort
    assert catalog_sort(None, has_search=True) is sort.RELEVANCE
    assert catalog_sort(None, has_search=False) is sort.CREATED_AT_DESC
    assert catalog_sort(sort.RELEVANCE, has_search=False) is sort.CREATED_AT_DESC
    assert catalog_sort(sort.PRICE_MIN_DESC, has_search=True) is sort.PRICE_MIN_DESC
