"""GET /admin/stats against a known data set (each test starts from an empty database)."""

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import User, UserSession
from hestami_api.generated.enums import InquiryStatus
from hestami_api.inquiries.models import Inquiry
from hestami_api.mail.models import OutboxEmail
from hestami_api.offerings.models import Offering
from hestami_api.properties.models import Property
from tests.factories import LoggedIn, log_in, make_user, property_columns, service_columns

NO_INQUIRIES = {"open": 0, "accepted": 0, "declined": 0, "completed": 0, "cancelled": 0}
# What a database holding only the staff fixture's account, session and login reports.
ONLY_STAFF = {
    "users_by_role": {"homeowner": 0, "service_provider": 0, "staff": 1},
    "active_sessions": 1,
    "properties": 0,
    "services": 0,
    "inquiries_by_status": NO_INQUIRIES,
    "logins_last_24h": 1,
    "failed_logins_last_24h": 0,
    "emails_pending": 0,
    "emails_failed": 0,
}


def add_inquiry(
    db: AsyncSession, service: Offering, homeowner: User, status: InquiryStatus
) -> None:
    db.add(
        Inquiry(
            service_id=service.id,
            homeowner_id=homeowner.id,
            provider_id=service.provider_id,
            message="Can you come on Monday?",
            status=status,
        )
    )


async def test_stats_count_a_known_data_set(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    owner = await make_user(db, role="homeowner")
    await make_user(db, role="homeowner", is_active=False)  # inactive accounts count too
    provider = await make_user(db, role="service_provider")

    await log_in(client, owner)
    logged_out = await log_in(client, owner)
    assert (await client.post("/auth/logout", headers=logged_out.headers)).status_code == 204
    await log_in(client, provider)
    expired = (
        await db.scalars(select(UserSession).where(UserSession.user_id == provider.id))
    ).one()
    expired.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    await db.commit()  # the next request starts from an empty identity map
    # 4 successful logins; sessions: staff and owner's first are live.

    for username in (owner.username, "no-such-user"):
        response = await client.post(
            "/auth/login", data={"username": username, "password": "x" * 12}
        )
        assert response.status_code == 401
    long_ago = datetime.now(UTC) - timedelta(hours=25)
    db.add_all(
        [
            AuditLog(action="auth.login_succeeded", occurred_at=long_ago, details={}),
            AuditLog(action="auth.login_failed", occurred_at=long_ago, details={}),
        ]
    )

    db.add_all([Property(owner_id=owner.id, **property_columns()) for _ in range(2)])
    service = Offering(provider_id=provider.id, **service_columns())
    db.add_all([service, Offering(provider_id=provider.id, **service_columns(is_active=False))])
    await db.flush()
    for status in ("open", "open", "accepted", "completed"):
        add_inquiry(db, service, owner, status)
    await db.flush()

    response = await client.get("/admin/stats", headers=staff.headers)

    assert response.status_code == 200, response.text
    assert response.json() == ONLY_STAFF | {
        "users_by_role": {"homeowner": 2, "service_provider": 1, "staff": 1},
        "active_sessions": 2,
        "properties": 2,
        "services": 2,
        "inquiries_by_status": NO_INQUIRIES | {"open": 2, "accepted": 1, "completed": 1},
        "logins_last_24h": 4,
        "failed_logins_last_24h": 2,
    }


async def test_stats_report_zero_for_everything_absent(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    response = await client.get("/admin/stats", headers=staff.headers)

    assert response.status_code == 200
    assert response.json() == ONLY_STAFF


async def test_stats_show_the_email_outbox_backlog(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    await client.post("/auth/reset-password", json={"email": "someone@example.com"})
    await client.post("/auth/reset-password", json={"email": "another@example.com"})
    await db.execute(
        update(OutboxEmail)
        .where(OutboxEmail.recipient == "another@example.com")
        .values(failed_at=func.now(), attempts=8)
    )
    await db.commit()

    response = await client.get("/admin/stats", headers=staff.headers)

    assert response.json() == ONLY_STAFF | {"emails_pending": 1, "emails_failed": 1}
