"""Marketplace rules that need no database: inquiry status transitions, price and
measurement rounding, the catalog's default sort and the shaping of search text
(blank ``q`` and LIKE escaping are `core.listing`'s).

Kept free of I/O so the service layer reads as orchestration and these rules can be
checked on their own.
"""

import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal

from hestami_api.core.errors import ConflictError, InvalidInputError
from hestami_api.generated.parameters import CatalogSort
from hestami_api.marketplace.models import InquiryStatus

# ---------------------------------------------------------------- inquiry status

InquiryActor = Literal["homeowner", "service_provider"]

# current status -> {next status: the only party allowed to make that move}.
# A status missing from the outer mapping is final; a pair missing from the inner one is 409.
INQUIRY_TRANSITIONS: Final[Mapping[InquiryStatus, Mapping[InquiryStatus, InquiryActor]]] = {
    "open": {
        "accepted": "service_provider",
        "declined": "service_provider",
        "cancelled": "homeowner",
    },
    "accepted": {
        "completed": "service_provider",
        "cancelled": "homeowner",
    },
}


def is_final(status: InquiryStatus) -> bool:
    return status not in INQUIRY_TRANSITIONS


def check_transition(current: InquiryStatus, target: InquiryStatus, actor: InquiryActor) -> None:
    """Raise 409 unless ``actor`` may move an inquiry from ``current`` to ``target``."""
    if INQUIRY_TRANSITIONS.get(current, {}).get(target) != actor:
        raise ConflictError(f"An inquiry that is {current} cannot become {target}.")


def check_can_respond(current: InquiryStatus) -> None:
    """A response alone may be written while the inquiry is still in play (open/accepted)."""
    if is_final(current):
        raise ConflictError(f"An inquiry that is {current} can no longer be answered.")


# ---------------------------------------------------------------- numbers

CENT: Final = Decimal("0.01")
TENTH: Final = Decimal("0.1")


def _rounded(value: float | None, step: Decimal) -> Decimal | None:
    if value is None:
        return None
    # str() gives the shortest decimal that round-trips the float, so 19.99 stays 19.99
    # instead of becoming 19.989999999999998436805981327779591083526611328125.
    return Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)


def to_cents(value: float | None) -> Decimal | None:
    """A price as stored: Numeric(12, 2), rounded half up to the cent (the spec's wording)."""
    return _rounded(value, CENT)


def to_tenths(value: float | None) -> Decimal | None:
    """Bathrooms as stored: Numeric(4, 1), so half baths (0.5) survive."""
    return _rounded(value, TENTH)


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


# ---------------------------------------------------------------- URLs


def check_website(website: str | None) -> None:
    """422 for a website that is not plain ASCII.

    The schema's pattern lets through non-ASCII and C1 control characters (U+0080-U+009F),
    but the field is ``format: uri``, and a URI (RFC 3986) is ASCII: an international
    domain name is written in punycode (``xn--...``). Without this check such a value
    would be stored and then served in responses that break their own schema.
    """
    if website is not None and not website.isascii():
        raise InvalidInputError(
            "The website must be an ASCII URL (international domain names in punycode).",
            loc=["body", "website"],
            error_type="url_not_ascii",
        )


# ---------------------------------------------------------------- sorting


def catalog_sort(sort: CatalogSort | None, *, has_search: bool) -> CatalogSort:
    """The spec's default: relevance with a search, newest first without (also for an
    explicit ``relevance`` that has no search text to rank by)."""
    if sort is None:
        sort = CatalogSort.RELEVANCE if has_search else CatalogSort.CREATED_AT_DESC
    if sort == CatalogSort.RELEVANCE and not has_search:
        sort = CatalogSort.CREATED_AT_DESC
    return sort


# ---------------------------------------------------------------- search text

# Letters and digits; everything else (punctuation, `_`, quotes, backslashes, tsquery
# operators) separates words, as in PostgreSQL's default text-search parser.
_WORD: Final = re.compile(r"[^\W_]+")


def prefix_tsquery(text: str) -> str | None:
    """A ``to_tsquery`` text requiring every word of ``text`` as a word prefix
    (``bart spr`` finds "Barton Springs"), or ``None`` when ``text`` has no word.

    Only letters and digits survive tokenizing and each lexeme is quoted anyway, so user
    input can never inject tsquery operators or cause a syntax error.
    """
    words = [word.lower() for word in _WORD.findall(text)]
    if not words:
        return None
    return " & ".join("'" + word.replace("'", "''") + "':*" for word in words)
