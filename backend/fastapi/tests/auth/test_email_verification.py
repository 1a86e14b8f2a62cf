"""Email ownership: a verification link at registration, POST /auth/verify-email, resend."""

import re
from email.message import Message

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import User
from tests.conftest import DeliverEmail, Mailbox
from tests.factories import log_in, make_user, registration

PASSWORD = "a long and unremarkable passphrase"
LINK = re.compile(r"http://localhost:3000/verify-email\?token=([A-Za-z0-9_-]+)")


def verification_token(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    match = LINK.search(payload.decode())
    assert match, payload
    return match.group(1)


async def register(client: httpx.AsyncClient, username: str = "verify.me") -> dict[str, object]:
    response = await client.post(
        "/auth/register", json=registration(username=username, password=PASSWORD)
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def test_registration_sends_a_link_that_verifies_the_address(
    client: httpx.AsyncClient, db: AsyncSession, mailbox: Mailbox, deliver_email: DeliverEmail
) -> None:
    created = await register(client)
    assert created["email_verified"] is False
    assert mailbox.messages == []  # queued in the transaction, not sent from the request

    assert await deliver_email() == 1

    [message] = mailbox.messages
    assert message["To"] == "verify.me@example.com"
    token = verification_token(message)
    verified = await client.post("/auth/verify-email", json={"token": token})
    assert verified.status_code == 204, verified.text
    user = await db.scalar(select(User).where(User.username == "verify.me"))
    assert user is not None
    assert user.email_verified is True
    actions = (await db.scalars(select(AuditLog.action).where(AuditLog.actor_id == user.id))).all()
    assert "auth.email_verified" in actions

    again = await client.post("/auth/verify-email", json={"token": token})
    assert again.status_code == 400
    assert again.headers["content-type"] == "application/problem+json"


async def test_unknown_token_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/verify-email", json={"token": "x" * 43})

    assert response.status_code == 400
    assert "invalid" in response.json()["detail"]


async def test_resend_replaces_the_earlier_link(
    client: httpx.AsyncClient, db: AsyncSession, mailbox: Mailbox, deliver_email: DeliverEmail
) -> None:
    await register(client, "resend.me")
    assert await deliver_email() == 1
    user = await db.scalar(select(User).where(User.username == "resend.me"))
    assert user is not None
    session = await log_in(client, user, PASSWORD)

    resent = await client.post("/auth/verify-email/resend", headers=session.headers)
    assert resent.status_code == 202, resent.text
    assert await deliver_email() == 1

    first, second = (verification_token(message) for message in mailbox.messages)
    assert (await client.post("/auth/verify-email", json={"token": first})).status_code == 400
    assert (await client.post("/auth/verify-email", json={"token": second})).status_code == 204


async def test_resend_for_a_verified_address_sends_nothing(
    client: httpx.AsyncClient, db: AsyncSession, mailbox: Mailbox, deliver_email: DeliverEmail
) -> None:
    user = await make_user(db)
    user.email_verified = True
    await db.commit()
    session = await log_in(client, user)

    response = await client.post("/auth/verify-email/resend", headers=session.headers)

    assert response.status_code == 202
    assert await deliver_email() == 0
    assert mailbox.messages == []
