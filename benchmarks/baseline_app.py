"""The yardsticks: what bare FastAPI serves on this machine with the same uvicorn settings.

``/ping`` answers a constant. ``/one-query`` (when ``BASELINE_DATABASE_URL`` names a database)
also reads one account row by its key through a plain asyncpg pool of the API's size: the
least any endpoint that reads the database can do, so ``/users/me`` can be read against both.
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from fastapi import FastAPI

DATABASE_URL = os.environ.get("BASELINE_DATABASE_URL")
USERNAME = os.environ.get("BASELINE_USERNAME", "")
POOL_SIZE = int(os.environ.get("BASELINE_POOL_SIZE", "10"))

_pool: asyncpg.Pool | None = None


async def _nothing_to_reset(_: asyncpg.Connection) -> None:
    """One autocommit SELECT leaves nothing behind; asyncpg's default reset is a round trip."""


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    global _pool
    if DATABASE_URL:
        _pool = await asyncpg.create_pool(
            DATABASE_URL, min_size=POOL_SIZE, max_size=POOL_SIZE, reset=_nothing_to_reset
        )
    yield
    if _pool is not None:
        await _pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/ping")
async def ping() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/one-query")
async def one_query() -> dict[str, str]:
    assert _pool is not None, "BASELINE_DATABASE_URL is not set"
    async with _pool.acquire() as connection:
        row = await connection.fetchrow(
            "SELECT id, username, email, role FROM auth.users WHERE username = $1", USERNAME
        )
    assert row is not None, f"no account {USERNAME!r}"
    return {"id": str(row["id"]), "username": row["username"], "role": row["role"]}
