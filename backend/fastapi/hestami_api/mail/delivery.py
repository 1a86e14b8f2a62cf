"""The delivery loop: claims due outbox rows (SKIP LOCKED), sends them, records the outcome.

Every ``hestami-api serve`` process runs one, and so does ``hestami-api worker``. A row is
leased while it is being sent, so two processes never send it twice at once, and a process
that dies mid-send leaves it to be retried when the lease runs out. A refused or failed
delivery is retried with exponential backoff up to ``EMAIL_MAX_ATTEMPTS`` attempts.
"""

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

import anyio.to_thread
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.core.config import get_settings
from hestami_api.core.email import EmailDeliveryError, EmailMessageSpec, get_email_sender
from hestami_api.mail import repository
from hestami_api.mail.models import OutboxEmail, OutboxKind

logger = structlog.get_logger(__name__)

BATCH_SIZE: Final = 10
MAX_BACKOFF: Final = timedelta(hours=1)

Composer = Callable[[AsyncSession, OutboxEmail], Awaitable[EmailMessageSpec | None]]
"""Turns a request row into the message to send (None: nothing to send), in the session's
transaction, e.g. the password reset: account lookup and token after the response."""

SessionFactory = Callable[[], AbstractAsyncContextManager[AsyncSession]]
"""Opens a session for one step (an async_sessionmaker; the tests pass their own session)."""

_wake_up = asyncio.Event()


async def wake_up() -> None:
    """Tells this process's loop that rows were committed (it also polls)."""
    _wake_up.set()


def utc_now() -> datetime:
    return datetime.now(UTC)


def backoff(attempts: int, base_seconds: float) -> timedelta:
    """5 s, 10 s, 20 s, ... after the 1st, 2nd, 3rd failed attempt; at most an hour."""
    return min(timedelta(seconds=base_seconds * 2 ** (attempts - 1)), MAX_BACKOFF)


@dataclass(frozen=True)
class Delivery:
    sessions: SessionFactory
    composers: Mapping[OutboxKind, Composer]

    async def deliver_due(self) -> int:
        """One pass: claims and sends what is due; returns how many rows it handled."""
        async with self.sessions() as db:
            lease = timedelta(seconds=get_settings().email_claim_lease_seconds)
            claimed = await repository.claim_due(db, now=utc_now(), lease=lease, limit=BATCH_SIZE)
            await db.commit()
        for email in claimed:
            await self._deliver(email)
        return len(claimed)

    async def _deliver(self, email: OutboxEmail) -> None:
        settings = get_settings()
        message: EmailMessageSpec | None
        if email.kind == "message":
            message = EmailMessageSpec(to=email.recipient, subject=email.subject, body=email.body)
        else:
            async with self.sessions() as db:
                message = await self.composers[email.kind](db, email)
                if message is None:
                    await repository.mark_delivered(db, email.id, now=utc_now())
                else:
                    await repository.resolve(
                        db,
                        email.id,
                        recipient=message.to,
                        subject=message.subject,
                        body=message.body,
                    )
                await db.commit()
            if message is None:
                return
        try:
            await anyio.to_thread.run_sync(get_email_sender().send, message)
        except EmailDeliveryError as error:
            given_up = email.attempts >= settings.email_max_attempts
            retry_at = (
                None
                if given_up
                else utc_now() + backoff(email.attempts, settings.email_retry_base_seconds)
            )
            logger.warning(
                "email_delivery_failed",
                email_id=str(email.id),
                attempts=email.attempts,
                given_up=given_up,
                error=str(error),
            )
            async with self.sessions() as db:
                await repository.mark_failed_attempt(
                    db, email.id, error=str(error), retry_at=retry_at, now=utc_now()
                )
                await db.commit()
            return
        async with self.sessions() as db:
            await repository.mark_delivered(db, email.id, now=utc_now())
            await db.commit()
        logger.info("email_delivered", email_id=str(email.id), attempts=email.attempts)

    async def run_forever(self) -> None:
        """Delivers until cancelled; a database or mail outage only delays delivery."""
        poll = get_settings().email_poll_seconds
        while True:
            _wake_up.clear()  # before the pass: a wake-up during it starts another pass
            try:
                while await self.deliver_due() == BATCH_SIZE:
                    pass  # more may be due: no pause between full batches
            except Exception:  # the database is down or restarting: try again at the next poll
                logger.exception("email_delivery_pass_failed")
            with suppress(TimeoutError):
                await asyncio.wait_for(_wake_up.wait(), timeout=poll)
