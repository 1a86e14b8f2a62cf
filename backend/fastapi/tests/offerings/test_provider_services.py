"""/service-providers/services: a provider's own services."""

import uuid

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.inquiries.models import Inquiry
from hestami_api.offerings.models import Offering
from tests.factories import make_logged_in
from tests.marketplace.factories import (
    audit_entries,
    create_inquiry,
    create_service,
    service_body,
)

SERVICE_FIELDS = {
    "id", "provider_id", "title", "description", "category", "price_min", "price_max",
    "price_unit", "city", "state", "postal_code", "is_active", "created_at", "updated_at",
}  # fmt: skip


def titles(response_json: dict[str, object]) -> list[object]:
    items = response_json["items"]
    assert isinstance(items, list)
    return [item["title"] for item in items]


async def test_create_and_get_a_service(client: httpx.AsyncClient, db: AsyncSession) -> None:
    provider = await make_logged_in(client, db, role="service_provider")

    created = await create_service(client, provider, price_min=19.999, price_max=20.004)

    assert set(created) == SERVICE_FIELDS
    assert created["provider_id"] == str(provider.user.id)
    assert created["is_active"] is True  # the default
    # Stored to the cent, rounded.
    assert (created["price_min"], created["price_max"]) == (20.0, 20.0)
    fetched = await client.get(
        f"/service-providers/services/{created['id']}", headers=provider.headers
    )
    assert fetched.status_code == 200
    assert fetched.json() == created
    [entry] = await audit_entries(db, "service.created", created["id"])
    assert entry.actor_id == provider.user.id


async def test_put_replaces_every_field(client: httpx.AsyncClient, db: AsyncSession) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    created = await create_service(client, provider)

    response = await client.put(
        f"/service-providers/services/{created['id']}",
        headers=provider.headers,
        json={"title": "Drain cleaning", "category": "plumbing", "city": "Austin", "state": "TX"},
    )

    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["title"] == "Drain cleaning"
    for cleared in ("description", "price_min", "price_max", "price_unit", "postal_code"):
        assert updated[cleared] is None
    assert updated["is_active"] is True
    [entry] = await audit_entries(db, "service.updated", created["id"])
    assert sorted(entry.details["fields"]) == sorted(
        ["title", "description", "price_min", "price_max", "price_unit", "postal_code"]
    )


@pytest.mark.parametrize("method", ["POST", "PUT"])
async def test_price_max_below_price_min_is_422(
    client: httpx.AsyncClient, db: AsyncSession, method: str
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    path = "/service-providers/services"
    if method == "PUT":
        path += "/" + (await create_service(client, provider))["id"]

    response = await client.request(
        method, path, headers=provider.headers, json=service_body(price_min=100, price_max=99.99)
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["body", "price_max"]


async def test_equal_and_one_sided_prices_are_fine(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")

    assert (await create_service(client, provider, price_min=50, price_max=50))["price_max"] == 50
    assert (await create_service(client, provider, price_min=None, price_max=10))[
        "price_min"
    ] is None
    assert (await create_service(client, provider, price_min=10_000_000, price_max=None))[
        "price_min"
    ] == (10_000_000)


async def test_delete_removes_the_service_and_its_inquiries(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    homeowner = await make_logged_in(client, db)
    created = await create_service(client, provider)
    await create_inquiry(client, homeowner, created["id"])
    await create_inquiry(client, homeowner, created["id"])

    response = await client.delete(
        f"/service-providers/services/{created['id']}", headers=provider.headers
    )

    assert response.status_code == 204
    service_id = uuid.UUID(created["id"])
    assert await db.get(Offering, service_id) is None
    count = select(func.count()).select_from(Inquiry).where(Inquiry.service_id == service_id)
    assert await db.scalar(count) == 0
    [entry] = await audit_entries(db, "service.deleted", created["id"])
    assert entry.details == {"inquiries_deleted": 2}


async def test_another_providers_service_is_not_found(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    owner = await make_logged_in(client, db, role="service_provider")
    rival = await make_logged_in(client, db, role="service_provider")
    created = await create_service(client, owner)
    url = f"/service-providers/services/{created['id']}"

    assert (await client.get(url, headers=rival.headers)).status_code == 404
    assert (await client.put(url, headers=rival.headers, json=service_body())).status_code == 404
    assert (await client.delete(url, headers=rival.headers)).status_code == 404
    assert (await client.get("/service-providers/services", headers=rival.headers)).json()[
        "total"
    ] == 0
    assert (await client.get(url, headers=owner.headers)).status_code == 200


async def test_list_shows_inactive_too_and_filters(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    await create_service(client, provider, title="A", category="plumbing")
    await create_service(client, provider, title="B", category="hvac", is_active=False)
    await create_service(client, provider, title="C", category="hvac")

    async def listed(query: str) -> list[object]:
        response = await client.get(
            f"/service-providers/services?sort=title&{query}", headers=provider.headers
        )
        assert response.status_code == 200, response.text
        return titles(response.json())

    assert await listed("") == ["A", "B", "C"]
    assert await listed("is_active=false") == ["B"]
    assert await listed("is_active=true") == ["A", "C"]
    assert await listed("category=hvac") == ["B", "C"]
    assert await listed("category=hvac&is_active=true") == ["C"]


async def test_list_search_uses_full_text(client: httpx.AsyncClient, db: AsyncSession) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    await create_service(client, provider, title="Pipes", description="We fix leaking faucets.")
    await create_service(client, provider, title="Wires", description="Panel upgrades.")

    async def found(q: str) -> list[object]:
        response = await client.get(
            "/service-providers/services", params={"q": q}, headers=provider.headers
        )
        return titles(response.json())

    assert await found("leak") == ["Pipes"]  # English stemming over the description
    assert await found("panels") == ["Wires"]
    assert await found("roof") == []


async def test_list_pagination(client: httpx.AsyncClient, db: AsyncSession) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    for n in range(3):
        await create_service(client, provider, title=f"S{n}")

    pages = [
        (
            await client.get(
                f"/service-providers/services?sort=title&limit=2&offset={offset}",
                headers=provider.headers,
            )
        ).json()
        for offset in (0, 2)
    ]

    assert [page["total"] for page in pages] == [3, 3]
    assert titles(pages[0]) + titles(pages[1]) == ["S0", "S1", "S2"]
