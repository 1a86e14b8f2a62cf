"""The pool's shelf: connections used only at the driver go from request to request without
SQLAlchemy's checkout and return, within the pool's limit, and never starve a session."""

import asyncio
import time
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy import event, make_url, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from hestami_api.core import db as core_db
from hestami_api.core.context import RequestContext, transaction
from hestami_api.core.problems import DATABASE_UNAVAILABLE, is_database_unavailable
from tests.pools import engine_of, pool_of


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine of one connection, so that every request after the first must wait."""
    engine = engine_of(database_url, 1)
    yield engine
    await engine.dispose()


async def driver_query(engine: AsyncEngine) -> int:
    """A request that reads only at the driver, as ``GET /users/me`` does."""
    ctx = RequestContext(sessions=async_sessionmaker(engine), writes=False)
    async with transaction(ctx):
        (row,) = await ctx.fetch_at_driver("SELECT pg_backend_pid()", ())
        pid: int = row[0]
    return pid


async def test_a_driver_only_request_leaves_its_connection_on_the_shelf(
    engine: AsyncEngine,
) -> None:
    first = await driver_query(engine)
    pool = pool_of(engine)

    assert pool.checkedin() == 0  # not back in the pool...
    assert pool.checkedout() == 1  # ...but out of it, on the shelf
    assert await driver_query(engine) == first  # the next request takes the same connection


async def test_a_session_takes_the_shelved_connection(engine: AsyncEngine) -> None:
    pid = await driver_query(engine)
    ctx = RequestContext(sessions=async_sessionmaker(engine))

    async with transaction(ctx):
        in_session = (await ctx.db.execute(text("SELECT pg_backend_pid()"))).scalar()

    assert in_session == pid  # no second connection: the pool's limit is one
    assert pool_of(engine).checkedin() == 1  # a session's connection goes back to the pool


async def test_a_waiting_request_is_handed_the_connection_given_back(
    engine: AsyncEngine,
) -> None:
    pool = pool_of(engine)
    held = await pool.lend()
    waiting = asyncio.create_task(pool.lend())
    await asyncio.sleep(0.05)
    assert not waiting.done()  # the one connection is out: it waits

    await pool.give_back(held)

    assert await waiting is held
    await pool.give_back(held)


async def test_waiting_for_a_connection_times_out_as_the_pool_does(engine: AsyncEngine) -> None:
    pool = pool_of(engine)
    held = await pool.lend()

    with pytest.raises(PoolTimeoutError):
        await pool.lend()  # the API maps this to 503, as a pool time-out

    await pool.give_back(held)
    assert await pool.lend() is held  # the one that gave up left the line
    await pool.give_back(held)


async def test_a_request_waiting_in_the_pool_comes_before_one_waiting_for_the_shelf(
    engine: AsyncEngine,
) -> None:
    pool = pool_of(engine)
    held = await pool.lend()
    order: list[str] = []

    async def session_request() -> None:
        ctx = RequestContext(sessions=async_sessionmaker(engine))
        async with transaction(ctx):
            await ctx.db.execute(text("SELECT 1"))
            order.append("session")

    async def driver_request() -> None:
        await driver_query(engine)
        order.append("driver")

    driver = asyncio.create_task(driver_request())
    await asyncio.sleep(0.05)  # waits for the shelf
    session = asyncio.create_task(session_request())
    await asyncio.sleep(0.05)  # waits in the pool's queue

    await pool.give_back(held)  # to the pool's queue first; its return wakes the other
    await asyncio.gather(session, driver)

    assert order == ["session", "driver"]


async def test_a_connection_left_in_a_transaction_is_discarded(engine: AsyncEngine) -> None:
    pool = pool_of(engine)
    lent = await pool.lend()
    driver = lent.driver_connection
    assert driver is not None
    await driver.execute("BEGIN")

    await pool.give_back(lent)

    assert driver.is_closed()  # the pool's return would have kept the transaction open
    again = await pool.lend()
    assert again.driver_connection is not None
    assert not again.driver_connection.is_in_transaction()
    await pool.give_back(again)


async def test_a_broken_connection_is_not_shelved(engine: AsyncEngine) -> None:
    pool = pool_of(engine)
    lent = await pool.lend()
    driver = lent.driver_connection
    assert driver is not None
    driver.terminate()  # the server went away under it

    await pool.give_back(lent)

    assert pool.checkedin() == 1
    assert await driver_query(engine) > 0  # the pool opens a new one


async def test_a_connection_out_of_the_pool_too_long_goes_back_through_it(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    await driver_query(engine)
    monkeypatch.setattr(core_db, "SHELF_SECONDS", 0.0)

    await driver_query(engine)

    assert pool_of(engine).checkedin() == 1  # where pool_recycle can see it


async def test_a_shelved_connection_that_became_due_goes_back_through_the_pool(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    await driver_query(engine)
    pool = pool_of(engine)
    checkouts: list[object] = []
    event.listen(engine.sync_engine, "checkout", lambda *_: checkouts.append(None))
    monkeypatch.setattr(core_db, "SHELF_SECONDS", 0.0)  # it idled on the shelf since

    lent = await pool.lend()  # returns it to the pool, then checks it out again

    assert len(checkouts) == 1
    assert pool.checkedout() == 1
    await pool.give_back(lent)


async def test_a_session_takes_a_shelved_connection_due_back_and_returns_it_to_the_pool(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = await driver_query(engine)
    monkeypatch.setattr(core_db, "SHELF_SECONDS", 0.0)
    ctx = RequestContext(sessions=async_sessionmaker(engine))

    # The pool's one connection is on the shelf: the session must not wait for the pool.
    async with transaction(ctx):
        in_session = (await ctx.db.execute(text("SELECT pg_backend_pid()"))).scalar()

    assert in_session == pid
    assert pool_of(engine).checkedin() == 1


async def test_the_shelf_hands_out_its_longest_idle_connection(database_url: str) -> None:
    engine = engine_of(database_url, 2)
    pool = pool_of(engine)
    first, second = await pool.lend(), await pool.lend()
    await pool.give_back(first)
    await pool.give_back(second)

    assert pool.take_shelved() is first  # so that every shelved connection stays in use
    assert pool.take_shelved() is second
    await pool.give_back(first)
    await pool.give_back(second)
    await engine.dispose()


async def test_a_waiter_handed_a_connection_as_it_gives_up_passes_it_on(
    engine: AsyncEngine,
) -> None:
    pool = pool_of(engine)
    held = await pool.lend()
    first = asyncio.create_task(pool.lend())
    second = asyncio.create_task(pool.lend())
    await asyncio.sleep(0.05)

    await pool.give_back(held)  # handed to the first...
    first.cancel()  # ...which gives up before it runs again

    assert await second is held
    with pytest.raises(asyncio.CancelledError):
        await first
    await pool.give_back(held)


async def test_disposing_closes_the_shelved_connections(engine: AsyncEngine) -> None:
    pid = await driver_query(engine)
    pool = pool_of(engine)

    await engine.dispose()

    assert pool.checkedout() == 0
    assert await driver_query(engine) != pid  # the new pool opened a new connection


def startup_refusal(sqlstate: str, message: str) -> bytes:
    """The ErrorResponse a PostgreSQL that is not taking connections answers a startup with."""
    fields = b"".join(
        code + value.encode() + b"\0"
        for code, value in ((b"S", "FATAL"), (b"V", "FATAL"), (b"C", sqlstate), (b"M", message))
    )
    body = fields + b"\0"
    return b"E" + (len(body) + 4).to_bytes(4, "big") + body


@pytest.fixture
async def starting_up_server() -> AsyncIterator[str]:
    """The URL of a server that answers every connection as a PostgreSQL starting up does."""

    async def refuse(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        length = int.from_bytes(await reader.readexactly(4), "big")
        if (await reader.readexactly(length - 4))[:4] == (80877103).to_bytes(4, "big"):
            writer.write(b"N")  # an SSLRequest: no TLS here; the startup message follows
            length = int.from_bytes(await reader.readexactly(4), "big")
            await reader.readexactly(length - 4)
        writer.write(startup_refusal("57P03", "the database system is starting up"))
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(refuse, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        yield f"postgresql://postgres@127.0.0.1:{port}/hestami"


async def test_a_server_not_taking_connections_fails_a_lend_as_it_fails_a_session(
    starting_up_server: str,
) -> None:
    engine = engine_of(starting_up_server, 1)
    try:
        with pytest.raises(DBAPIError) as lent:
            await pool_of(engine).lend()
        with pytest.raises(DBAPIError) as in_session:
            async with async_sessionmaker(engine)() as session:
                await session.execute(text("SELECT 1"))
    finally:
        await engine.dispose()

    # core.problems answers both with a 503, not a 500
    assert is_database_unavailable(lent.value)
    assert is_database_unavailable(in_session.value)


def answered_503(error: BaseException) -> bool:
    """Whether core.problems answers ``error`` with a 503 (by the handlers' own rules)."""
    if isinstance(error, DATABASE_UNAVAILABLE):
        return True
    return isinstance(error, DBAPIError | asyncpg.PostgresError) and is_database_unavailable(error)


@pytest.mark.parametrize("loop_turns", range(4))
async def test_a_shelved_connection_the_server_ended_is_a_503_and_is_discarded(
    engine: AsyncEngine, database_url: str, loop_turns: int
) -> None:
    pid = await driver_query(engine)
    plain = make_url(database_url).set(drivername="postgresql")
    killer = await asyncpg.connect(plain.render_as_string(hide_password=False))
    await killer.execute("SELECT pg_terminate_backend($1)", pid)
    # The server's FATAL and its close are both waiting on the socket; how many of them the
    # event loop has read when the next request queries decides what asyncpg raises.
    time.sleep(0.2)
    for _ in range(loop_turns):
        await asyncio.sleep(0)

    with pytest.raises(Exception) as ended:  # noqa: PT011 (what the problem handlers get)
        await driver_query(engine)

    await killer.close()
    assert answered_503(ended.value), repr(ended.value)
    assert await driver_query(engine) != pid  # the next request gets a new connection
