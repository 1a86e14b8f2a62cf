"""Carried reads (core.prepared.CarriedRead): a request that only reads has the value from its
own lookup's statement; a request that writes, or whose lookup found no row, reads it in a
statement of its own."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import ARRAY, Integer, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from hestami_api.core.context import RequestContext, transaction
from hestami_api.core.prepared import BatchedLookup, CarriedRead, Row
from tests.pools import engine_of

LOOKUPS = (
    func.unnest(bindparam("number", type_=ARRAY(Integer)))
    .table_valued("number", with_ordinality="ordinal")
    .render_derived(name="lookup")
)
# A row for each number not below 0. Start times tell which statement read what.
NUMBERS = BatchedLookup(
    select(LOOKUPS.c.ordinal, func.statement_timestamp().label("looked_up")).where(
        LOOKUPS.c.number >= 0
    )
)
STARTED = CarriedRead(select(func.statement_timestamp().label("started")), carried_by=NUMBERS)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = engine_of(database_url, 2)
    yield engine
    await engine.dispose()


async def request(
    engine: AsyncEngine, number: int, *, writes: bool = False
) -> tuple[Row | None, Any]:
    """A request that looks ``number`` up, then reads the carried value."""
    ctx = RequestContext(sessions=async_sessionmaker(engine), writes=writes)
    async with transaction(ctx):
        row = await NUMBERS.fetch_one(ctx, {"number": number})
        return row, await STARTED.value(ctx)


async def test_requests_that_only_read_have_the_value_from_their_own_lookups_statement(
    engine: AsyncEngine,
) -> None:
    answers = await asyncio.gather(*(request(engine, number) for number in (1, 2, 3)))

    for row, started in answers:
        assert row is not None
        assert started == row["looked_up"]
    # The first lookup of the turn went alone, the others together: each has its own statement's.
    assert len({started for _, started in answers}) == 2


async def test_a_request_whose_lookup_found_nothing_reads_for_itself(
    engine: AsyncEngine,
) -> None:
    found, carried = await request(engine, 1)
    missing, own = await request(engine, -1)

    assert found is not None
    assert missing is None
    assert own > carried  # read after the earlier request's statement, not given its value


async def test_a_request_that_writes_reads_after_its_lookup(engine: AsyncEngine) -> None:
    row, started = await request(engine, 1, writes=True)

    assert row is not None
    assert started > row["looked_up"]


def test_a_carried_read_is_of_one_column() -> None:
    with pytest.raises(ValueError, match="one named column"):
        CarriedRead(select(func.now(), func.now()), carried_by=NUMBERS)
