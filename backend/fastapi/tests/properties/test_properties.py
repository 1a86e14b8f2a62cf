"""/homeowners/properties: a homeowner's own properties."""

import uuid

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.inquiries.models import Inquiry
from hestami_api.properties.models import Property
from tests.factories import make_logged_in
from tests.marketplace.factories import (
    audit_entries,
    backdate,
    create_inquiry,
    create_property,
    create_service,
    property_body,
)

PROPERTY_FIELDS = {
    "id", "owner_id", "name", "address_line1", "address_line2", "city", "state", "postal_code",
    "country", "property_type", "bedrooms", "bathrooms", "square_feet", "year_built",
    "description", "created_at", "updated_at",
}  # fmt: skip


def names(response_json: dict[str, object]) -> list[object]:
    items = response_json["items"]
    assert isinstance(items, list)
    return [item["name"] for item in items]


async def test_create_and_get_a_property(client: httpx.AsyncClient, db: AsyncSession) -> None:
    owner = await make_logged_in(client, db)

    created = await create_property(
        client, owner, bathrooms=2.55, bedrooms=3, description="Big\nyard"
    )

    assert set(created) == PROPERTY_FIELDS
    assert created["owner_id"] == str(owner.user.id)
    assert created["country"] == "US"  # the default
    assert created["bathrooms"] == 2.6  # stored to one decimal place, rounded half up
    assert created["description"] == "Big\nyard"
    fetched = await client.get(f"/homeowners/properties/{created['id']}", headers=owner.headers)
    assert fetched.status_code == 200
    assert fetched.json() == created
    assert len(await audit_entries(db, "property.created", created["id"])) == 1


async def test_put_replaces_every_field(client: httpx.AsyncClient, db: AsyncSession) -> None:
    owner = await make_logged_in(client, db)
    created = await create_property(
        client, owner, address_line2="Unit 4", bedrooms=3, country="CA", description="Old"
    )

    response = await client.put(
        f"/homeowners/properties/{created['id']}",
        headers=owner.headers,
        json=property_body(name="Cabin", city="Round Rock"),
    )

    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["name"] == "Cabin"
    assert updated["city"] == "Round Rock"
    # Left out of the PUT: cleared, and country back to its default.
    assert updated["address_line2"] is None
    assert updated["bedrooms"] is None
    assert updated["description"] is None
    assert updated["country"] == "US"
    [entry] = await audit_entries(db, "property.updated", created["id"])
    assert entry.actor_id == owner.user.id
    assert sorted(entry.details["fields"]) == sorted(
        ["name", "city", "address_line2", "bedrooms", "description", "country"]
    )


