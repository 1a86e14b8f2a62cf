"""Liveness and readiness, including a database that does not answer."""

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi import Request
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from hestami_api.core.context import (
    RequestContext,
    new_context,
    read_context,
    write_context,
)
from hestami_api.core.db import create_db_engine, create_sync_engine
from hestami_api.main import create_app
from tests.conftest import api_process, free_port
from tests.factories import log_in_live, make_logged_in, register_live


async def test_liveness(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readiness_when_database_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_readiness_is_503_when_database_is_unreachable(database_url: str) -> None:
    dead_url = make_url(database_url).set(port=free_port()).render_as_string(hide_password=False)
    engine = create_db_engine(dead_url)
    app = create_app()

    async def unreachable(request: Request) -> RequestContext:
        return new_context(request, AsyncSession(engine))

    app.dependency_overrides[read_context] = unreachable
    app.dependency_overrides[write_context] = unreachable
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/health/ready")
    await engine.dispose()

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 503


@pytest.mark.slow
def test_liveness_answers_when_every_connection_is_busy(live_database_url: str) -> None:
    with api_process(live_database_url, DATABASE_POOL_SIZE="1", RATE_LIMIT_ENABLED="false") as url:
        tokens = log_in_live(url, register_live(url)["username"])
        engine = create_sync_engine(live_database_url)
        with engine.connect() as blocker, ThreadPoolExecutor(max_workers=1) as pool:
            # Hold the session row so a refresh, the one admitted request, waits on its lock.
            blocker.execute(text("SELECT 1 FROM auth.sessions FOR UPDATE"))
            stuck = pool.submit(
                httpx.post,
                f"{url}/auth/refresh",
                json={"refresh_token": tokens["refresh_token"]},
                timeout=30,
            )
            time.sleep(0.5)
            live = httpx.get(f"{url}/health", timeout=5)
            with pytest.raises(httpx.TimeoutException):  # the pool's one connection is taken
                httpx.get(f"{url}/health/ready", timeout=1)
            blocker.rollback()
            assert stuck.result().status_code == 200
        engine.dispose()

    assert live.status_code == 200


async def test_an_authenticated_read_is_503_when_database_is_unreachable(
    client: httpx.AsyncClient, db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the app's own read context: the caller is authenticated on a connection the
    request takes from the pool before any session opens (core/context.py)."""
    owner = await make_logged_in(client, db)
    dead_url = make_url(str(db.bind.engine.url)).set(port=free_port())
    engine = create_db_engine(dead_url.render_as_string(hide_password=False))
    monkeypatch.setattr(
        "hestami_api.core.context.get_read_session_factory",
        lambda: async_sessionmaker(bind=engine, expire_on_commit=False),
    )
    app = create_app()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
            response = await api.get("/users/me", headers=owner.headers)
    finally:
        await engine.dispose()

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"]
