"""The write idiom of the marketplace repositories and services.

Writes are single statements that return the written row (``INSERT/UPDATE/DELETE ...
RETURNING``): what the database sets (ids, timestamps) comes back with the write. An
update writes only what differs, so a replacement that changes nothing leaves
``updated_at`` alone and writes no audit entry.
"""

from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import Select

# Rows written with RETURNING replace what the session holds for them (no refresh()).
RETURNING_OPTIONS: Final = {"populate_existing": True, "synchronize_session": False}


def for_write[*Columns](query: Select[*Columns]) -> Select[*Columns]:
    """``query`` locking its row ``FOR UPDATE``, re-read even if the session holds it: a write
    that must see the latest version first (If-Match, a status transition)."""
    return query.with_for_update().execution_options(populate_existing=True)


def changed_values(current: object, values: Mapping[str, Any]) -> dict[str, Any]:
    """The ``values`` that differ from ``current``'s attributes: what an UPDATE must write."""
    return {name: value for name, value in values.items() if getattr(current, name) != value}
