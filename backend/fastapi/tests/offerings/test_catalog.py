"""/services: the public catalog of active services of active providers."""

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.offerings.models import Offering
from tests.factories import LoggedIn, make_logged_in
from tests.marketplace.factories import backdate, change_account, create_service

QueryValue = str | int | float | None


def titles(response_json: dict[str, object]) -> list[object]:
    items = response_json["items"]
    assert isinstance(items, list)
    return [item["title"] for item in items]


async def search(client: httpx.AsyncClient, viewer: LoggedIn, **params: QueryValue) -> list[object]:
    response = await client.get("/services", params=params, headers=viewer.headers)
    assert response.status_code == 200, response.text
    return titles(response.json())


@pytest.mark.parametrize("role", ["homeowner", "service_provider", "staff"])
async def test_every_role_sees_the_catalog_with_provider_summary(
    client: httpx.AsyncClient, db: AsyncSession, role: str
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    created = await create_service(client, provider)
    viewer = await make_logged_in(client, db, role=role)  # type: ignore[arg-type]

    page = (await client.get("/services", headers=viewer.headers)).json()
    one = await client.get(f"/services/{created['id']}", headers=viewer.headers)

    assert page["total"] == 1
    [item] = page["items"]
    # A provider who never saved a profile shows the account's full name.
    assert item["provider"] == {
        "id": str(provider.user.id),
        "business_name": "Pat Example",
        "website": None,
    }
    assert item == created | {"provider": item["provider"]}
    assert one.status_code == 200
    assert one.json() == item


async def test_provider_summary_comes_from_the_saved_profile(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    created = await create_service(client, provider)
    saved = await client.put(
        "/service-providers/profile",
        headers=provider.headers,
        json={"business_name": "Barton Plumbing", "website": "https://barton.example.com"},
    )
    assert saved.status_code == 200

    response = await client.get(f"/services/{created['id']}", headers=provider.headers)

    assert response.json()["provider"] == {
        "id": str(provider.user.id),
        "business_name": "Barton Plumbing",
        "website": "https://barton.example.com",
    }


async def test_summary_falls_back_to_the_username(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    await change_account(db, provider.user, full_name=None)
    await create_service(client, provider)

    [item] = (await client.get("/services", headers=provider.headers)).json()["items"]

    assert item["provider"]["business_name"] == provider.user.username


async def test_inactive_services_and_deactivated_providers_are_hidden(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    leaving = await make_logged_in(client, db, role="service_provider")
    viewer = await make_logged_in(client, db)
    visible = await create_service(client, provider, title="Visible")
    withdrawn = await create_service(client, provider, title="Withdrawn", is_active=False)
    orphaned = await create_service(client, leaving, title="Orphaned")
    await change_account(db, leaving.user, is_active=False)

    page = (await client.get("/services", headers=viewer.headers)).json()

    assert (titles(page), page["total"]) == (["Visible"], 1)
    assert (
        await client.get(f"/services/{visible['id']}", headers=viewer.headers)
    ).status_code == 200
    for hidden in (withdrawn, orphaned):
        response = await client.get(f"/services/{hidden['id']}", headers=viewer.headers)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
    unknown = await client.get(f"/services/{uuid.uuid4()}", headers=viewer.headers)
    assert unknown.status_code == 404


async def test_services_of_an_account_that_is_no_longer_a_provider_are_hidden(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    created = await create_service(client, provider)
    viewer = await make_logged_in(client, db)
    await change_account(db, provider.user, role="homeowner")  # as a staff role change does

    assert (await client.get("/services", headers=viewer.headers)).json()["total"] == 0
    assert (
        await client.get(f"/services/{created['id']}", headers=viewer.headers)
    ).status_code == 404


async def test_full_text_search(client: httpx.AsyncClient, db: AsyncSession) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    viewer = await make_logged_in(client, db)
    await create_service(
        client, provider, title="Pipe work", description="We repair leaking faucets quickly."
    )
    await create_service(client, provider, title="Panel upgrades", category="electrical",
                         description="Breaker boxes and wiring.")  # fmt: skip
    await create_service(
        client, provider, title="Lawn care", category="landscaping", description=None
    )

    assert await search(client, viewer, q="leak") == ["Pipe work"]  # stemmed, in the description
    assert await search(client, viewer, q="faucets breaker") == []  # every word must match
    assert await search(client, viewer, q="faucet or breaker", sort="title") == [
        "Panel upgrades",
        "Pipe work",
    ]
    assert await search(client, viewer, q="repair -faucets") == []  # -word excludes
    assert await search(client, viewer, q='"repair leaking"') == ["Pipe work"]  # a phrase
    assert await search(client, viewer, q='"leaking repair"') == []
    assert await search(client, viewer, q="landscaping") == ["Lawn care"]  # the category
    assert await search(client, viewer, q="upgr") == ["Panel upgrades"]  # partial word of a title
    assert await search(client, viewer, q="gutters") == []


async def test_relevance_is_the_default_order_with_q(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    viewer = await make_logged_in(client, db)
    weak = await create_service(
        client, provider, title="General help", description="Also some roof."
    )
    strong = await create_service(
        client, provider, title="Roof repair", description="Roof leaks, roof."
    )
    # The weak match is newer: only relevance puts the strong one first.
    await backdate(db, Offering, weak["id"], days=1)
    await backdate(db, Offering, strong["id"], days=2)

    assert await search(client, viewer, q="roof") == ["Roof repair", "General help"]
    assert await search(client, viewer, q="roof", sort="relevance") == [
        "Roof repair",
        "General help",
    ]
    assert await search(client, viewer, q="roof", sort="-created_at") == [
        "General help",
        "Roof repair",
    ]
    # relevance without q means newest first
    assert await search(client, viewer, sort="relevance") == ["General help", "Roof repair"]
    assert await search(client, viewer) == ["General help", "Roof repair"]


@pytest.mark.parametrize("path", ["/services", "/service-providers/services"])
@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price_min", ["a-cheap", "B-mid", "c-none"]),
        ("-price_min", ["B-mid", "a-cheap", "c-none"]),  # no price last both ways
        ("title", ["a-cheap", "B-mid", "c-none"]),  # case-insensitive
        ("-title", ["c-none", "B-mid", "a-cheap"]),
        ("created_at", ["c-none", "B-mid", "a-cheap"]),
        ("-created_at", ["a-cheap", "B-mid", "c-none"]),
    ],
)
async def test_the_catalog_and_a_providers_own_list_sort_alike(
    client: httpx.AsyncClient, db: AsyncSession, path: str, sort: str, expected: list[str]
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    for age, (title, price) in enumerate([("a-cheap", 10), ("B-mid", 50), ("c-none", None)]):
        created = await create_service(
            client, provider, title=title, price_min=price, price_max=None
        )
        await backdate(db, Offering, created["id"], days=age)

    response = await client.get(path, params={"sort": sort}, headers=provider.headers)

    assert response.status_code == 200, response.text
    assert titles(response.json()) == expected


async def test_filters(client: httpx.AsyncClient, db: AsyncSession) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    other = await make_logged_in(client, db, role="service_provider")
    viewer = await make_logged_in(client, db)
    await create_service(
        client, provider, title="A", city="Austin", state="TX", postal_code="78701"
    )
    await create_service(client, provider, title="B", city="Denver", state="CO",
                         postal_code="80202", category="hvac")  # fmt: skip
    await create_service(client, other, title="C", city="austin", state="tx", postal_code="78704")

    async def found(**params: QueryValue) -> list[object]:
        return await search(client, viewer, sort="title", **params)

    assert await found(city="AUSTIN") == ["A", "C"]
    assert await found(state="Tx") == ["A", "C"]
    assert await found(postal_code="80202") == ["B"]
    assert await found(category="hvac") == ["B"]
    assert await found(provider_id=str(other.user.id)) == ["C"]
    assert await found(provider_id=str(uuid.uuid4())) == []
    assert await found(city="Austin", postal_code="78704") == ["C"]


async def test_price_filters_keep_price_min_within_bounds(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    viewer = await make_logged_in(client, db)
    for title, low, high in [("p10", 10, 100), ("p50", 50, 60), ("p99", 99.99, None),
                             ("none", None, 500)]:  # fmt: skip
        await create_service(client, provider, title=title, price_min=low, price_max=high)

    async def found(**params: QueryValue) -> list[object]:
        return await search(client, viewer, sort="price_min", **params)

    assert await found() == ["p10", "p50", "p99", "none"]
    assert await found(min_price=50) == ["p50", "p99"]
    assert await found(max_price=50) == ["p10", "p50"]
    assert await found(min_price=20, max_price=99.99) == ["p50", "p99"]
    assert await found(min_price=0) == ["p10", "p50", "p99"]  # no price: left out
    assert await found(min_price=50, max_price=50) == ["p50"]


async def test_crossed_price_bounds_are_422(client: httpx.AsyncClient, db: AsyncSession) -> None:
    viewer = await make_logged_in(client, db)

    response = await client.get("/services?min_price=100&max_price=99.5", headers=viewer.headers)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["query", "min_price"]


async def test_pagination_counts_every_match(client: httpx.AsyncClient, db: AsyncSession) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    for n in range(5):
        await create_service(client, provider, title=f"S{n}", is_active=n != 4)

    page = (
        await client.get("/services?sort=title&limit=3&offset=2", headers=provider.headers)
    ).json()

    assert (titles(page), page["total"], page["limit"], page["offset"]) == (["S2", "S3"], 4, 3, 2)


@pytest.mark.parametrize(
    "q", ["%", "_", "\\", "'", '"', "'; DROP TABLE services; --", "a & b | !c", ":*", "<->",
          '"unterminated', "or", "-", "the", "100%_off", "Ω" * 200],
)  # fmt: skip
async def test_search_survives_odd_text(
    client: httpx.AsyncClient, db: AsyncSession, q: str
) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    await create_service(client, provider, title="Plain", description="Nothing special.")

    response = await client.get("/services", params={"q": q}, headers=provider.headers)

    assert response.status_code == 200, response.text
    assert response.json()["total"] == 0


async def test_like_wildcards_in_q_are_literal(client: httpx.AsyncClient, db: AsyncSession) -> None:
    provider = await make_logged_in(client, db, role="service_provider")
    await create_service(client, provider, title="50% off gutters")
    await create_service(client, provider, title="500 off gutters")

    assert await search(client, provider, q="50%") == ["50% off gutters"]


async def test_catalog_needs_a_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/services")).status_code == 401
    assert (await client.get(f"/services/{uuid.uuid4()}")).status_code == 401
