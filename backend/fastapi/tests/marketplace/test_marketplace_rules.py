"""marketplace.rules: the pure rules, checked without a database."""

from decimal import Decimal

import pytest

from hestami_api.core.errors import ConflictError, InvalidInputError
from hestami_api.core.listing import like_contains, search_text
from hestami_api.generated.parameters import CatalogSort
from hestami_api.marketplace.models import INQUIRY_STATUSES, InquiryStatus
from hestami_api.marketplace.rules import (
    catalog_sort,
    check_can_respond,
    check_price_range,
    check_transition,
    prefix_tsquery,
    to_cents,
    to_tenths,
)

ALLOWED = {
    ("open", "accepted", "service_provider"),
    ("open", "declined", "service_provider"),
    ("open", "cancelled", "homeowner"),
    ("accepted", "completed", "service_provider"),
    ("accepted", "cancelled", "homeowner"),
}


@pytest.mark.parametrize("current", INQUIRY_STATUSES)
@pytest.mark.parametrize("target", INQUIRY_STATUSES)
@pytest.mark.parametrize("actor", ["homeowner", "service_provider"])
def test_transition_table_is_exactly_the_specs(
    current: InquiryStatus, target: InquiryStatus, actor: str
) -> None:
    if (current, target, actor) in ALLOWED:
        check_transition(current, target, actor)  # type: ignore[arg-type]
    else:
        with pytest.raises(ConflictError):
            check_transition(current, target, actor)  # type: ignore[arg-type]


@pytest.mark.parametrize("status", INQUIRY_STATUSES)
def test_responses_only_while_in_play(status: InquiryStatus) -> None:
    if status in {"open", "accepted"}:
        check_can_respond(status)
    else:
        with pytest.raises(ConflictError):
            check_can_respond(status)


@pytest.mark.parametrize(
    ("value", "cents"),
    [(None, None), (0, Decimal("0.00")), (19.99, Decimal("19.99")), (0.125, Decimal("0.13")),
     (1e-300, Decimal("0.00")), (10_000_000, Decimal("10000000.00")), (2.675, Decimal("2.68"))],
)  # fmt: skip
def test_prices_round_half_up_to_the_cent(value: float | None, cents: Decimal | None) -> None:
    assert to_cents(value) == cents


def test_bathrooms_round_to_tenths() -> None:
    assert to_tenths(2.25) == Decimal("2.3")
    assert to_tenths(None) is None


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


def test_search_text_ignores_blank() -> None:
    assert search_text(None) is None
    assert search_text(" \t ") is None
    assert search_text("  leak ") == "leak"


@pytest.mark.parametrize(
    ("text", "query"),
    [("Bart SPR", "'bart':* & 'spr':*"), ("o'brien", "'o':* & 'brien':*"),
     ("a&b|!c:*", "'a':* & 'b':* & 'c':*"), ("foo_bar", "'foo':* & 'bar':*"),
     ("Zürich 78704", "'zürich':* & '78704':*"), ("%_\\'\"", None), ("", None)],
)  # fmt: skip
def test_prefix_tsquery_keeps_only_words(text: str, query: str | None) -> None:
    assert prefix_tsquery(text) == query


def test_like_contains_escapes_wildcards() -> None:
    assert like_contains("50%_off\\") == "%50\\%\\_off\\\\%"
