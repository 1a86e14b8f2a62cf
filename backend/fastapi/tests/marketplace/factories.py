"""Marketplace test data, created through the API so every rule on the way is exercised.

The request bodies are valid and complete; a test overrides what it is about."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import User
from hestami_api.inquiries.models import Inquiry
from hestami_api.offerings.models import Offering
from hestami_api.properties.models import Property
from tests.factories import LoggedIn

BASE_TIME = datetime(2026, 1, 1, tzinfo=UTC)


PROPERTY: Final[dict[str, Any]] = {
    "name": "Lake house",
    "address_line1": "1200 Barton Springs Rd",
    "city": "Austin",
    "state": "TX",
    "postal_code": "78704",
    "property_type": "single_family",
}


def property_body(**overrides: Any) -> dict[str, Any]:
    return PROPERTY | overrides


SERVICE: Final[dict[str, Any]] = {
    "title": "Burst pipe repair",
    "description": "Licensed plumber; same-day visits for burst pipes.",
    "category": "plumbing",
    "price_min": 120,
    "price_max": 400,
    "price_unit": "per_visit",
    "city": "Austin",
    "state": "TX",
    "postal_code": "78701",
}


def service_body(**overrides: Any) -> dict[str, Any]:
    return SERVICE | overrides


PROFILE: Final[dict[str, Any]] = {
    "business_name": "Barton Plumbing Co.",
    "description": "Family-run plumbing since 1994.\nLicensed.",
    "phone": "(512) 555-0142",
    "website": "https://bartonplumbing.example.com/about?x=1",
    "service_area": "Austin, Round Rock and Cedar Park",
}


def profile_body(**overrides: Any) -> dict[str, Any]:
    return PROFILE | overrides


async def _post_created(
    client: httpx.AsyncClient, who: LoggedIn, path: str, body: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(path, headers=who.headers, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def create_property(
    client: httpx.AsyncClient, owner: LoggedIn, **overrides: Any
) -> dict[str, Any]:
    return await _post_created(client, owner, "/homeowners/properties", property_body(**overrides))


async def create_service(
    client: httpx.AsyncClient, provider: LoggedIn, **overrides: Any
) -> dict[str, Any]:
    return await _post_created(
        client, provider, "/service-providers/services", service_body(**overrides)
    )


async def create_inquiry(
    client: httpx.AsyncClient, homeowner: LoggedIn, service_id: str, **overrides: Any
) -> dict[str, Any]:
    body = {"service_id": service_id, "message": "Is the kitchen sink something you fix?"}
    return await _post_created(client, homeowner, "/homeowners/inquiries", body | overrides)


async def change_account(db: AsyncSession, user: User, **values: Any) -> None:
    """Changes the account as staff or its owner would (deactivation, a role or name change)."""
    await db.execute(update(User).where(User.id == user.id).values(**values))
    await db.commit()  # not just flush: a later failing request rolls back what is pending


async def backdate(
    db: AsyncSession, model: type[Property | Offering | Inquiry], row_id: str, *, days: int
) -> None:
    """Every request of a test shares one transaction, so now() is the same for all rows:
    tests that sort by time set created_at explicitly."""
    await db.execute(
        update(model)
        .where(model.id == uuid.UUID(row_id))
        .values(created_at=BASE_TIME - timedelta(days=days))
    )
    # Commit (releases the test's savepoint): a later request that fails rolls back
    # whatever is still pending in the shared session.
    await db.commit()


async def audit_entries(db: AsyncSession, action: str, target_id: str) -> list[AuditLog]:
    query = select(AuditLog).where(AuditLog.action == action, AuditLog.target_id == target_id)
    return list(await db.scalars(query))
