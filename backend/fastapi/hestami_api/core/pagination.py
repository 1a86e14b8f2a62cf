"""The page a list query returns; handlers turn it into `{items, total, limit, offset}`."""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Page[T]:
    items: Sequence[T]
    total: int  # every row matching the filters, not just this page's
