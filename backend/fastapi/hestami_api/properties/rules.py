"""Property rules that need no database: the rounding of bathrooms and the shaping of
search text (blank ``q`` and LIKE escaping are `core.listing`'s)."""

import re
from decimal import Decimal
from typing import Final

from hestami_api.marketplace.schema import rounded

TENTH: Final = Decimal("0.1")


def to_tenths(value: float | None) -> Decimal | None:
    """Bathrooms as stored: Numeric(4, 1), so half baths (0.5) survive."""
    return rounded(value, TENTH)


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
