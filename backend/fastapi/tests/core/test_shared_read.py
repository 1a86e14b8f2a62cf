"""Shared reads (core.prepared.SharedRead): the requests that only read and make the read in one
turn of the event loop share the first one's statement; later turns and requests in a
transaction read for themselves."""

import asyncio
from collections.abc import AsyncIterator, Sequence

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from hestami_api.core.context import RequestContext, transaction
from hestami_api.core.prepared import Row, SharedRead
from tests.pools import engine_of, pool_of

# The statement's start time tells which statement answered, the setting which transaction.
STARTED = SharedRead(
    select(
        func.statement_timestamp().label("started"),
        func.current_setting("application_name").label("application_name"),
    )
)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = engine_of(database_url, 2)
    yield engine
    await engine.dispose()


async def read(engine: AsyncEngine) -> Sequence[Row]:
    """A request that only reads."""
    ctx = RequestContext(sessions=async_sessionmaker(engine), writes=False)
    async with transaction(ctx):
        return await STARTED.fetch(ctx)


def started(rows: Sequence[Row]) -> object:
    (row,) = rows
    return row["started"]


async def test_the_reads_of_one_turn_share_one_statement_on_one_connection(
    engine: AsyncEngine,
) -> None:
    answers = await asyncio.gather(*(read(engine) for _ in range(5)))

    assert len({started(rows) for rows in answers}) == 1
    pool = pool_of(engine)
    assert pool.checkedout() == 1  # the first request's connection, back on the shelf
    assert len(pool._shelf) == 1


async def test_reads_of_later_turns_run_their_own_statements(engine: AsyncEngine) -> None:
    first = await read(engine)
    second = await read(engine)

    assert started(first) < started(second)  # type: ignore[operator]


async def test_a_request_in_a_transaction_reads_in_it(engine: AsyncEngine) -> None:
    ctx = RequestContext(sessions=async_sessionmaker(engine))
    async with transaction(ctx):
        await ctx.db.execute(text("SET LOCAL application_name = 'this request'"))
        own, shared = await asyncio.gather(STARTED.fetch(ctx), read(engine))

    ((row,), (other,)) = own, shared
    assert row["application_name"] == "this request"
    assert other["application_name"] != "this request"


async def test_when_the_first_read_is_cancelled_the_others_read_for_themselves(
    engine: AsyncEngine,
) -> None:
    requests = [asyncio.create_task(read(engine)) for _ in range(3)]
    await asyncio.sleep(0)  # each request has asked; the last two wait for the first's rows
    requests[0].cancel()

    cancelled, second, third = await asyncio.gather(*requests, return_exceptions=True)

    assert isinstance(cancelled, asyncio.CancelledError)
    assert started(second) != started(third)  # type: ignore[arg-type]


async def test_a_cancelled_waiter_leaves_the_others_their_rows(engine: AsyncEngine) -> None:
    requests = [asyncio.create_task(read(engine)) for _ in range(3)]
    await asyncio.sleep(0)
    requests[1].cancel()

    first, cancelled, third = await asyncio.gather(*requests, return_exceptions=True)

    assert isinstance(cancelled, asyncio.CancelledError)
    assert started(first) == started(third)  # type: ignore[arg-type]
