"""POST /auth/reset-password and /auth/reset-password/confirm, with a real SMTP server."""

import re
import time
from datetime import UTC, datetime, timedelta
from email.message import Message

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import PasswordResetToken
from tests.conftest import Mailbox
from tests.factories import log_in, make_user

NEW_PASSWORD = "a fresh and long passphrase"


def wait_for_message(mailbox: Mailbox, timeout: float = 5.0) -> Message:
    deadline = time.monotonic() + timeout
    while not mailbox.messages:
        assert time.monotonic() < deadline, "no email arrived"
        time.sleep(0.02)
    return mailbox.messages[0]


def reset_token_from(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    match = re.search(r"https://app\.hestami\.test/reset\?token=([A-Za-z0-9_-]+)", payload.decode())
    assert match, payload
    return match.group(1)


def test_reset_flow_sets_password_and_ends_sessions(
    client: TestClient, db: Session, mailbox: Mailbox
) -> None:
    user = make_user(db, email="reset.me@example.com")
    session_before = log_in(client, user)

    requested = client.post("/auth/reset-password", json={"email": "Reset.Me@example.com"})
    assert requested.status_code == 202
    message = wait_for_message(mailbox)
    assert message["To"] == "reset.me@example.com"
    token = reset_token_from(message)

    confirmed = client.post(
        "/auth/reset-password/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )

    assert confirmed.status_code == 204, confirmed.text
    assert client.get("/users/me", headers=session_before.headers).status_code == 401
    assert (
        client.post(
            "/auth/refresh", json={"refresh_token": session_before.refresh_token}
        ).status_code
        == 401
    )
    assert log_in(client, user, NEW_PASSWORD).access_token
    old = client.post("/auth/login", data={"username": user.username, "password": "x" * 12})
    assert old.status_code == 401
    reused = client.post(
        "/auth/reset-password/confirm", json={"token": token, "new_password": NEW_PASSWORD + "!"}
    )
    assert reused.status_code == 400
    actions = set(db.scalars(select(AuditLog.action).where(AuditLog.actor_id == user.id)))
    assert {"auth.password_reset_requested", "auth.password_reset_completed"} <= actions


def test_the_token_is_stored_hashed(client: TestClient, db: Session, mailbox: Mailbox) -> None:
    user = make_user(db)

    client.post("/auth/reset-password", json={"email": user.email})
    token = reset_token_from(wait_for_message(mailbox))

    stored = db.scalars(
        select(PasswordResetToken).where(PasswordResetToken.user_id == user.id)
    ).one()
    assert stored.token_hash != token
    assert token not in stored.token_hash


def test_unknown_email_gets_the_same_answer_and_no_email(
    client: TestClient, db: Session, mailbox: Mailbox
) -> None:
    user = make_user(db)

    known = client.post("/auth/reset-password", json={"email": user.email})
    wait_for_message(mailbox)
    mailbox.messages.clear()
    unknown = client.post("/auth/reset-password", json={"email": "nobody@example.com"})
    time.sleep(0.3)

    assert unknown.status_code == known.status_code == 202
    assert unknown.json() == known.json()
    assert mailbox.messages == []


def test_only_the_newest_token_works(client: TestClient, db: Session, mailbox: Mailbox) -> None:
    user = make_user(db)
    client.post("/auth/reset-password", json={"email": user.email})
    first = reset_token_from(wait_for_message(mailbox))
    mailbox.messages.clear()
    client.post("/auth/reset-password", json={"email": user.email})
    second = reset_token_from(wait_for_message(mailbox))

    stale = client.post(
        "/auth/reset-password/confirm", json={"token": first, "new_password": NEW_PASSWORD}
    )
    fresh = client.post(
        "/auth/reset-password/confirm", json={"token": second, "new_password": NEW_PASSWORD}
    )

    assert stale.status_code == 400
    assert fresh.status_code == 204


def test_expired_token_is_rejected(client: TestClient, db: Session, mailbox: Mailbox) -> None:
    user = make_user(db)
    client.post("/auth/reset-password", json={"email": user.email})
    token = reset_token_from(wait_for_message(mailbox))
    stored = db.scalars(
        select(PasswordResetToken).where(PasswordResetToken.user_id == user.id)
    ).one()
    stored.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.commit()

    response = client.post(
        "/auth/reset-password/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_weak_new_password_is_422_and_keeps_the_token(
    client: TestClient, db: Session, mailbox: Mailbox
) -> None:
    user = make_user(db, username="gardener")
    client.post("/auth/reset-password", json={"email": user.email})
    token = reset_token_from(wait_for_message(mailbox))

    weak = client.post(
        "/auth/reset-password/confirm",
        json={"token": token, "new_password": "the gardener password"},
    )
    strong = client.post(
        "/auth/reset-password/confirm", json={"token": token, "new_password": NEW_PASSWORD}
    )

    assert weak.status_code == 422
    assert weak.json()["errors"][0]["type"] == "password_contains_username"
    assert strong.status_code == 204


def test_garbage_token_is_400(client: TestClient) -> None:
    response = client.post(
        "/auth/reset-password/confirm", json={"token": "nope", "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 400
