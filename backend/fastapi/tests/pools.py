"""Engines of the request path's pool (core.db.FairAsyncQueuePool) for tests of the pool and of
what runs on it, apart from the app's own engine."""

from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from hestami_api.core.db import FairAsyncQueuePool, async_url


def engine_of(database_url: str, connections: int) -> AsyncEngine:
    return create_async_engine(
        async_url(database_url),
        poolclass=FairAsyncQueuePool,
        pool_size=connections,
        max_overflow=0,
        pool_timeout=0.5,
    )


def pool_of(engine: AsyncEngine) -> FairAsyncQueuePool:
    pool = engine.pool
    assert isinstance(pool, FairAsyncQueuePool)
    return pool
