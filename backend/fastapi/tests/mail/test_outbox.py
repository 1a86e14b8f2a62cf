"""The email outbox: rows written in the request's transaction, delivered by the loop,
retried while the mail server refuses, never lost when a process dies."""

import signal
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.auth.models import PasswordResetToken
from hestami_api.mail.delivery import backoff
from hestami_api.mail.models import OutboxEmail
from tests.conftest import ApiProcess, DeliverEmail, Mailbox, start_api
from tests.factories import make_user, register_live


async def test_reset_request_is_queued_and_resolved_after_the_response(
    client: httpx.AsyncClient, db: AsyncSession, mailbox: Mailbox, deliver_email: DeliverEmail
) -> None:
    await make_user(db, email="known@example.com")

    for address in ("known@example.com", "nobody@example.com"):
        response = await client.post("/auth/reset-password", json={"email": address})
        assert response.status_code == 202

    # The request only queued a row: no lookup, no token, no email yet.
    assert await db.scalar(select(func.count()).select_from(PasswordResetToken)) == 0
    assert await deliver_email() == 2
    [message] = mailbox.messages
    assert message["To"] == "known@example.com"
    assert await db.scalar(select(func.count()).select_from(PasswordResetToken)) == 1
    pending = OutboxEmail.delivered_at.is_(None)
    assert await db.scalar(select(func.count()).select_from(OutboxEmail).where(pending)) == 0
    # A delivered body (it held a live link) is not kept.
    assert (await db.scalars(select(OutboxEmail.body))).all() == ["", ""]


@pytest.fixture
async def refused_email(client: httpx.AsyncClient, db: AsyncSession, mailbox: Mailbox) -> str:
    """Queues a reset email to an account and makes the mail server refuse it; returns the
    address."""
    user = await make_user(db)
    response = await client.post("/auth/reset-password", json={"email": user.email})
    assert response.status_code == 202
    mailbox.refusing = True
    return user.email


async def the_outbox_row(db: AsyncSession) -> OutboxEmail:
    row = await db.scalar(select(OutboxEmail).execution_options(populate_existing=True))
    assert row is not None
    return row


async def test_refused_delivery_is_retried_with_backoff_then_delivered(
    db: AsyncSession, mailbox: Mailbox, deliver_email: DeliverEmail, refused_email: str
) -> None:
    assert await deliver_email() == 1
    row = await the_outbox_row(db)
    assert row.delivered_at is None
    assert row.failed_at is None
    assert row.attempts == 1
    assert row.last_error is not None
    assert "451" in row.last_error
    assert row.next_attempt_at > datetime.now(UTC)
    assert await deliver_email() == 0  # not due yet: backing off

    mailbox.refusing = False
    await db.execute(update(OutboxEmail).values(next_attempt_at=func.now()))
    assert await deliver_email() == 1
    assert [message["To"] for message in mailbox.messages] == [refused_email]


async def test_gives_up_after_the_maximum_attempts(
    db: AsyncSession, deliver_email: DeliverEmail, refused_email: str
) -> None:
    for _ in range(8):  # EMAIL_MAX_ATTEMPTS
        await db.execute(update(OutboxEmail).values(next_attempt_at=func.now()))
        assert await deliver_email() == 1

    row = await the_outbox_row(db)
    assert row.attempts == 8
    assert row.failed_at is not None
    await db.execute(update(OutboxEmail).values(next_attempt_at=func.now()))
    assert await deliver_email() == 0


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n, 5).total_seconds() for n in (1, 2, 3)] == [5, 10, 20]
    assert backoff(30, 5) == timedelta(hours=1)


def serve(database_url: str, smtp_port: int) -> ApiProcess:
    return start_api(
        database_url,
        SMTP_PORT=str(smtp_port),
        EMAIL_RETRY_BASE_SECONDS="0.5",
        EMAIL_POLL_SECONDS="0.2",
        EMAIL_CLAIM_LEASE_SECONDS="3",
    )


@pytest.mark.slow
def test_email_survives_a_killed_process_and_a_refusing_mail_server(
    live_database_url: str, mailbox: Mailbox, smtp_server: tuple[object, Mailbox]
) -> None:
    controller, _ = smtp_server
    smtp_port = int(controller.port)  # type: ignore[attr-defined]
    engine = create_engine(live_database_url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM auth.email_outbox"))
    address = f"survivor.{time.monotonic_ns()}@example.com"
    registered = serve(live_database_url, smtp_port)
    try:
        register_live(registered.base_url, email=address)
        mailbox.refusing = True  # the first process can send nothing from now on
        answered = httpx.post(
            f"{registered.base_url}/auth/reset-password",
            json={"email": address},
        )
        assert answered.status_code == 202
    finally:
        registered.process.send_signal(signal.SIGKILL)
        registered.process.wait(timeout=10)
    with engine.connect() as connection:
        undelivered = connection.execute(
            text("SELECT count(*) FROM auth.email_outbox WHERE delivered_at IS NULL")
        ).scalar()
    assert undelivered, "the first process delivered before it was killed: nothing proven"

    mailbox.refusing = False
    successor = serve(live_database_url, smtp_port)
    try:
        deadline = time.monotonic() + 30
        while not any("Reset your Hestami password" in str(m["Subject"]) for m in mailbox.messages):
            if time.monotonic() > deadline:
                with engine.connect() as connection:
                    rows = connection.execute(text("SELECT * FROM auth.email_outbox")).all()
                raise AssertionError(f"the reset email never arrived: {rows}")
            time.sleep(0.2)
    finally:
        successor.process.terminate()
        successor.process.wait(timeout=20)
        engine.dispose()
    assert successor.process.returncode == 0
