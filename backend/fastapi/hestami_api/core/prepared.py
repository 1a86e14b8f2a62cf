"""Statements built and compiled once, run on the driver: the hottest reads.

Building a SQLAlchemy statement, walking it for its cache key and going through the ORM's
execution and result machinery cost a request more than asyncpg's own work. For the
statements every request runs (authentication) or that carry a throughput target (the
catalog search), the statement is built once per shape with `bindparam` placeholders,
compiled once to asyncpg's ``$n`` SQL, and run on the request's connection at the driver
(`RequestContext.fetch_at_driver`). The same statement object serves the session path
PgBouncer needs (see `fetch`): one definition of the query either way.

A lookup that nearly every request makes (the caller's session and user) is a
`BatchedLookup`: the lookups that requests make in one turn of the event loop go to
PostgreSQL as one statement over arrays of their values, on one pooled connection. A read of
one value that is everyone's (the catalog's version) is a `CarriedRead`: the lookup's statement
carries it, so the request that needs it has it from its own lookup without a statement of its
own.
"""

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any, Final, Protocol, cast

from sqlalchemy import ColumnElement, Executable, Select
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.sql.compiler import SQLCompiler

from hestami_api.core.config import get_settings
from hestami_api.core.context import RequestContext, transaction

_DIALECT: Final = asyncpg_dialect.dialect(paramstyle="numeric_dollar")  # type: ignore[no-untyped-call]


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

    def arrays(self, lookups: Sequence[Mapping[str, Any]]) -> list[Any]:
        """The arguments of many lookups at once: an array of their values for each name
        they give (`BatchedLookup`), a value bound in the statement as it is."""
        defaults = self._defaults
        return [
            [values[name] for values in lookups] if name in lookups[0] else defaults[name]
            for name in self._names
        ]

    async def fetch(self, ctx: RequestContext, values: Mapping[str, Any]) -> Sequence[Row]:
        """The rows, on the driver; through the session under PgBouncer, where asyncpg's
        unnamed statement takes two round trips that PgBouncer may send to two server
        connections unless a transaction (the session's) holds them together."""
        if get_settings().database_pgbouncer:
            return (await ctx.db.execute(self.statement, dict(values))).mappings().all()
        return await ctx.fetch_at_driver(self.sql, self.arguments(values))


