"""/service-providers/profile: a provider's business profile."""

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.provider_profiles.models import ProviderProfile
from tests.factories import make_logged_in
from tests.marketplace.factories import audit_entries, change_account, profile_body

FULL_PROFILE = profile_body()


async def profile_rows(db: AsyncSession) -> int:
    return await db.scalar(select(func.count()).select_from(ProviderProfile)) or 0


async def test_default_profile_before_the_first_save(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")

    response = await client.get("/service-providers/profile", headers=provider.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["provider_id"] == str(provider.user.id)
    assert body["business_name"] == "Pat Example"  # the full name
    for empty in ("description", "phone", "website", "service_area"):
        assert body[empty] is None
    assert body["created_at"] == body["updated_at"]  # the account's creation time
    assert await profile_rows(db) == 0  # a GET writes nothing


async def test_default_business_name_falls_back_to_username(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    await change_account(db, provider.user, full_name=None)

    body = (await client.get("/service-providers/profile", headers=provider.headers)).json()

    assert body["business_name"] == provider.user.username


async def test_put_creates_then_replaces(client: httpx.AsyncClient, db: AsyncSession) -> None:
    provider = await make_logged_in(client, db, role="service_provider")

    first = await client.put(
        "/service-providers/profile", headers=provider.headers, json=FULL_PROFILE
    )
    second = await client.put(
        "/service-providers/profile",
        headers=provider.headers,
        json={"business_name": "Barton Plumbing"},
    )

    assert first.status_code == 200, first.text
    assert first.json() | {"created_at": None, "updated_at": None} == FULL_PROFILE | {
        "provider_id": str(provider.user.id),
        "created_at": None,
        "updated_at": None,
    }
    assert second.status_code == 200
    body = second.json()
    assert body["business_name"] == "Barton Plumbing"
    for cleared in ("description", "phone", "website", "service_area"):
        assert body[cleared] is None  # full replacement
    assert (await client.get("/service-providers/profile", headers=provider.headers)).json() == body
    assert await profile_rows(db) == 1
    entries = await audit_entries(db, "provider_profile.updated", str(provider.user.id))
    assert [sorted(entry.details["fields"]) for entry in entries] == [
        ["business_name", "description", "phone", "service_area", "website"],
        ["business_name", "description", "phone", "service_area", "website"],
    ]


async def test_first_save_of_the_default_values_is_still_recorded(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")

    response = await client.put(
        "/service-providers/profile",
        headers=provider.headers,
        json={"business_name": "Pat Example"},
    )

    assert response.status_code == 200
    assert await profile_rows(db) == 1
    [entry] = await audit_entries(db, "provider_profile.updated", str(provider.user.id))
    assert entry.details == {"fields": []}
