"""Batched lookups (core.prepared.BatchedLookup): what requests that only read look up in one
turn of the event loop goes to PostgreSQL as one statement, each lookup getting its own row;
any other request looks up in its own transaction."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from asyncpg.exceptions import DivisionByZeroError
from sqlalchemy import ARRAY, Integer, bindparam, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from hestami_api.core.context import RequestContext, transaction
from hestami_api.core.db import FairAsyncQueuePool, async_url
from hestami_api.core.prepared import BatchedLookup, Row

LOOKUPS = (
    func.unnest(bindparam("number", type_=ARRAY(Integer)))
    .table_valued("number", with_ordinality="ordinal")
    .render_derived(name="lookup")
)
# A row for each number not below 0; 0 fails the whole statement. The statement's start time and
# the setting tell which statement, and which transaction, answered.
TWELFTHS = BatchedLookup(
    select(
        LOOKUPS.c.ordinal,
        (12 / LOOKUPS.c.number).label("twelfth"),
        func.statement_timestamp().label("statement_started"),
        func.current_setting("application_name").label("application_name"),
    ).where(LOOKUPS.c.number >= 0)
)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(
        async_url(database_url), poolclass=FairAsyncQueuePool, pool_size=2, max_overflow=0
    )
    yield engine
    await engine.dispose()


def pool_of(engine: AsyncEngine) -> FairAsyncQueuePool:
    pool = engine.pool
    assert isinstance(pool, FairAsyncQueuePool)
    return pool


async def read(engine: AsyncEngine, number: int) -> Row | None:
    """A request that only reads, looking ``number`` up."""
    ctx = RequestContext(sessions=async_sessionmaker(engine), writes=False)
    async with transaction(ctx):
        return await TWELFTHS.fetch_one(ctx, {"number": number})


def twelfths(rows: list[Row | None]) -> list[Any]:
    return [None if row is None else row["twelfth"] for row in rows]


async def test_lookups_of_one_turn_run_as_one_statement_each_with_its_own_row(
    engine: AsyncEngine,
) -> None:
    rows = await asyncio.gather(*(read(engine, number) for number in (1, 2, -3, 2, 6)))

    assert twelfths(rows) == [12, 6, None, 6, 2]  # in order, a miss and a repeat included
    assert len({row["statement_started"] for row in rows if row is not None}) == 1
    # The statement's connection went back to the pool's shelf; no request kept one.
    pool = pool_of(engine)
    assert pool.checkedout() == 1
    assert len(pool._shelf) == 1


async def test_lookups_of_later_turns_run_in_later_statements(engine: AsyncEngine) -> None:
    first = await read(engine, 1)
    second = await read(engine, 1)

    assert first is not None
    assert second is not None
    assert first["statement_started"] < second["statement_started"]


async def test_a_request_with_a_session_looks_up_in_its_own_transaction(
    engine: AsyncEngine,
) -> None:
    ctx = RequestContext(sessions=async_sessionmaker(engine))
    async with transaction(ctx):
        await ctx.db.execute(text("SET LOCAL application_name = 'this request'"))
        row = await TWELFTHS.fetch_one(ctx, {"number": 4})
        missing = await TWELFTHS.fetch_one(ctx, {"number": -1})

    assert row is not None
    assert row["twelfth"] == 3
    assert row["application_name"] == "this request"
    assert missing is None


async def test_a_cancelled_request_leaves_the_others_their_rows(engine: AsyncEngine) -> None:
    requests = [asyncio.create_task(read(engine, number)) for number in (1, 2, 3)]
    await asyncio.sleep(0)  # each request has asked; the statement has not run yet
    requests[1].cancel()

    first, cancelled, third = await asyncio.gather(*requests, return_exceptions=True)

    assert isinstance(cancelled, asyncio.CancelledError)
    assert twelfths([first, third]) == [12, 4]  # type: ignore[list-item]


async def test_a_failed_statement_fails_each_request_and_discards_its_connection(
    engine: AsyncEngine,
) -> None:
    outcomes = await asyncio.gather(
        read(engine, 1), read(engine, 0), read(engine, 2), return_exceptions=True
    )

    assert all(isinstance(outcome, DivisionByZeroError) for outcome in outcomes)
    pool = pool_of(engine)
    assert pool.checkedout() == 0  # not kept for the next request: its state is unknown
    assert twelfths([await read(engine, 3)]) == [4]
