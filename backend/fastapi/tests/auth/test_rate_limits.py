"""Per-IP and per-account limits on the auth endpoints (memory storage, one process)."""

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import DEFAULT_PASSWORD, make_user, registration


def assert_limited(response_status: int, headers: dict[str, str], body: dict[str, object]) -> None:
    assert response_status == 429
    assert int(headers["retry-after"]) >= 1
    assert body["status"] == 429


async def test_login_is_limited_per_account(limited: httpx.AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    attempts = [
        await limited.post(
            "/auth/login", data={"username": user.username, "password": DEFAULT_PASSWORD}
        )
        for _ in range(3)
    ]
    other = await limited.post("/auth/login", data={"username": "someone", "password": "x" * 12})

    assert [a.status_code for a in attempts] == [200, 200, 429]
    assert_limited(attempts[2].status_code, dict(attempts[2].headers), attempts[2].json())
    assert attempts[2].headers["content-type"] == "application/problem+json"
    assert other.status_code == 401  # another account is not affected


async def test_register_and_reset_are_limited_per_ip(limited: httpx.AsyncClient) -> None:
    first = await limited.post("/auth/register", json=registration())
    second = await limited.post("/auth/register", json=registration())
    reset_first = await limited.post("/auth/reset-password", json={"email": "a@example.com"})
    reset_second = await limited.post("/auth/reset-password", json={"email": "a@example.com"})

    assert first.status_code == 201
    assert_limited(second.status_code, dict(second.headers), second.json())
    assert reset_first.status_code == 202
    assert_limited(reset_second.status_code, dict(reset_second.headers), reset_second.json())


async def test_username_and_email_share_the_account_limit(
    limited: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    statuses = [
        (
            await limited.post(
                "/auth/login", data={"username": name, "password": "wrong password!"}
            )
        ).status_code
        for name in (user.username, user.email, user.username.upper())
    ]

    assert statuses == [401, 401, 429]
