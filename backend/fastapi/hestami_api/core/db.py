"""Database engine, session factory and the declarative base shared by every domain."""

import asyncio
import uuid
from collections import deque
from collections.abc import Iterable
from contextlib import suppress
from datetime import datetime
from functools import lru_cache
from typing import Any, ClassVar

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry, NullPool
from sqlalchemy.util import memoized_property
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
    def _queue(self) -> asyncio.Queue[T]:  # created on first use, on the running loop
        return HandOffQueue(maxsize=self.maxsize)


class FairAsyncQueuePool(AsyncAdaptedQueuePool):
    """SQLAlchemy's asyncio pool, with requests served connections in the order they asked."""

    _queue_class = _HandOffPoolQueue[ConnectionPoolEntry]


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
