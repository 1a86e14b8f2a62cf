"""Background work every process may run: email delivery and the purge of dead rows.

Composes the domains (it imports auth and mail; they do not import it): the app's lifespan
runs the delivery loop in each `hestami-api serve` process, and `hestami-api worker` runs
the delivery loop and the hourly purge on their own.
"""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Final

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.auth import repository as auth_repository
from hestami_api.auth.service import compose_password_reset
from hestami_api.core.db import get_session_factory
from hestami_api.idempotency import repository as idempotency_repository
from hestami_api.idempotency.service import RETENTION as IDEMPOTENCY_RETENTION
from hestami_api.mail import repository as outbox_repository
from hestami_api.mail.delivery import Delivery

logger = structlog.get_logger(__name__)

ENDED_SESSION_RETENTION: Final = timedelta(days=30)
DELIVERED_EMAIL_RETENTION: Final = timedelta(days=7)
PURGE_INTERVAL_SECONDS: Final = 3600.0


def email_delivery() -> Delivery:
    return Delivery(
        sessions=get_session_factory(),
        composers={"password_reset_request": compose_password_reset},
    )


async def purge(db: AsyncSession, *, now: datetime | None = None) -> dict[str, int]:
    """Deletes what can never be used again; the audit log is never purged."""
    now = now or datetime.now(UTC)
    counts = {
        "sessions": await auth_repository.purge_sessions_ended_before(
            db, now - ENDED_SESSION_RETENTION
        ),
        "reset_tokens": await auth_repository.purge_spent_reset_tokens(db, now),
        "verification_tokens": await auth_repository.purge_spent_verification_tokens(db, now),
        "delivered_emails": await outbox_repository.purge_delivered_before(
            db, now - DELIVERED_EMAIL_RETENTION
        ),
        "idempotency_records": await idempotency_repository.purge_created_before(
            db, now - IDEMPOTENCY_RETENTION
        ),
    }
    logger.info("purged", **counts)
    return counts


async def purge_hourly() -> None:
    while True:
        try:
            async with get_session_factory()() as db:
                await purge(db)
                await db.commit()
        except Exception:  # the database is away: the next run catches up
            logger.exception("purge_failed")
        await asyncio.sleep(PURGE_INTERVAL_SECONDS)
