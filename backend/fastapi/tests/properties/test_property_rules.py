"""properties.rules: rounding and search text, checked without a database."""

from decimal import Decimal

import pytest

from hestami_api.properties.rules import prefix_tsquery, to_tenths


def test_bathrooms_round_to_tenths() -> None:
    assert to_tenths(2.25) == Decimal("2.3")
    assert to_tenths(None) is None


@pytest.mark.parametrize(
    ("text", "query"),
    [("Bart SPR", "'bart':* & 'spr':*"), ("o'brien", "'o':* & 'brien':*"),
     ("a&b|!c:*", "'a':* & 'b':* & 'c':*"), ("foo_bar", "'foo':* & 'bar':*"),
     ("Zürich 78704", "'zürich':* & '78704':*"), ("%_\\'\"", None), ("", None)],
)  # fmt: skip
def test_prefix_tsquery_keeps_only_words(text: str, query: str | None) -> None:
    assert prefix_tsquery(text) == query
