"""Batched lookups (core.prepared.BatchedLookup): of the lookups that requests which only read
make in one turn of the event loop, the first goes at once and the others go to PostgreSQL
together as one statement, each getting its own row; any other request looks up in its own
transaction."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from asyncpg.exceptions import DivisionByZeroError
from sqlalchemy import ARRAY, Integer, bindparam, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from hestami_api.core.context import RequestContext, transaction
from hestami_api.core.prepared import BatchedLookup, Row
from tests.pools import engine_of, pool_of

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
    engine = engine_of(database_url, 2)
    yield engine
    await engine.dispose()


async def read(engine: AsyncEngine, number: int) -> Row | None:
    """A request that only reads, looking ``number`` up."""
    ctx = RequestContext(sessions=async_sessionmaker(engine), writes=False)
    async with transaction(ctx):
        return await TWELFTHS.fetch_one(ctx, {"number": number})


def twelfths(rows: list[Row | None]) -> list[Any]:
    return [None if row is None else row["twelfth"] for row in rows]


async def test_the_first_lookup_of_a_turn_goes_alone_and_the_others_in_one_statement(
    engine: AsyncEngine,
) -> None:
    rows = await asyncio.gather(*(read(engine, number) for number in (1, 2, -3, 2, 6)))

    assert twelfths(rows) == [12, 6, None, 6, 2]  # in order, a miss and a repeat included
    first, *others = [row["statement_started"] for row in rows if row is not None]
    assert len(set(others)) == 1
    assert first not in others  # its own statement, on its own connection
    # Both connections went back to the pool's shelf; no request kept one.
    pool = pool_of(engine)
    assert pool.checkedout() == 2
    assert len(pool._shelf) == 2


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
    requests = [asyncio.create_task(read(engine, number)) for number in (1, 2, 3, 4)]
    await asyncio.sleep(0)  # each request has asked; the statement of the last three waits
    requests[2].cancel()

    first, second, cancelled, fourth = await asyncio.gather(*requests, return_exceptions=True)

    assert isinstance(cancelled, asyncio.CancelledError)
    assert twelfths([first, second, fourth]) == [12, 6, 3]  # type: ignore[list-item]


async def test_a_failed_statement_fails_each_of_its_requests_and_discards_its_connection(
    engine: AsyncEngine,
) -> None:
    alone, *together = await asyncio.gather(
        read(engine, 1), read(engine, 0), read(engine, 2), return_exceptions=True
    )

    assert twelfths([alone]) == [12]  # type: ignore[list-item]
    assert all(isinstance(outcome, DivisionByZeroError) for outcome in together)
    pool = pool_of(engine)
    assert pool.checkedout() == 1  # the first request's, on the shelf; the other's state is unknown
    assert twelfths([await read(engine, 3)]) == [4]
