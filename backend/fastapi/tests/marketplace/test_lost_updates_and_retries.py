"""ETag / If-Match on single resources and Idempotency-Key on creating POSTs."""

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.properties.models import Property
from tests.factories import LoggedIn, make_logged_in
from tests.marketplace.factories import (
    create_property,
    create_service,
    profile_body,
    property_body,
)


@pytest.fixture
async def owned(client: httpx.AsyncClient, db: AsyncSession) -> tuple[LoggedIn, str]:
    """A homeowner and the URL of their property."""
    owner = await make_logged_in(client, db)
    created = await create_property(client, owner)
    return owner, f"/homeowners/properties/{created['id']}"


async def test_get_carries_an_etag_that_changes_with_the_resource(
    client: httpx.AsyncClient, owned: tuple[LoggedIn, str]
) -> None:
    owner, url = owned

    first = await client.get(url, headers=owner.headers)
    again = await client.get(url, headers=owner.headers)
    updated = await client.put(url, headers=owner.headers, json=property_body(name="Renamed"))

    assert first.headers["etag"] == again.headers["etag"]
    assert first.headers["etag"].startswith('"')
    assert updated.status_code == 200
    assert updated.headers["etag"] != first.headers["etag"]
    assert (await client.get(url, headers=owner.headers)).headers["etag"] == updated.headers["etag"]


async def test_stale_if_match_is_412_and_changes_nothing(
    client: httpx.AsyncClient, owned: tuple[LoggedIn, str]
) -> None:
    owner, url = owned
    seen = (await client.get(url, headers=owner.headers)).headers["etag"]
    tab_one = await client.put(
        url, headers=owner.headers | {"If-Match": seen}, json=property_body(name="Tab one")
    )
    assert tab_one.status_code == 200

    tab_two = await client.put(
        url, headers=owner.headers | {"If-Match": seen}, json=property_body(name="Tab two")
    )
    deleted = await client.delete(url, headers=owner.headers | {"If-Match": seen})

    assert tab_two.status_code == 412
    assert tab_two.headers["content-type"] == "application/problem+json"
    assert deleted.status_code == 412
    current = await client.get(url, headers=owner.headers)
    assert current.json()["name"] == "Tab one"
    fresh = current.headers["etag"]
    assert (
        await client.delete(url, headers=owner.headers | {"If-Match": fresh})
    ).status_code == 204


async def test_if_match_on_the_other_single_resources(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    me = await make_logged_in(client, db)
    profile = await client.get("/users/me", headers=me.headers)
    body = {"full_name": "Pat", "email": me.user.email, "phone": None}
    stale = {"If-Match": '"0000"'}

    assert (await client.put("/users/me", headers=me.headers | stale, json=body)).status_code == 412
    ok = await client.put(
        "/users/me", headers=me.headers | {"If-Match": profile.headers["etag"]}, json=body
    )
    assert ok.status_code == 200
    assert ok.headers["etag"] != profile.headers["etag"]

    provider = await make_logged_in(client, db, role="service_provider")
    service = await create_service(client, provider)
    service_url = f"/service-providers/services/{service['id']}"
    assert "etag" in (await client.get(service_url, headers=provider.headers)).headers
    profile_url = "/service-providers/profile"
    current = await client.get(profile_url, headers=provider.headers)
    saved_profile = profile_body()
    assert (
        await client.put(profile_url, headers=provider.headers | stale, json=saved_profile)
    ).status_code == 412
    assert (
        await client.put(
            profile_url,
            headers=provider.headers | {"If-Match": current.headers["etag"]},
            json=saved_profile,
        )
    ).status_code == 200


async def test_an_idempotency_key_replays_the_first_response(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    owner = await make_logged_in(client, db)
    headers = owner.headers | {"Idempotency-Key": "3d6f0e3a-retry-me"}

    first = await client.post("/homeowners/properties", headers=headers, json=property_body())
    retried = await client.post("/homeowners/properties", headers=headers, json=property_body())

    assert first.status_code == retried.status_code == 201
    assert retried.json() == first.json()
    count = select(func.count()).select_from(Property).where(Property.owner_id == owner.user.id)
    assert await db.scalar(count) == 1


async def test_the_same_key_with_another_body_is_422(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    owner = await make_logged_in(client, db)
    headers = owner.headers | {"Idempotency-Key": "one-key"}
    await client.post("/homeowners/properties", headers=headers, json=property_body())

    other = await client.post(
        "/homeowners/properties", headers=headers, json=property_body(name="Another house")
    )

    assert other.status_code == 422
    assert other.json()["errors"][0]["type"] == "idempotency_key_reused"


async def test_keys_belong_to_their_user(client: httpx.AsyncClient, db: AsyncSession) -> None:
    alice = await make_logged_in(client, db)
    bob = await make_logged_in(client, db)
    key = {"Idempotency-Key": "shared-by-chance"}

    made_by_alice = await client.post(
        "/homeowners/properties", headers=alice.headers | key, json=property_body()
    )
    made_by_bob = await client.post(
        "/homeowners/properties", headers=bob.headers | key, json=property_body()
    )

    assert made_by_bob.status_code == 201
    assert made_by_bob.json()["id"] != made_by_alice.json()["id"]
    assert made_by_bob.json()["owner_id"] == str(bob.user.id)


async def test_a_malformed_key_is_422(client: httpx.AsyncClient, db: AsyncSession) -> None:
    owner = await make_logged_in(client, db)

    response = await client.post(
        "/homeowners/properties",
        headers=owner.headers | {"Idempotency-Key": "has space"},
        json=property_body(),
    )

    assert response.status_code == 422