class BatchedLookup:
    """A lookup of at most one row, made by many requests at once, run for all of them as one
    statement.

    ``statement`` takes one array per lookup value (the `bindparam` names are the values'
    names) and returns each row found with its lookup's 1-based position in the arrays, in
    the column ``ordinal``: ``unnest(...) WITH ORDINALITY`` joined to the tables, so each
    lookup is its own row even when two are the same.

    A request that has no session and writes nothing (`RequestContext.can_share_connection`)
    and is not the first of this turn of the event loop to look up joins the lookups waiting
    for the end of the turn, when every request parsed in it has asked; then one statement
    runs for them all on one pooled connection. The first goes at once on its own connection,
    so a lone request waits for nobody. Under a burst of a thousand requests a worker sends
    PostgreSQL a few statements instead of a thousand, and most of both sides' cost of a
    statement is the statement, not its rows (``GET /users/me`` at 100 connections: server
    CPU a request 900-1,100 -> 530-770 us, PostgreSQL's 155-195 -> 8-23 us). Every other
    request runs the statement with arrays of one in its own session or on its own
    connection, which keeps a lookup in the transaction that writes and behind PgBouncer.
    """

    __slots__ = ("_carries", "_prepared", "_statement", "_turn", "_waiting")

    def __init__(self, statement: Select[Any]) -> None:
        self._statement = statement
        self._prepared = Prepared(statement)
        self._carries = False
        # The loop one of whose turns a lookup has gone in on its own, until the turn ends. A
        # loop that stopped within a turn (a test's) leaves nothing behind for the next loop.
        self._turn: asyncio.AbstractEventLoop | None = None
        self._waiting: list[tuple[Mapping[str, Any], asyncio.Future[Row | None]]] = []

    def carry(self, column: ColumnElement[Any]) -> str:
        """Adds ``column`` (a scalar subquery: one value, the same on every row) to the
        statement's, for a `CarriedRead`; returns its label. Only while the app is being
        built, before any lookup runs: the statement is compiled again."""
        label = f"carried_{len(self._statement.selected_columns)}"
        self._statement = self._statement.add_columns(column.label(label))
        self._prepared = Prepared(self._statement)
        self._carries = True
        return label

    async def fetch_one(self, ctx: RequestContext, values: Mapping[str, Any]) -> Row | None:
        row = await self._fetch_one(ctx, values)
        if row is not None and self._carries:
            ctx.looked_up[self] = row
        return row

    async def _fetch_one(self, ctx: RequestContext, values: Mapping[str, Any]) -> Row | None:
        if ctx.can_share_connection and not get_settings().database_pgbouncer:
            loop = asyncio.get_running_loop()
            if self._turn is loop:
                found: asyncio.Future[Row | None] = loop.create_future()
                self._waiting.append((values, found))
                return await found
            # The first lookup of a turn goes at once, on the request's own connection: a
            # lone request waits for nobody. The others of the turn go together at its end.
            self._turn, self._waiting = loop, []
            loop.call_soon(self._end_turn, ctx)
        rows = await self._prepared.fetch(ctx, {name: [value] for name, value in values.items()})
        return rows[0] if rows else None

    def _end_turn(self, ctx: RequestContext) -> None:
        lookups, self._turn, self._waiting = self._waiting, None, []
        if not lookups:
            return
        # Started eagerly: the statement is sent now, not one more turn of the loop later.
        task = asyncio.Task(
            self._run(ctx.another_reader(), lookups),
            loop=asyncio.get_running_loop(),
            eager_start=True,
        )
        # The loop keeps only a weak reference to a task; a waiter's cancellation must not end it.
        _running.add(task)
        task.add_done_callback(_running.discard)

    async def _run(
        self,
        ctx: RequestContext,
        lookups: Sequence[tuple[Mapping[str, Any], "asyncio.Future[Row | None]"]],
    ) -> None:
        """Every waiting request gets its row, or none, or the error: whatever goes wrong.
        ``ctx`` holds the connection for the statement (and discards it if the statement
        fails), as a request's own context would."""
        try:
            arguments = self._prepared.arrays([values for values, _ in lookups])
            async with transaction(ctx):
                rows = await ctx.fetch_at_driver(self._prepared.sql, arguments)
            by_position = {row["ordinal"]: row for row in rows}
        except BaseException as error:
            for _, found in lookups:
                if found.done():
                    continue
                if isinstance(error, asyncio.CancelledError):
                    found.cancel()
                else:
                    found.set_exception(error)
            if not isinstance(error, Exception):  # a cancellation or an exit goes on
                raise
            return
        for position, (_, found) in enumerate(lookups, start=1):
            if not found.done():  # its request may have been cancelled meanwhile
                found.set_result(by_position.get(position))


_running: set["asyncio.Task[None]"] = set()


class CarriedRead:
    """A read of one value that is the same for every request, carried by a `BatchedLookup`
    that the requests needing it make first (the catalog's version, by the caller's
    authentication): the lookup's statement reads it too, so such a request has it without a
    statement of its own. At 100 connections a read of the version for each catalog search was
    a fifth of the API's CPU; shared by the searches of one turn, it was still a second
    statement for the turn and 14 % of a cached search's samples under py-spy.

    A carried answer is as new as the request: its lookup's statement was sent after the
    request arrived. A request that writes, or whose lookup found no row, reads for itself:
    a write of its own after its lookup must be in what it reads.
    """

    __slots__ = ("_label", "_lookup", "_name", "_prepared")

    def __init__(self, statement: Select[Any], *, carried_by: BatchedLookup) -> None:
        columns = statement.selected_columns
        if len(columns) != 1 or columns[0].key is None:
            raise ValueError("a carried read selects one named column")
        self._prepared = Prepared(statement)
        self._name: str = columns[0].key
        self._lookup = carried_by
        self._label = carried_by.carry(statement.scalar_subquery())

    async def value(self, ctx: RequestContext) -> Any:
        if not ctx.writes and (row := ctx.looked_up.get(self._lookup)) is not None:
            return row[self._label]
        (row,) = await self._prepared.fetch(ctx, {})
        return row[self._name]
