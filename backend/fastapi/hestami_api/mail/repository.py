"""Every query on the email outbox."""

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.mail.models import LAST_ERROR_MAX_LENGTH, OutboxEmail, OutboxKind

PENDING = (OutboxEmail.delivered_at.is_(None), OutboxEmail.failed_at.is_(None))


def add(
    db: AsyncSession,
    *,
    kind: OutboxKind,
    recipient: str,
    subject: str = "",
    body: str = "",
    payload: dict[str, Any] | None = None,
) -> None:
    db.add(
        OutboxEmail(
            id=uuid.uuid4(),
            kind=kind,
            recipient=recipient,
            subject=subject,
            body=body,
            payload=payload or {},
        )
    )


async def claim_due(
    db: AsyncSession, *, now: datetime, lease: timedelta, limit: int
) -> Sequence[OutboxEmail]:
    """Claims up to ``limit`` due rows: another process skips them (SKIP LOCKED) and, once
    committed, sees them leased until ``now + lease``; a process that dies mid-delivery
    leaves them to be retried when the lease runs out."""
    due = (
        select(OutboxEmail.id)
        .where(*PENDING, OutboxEmail.next_attempt_at <= now)
        .order_by(OutboxEmail.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    claimed = (
        update(OutboxEmail)
        .where(OutboxEmail.id.in_(due))
        .values(attempts=OutboxEmail.attempts + 1, next_attempt_at=now + lease)
        .returning(OutboxEmail)
    )
    result = await db.execute(
        select(OutboxEmail).from_statement(claimed), execution_options={"populate_existing": True}
    )
    return result.scalars().all()


async def resolve(
    db: AsyncSession, email_id: uuid.UUID, *, recipient: str, subject: str, body: str
) -> None:
    """Turns a request row into the composed message, to be sent (and retried) as any."""
    await db.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == email_id)
        .values(kind="message", recipient=recipient, subject=subject, body=body, payload={}),
        execution_options={"synchronize_session": False},
    )


async def mark_delivered(db: AsyncSession, email_id: uuid.UUID, *, now: datetime) -> None:
    await db.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == email_id)
        # The body may hold a live link (reset, verification): not kept once delivered.
        .values(delivered_at=now, last_error=None, body=""),
        execution_options={"synchronize_session": False},
    )


async def mark_failed_attempt(
    db: AsyncSession,
    email_id: uuid.UUID,
    *,
    error: str,
    retry_at: datetime | None,
    now: datetime,
) -> None:
    """Records a failed attempt: retried at ``retry_at``, or given up when it is None."""
    values: dict[str, Any] = {"last_error": error[:LAST_ERROR_MAX_LENGTH]}
    values |= {"next_attempt_at": retry_at} if retry_at else {"failed_at": now}
    await db.execute(
        update(OutboxEmail).where(OutboxEmail.id == email_id).values(**values),
        execution_options={"synchronize_session": False},
    )


async def backlog(db: AsyncSession) -> tuple[int, int]:
    """(pending, failed) counts."""
    row = (
        await db.execute(
            select(
                func.count().filter(*PENDING),
                func.count().filter(OutboxEmail.failed_at.is_not(None)),
            ).select_from(OutboxEmail)
        )
    ).one()
    return int(row[0]), int(row[1])


async def purge_delivered_before(db: AsyncSession, cutoff: datetime) -> int:
    result = await db.execute(
        delete(OutboxEmail).where(
            OutboxEmail.delivered_at.is_not(None), OutboxEmail.delivered_at < cutoff
        )
    )
    return int(getattr(result, "rowcount", 0))
