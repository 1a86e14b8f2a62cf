"""/service-providers/services: a provider's own services."""

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hestami_api.marketplace.models import Inquiry, Service
from tests.factories import make_logged_in
from tests.marketplace.factories import (
    audit_entries,
    backdate,
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


def test_create_and_get_a_service(client: TestClient, db: Session) -> None:
    provider = make_logged_in(client, db, role="service_provider")

    created = create_service(client, provider, price_min=19.999, price_max=20.004)

    assert set(created) == SERVICE_FIELDS
    assert created["provider_id"] == str(provider.user.id)
    assert created["is_active"] is True  # the default
    # Stored to the cent, rounded.
    assert (created["price_min"], created["price_max"]) == (20.0, 20.0)
    fetched = client.get(f"/service-providers/services/{created['id']}", headers=provider.headers)
    assert fetched.status_code == 200
    assert fetched.json() == created
    [entry] = audit_entries(db, "service.created", created["id"])
    assert entry.actor_id == provider.user.id


def test_put_replaces_every_field(client: TestClient, db: Session) -> None:
    provider = make_logged_in(client, db, role="service_provider")
    created = create_service(client, provider)

    response = client.put(
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
    [entry] = audit_entries(db, "service.updated", created["id"])
    assert sorted(entry.details["fields"]) == sorted(
        ["title", "description", "price_min", "price_max", "price_unit", "postal_code"]
    )


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_price_max_below_price_min_is_422(client: TestClient, db: Session, method: str) -> None:
    provider = make_logged_in(client, db, role="service_provider")
    path = "/service-providers/services"
    if method == "PUT":
        path += "/" + create_service(client, provider)["id"]

    response = client.request(
        method, path, headers=provider.headers, json=service_body(price_min=100, price_max=99.99)
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["body", "price_max"]


def test_equal_and_one_sided_prices_are_fine(client: TestClient, db: Session) -> None:
    provider = make_logged_in(client, db, role="service_provider")

    assert create_service(client, provider, price_min=50, price_max=50)["price_max"] == 50
    assert create_service(client, provider, price_min=None, price_max=10)["price_min"] is None
    assert create_service(client, provider, price_min=10_000_000, price_max=None)["price_min"] == (
        10_000_000
    )


@pytest.mark.parametrize(
    "override",
    [{"price_min": -1}, {"price_max": 10_000_001}, {"category": "astrology"}, {"title": "a<b"},
     {"price_unit": "per_year"}, {"provider_id": str(uuid.UUID(int=1))}, {"postal_code": "7"}],
)  # fmt: skip
def test_bad_bodies_are_422(client: TestClient, db: Session, override: dict[str, object]) -> None:
    provider = make_logged_in(client, db, role="service_provider")

    response = client.post(
        "/service-providers/services", headers=provider.headers, json=service_body(**override)
    )

    assert response.status_code == 422


def test_delete_removes_the_service_and_its_inquiries(client: TestClient, db: Session) -> None:
    provider = make_logged_in(client, db, role="service_provider")
    homeowner = make_logged_in(client, db)
    created = create_service(client, provider)
    create_inquiry(client, homeowner, created["id"])
    create_inquiry(client, homeowner, created["id"])

    response = client.delete(
        f"/service-providers/services/{created['id']}", headers=provider.headers
    )

    assert response.status_code == 204
    service_id = uuid.UUID(created["id"])
    assert db.get(Service, service_id) is None
    count = select(func.count()).select_from(Inquiry).where(Inquiry.service_id == service_id)
    assert db.scalar(count) == 0
    [entry] = audit_entries(db, "service.deleted", created["id"])
    assert entry.details == {"inquiries_deleted": 2}


def test_another_providers_service_is_not_found(client: TestClient, db: Session) -> None:
    owner = make_logged_in(client, db, role="service_provider")
    rival = make_logged_in(client, db, role="service_provider")
    created = create_service(client, owner)
    url = f"/service-providers/services/{created['id']}"

    assert client.get(url, headers=rival.headers).status_code == 404
    assert client.put(url, headers=rival.headers, json=service_body()).status_code == 404
    assert client.delete(url, headers=rival.headers).status_code == 404
    assert client.get("/service-providers/services", headers=rival.headers).json()["total"] == 0
    assert client.get(url, headers=owner.headers).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/service-providers/services"),
        ("POST", "/service-providers/services"),
        ("GET", f"/service-providers/services/{uuid.UUID(int=1)}"),
        ("PUT", f"/service-providers/services/{uuid.UUID(int=1)}"),
        ("DELETE", f"/service-providers/services/{uuid.UUID(int=1)}"),
    ],
)
@pytest.mark.parametrize("role", ["homeowner", "staff"])
def test_other_roles_are_forbidden(
    client: TestClient, db: Session, method: str, path: str, role: str
) -> None:
    someone = make_logged_in(client, db, role=role)  # type: ignore[arg-type]

    body = service_body() if method in {"POST", "PUT"} else None
    response = client.request(method, path, headers=someone.headers, json=body)

    assert response.status_code == 403


def test_list_shows_inactive_too_and_filters(client: TestClient, db: Session) -> None:
    provider = make_logged_in(client, db, role="service_provider")
    create_service(client, provider, title="A", category="plumbing")
    create_service(client, provider, title="B", category="hvac", is_active=False)
    create_service(client, provider, title="C", category="hvac")

    def listed(query: str) -> list[object]:
        response = client.get(
            f"/service-providers/services?sort=title&{query}", headers=provider.headers
        )
        assert response.status_code == 200, response.text
        return titles(response.json())

    assert listed("") == ["A", "B", "C"]
    assert listed("is_active=false") == ["B"]
    assert listed("is_active=true") == ["A", "C"]
    assert listed("category=hvac") == ["B", "C"]
    assert listed("category=hvac&is_active=true") == ["C"]


def test_list_search_uses_full_text(client: TestClient, db: Session) -> None:
    provider = make_logged_in(client, db, role="service_provider")
    create_service(client, provider, title="Pipes", description="We fix leaking faucets.")
    create_service(client, provider, title="Wires", description="Panel upgrades.")

    def found(q: str) -> list[object]:
        response = client.get(
            "/service-providers/services", params={"q": q}, headers=provider.headers
        )
        return titles(response.json())

    assert found("leak") == ["Pipes"]  # English stemming over the description
    assert found("panels") == ["Wires"]
    assert found("roof") == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price_min", ["cheap", "Dear", "no price"]),
        ("-price_min", ["Dear", "cheap", "no price"]),  # no price last both ways
        ("title", ["cheap", "Dear", "no price"]),
        ("-title", ["no price", "Dear", "cheap"]),
        ("created_at", ["no price", "Dear", "cheap"]),
        ("-created_at", ["cheap", "Dear", "no price"]),
    ],
)
def test_list_sorts(client: TestClient, db: Session, sort: str, expected: list[str]) -> None:
    provider = make_logged_in(client, db, role="service_provider")
    for age, (title, price) in enumerate([("cheap", 10), ("Dear", 900), ("no price", None)]):
        created = create_service(client, provider, title=title, price_min=price, price_max=None)
        backdate(db, Service, created["id"], days=age)

    response = client.get(f"/service-providers/services?sort={sort}", headers=provider.headers)

    assert response.status_code == 200
    assert titles(response.json()) == expected


def test_list_pagination(client: TestClient, db: Session) -> None:
    provider = make_logged_in(client, db, role="service_provider")
    for n in range(3):
        create_service(client, provider, title=f"S{n}")

    pages = [
        client.get(
            f"/service-providers/services?sort=title&limit=2&offset={offset}",
            headers=provider.headers,
        ).json()
        for offset in (0, 2)
    ]

    assert [page["total"] for page in pages] == [3, 3]
    assert titles(pages[0]) + titles(pages[1]) == ["S0", "S1", "S2"]
