"""Finding 1: a stolen access token alone cannot move the account to another address.

PUT /users/me that changes the email needs current_password, is limited like registration,
makes the address unverified, sends a verification link to the new address and a notice to
the old one, and ends every reset link sent before."""

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.auth.models import PasswordResetToken, User
from tests.conftest import DeliverEmail, Mailbox
from tests.factories import DEFAULT_PASSWORD, make_logged_in


def body(email: str, **extra: str) -> dict[str, str | None]:
    return {"email": email, "full_name": None, "phone": None} | extra


async def test_an_email_change_without_the_password_is_refused(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    me = await make_logged_in(client, db)

    missing = await client.put("/users/me", headers=me.headers, json=body("thief@example.com"))
    wrong = await client.put(
        "/users/me",
        headers=me.headers,
        json=body("thief@example.com", current_password="not the password at all"),
    )

    assert missing.status_code == 422
    assert missing.json()["errors"][0]["loc"] == ["body", "current_password"]
    assert wrong.status_code == 400
    stored = await db.scalar(select(User.email).where(User.id == me.user.id))
    assert stored == me.user.email


async def test_keeping_the_email_needs_no_password(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    me = await make_logged_in(client, db)

    response = await client.put(
        "/users/me", headers=me.headers, json=body(me.user.email.upper(), full_name="Pat")
    )

    assert response.status_code == 200, response.text


async def test_a_changed_email_is_verified_anew_and_the_old_address_is_told(
    client: httpx.AsyncClient, db: AsyncSession, mailbox: Mailbox, deliver_email: DeliverEmail
) -> None:
    me = await make_logged_in(client, db)
    account = await db.get(User, me.user.id)
    assert account is not None
    account.email_verified = True
    await db.commit()
    old_email = me.user.email
    await client.post("/auth/reset-password", json={"email": old_email})
    await deliver_email()
    mailbox.messages.clear()

    response = await client.put(
        "/users/me",
        headers=me.headers,
        json=body("new.home@example.com", current_password=DEFAULT_PASSWORD),
    )

    assert response.status_code == 200, response.text
    assert response.json()["email_verified"] is False
    await deliver_email()
    recipients = {message["To"]: message["Subject"] for message in mailbox.messages}
    assert "Confirm your email address" in recipients["new.home@example.com"]
    assert "was changed" in recipients[old_email]
    # Finding 4: the reset link sent before the change no longer works.
    reset = await db.scalar(
        select(PasswordResetToken).where(PasswordResetToken.user_id == me.user.id)
    )
    assert reset is not None
    assert reset.used_at is not None


async def test_email_changes_are_limited_like_registration(
    limited: httpx.AsyncClient, db: AsyncSession
) -> None:
    me = await make_logged_in(limited, db)

    statuses = [
        (
            await limited.put(
                "/users/me",
                headers=me.headers,
                json=body(f"moving{n}@example.com", current_password=DEFAULT_PASSWORD),
            )
        ).status_code
        for n in range(2)
    ]

    assert statuses == [200, 429]  # RATE_LIMIT_REGISTER is 1/minute in the fixture
