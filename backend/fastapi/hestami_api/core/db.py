"""Database engine, session factory and the declarative base shared by every domain."""

import asyncio
import math
import time
import uuid
from collections import deque
from collections.abc import Coroutine, Iterable
from contextlib import suppress
from datetime import datetime
from functools import lru_cache
from typing import Any, ClassVar, Final, cast

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import (
    AsyncAdaptedQueuePool,
    ConnectionPoolEntry,
    NullPool,
    PoolProxiedConnection,
)
from sqlalchemy.util import greenlet_spawn, memoized_property
from sqlalchemy.util.queue import AsyncAdaptedQueue

from hestami_api.core.config import get_settings
from hestami_api.core.metrics import (
    DATABASE_POOL_CHECKOUTS,
    DATABASE_POOL_IN_USE,
    DATABASE_POOL_SIZE,
)

# Deterministic constraint names keep Alembic autogenerate and downgrades stable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SCHEMAS = ("auth", "marketplace", "audit")


def sql_in(column: str, values: Iterable[str]) -> str:
    """SQL text ``column IN ('a', 'b')`` for CHECK constraints on enumerated VARCHAR columns.

    Values are our own module-level constants; quotes are still escaped.
    """
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Server-set values (timestamps, defaults) come back with the INSERT or UPDATE itself
    # (RETURNING): no refresh round trip, and no lazy load, which async sessions forbid.
    __mapper_args__: ClassVar[dict[str, Any]] = {"eager_defaults": True}  # type: ignore[misc]


class UUIDPrimaryKey:
    id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True),
        primary_key=True,
        default=uuid.uuid4,
        server_default=func.gen_random_uuid(),
    )


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), nullable=False
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now(), nullable=False
    )


def sync_url(url: str) -> str:
    """The URL for the synchronous driver (Alembic, the command line): psycopg2."""
    return make_url(url).set(drivername="postgresql+psycopg2").render_as_string(hide_password=False)


def async_url(url: str) -> str:
    """The URL for the request path: asyncpg. Any of ``postgresql://``,
    ``postgresql+psycopg2://`` and ``postgresql+asyncpg://`` names the same server."""
    return make_url(url).set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def _unique_statement_name() -> str:
    return f"__asyncpg_{uuid.uuid4()}__"


def create_db_engine(url: str | None = None) -> AsyncEngine:
    """The request path's engine: asyncpg, a small pool per process.

    Behind PgBouncer in transaction pooling mode (``DATABASE_PGBOUNCER=true``) a server
    connection may change between two transactions, so no prepared statement may outlive
    one: both statement caches are off and every statement gets a unique name.
    """
    settings = get_settings()
    connect_args: dict[str, Any] = {
        # Fail fast when the server is unreachable so requests get a 503 promptly.
        "timeout": settings.database_connect_timeout_seconds,
        # The API promises UTC (Z) timestamps whatever the server's or role's TimeZone is.
        "server_settings": {"timezone": "UTC"},
    }
    if settings.database_pgbouncer:
        connect_args |= {
            "statement_cache_size": 0,
            "prepared_statement_cache_size": 0,
            "prepared_statement_name_func": _unique_statement_name,
        }
    engine = create_async_engine(
        async_url(url or settings.database_url),
        poolclass=FairAsyncQueuePool,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        pool_timeout=settings.database_pool_timeout_seconds,
        pool_recycle=1800,
        pool_pre_ping=False,
        # Bind parameters (hashes, emails, tokens) never reach a log or an error message.
        hide_parameters=True,
        connect_args=connect_args,
    )
    DATABASE_POOL_SIZE.set(settings.database_pool_size)
    event.listen(engine.sync_engine, "checkout", _checked_out)
    event.listen(engine.sync_engine, "checkin", _checked_in)
    return engine


class HandOffQueue[T](asyncio.Queue[T]):
    """An asyncio queue that hands each item to the longest-waiting getter.

    ``asyncio.Queue`` wakes a waiter when an item arrives but leaves the item in the queue,
    where a newcomer's ``get_nowait()`` can take it first; the woken waiter then queues again
    at the back. As the pool's queue that gave one request in a hundred ten times the median
    wait for a connection at 100 concurrent requests (and cost the retries' CPU)."""

    def __init__(self, maxsize: int = 0) -> None:
        super().__init__(maxsize)
        self._waiting: deque[asyncio.Future[T]] = deque()

    def get_nowait(self) -> T:
        if self._waiting:  # they asked first
            raise asyncio.QueueEmpty
        return super().get_nowait()

    async def get(self) -> T:
        if not self._waiting and not self.empty():
            return super().get_nowait()
        handed: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiting.append(handed)
        try:
            return await handed
        except asyncio.CancelledError:  # a timeout, or the request went away
            if handed.done() and not handed.cancelled():
                self.put_nowait(handed.result())  # handed over as it gave up: pass it on
            raise
        finally:
            # One handed an item was taken out of the line already (`put_nowait`).
            if handed.cancelled():
                with suppress(ValueError):
                    self._waiting.remove(handed)

    def put_nowait(self, item: T) -> None:
        while self._waiting:
            handed = self._waiting.popleft()
            if not handed.done():
                handed.set_result(item)
                return
        super().put_nowait(item)


