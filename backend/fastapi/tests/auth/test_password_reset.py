"""POST /auth/reset-password and /auth/reset-password/confirm, with a real SMTP server."""

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from email.message import Message

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import PasswordResetToken, User
from tests.conftest import DeliverEmail, Mailbox
from tests.factories import log_in, make_user

NEW_PASSWORD = "a fresh and long passphrase"

RequestReset = Callable[[str], Awaitable[str]]


async def delivered(deliver_email: DeliverEmail, mailbox: Mailbox) -> Message:
    """One pass of the outbox delivery, which must handle one request and send its email."""
    before = len(mailbox.messages)
    assert await deliver_email() == 1
    assert len(mailbox.messages) == before + 1, "no email was sent"
    return mailbox.messages[-1]


def reset_token_from(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    match = re.search(r"https://app\.hestami\.test/reset\?token=([A-Za-z0-9_-]+)", payload.decode())
    assert match, payload
    return match.group(1)


@pytest.fixture
def request_reset(
    client: httpx.AsyncClient, mailbox: Mailbox, deliver_email: DeliverEmail
) -> RequestReset:
    """Asks for a reset of the account with this email, delivers the email it causes and
    returns the token from its link."""

    async def request(email: str) -> str:
        mailbox.messages.clear()
        response = await client.post("/auth/reset-password", json={"email": email})
        assert response.status_code == 202
        return reset_token_from(await delivered(deliver_email, mailbox))

    return request


async def stored_token(db: AsyncSession, user: User) -> PasswordResetToken:
    query = select(PasswordResetToken).where(PasswordResetToken.user_id == user.id)
    return (await db.scalars(query)).one()


async def test_reset_flow_sets_password_and_ends_sessions(
    client: httpx.AsyncClient, db: AsyncSession, mailbox: Mailbox, deliver_email: DeliverEmail
) -> None:
    user = await make_user(db, email="reset.me@example.com")
    session_before = await log_in(client, user)

    requested = await client.post("/auth/reset-password", json={"email": "Reset.Me@example.com"})
    assert requested.status_code == 202
    assert mailbox.messages == []  # the account lookup and the email come after the response
    message = await delivered(deliver_email, mailbox)
    assert message["To"] == "reset.me@example.com"
    token = reset_token_from(message)

    confirmed = await client.post(
        "/auth/reset-password/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )

    assert confirmed.status_code == 204, confirmed.text
    assert (await client.get("/users/me", headers=session_before.headers)).status_code == 401
    assert (
        await client.post("/auth/refresh", json={"refresh_token": session_before.refresh_token})
    ).status_code == 401
    assert (await log_in(client, user, NEW_PASSWORD)).access_token
    old = await client.post("/auth/login", data={"username": user.username, "password": "x" * 12})
    assert old.status_code == 401
    reused = await client.post(
        "/auth/reset-password/confirm", json={"token": token, "new_password": NEW_PASSWORD + "!"}
    )
    assert reused.status_code == 400
    actions = set(await db.scalars(select(AuditLog.action).where(AuditLog.actor_id == user.id)))
    assert {"auth.password_reset_requested", "auth.password_reset_completed"} <= actions


async def test_the_token_is_stored_hashed(db: AsyncSession, request_reset: RequestReset) -> None:
    user = await make_user(db)

    token = await request_reset(user.email)

    stored = await stored_token(db, user)
    assert stored.token_hash != token
    assert token not in stored.token_hash


async def test_unknown_email_gets_the_same_answer_and_no_email(
    client: httpx.AsyncClient, db: AsyncSession, mailbox: Mailbox, deliver_email: DeliverEmail
) -> None:
    user = await make_user(db)
    known = await client.post("/auth/reset-password", json={"email": user.email})
    await delivered(deliver_email, mailbox)
    mailbox.messages.clear()

    unknown = await client.post("/auth/reset-password", json={"email": "nobody@example.com"})
    handled = await deliver_email()  # the request is processed, and finds no account

    assert handled == 1

    assert unknown.status_code == known.status_code == 202
    assert unknown.json() == known.json()
    assert mailbox.messages == []


async def test_only_the_newest_token_works(
    client: httpx.AsyncClient, db: AsyncSession, request_reset: RequestReset
) -> None:
    user = await make_user(db)
    first = await request_reset(user.email)
    second = await request_reset(user.email)

    stale = await client.post(
        "/auth/reset-password/confirm", json={"token": first, "new_password": NEW_PASSWORD}
    )
    fresh = await client.post(
        "/auth/reset-password/confirm", json={"token": second, "new_password": NEW_PASSWORD}
    )

    assert stale.status_code == 400
    assert fresh.status_code == 204


async def test_expired_token_is_rejected(
    client: httpx.AsyncClient, db: AsyncSession, request_reset: RequestReset
) -> None:
    user = await make_user(db)
    token = await request_reset(user.email)
    stored = await stored_token(db, user)
    stored.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    await db.commit()

    response = await client.post(
        "/auth/reset-password/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


async def test_weak_new_password_is_422_and_keeps_the_token(
    client: httpx.AsyncClient, db: AsyncSession, request_reset: RequestReset
) -> None:
    user = await make_user(db, username="gardener")
    token = await request_reset(user.email)

    weak = await client.post(
        "/auth/reset-password/confirm",
        json={"token": token, "new_password": "the gardener password"},
    )
    strong = await client.post(
        "/auth/reset-password/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )

    assert weak.status_code == 422
    assert weak.json()["errors"][0]["type"] == "password_contains_username"
    assert strong.status_code == 204


async def test_garbage_token_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/auth/reset-password/confirm", json={"token": "nope", "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 400
