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
PostgreSQL as one statement over arrays of their values, on one pooled connection. A read
whose answer is everyone's (the catalog's version) is a `SharedRead`: the requests that make it
in one turn share one statement.
"""

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any, Final, Protocol, cast

from sqlalchemy import Executable
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

    __slots__ = ("_prepared", "_turn", "_waiting")

    def __init__(self, statement: Executable) -> None:
        self._prepared = Prepared(statement)
        # The loop one of whose turns a lookup has gone in on its own, until the turn ends. A
        # loop that stopped within a turn (a test's) leaves nothing behind for the next loop.
        self._turn: asyncio.AbstractEventLoop | None = None
        self._waiting: list[tuple[Mapping[str, Any], asyncio.Future[Row | None]]] = []

    async def fetch_one(self, ctx: RequestContext, values: Mapping[str, Any]) -> Row | None:
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


class SharedRead:
    """A read that takes no values, whose answer is the same for every request, shared by the
    requests that make it in one turn of the event loop: the first of the turn reads on its own
    connection and the others wait for its rows.

    A shared answer is as new as the request's own read would have been: a request asking in a
    turn arrived before the turn began, and the statement is sent in the turn or later. The
    catalog's version, which every catalog search reads before it may answer from the cache,
    is one: at 100 connections a read of it for each search was a fifth of the API's CPU.
    Requests that hold a session or a connection (`RequestContext.can_share_connection`) read
    in their own transaction. If the first read fails or is cancelled, each of the others reads
    for itself.
    """

    __slots__ = ("_prepared", "_shared")

    def __init__(self, statement: Executable) -> None:
        self._prepared = Prepared(statement)
        # The rows of this turn's read, until the turn ends; of its loop only (as
        # `BatchedLookup._turn`: a loop that stopped within a turn leaves nothing to the next).
        self._shared: asyncio.Future[Sequence[Row] | None] | None = None

    async def fetch(self, ctx: RequestContext) -> Sequence[Row]:
        if ctx.can_share_connection:
            loop = asyncio.get_running_loop()
            shared = self._shared
            if shared is None or shared.get_loop() is not loop:
                return await self._read_for_the_turn(ctx, loop)
            # Shielded: a waiter that is cancelled must not cancel the answer for the others.
            if (rows := await asyncio.shield(shared)) is not None:
                return rows
        return await self._prepared.fetch(ctx, {})

    async def _read_for_the_turn(
        self, ctx: RequestContext, loop: asyncio.AbstractEventLoop
    ) -> Sequence[Row]:
        shared = self._shared = loop.create_future()
        loop.call_soon(self._end_turn)
        rows: Sequence[Row] | None = None
        try:
            rows = await self._prepared.fetch(ctx, {})
            return rows
        finally:
            shared.set_result(rows)

    def _end_turn(self) -> None:
        self._shared = None
