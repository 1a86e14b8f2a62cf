"""The caller's session and user, looked up for many reading requests in one statement
(core.prepared.BatchedLookup): each lookup is judged on its own, at its own request's time.

The in-process client's requests run in the test's session, so they look up one at a time;
here the rows are committed and the requests read on their own pooled connections, as in
an API process."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
)

from hestami_api.auth import repository
from hestami_api.auth.models import User
from hestami_api.core.context import RequestContext, transaction
from tests.pools import engine_of

NOW = datetime.now(UTC)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = engine_of(database_url, 5)
    yield engine
    await engine.dispose()


@pytest.fixture
async def users(engine: AsyncEngine) -> AsyncIterator[dict[str, User]]:
    """An active and a deactivated account, committed; removed with their sessions after."""
    async with AsyncSession(engine, expire_on_commit=False) as db:
        made = {
            name: await repository.add_user(
                db,
                username=f"lookup_{name}_{uuid.uuid4().hex[:8]}",
                email=f"lookup_{name}_{uuid.uuid4().hex[:8]}@example.com",
                password_hash="not a hash: nobody logs in",
                role="homeowner",
                full_name=None,
            )
            for name in ("active", "inactive")
        }
        made["inactive"].is_active = False
        await db.commit()
    yield made
    async with AsyncSession(engine) as db:
        await db.execute(delete(User).where(User.id.in_([user.id for user in made.values()])))
        await db.commit()


async def add_session(
    engine: AsyncEngine, user: User, *, expires_at: datetime, revoked: bool = False
) -> uuid.UUID:
    async with AsyncSession(engine, expire_on_commit=False) as db:
        session = repository.add_session(
            db,
            user_id=user.id,
            refresh_jti=uuid.uuid4(),
            expires_at=expires_at,
            ip_address=None,
            user_agent=None,
        )
        if revoked:
            repository.revoke_session(session, reason="logout", now=NOW)
        await db.commit()
        return session.id


async def look_up(
    engine: AsyncEngine, session_id: uuid.UUID, user_id: uuid.UUID, now: datetime
) -> str | None:
    ctx = RequestContext(sessions=async_sessionmaker(engine), writes=False)
    async with transaction(ctx):
        user = await repository.authenticated_user(
            ctx, session_id=session_id, user_id=user_id, now=now
        )
    return None if user is None else user.username


async def test_each_lookup_of_one_statement_is_judged_on_its_own(
    engine: AsyncEngine, users: dict[str, User]
) -> None:
    active, inactive = users["active"], users["inactive"]
    live = await add_session(engine, active, expires_at=NOW + timedelta(hours=1))
    revoked = await add_session(engine, active, expires_at=NOW + timedelta(hours=1), revoked=True)
    ending = await add_session(engine, active, expires_at=NOW + timedelta(seconds=1))
    of_inactive = await add_session(engine, inactive, expires_at=NOW + timedelta(hours=1))

    found = await asyncio.gather(
        look_up(engine, live, active.id, NOW),
        look_up(engine, live, active.id, NOW),  # the same lookup twice: an answer each
        look_up(engine, revoked, active.id, NOW),
        look_up(engine, ending, active.id, NOW),
        look_up(engine, ending, active.id, NOW + timedelta(seconds=2)),  # its request's time
        look_up(engine, of_inactive, inactive.id, NOW),
        look_up(engine, live, inactive.id, NOW),  # a session of another account
    )

    name = active.username
    assert found == [name, name, None, name, None, None, None]
