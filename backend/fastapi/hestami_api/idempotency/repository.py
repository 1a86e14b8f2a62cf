"""Every query on idempotency records."""

import uuid
from datetime import datetime

from sqlalchemy import delete, text
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.idempotency.models import IdempotencyRecord

# Serialises requests with one (user, key) across processes; released at transaction end.
TRY_LOCK = text("SELECT pg_try_advisory_xact_lock(hashtextextended(:lock_name, 0))")


async def try_lock(db: AsyncSession, user_id: uuid.UUID, key: str) -> bool:
    """True when no other transaction is handling this (user, key) right now."""
    locked = await db.scalar(TRY_LOCK, {"lock_name": f"idempotency:{user_id}:{key}"})
    return bool(locked)


async def find(db: AsyncSession, user_id: uuid.UUID, key: str) -> IdempotencyRecord | None:
    return await db.get(IdempotencyRecord, (user_id, key))


def add(
    db: AsyncSession,
    *,
    user_id: uuid.UUID,
    key: str,
    operation: str,
    request_fingerprint: str,
    response_body: str,
) -> None:
    db.add(
        IdempotencyRecord(
            user_id=user_id,
            key=key,
            operation=operation,
            request_fingerprint=request_fingerprint,
            response_body=response_body,
        )
    )


async def forget(db: AsyncSession, record: IdempotencyRecord) -> None:
    await db.delete(record)
    await db.flush()


async def purge_created_before(db: AsyncSession, cutoff: datetime) -> int:
    result = await db.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.created_at < cutoff)
    )
    return int(getattr(result, "rowcount", 0))
