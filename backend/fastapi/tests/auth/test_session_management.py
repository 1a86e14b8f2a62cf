"""GET /auth/sessions, DELETE /auth/sessions/{id}, the absolute session lifetime."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.auth.models import UserSession
from tests.factories import LoggedIn, bearer, log_in, make_logged_in, make_user


async def logged_in_at(client: httpx.AsyncClient, db: AsyncSession, when: datetime) -> LoggedIn:
    """A new account whose one session began at ``when``."""
    user = await make_user(db)
    session = await log_in(client, user)
    await db.execute(
        update(UserSession).where(UserSession.user_id == user.id).values(created_at=when)
    )
    await db.commit()
    return session


async def test_lists_live_sessions_and_marks_the_current_one(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    first, second, ended = [await log_in(client, user) for _ in range(3)]
    await client.post("/auth/logout", headers=ended.headers)

    response = await client.get("/auth/sessions", headers=second.headers)

    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == 2
    assert [item["current"] for item in page["items"]].count(True) == 1
    assert set(page["items"][0]) == {
        "id",
        "created_at",
        "last_used_at",
        "expires_at",
        "ip_address",
        "user_agent",
        "current",
    }
    assert first.access_token != second.access_token


async def test_revoking_a_session_ends_its_tokens_at_once(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    keeper, lost_phone = [await log_in(client, user) for _ in range(2)]
    sessions = (await client.get("/auth/sessions", headers=keeper.headers)).json()["items"]
    [other] = [item for item in sessions if not item["current"]]

    response = await client.delete(f"/auth/sessions/{other['id']}", headers=keeper.headers)

    assert response.status_code == 204
    assert (await client.get("/users/me", headers=lost_phone.headers)).status_code == 401
    refreshed = await client.post("/auth/refresh", json={"refresh_token": lost_phone.refresh_token})
    assert refreshed.status_code == 401
    assert (await client.get("/users/me", headers=keeper.headers)).status_code == 200


async def test_another_users_session_is_404_and_survives(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    victim = await make_logged_in(client, db)
    attacker = await make_logged_in(client, db)
    [victim_session] = (await client.get("/auth/sessions", headers=victim.headers)).json()["items"]

    response = await client.delete(
        f"/auth/sessions/{victim_session['id']}", headers=attacker.headers
    )

    assert response.status_code == 404
    assert (await client.get("/users/me", headers=victim.headers)).status_code == 200
    unknown = await client.delete(f"/auth/sessions/{uuid.uuid4()}", headers=attacker.headers)
    assert unknown.status_code == 404


async def test_refresh_stops_at_the_absolute_lifetime(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    # The default maximum is 30 days.
    session = await logged_in_at(client, db, datetime.now(UTC) - timedelta(days=31))

    response = await client.post("/auth/refresh", json={"refresh_token": session.refresh_token})

    assert response.status_code == 401


async def test_refresh_never_extends_a_session_past_its_absolute_end(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    began = datetime.now(UTC) - timedelta(days=29, hours=23)
    session = await logged_in_at(client, db, began)

    refreshed = await client.post("/auth/refresh", json={"refresh_token": session.refresh_token})

    assert refreshed.status_code == 200
    [listed] = (
        await client.get(
            "/auth/sessions",
            headers=bearer(refreshed.json()["access_token"]),
        )
    ).json()["items"]
    expires_at = datetime.fromisoformat(listed["expires_at"])
    assert expires_at <= began + timedelta(days=30) + timedelta(seconds=1)
