"""core.listing's handling of search text, checked without a database."""

from hestami_api.core.listing import like_contains, search_text


def test_search_text_ignores_blank() -> None:
    assert search_text(None) is None
    assert search_text(" \t ") is None
    assert search_text("  leak ") == "leak"


def test_like_contains_escapes_wildcards() -> None:
    assert like_contains("50%_off\\") == "%50\\%\\_off\\\\%"
