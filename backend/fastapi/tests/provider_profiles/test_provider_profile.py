"""/service-providers/profile: a provider's business profile."""

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.auth.models import User
from hestami_api.provider_profiles.models import ProviderProfile
from tests.factories import make_logged_in
from tests.marketplace.factories import audit_entries

FULL_PROFILE = {
    "business_name": "Barton Plumbing Co.",
    "description": "Family-run plumbing since 1994.\nLicensed.",
    "phone": "(512) 555-0142",
    "website": "https://bartonplumbing.example.com/about?x=1",
    "service_area": "Austin, Round Rock and Cedar Park",
}


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
    user = await db.get(User, provider.user.id)
    assert user is not None
    user.full_name = None
    await db.commit()  # not just flush: a later failing request rolls back what is pending

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


@pytest.mark.parametrize(
    "override",
    [{"website": "javascript:alert(1)"}, {"website": "ftp://x.example.com"},
     {"website": "https://x.example.com/<script>"}, {"phone": "call me"},
     {"website": "https://m\u00fcnchen.example"}, {"website": "https://x.example/\u008e"},
     {"business_name": ""}, {"business_name": "<b>"}, {"service_area": "\x00"},
     {"rating": 5}],
)  # fmt: skip
async def test_bad_profiles_are_422(
    client: httpx.AsyncClient, db: AsyncSession, override: dict[str, object]
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")

    response = await client.put(
        "/service-providers/profile", headers=provider.headers, json=FULL_PROFILE | override
    )

    assert response.status_code == 422
    assert await profile_rows(db) == 0


@pytest.mark.parametrize("role", ["homeowner", "staff"])
async def test_other_roles_are_forbidden(
    client: httpx.AsyncClient, db: AsyncSession, role: str
) -> None:
    someone = await make_logged_in(client, db, role=role)  # type: ignore[arg-type]

    assert (
        await client.get("/service-providers/profile", headers=someone.headers)
    ).status_code == 403
    response = await client.put(
        "/service-providers/profile", headers=someone.headers, json=FULL_PROFILE
    )
    assert response.status_code == 403
