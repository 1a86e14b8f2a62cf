"""The database schema ``marketplace``: its name and the conventions its tables share.

Properties and offerings both have a location (city, state, postal code) that lists filter
on case-insensitively; `location_indexes` declares the ``lower(column)`` indexes and
`location_conditions` writes the filters in the shape those indexes serve.
"""

import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from sqlalchemy import CheckConstraint, ColumnElement, ForeignKey, Index, func, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import MappedColumn, mapped_column

SCHEMA: Final = "marketplace"

# Sizes of the columns several tables have, so request validation and the database agree.
CITY_MAX_LENGTH: Final = 100
STATE_MAX_LENGTH: Final = 100
POSTAL_CODE_MAX_LENGTH: Final = 20
DESCRIPTION_MAX_LENGTH: Final = 5000  # every free-text description


LOCATION_COLUMNS: Final = ("city", "state", "postal_code")


def account_id(*, primary_key: bool = False) -> MappedColumn[uuid.UUID]:
    """A column naming an account (``auth.users.id``): the row goes with the account."""
    return mapped_column(
        UUID(as_uuid=True),
        ForeignKey("auth.users.id", ondelete="CASCADE"),
        primary_key=primary_key,
    )


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
        Index(f"ix_{table}_{column}_lower", func.lower(text(column))) for column in LOCATION_COLUMNS
    )


def location_conditions(
    model: type[Any],
    *,
    city: str | ColumnElement[str] | None,
    state: str | ColumnElement[str] | None,
    postal_code: str | ColumnElement[str] | None,
) -> list[ColumnElement[bool]]:
    """One case-insensitive equality per location filter given (a value or a placeholder),
    written as ``lower(column) = lower(value)``: the shape of the `location_indexes`."""
    wanted = dict(zip(LOCATION_COLUMNS, (city, state, postal_code), strict=True))
    return [
        func.lower(getattr(model, column)) == func.lower(value)
        for column, value in wanted.items()
        if value is not None
    ]


def rounded(value: float | None, step: Decimal) -> Decimal | None:
    """A number as a ``Numeric`` column of scale ``step`` stores it, rounded half up."""
    if value is None:
        return None
    # str() gives the shortest decimal that round-trips the float, so 19.99 stays 19.99
    # instead of becoming 19.989999999999998436805981327779591083526611328125.
    return Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)