async def test_put_without_changes_writes_no_audit_entry(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    owner = await make_logged_in(client, db)
    created = await create_property(client, owner)

    response = await client.put(
        f"/homeowners/properties/{created['id']}", headers=owner.headers, json=property_body()
    )

    assert response.status_code == 200
    assert await audit_entries(db, "property.updated", created["id"]) == []


async def test_delete_keeps_inquiries_without_the_property(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    owner = await make_logged_in(client, db)
    provider = await make_logged_in(client, db, role="service_provider")
    created = await create_property(client, owner)
    service = await create_service(client, provider)
    inquiry = await create_inquiry(client, owner, service["id"], property_id=created["id"])

    response = await client.delete(f"/homeowners/properties/{created['id']}", headers=owner.headers)

    assert response.status_code == 204
    assert response.content == b""
    gone = await client.get(f"/homeowners/properties/{created['id']}", headers=owner.headers)
    assert gone.status_code == 404
    db.expire_all()
    kept = (await db.scalars(select(Inquiry).where(Inquiry.id == uuid.UUID(inquiry["id"])))).one()
    assert kept.property_id is None
    assert len(await audit_entries(db, "property.deleted", created["id"])) == 1


async def test_another_owners_property_is_not_found(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    owner = await make_logged_in(client, db)
    stranger = await make_logged_in(client, db)
    created = await create_property(client, owner)
    url = f"/homeowners/properties/{created['id']}"

    assert (await client.get(url, headers=stranger.headers)).status_code == 404
    assert (
        await client.put(url, headers=stranger.headers, json=property_body())
    ).status_code == 404
    assert (await client.delete(url, headers=stranger.headers)).status_code == 404
    listed = (await client.get("/homeowners/properties", headers=stranger.headers)).json()
    assert listed["total"] == 0
    # Untouched by the stranger's attempts.
    assert (await client.get(url, headers=owner.headers)).json()["name"] == "Lake house"
    assert await db.get(Property, uuid.UUID(created["id"])) is not None


async def test_unknown_property_is_a_problem_404(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    owner = await make_logged_in(client, db)

    response = await client.get(f"/homeowners/properties/{uuid.uuid4()}", headers=owner.headers)

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "Property not found."


async def test_list_pagination_and_default_newest_first(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    owner = await make_logged_in(client, db)
    ids = [(await create_property(client, owner, name=f"Home {n}"))["id"] for n in range(5)]
    for age, property_id in enumerate(ids):
        await backdate(db, Property, property_id, days=age)  # Home 0 newest

    first = (await client.get("/homeowners/properties?limit=2", headers=owner.headers)).json()
    second = (
        await client.get("/homeowners/properties?limit=2&offset=2", headers=owner.headers)
    ).json()
    last = (
        await client.get("/homeowners/properties?limit=2&offset=4", headers=owner.headers)
    ).json()
    beyond = (
        await client.get("/homeowners/properties?offset=1000000", headers=owner.headers)
    ).json()

    assert (first["total"], first["limit"], first["offset"]) == (5, 2, 0)
    assert names(first) + names(second) + names(last) == [f"Home {n}" for n in range(5)]
    assert (second["offset"], len(last["items"])) == (2, 1)
    assert beyond == {"items": [], "total": 5, "limit": 20, "offset": 1000000}


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["apple", "Banana", "cherry"]),  # case-insensitive, not C collation
        ("-name", ["cherry", "Banana", "apple"]),
        ("city", ["Banana", "cherry", "apple"]),
        ("-city", ["apple", "cherry", "Banana"]),
        ("created_at", ["Banana", "cherry", "apple"]),
        ("-created_at", ["apple", "cherry", "Banana"]),
    ],
)
async def test_list_sorts(
    client: httpx.AsyncClient, db: AsyncSession, sort: str, expected: list[str]
) -> None:
    owner = await make_logged_in(client, db)
    for age, (name, city) in enumerate(
        [("apple", "Waco"), ("cherry", "dallas"), ("Banana", "Austin")]
    ):
        await backdate(
            db,
            Property,
            (await create_property(client, owner, name=name, city=city))["id"],
            days=age,
        )

    response = await client.get(f"/homeowners/properties?sort={sort}", headers=owner.headers)

    assert response.status_code == 200
    assert names(response.json()) == expected


async def test_list_filters(client: httpx.AsyncClient, db: AsyncSession) -> None:
    owner = await make_logged_in(client, db)
    await create_property(client, owner, name="A", city="Austin", state="TX", postal_code="78704")
    await create_property(client, owner, name="B", city="Denver", state="CO", postal_code="80202")
    await create_property(
        client, owner, name="C", city="Austin", state="TX", postal_code="78701",
        property_type="condo",
    )  # fmt: skip

    async def listed(query: str) -> list[object]:
        response = await client.get(
            f"/homeowners/properties?sort=name&{query}", headers=owner.headers
        )
        assert response.status_code == 200, response.text
        return names(response.json())

    assert await listed("city=AUSTIN") == ["A", "C"]
    assert await listed("state=co") == ["B"]
    assert await listed("postal_code=78701") == ["C"]
    assert await listed("property_type=condo") == ["C"]
    assert await listed("city=austin&property_type=single_family") == ["A"]
    assert await listed("city=Aus") == []  # exact, not a prefix
    assert (await client.get("/homeowners/properties?city=Austin", headers=owner.headers)).json()[
        "total"
    ] == 2


async def test_search_needs_every_word_and_accepts_prefixes(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    owner = await make_logged_in(client, db)
    await create_property(client, owner, name="Lake house", address_line1="1200 Barton Springs Rd")
    await create_property(client, owner, name="City flat", address_line1="5 Congress Ave")

    async def found(q: str) -> list[object]:
        response = await client.get(
            "/homeowners/properties", params={"q": q, "sort": "name"}, headers=owner.headers
        )
        assert response.status_code == 200, response.text
        return names(response.json())

    assert await found("barton") == ["Lake house"]
    assert await found("BARTON springs") == ["Lake house"]
    assert await found("bart spr") == ["Lake house"]  # partial words
    assert await found("barton congress") == []  # every word must match
    assert await found("78704") == ["City flat", "Lake house"]  # the postal code
    assert await found("   ") != []  # blank is ignored
    assert await found("yard") == []  # descriptions are not searched (spec: name and address)


@pytest.mark.parametrize(
    "q", ["%", "_", "\\", "'", '"', "a'b\\c", "!(&|", "100%_off", "::*", "ß", "Ω" * 200]
)
async def test_search_survives_special_characters(
    client: httpx.AsyncClient, db: AsyncSession, q: str
) -> None:
    owner = await make_logged_in(client, db)
    await create_property(client, owner, name="Plain")

    response = await client.get("/homeowners/properties", params={"q": q}, headers=owner.headers)

    assert response.status_code == 200, response.text
    assert response.json()["items"] == []  # no wildcard or operator leaked into a match


async def test_search_matches_literal_percent_in_the_name(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    owner = await make_logged_in(client, db)
    await create_property(client, owner, name="100% solar")
    await create_property(client, owner, name="Other")

    response = await client.get("/homeowners/properties", params={"q": "%"}, headers=owner.headers)

    assert names(response.json()) == ["100% solar"]
