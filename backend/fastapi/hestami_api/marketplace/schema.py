"""The database schema ``marketplace``: its name and the conventions its tables share.

Properties and offerings both have a location (city, state, postal code) that lists filter
on case-insensitively; `location_indexes` declares the ``lower(column)`` indexes and
`equals_ignoring_case` writes the conditions in the shape those indexes serve.
"""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from sqlalchemy import CheckConstraint, ColumnElement, Index, func, text

SCHEMA: Final = "marketplace"

# Sizes of the columns several tables have, so request validation and the database agree.
CITY_MAX_LENGTH: Final = 100
STATE_MAX_LENGTH: Final = 100
POSTAL_CODE_MAX_LENGTH: Final = 20
DESCRIPTION_MAX_LENGTH: Final = 5000  # every free-text description


def not_blank(column: str) -> CheckConstraint:
    return CheckConstraint(f"char_length({column}) > 0", name=f"{column}_not_empty")


def max_chars(column: str, maximum: int, *, nullable: bool = True) -> CheckConstraint:
    condition = f"char_length({column}) <= {maximum}"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return CheckConstraint(condition, name=f"{column}_length")


def location_indexes(table: str) -> tuple[Index, ...]:
    """``lower(city)``, ``lower(state)`` and ``lower(postal_code)`` indexes of ``table``."""
    return tuple(
        Index(f"ix_{table}_{column}_lower", func.lower(text(column)))
        for column in ("city", "state", "postal_code")
    )


def equals_ignoring_case(column: Any, value: str) -> ColumnElement[bool]:
    """Case-insensitive equality written as ``lower(column) = lower(value)``, the shape
    of the `location_indexes`."""
    condition: ColumnElement[bool] = func.lower(column) == func.lower(value)
    return condition


def rounded(value: float | None, step: Decimal) -> Decimal | None:
    """A number as a ``Numeric`` column of scale ``step`` stores it, rounded half up."""
    if value is None:
        return None
    # str() gives the shortest decimal that round-trips the float, so 19.99 stays 19.99
    # instead of becoming 19.989999999999998436805981327779591083526611328125.
    return Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)
