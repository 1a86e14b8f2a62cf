"""hestami-api purge: what can never be used again goes; the audit log stays."""

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import PasswordResetToken, UserSession
from hestami_api.idempotency.models import IdempotencyRecord
from hestami_api.mail.models import OutboxEmail
from hestami_api.maintenance import purge
from tests.conftest import DeliverEmail
from tests.factories import log_in, make_logged_in, make_user
from tests.marketplace.factories import property_body


async def count(db: AsyncSession, model: type[object]) -> int:
    return int(await db.scalar(select(func.count()).select_from(model)) or 0)


async def test_purge_deletes_dead_rows_and_keeps_live_ones_and_the_audit_log(
    client: httpx.AsyncClient, db: AsyncSession, deliver_email: DeliverEmail
) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=40)
    user = await make_user(db, email="purged@example.com")
    ended = await log_in(client, user)
    live = await log_in(client, user)
    await client.post("/auth/logout", headers=ended.headers)
    await db.execute(
        update(UserSession)
        .where(UserSession.revoked_at.is_not(None))
        .values(revoked_at=long_ago, created_at=long_ago)
    )
    await client.post("/auth/reset-password", json={"email": "purged@example.com"})
    await deliver_email()  # a delivered email and a reset token
    await db.execute(update(OutboxEmail).values(delivered_at=long_ago))
    await db.execute(update(PasswordResetToken).values(expires_at=long_ago))
    owner = await make_logged_in(client, db)
    await client.post(
        "/homeowners/properties",
        headers=owner.headers | {"Idempotency-Key": "old-key"},
        json=property_body(),
    )
    await db.execute(update(IdempotencyRecord).values(created_at=long_ago))
    audit_before = await count(db, AuditLog)

    counts = await purge(db)

    assert counts["sessions"] == 1
    assert counts["reset_tokens"] == 1
    assert counts["delivered_emails"] >= 1
    assert counts["idempotency_records"] == 1
    assert await count(db, AuditLog) == audit_before
    assert (await client.get("/users/me", headers=live.headers)).status_code == 200
