"""Database engine, session factory and the declarative base shared by every domain."""

import time
import uuid
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from hestami_api.core.config import get_settings

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


# A pooled connection unused for longer than this is checked before it is handed out.
IDLE_PING_SECONDS = 10.0


def create_db_engine(url: str | None = None) -> Engine:
    settings = get_settings()
    engine = create_engine(
        url or settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        pool_timeout=10,
        pool_recycle=1800,
        # Fail fast when the server is unreachable so readiness reports 503 promptly.
        # The API promises UTC (Z) timestamps whatever the server's or role's TimeZone is.
        connect_args={"connect_timeout": 5, "options": "-c timezone=UTC"},
    )
    event.listen(engine, "checkin", _remember_checkin)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


def _remember_checkin(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    record.info["checked_in_at"] = time.monotonic()


def _ping_if_idle(
    dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
) -> None:
    """pool_pre_ping would cost a round trip on every request; a connection in steady use is
    known to be alive, so only one that sat idle (where a server restart or a firewall may
    have cut it) is pinged. A dead one is replaced transparently by the pool."""
    checked_in_at = record.info.get("checked_in_at")
    if checked_in_at is None or time.monotonic() - checked_in_at < IDLE_PING_SECONDS:
        return
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        dbapi_connection.rollback()
    except Exception as error:
        raise DisconnectionError("idle pooled connection is dead") from error


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine (one connection pool per process)."""
    return create_db_engine()


@lru_cache
def get_session_factory() -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(), expire_on_commit=False, autoflush=False)
