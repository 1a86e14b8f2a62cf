"""Findings 3 and 9: guessing a password with a stolen token is limited and audited, and a
stranger guessing from elsewhere cannot lock the owner out of their correct password."""

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import PasswordResetToken
from hestami_api.core.config import get_settings
from hestami_api.core.rate_limit import get_rate_limiter
from tests.conftest import DeliverEmail, Mailbox, reset_cached_singletons
from tests.factories import DEFAULT_PASSWORD, log_in, make_logged_in, make_user

NEW_PASSWORD = "a fresh and rather long passphrase"


async def test_failed_current_password_checks_are_limited_and_audited(
    limited: httpx.AsyncClient, db: AsyncSession
) -> None:
    me = await make_logged_in(limited, db)  # RATE_LIMIT_LOGIN_ACCOUNT is 2/minute here
    guess = {"current_password": "a wrong guess of twelve", "new_password": NEW_PASSWORD}

    statuses = [
        (await limited.post("/users/me/password", headers=me.headers, json=guess)).status_code
        for _ in range(3)
    ]
    right = {"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}
    after = await limited.post("/users/me/password", headers=me.headers, json=right)

    assert statuses == [400, 400, 429]
    assert after.status_code == 429  # even the right password waits for the window
    failures = select(func.count()).where(
        AuditLog.action == "auth.password_change_failed", AuditLog.actor_id == me.user.id
    )
    assert await db.scalar(failures) == 2


async def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(
    limited: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    transport = limited._transport  # the same app, reached from another client address
    attacker = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=transport.app, client=("203.0.113.9", 4444)),  # type: ignore[attr-defined]
        base_url="http://testserver",
    )
    async with attacker:
        for _ in range(4):
            await attacker.post(
                "/auth/login", data={"username": user.username, "password": "wrong guess 123"}
            )
        blocked = await attacker.post(
            "/auth/login", data={"username": user.username, "password": DEFAULT_PASSWORD}
        )

    owner = await limited.post(
        "/auth/login", data={"username": user.username, "password": DEFAULT_PASSWORD}
    )

    assert blocked.status_code == 429  # the guessing client is stopped...
    assert owner.status_code == 200  # ...the owner, from their own address, is not


async def test_the_account_ceiling_stops_a_distributed_guess_and_tells_the_owner(
    limited: httpx.AsyncClient,
    db: AsyncSession,
    monkeypatch: object,
    mailbox: Mailbox,
    deliver_email: DeliverEmail,
) -> None:
    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setenv("RATE_LIMIT_LOGIN_ACCOUNT_CEILING", "3/minute")
    reset_cached_singletons()
    assert get_settings().rate_limit_login_account_ceiling == "3/minute"
    assert get_rate_limiter().login_account_ceiling == "3/minute"
    user = await make_user(db, email="guessed@example.com")
    app = limited._transport.app  # type: ignore[attr-defined]
    statuses = []
    for n in range(5):
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=(f"198.51.100.{n}", 4000)),
            base_url="http://testserver",
        )
        async with client:
            response = await client.post(
                "/auth/login", data={"username": user.username, "password": "wrong guess 123"}
            )
            statuses.append(response.status_code)

    assert statuses == [401, 401, 401, 429, 429]
    await deliver_email()
    notices = [m for m in mailbox.messages if "failed sign-ins" in str(m["Subject"])]
    assert len(notices) == 1  # once, however many attempts are refused
    assert notices[0]["To"] == "guessed@example.com"


async def test_a_password_change_ends_outstanding_reset_links(
    client: httpx.AsyncClient, db: AsyncSession, deliver_email: DeliverEmail
) -> None:
    user = await make_user(db, email="forgetful@example.com")
    session = await log_in(client, user)
    await client.post("/auth/reset-password", json={"email": "forgetful@example.com"})
    await deliver_email()

    changed = await client.post(
        "/users/me/password",
        headers=session.headers,
        json={"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert changed.status_code == 204
    token = await db.scalar(
        select(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id)
        .execution_options(populate_existing=True)
    )
    assert token is not None
    assert token.used_at is not None