class _HandOffPoolQueue[T](AsyncAdaptedQueue[T]):
    @memoized_property
    def _queue(self) -> HandOffQueue[T]:  # created on first use, on the running loop
        return HandOffQueue(maxsize=self.maxsize)

    def has_waiters(self) -> bool:
        return "_queue" in self.__dict__ and bool(self._queue._waiting)


# How long a connection may go from request to request on the shelf before it goes back
# through the pool, whose checkout recycles old connections (``pool_recycle``): checked when
# it is given back and when it is taken, so one that idled on the shelf goes back too.
SHELF_SECONDS: Final = 60.0
_OUT_OF_POOL_SINCE: Final = "hestami_out_of_pool_since"


# Strong references to the background hand-overs: the event loop keeps only weak ones.
_handing_over: set[asyncio.Task[None]] = set()


def _in_background(work: Coroutine[Any, Any, None]) -> None:
    task = asyncio.get_running_loop().create_task(work)
    _handing_over.add(task)
    task.add_done_callback(_handing_over.discard)


def _due_back(connection: PoolProxiedConnection) -> bool:
    out_since: float = connection.info.get(_OUT_OF_POOL_SINCE, 0.0)
    return time.monotonic() - out_since >= SHELF_SECONDS


class FairAsyncQueuePool(AsyncAdaptedQueuePool):
    """SQLAlchemy's asyncio pool, serving connections in the order requests asked for them,
    with a shelf in front of it for requests that use their connection only at the driver.

    Such a request (`RequestContext.fetch_at_driver` without a session) ``lend``s a
    connection and ``give_back``s it: the next request takes it off the shelf, or is handed
    it while waiting, without SQLAlchemy's checkout and return and the two greenlet switches
    they cost (``GET /users/me`` in process: about 530 -> 400 us of CPU). A connection that
    carries a session goes back through the pool as before. The shelf holds connections that
    are checked out as far as the pool knows, so the two share the pool's limit: a request
    waiting in the pool's queue (a session) is served first, and a connection returned to
    the pool wakes a request waiting for the shelf."""

    _queue_class = _HandOffPoolQueue[ConnectionPoolEntry]
    _pool: _HandOffPoolQueue[ConnectionPoolEntry]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = self.size() + self._max_overflow
        self._limit = math.inf if self._max_overflow < 0 else limit
        self._shelf: deque[PoolProxiedConnection] = deque()
        self._lenders: deque[asyncio.Future[PoolProxiedConnection | None]] = deque()

    def take_shelved(self) -> PoolProxiedConnection | None:
        """The longest-idle connection on the shelf, if there is one: no waiting, no I/O.
        Taking the longest-idle one keeps every shelved connection in use, as the pool's own
        queue does. One due back in the pool is taken too: a session returns its connection
        there, and a session must not wait in the pool's queue for a connection on the shelf."""
        if not self._shelf:
            return None
        DATABASE_POOL_IN_USE.inc()
        return self._shelf.popleft()

    async def lend(self) -> PoolProxiedConnection:
        """A connection for statements at the driver: off the shelf, else out of the pool;
        when every connection is out, the first one given back (or returned to the pool)."""
        while self._shelf and _due_back(self._shelf[0]):
            due = self._shelf.popleft()
            DATABASE_POOL_IN_USE.inc()  # the pool's return counts it out again
            await greenlet_spawn(due.close)
        if (shelved := self.take_shelved()) is not None:
            return shelved
        deadline = asyncio.get_running_loop().time() + self._timeout
        while self.checkedout() >= self._limit:
            handed = await self._wait_for_connection(deadline)
            if handed is not None:
                return handed
            # None: a connection went back into the pool, where it waits to be checked out.
        connection = await greenlet_spawn(self._connect)
        connection.info[_OUT_OF_POOL_SINCE] = time.monotonic()
        return connection

    def _connect(self) -> PoolProxiedConnection:
        """The pool's checkout with the driver's errors wrapped as an engine wraps them: a
        server refusing connections (shutting down, starting up) is a `DBAPIError`, which
        `core.problems` answers with a 503, on this path as on a session's."""
        dialect = cast(Dialect, self._dialect)  # the engine's, set when it made the pool
        try:
            return self.connect()
        except dialect.loaded_dbapi.Error as error:
            raise DBAPIError.instance(
                None,
                None,
                error,
                dialect.loaded_dbapi.Error,
                hide_parameters=True,
                connection_invalidated=dialect.is_disconnect(error, None, None),
                dialect=dialect,
            ) from error

    async def _wait_for_connection(self, deadline: float) -> PoolProxiedConnection | None:
        waiter: asyncio.Future[PoolProxiedConnection | None]
        waiter = asyncio.get_running_loop().create_future()
        self._lenders.append(waiter)
        try:
            async with asyncio.timeout_at(deadline):
                return await waiter
        except TimeoutError:
            raise PoolTimeoutError(
                f"no database connection came free within {self._timeout:g} s"
            ) from None
        except asyncio.CancelledError:  # handed a connection as it gave up: pass it on
            if waiter.done() and not waiter.cancelled() and (handed := waiter.result()):
                _in_background(self.give_back(handed))  # by the same rules as any other
            raise
        finally:
            # One woken was taken out of the line already; a long line is not searched for it.
            if waiter.cancelled():
                with suppress(ValueError):
                    self._lenders.remove(waiter)

    async def give_back(self, connection: PoolProxiedConnection) -> None:
        """Where a lent connection goes after its request: to a request waiting in the pool's
        queue, else to one waiting in `lend`, else onto the shelf; back into the pool (which
        may recycle it) once out for `SHELF_SECONDS`. A broken connection, or one left in a
        transaction (the pool's return would not end one begun at the driver), is discarded."""
        driver = connection.driver_connection
        if driver is None or driver.is_closed() or driver.is_in_transaction():
            await greenlet_spawn(connection.invalidate)
        elif _due_back(connection) or self._pool.has_waiters():
            await greenlet_spawn(connection.close)
        else:
            self._hand_on(connection)

    def _hand_on(self, connection: PoolProxiedConnection) -> None:
        if not self._wake_lender(connection):
            DATABASE_POOL_IN_USE.dec()
            self._shelf.append(connection)

    def _wake_lender(self, handed: PoolProxiedConnection | None) -> bool:
        while self._lenders:
            waiter = self._lenders.popleft()
            if not waiter.done():
                waiter.set_result(handed)
                return True
        return False

    def _do_return_conn(self, record: ConnectionPoolEntry) -> None:
        super()._do_return_conn(record)
        if self.checkedin():  # not handed to a request in the pool's queue: it waits there
            self._wake_lender(None)

    def dispose(self) -> None:
        # Shelved connections are checked out: return them, and the pool closes them.
        shelf, self._shelf = self._shelf, deque()
        for connection in shelf:
            DATABASE_POOL_IN_USE.inc()  # the pool's return counts it out again
            connection.close()
        super().dispose()


