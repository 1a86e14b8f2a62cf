"""POST /auth/register."""

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.models import AuditLog
from hestami_api.auth import repository
from hestami_api.auth.models import User
from tests.factories import make_user

STRONG_PASSWORD = "plenty of words make it strong"


def registration(**overrides: object) -> dict[str, object]:
    return {
        "username": "river_house",
        "email": "river@example.com",
        "password": STRONG_PASSWORD,
        "role": "homeowner",
        "full_name": "River House",
    } | overrides


@pytest.mark.parametrize("role", ["homeowner", "service_provider"])
async def test_register_creates_the_account(
    client: httpx.AsyncClient, db: AsyncSession, role: str
) -> None:
    response = await client.post("/auth/register", json=registration(role=role))

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["role"] == role
    assert body["is_active"] is True
    assert "password" not in response.text
    assert response.headers["cache-control"] == "no-store"
    stored = (await db.scalars(select(User).where(User.username == "river_house"))).one()
    assert stored.password_hash.startswith("bcrypt-sha256$")
    assert STRONG_PASSWORD not in stored.password_hash
    audit = (await db.scalars(select(AuditLog).where(AuditLog.action == "user.registered"))).one()
    assert audit.actor_id == stored.id
    assert STRONG_PASSWORD not in str(audit.details)


async def test_staff_cannot_self_register(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/register", json=registration(role="staff"))

    assert response.status_code == 422
    assert ["body", "role"] in [error["loc"] for error in response.json()["errors"]]


@pytest.mark.parametrize(
    ("field", "taken"),
    [("username", "RIVER_HOUSE"), ("email", "River@Example.com")],
)
async def test_taken_username_or_email_is_409_ignoring_case(
    client: httpx.AsyncClient, db: AsyncSession, field: str, taken: str
) -> None:
    await make_user(db, username="river_house", email="river@example.com")
    fresh = {"username": "someone_else", "email": "else@example.com"}

    response = await client.post("/auth/register", json=registration(**(fresh | {field: taken})))

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert field in response.json()["detail"].lower() or "account" in response.json()["detail"]


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("short", None),  # the schema's minLength: a plain validation error
        ("qwerty123456", "password_too_common"),
        ("my river_house is lovely", "password_contains_username"),
        ("river is where i live now", "password_contains_email"),
    ],
)
async def test_weak_password_is_422_naming_the_rule(
    client: httpx.AsyncClient, db: AsyncSession, password: str, rule: str | None
) -> None:
    response = await client.post("/auth/register", json=registration(password=password))

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["loc"] == ["body", "password"]
    if rule:
        assert errors[0]["type"] == rule
    assert (await db.scalars(select(User).where(User.username == "river_house"))).first() is None


async def test_password_longer_than_72_bytes_is_accepted(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/register", json=registration(password="€" * 40))

    assert response.status_code == 201


async def test_markup_in_plain_text_is_rejected(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/auth/register", json=registration(full_name="<script>x</script>")
    )

    assert response.status_code == 422


@pytest.mark.parametrize(
    ("field", "taken"),
    [("username", "RIVER_HOUSE"), ("email", "River@Example.com")],
)
async def test_losing_the_race_for_a_name_is_409_too(
    client: httpx.AsyncClient,
    db: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
    field: str,
    taken: str,
) -> None:
    """Another request may take the name between the check and the insert: the unique index
    decides, and the loser gets the same 409 (not a 500)."""
    await make_user(db, username="river_house", email="river@example.com")

    async def not_taken(*args: object, **kwargs: object) -> bool:
        return False  # the check ran before the other request committed

    monkeypatch.setattr(repository, "username_taken", not_taken)
    monkeypatch.setattr(repository, "email_taken", not_taken)
    fresh = {"username": "someone_else", "email": "else@example.com"}

    response = await client.post("/auth/register", json=registration(**(fresh | {field: taken})))

    assert response.status_code == 409, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == repository.UNIQUE_INDEX_MESSAGES[f"uq_users_{field}_lower"]
