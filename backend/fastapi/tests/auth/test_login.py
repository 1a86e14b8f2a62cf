"""POST /auth/login."""

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import User
from hestami_api.auth.passwords import PasswordHasher
from tests.factories import DEFAULT_PASSWORD, make_user


async def login(
    client: httpx.AsyncClient, username: str, password: str = DEFAULT_PASSWORD
) -> dict[str, Any]:
    response = await client.post("/auth/login", data={"username": username, "password": password})
    return {"status": response.status_code, "body": response.json(), "headers": response.headers}


async def test_login_with_username_returns_a_token_pair(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)

    response = await client.post(
        "/auth/login",
        data={"username": user.username, "password": DEFAULT_PASSWORD, "grant_type": "password"},
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 900
    assert body["access_token"] != body["refresh_token"]
    assert response.headers["cache-control"] == "no-store"
    me = await client.get("/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["id"] == str(user.id)


async def test_login_with_email_ignores_case(client: httpx.AsyncClient, db: AsyncSession) -> None:
    await make_user(db, username="casey", email="casey@example.com")

    assert (await login(client, "CASEY@Example.com"))["status"] == 200
    assert (await login(client, "Casey"))["status"] == 200


async def test_failures_are_indistinguishable(client: httpx.AsyncClient, db: AsyncSession) -> None:
    await make_user(db, username="active_one")
    await make_user(db, username="inactive_one", is_active=False)

    unknown = await login(client, "nobody_here")
    wrong_password = await login(client, "active_one", "not the right password")
    inactive = await login(client, "inactive_one")

    def same_for_every_request(body: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in body.items() if key != "request_id"}

    for failure in (unknown, wrong_password, inactive):
        assert failure["status"] == 401
        # Only the request's own id may differ.
        assert same_for_every_request(failure["body"]) == same_for_every_request(unknown["body"])
        assert failure["headers"]["www-authenticate"] == unknown["headers"]["www-authenticate"]


async def test_unknown_user_still_pays_for_a_hash(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = PasswordHasher.verify_dummy

    def spy(self: PasswordHasher, password: str) -> None:
        calls.append(password)
        original(self, password)

    monkeypatch.setattr(PasswordHasher, "verify_dummy", spy)

    await login(client, "nobody_here", "some password")

    assert calls == ["some password"]


async def test_failed_and_successful_logins_are_audited_without_secrets(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)

    await login(client, user.username, "wrong password typed")
    await login(client, user.username)

    entries = (
        await db.scalars(
            select(AuditLog).where(AuditLog.actor_id == user.id).order_by(AuditLog.occurred_at)
        )
    ).all()
    actions = [entry.action for entry in entries]
    assert "auth.login_failed" in actions
    assert "auth.login_succeeded" in actions
    assert all("wrong password typed" not in str(entry.details) for entry in entries)
    assert all(entry.ip_address for entry in entries)


async def test_hash_is_upgraded_when_the_cost_changes(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    user.password_hash = PasswordHasher(rounds=5).hash(DEFAULT_PASSWORD)
    await db.commit()

    assert (await login(client, user.username))["status"] == 200

    stored_hash = await db.scalar(select(User.password_hash).where(User.id == user.id))
    assert stored_hash is not None
    assert PasswordHasher(rounds=4).needs_rehash(stored_hash) is False
    assert (await login(client, user.username))["status"] == 200


async def test_login_form_requires_both_fields(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/login", data={"username": "someone"})

    assert response.status_code == 422