def _checked_out(*_: object) -> None:
    DATABASE_POOL_CHECKOUTS.inc()
    DATABASE_POOL_IN_USE.inc()


def _checked_in(*_: object) -> None:
    DATABASE_POOL_IN_USE.dec()


def create_sync_engine(url: str | None = None) -> Engine:
    """An unpooled psycopg2 engine for migrations and one-shot commands, whatever driver the
    URL names. Bind parameters never reach exception messages or logs (``hide_parameters``):
    they can hold password hashes, tokens and email addresses."""
    return create_engine(
        sync_url(url or get_settings().database_url),
        poolclass=NullPool,
        hide_parameters=True,
        connect_args={"connect_timeout": 5, "options": "-c timezone=UTC"},
    )


@lru_cache
def get_engine() -> AsyncEngine:
    """The process-wide engine (one connection pool per process)."""
    return create_db_engine()


@lru_cache
def get_session_factory() -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(bind=get_engine(), expire_on_commit=False, autoflush=False)


@lru_cache
def get_read_session_factory() -> async_sessionmaker[AsyncSession]:
    """Sessions for operations that only read: autocommit, so a request pays no BEGIN and no
    COMMIT round trip (each statement sees committed data, as it would at READ COMMITTED).
    Behind PgBouncer a statement's prepare and execute must share one server connection,
    which only a transaction guarantees, so there reads use ordinary transactions."""
    engine = get_engine()
    if not get_settings().database_pgbouncer:
        engine = engine.execution_options(isolation_level="AUTOCOMMIT")
    return async_sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)
