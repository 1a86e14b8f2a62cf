"""GET /admin/stats against a known data set (each test starts from an empty database)."""

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import User, UserSession
from hestami_api.inquiries.models import Inquiry, InquiryStatus
from hestami_api.mail.models import OutboxEmail
from hestami_api.offerings.models import Offering
from hestami_api.properties.models import Property
from tests.factories import log_in, make_logged_in, make_user


def add_property(db: AsyncSession, owner: User) -> Property:
    row = Property(
        owner_id=owner.id,
        name="Lake house",
        address_line1="1 Shore Rd",
        city="Austin",
        state="TX",
        postal_code="78701",
        property_type="single_family",
    )
    db.add(row)
    return row


def add_service(db: AsyncSession, provider: User, *, is_active: bool = True) -> Offering:
    row = Offering(
        provider_id=provider.id,
        title="Leak repair",
        category="plumbing",
        city="Austin",
        state="TX",
        is_active=is_active,
    )
    db.add(row)
    return row


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


async def test_stats_count_a_known_data_set(client: httpx.AsyncClient, db: AsyncSession) -> None:
    staff = await make_logged_in(client, db, role="staff")  # 1 staff, 1 session, 1 login
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

    add_property(db, owner)
    add_property(db, owner)
    service = add_service(db, provider)
    add_service(db, provider, is_active=False)
    await db.flush()
    for status in ("open", "open", "accepted", "completed"):
        add_inquiry(db, service, owner, status)
    await db.flush()

    response = await client.get("/admin/stats", headers=staff.headers)

    assert response.status_code == 200, response.text
    assert response.json() == {
        "users_by_role": {"homeowner": 2, "service_provider": 1, "staff": 1},
        "active_sessions": 2,
        "properties": 2,
        "services": 2,
        "inquiries_by_status": {
            "open": 2,
            "accepted": 1,
            "declined": 0,
            "completed": 1,
            "cancelled": 0,
        },
        "logins_last_24h": 4,
        "failed_logins_last_24h": 2,
        "emails_pending": 0,
        "emails_failed": 0,
    }


async def test_stats_report_zero_for_everything_absent(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    staff = await make_logged_in(client, db, role="staff")

    response = await client.get("/admin/stats", headers=staff.headers)

    assert response.status_code == 200
    assert response.json() == {
        "users_by_role": {"homeowner": 0, "service_provider": 0, "staff": 1},
        "active_sessions": 1,
        "properties": 0,
        "services": 0,
        "inquiries_by_status": {
            "open": 0,
            "accepted": 0,
            "declined": 0,
            "completed": 0,
            "cancelled": 0,
        },
        "logins_last_24h": 1,
        "failed_logins_last_24h": 0,
        "emails_pending": 0,
        "emails_failed": 0,
    }


async def test_stats_show_the_email_outbox_backlog(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    staff = await make_logged_in(client, db, role="staff")
    await client.post("/auth/reset-password", json={"email": "someone@example.com"})
    await client.post("/auth/reset-password", json={"email": "another@example.com"})
    await db.execute(
        update(OutboxEmail)
        .where(OutboxEmail.recipient == "another@example.com")
        .values(failed_at=func.now(), attempts=8)
    )
    await db.commit()

    body = (await client.get("/admin/stats", headers=staff.headers)).json()

    assert (body["emails_pending"], body["emails_failed"]) == (1, 1)
