"""DELETE /admin/users/{user_id}/sessions: staff end a user's sessions without deactivating."""

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import User
from tests.factories import LoggedIn, log_in, make_user


async def test_staff_end_every_session_of_a_user(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    user = await make_user(db)
    phone = await log_in(client, user)
    laptop = await log_in(client, user)

    response = await client.delete(f"/admin/users/{user.id}/sessions", headers=staff.headers)

    assert response.status_code == 204
    for session in (phone, laptop):
        assert (await client.get("/users/me", headers=session.headers)).status_code == 401
        refreshed = await client.post(
            "/auth/refresh", json={"refresh_token": session.refresh_token}
        )
        assert refreshed.status_code == 401
    account = await db.get(User, user.id, populate_existing=True)
    assert account is not None
    assert account.is_active is True  # the account itself is untouched: they may log in again
    assert (await log_in(client, user)).access_token
    entry = await db.scalar(select(AuditLog).where(AuditLog.action == "admin.sessions_ended"))
    assert entry is not None
    assert entry.actor_id == staff.user.id
    assert entry.target_id == str(user.id)
    assert entry.details == {"sessions_ended": 2}


async def test_unknown_user_is_404(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    response = await client.delete(f"/admin/users/{uuid.uuid4()}/sessions", headers=staff.headers)

    assert response.status_code == 404
