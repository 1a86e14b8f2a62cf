"""Statements built and compiled once, run on the driver: the hottest reads.

Building a SQLAlchemy statement, walking it for its cache key and going through the ORM's
execution and result machinery cost a request more than asyncpg's own work. For the
statements every request runs (authentication) or that carry a throughput target (the
catalog search), the statement is built once per shape with `bindparam` placeholders,
compiled once to asyncpg's ``$n`` SQL, and run on the request's connection at the driver
(`RequestContext.fetch_at_driver`). The same statement object serves the session path
PgBouncer needs (see `fetch`): one definition of the query either way.
"""

from collections.abc import Mapping, Sequence
from typing import Any, Final, Protocol, cast

from sqlalchemy import Executable
from sqlalchemy.dialects.postgresql import asyncpg
from sqlalchemy.sql.compiler import SQLCompiler

from hestami_api.core.config import get_settings
from hestami_api.core.context import RequestContext

_DIALECT: Final = asyncpg.dialect(paramstyle="numeric_dollar")  # type: ignore[no-untyped-call]


class Row(Protocol):
    """A result row read by column label: an ``asyncpg.Record``, or a SQLAlchemy ``RowMapping``
    under PgBouncer."""

    def __getitem__(self, label: str, /) -> Any: ...


class Prepared:
    """One statement and its SQL for asyncpg. Placeholders are `bindparam` names; values
    bound in the statement itself (``literal(...)``) are their defaults."""

    __slots__ = ("_defaults", "_names", "sql", "statement")

    def __init__(self, statement: Executable) -> None:
        compiled = cast(SQLCompiler, statement.compile(dialect=_DIALECT))  # type: ignore[attr-defined]
        self.statement = statement
        self.sql: str = compiled.string
        # numeric_dollar: one $n per name, in order of first use
        self._names: tuple[str, ...] = tuple(compiled.positiontup or ())
        self._defaults: dict[str, Any] = dict(compiled.params)

    def arguments(self, values: Mapping[str, Any]) -> list[Any]:
        defaults = self._defaults
        return [values[name] if name in values else defaults[name] for name in self._names]

    async def fetch(self, ctx: RequestContext, values: Mapping[str, Any]) -> Sequence[Row]:
        """The rows, on the driver; through the session under PgBouncer, where asyncpg's
        unnamed statement takes two round trips that PgBouncer may send to two server
        connections unless a transaction (the session's) holds them together."""
        if get_settings().database_pgbouncer:
            return (await ctx.db.execute(self.statement, dict(values))).mappings().all()
        return await ctx.fetch_at_driver(self.sql, self.arguments(values))
