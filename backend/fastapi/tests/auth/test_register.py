"""POST /auth/register."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from hestami_api.audit.models import AuditLog
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
def test_register_creates_the_account(client: TestClient, db: Session, role: str) -> None:
    response = client.post("/auth/register", json=registration(role=role))

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["role"] == role
    assert body["is_active"] is True
    assert "password" not in response.text
    assert response.headers["cache-control"] == "no-store"
    stored = db.scalars(select(User).where(User.username == "river_house")).one()
    assert stored.password_hash.startswith("bcrypt-sha256$")
    assert STRONG_PASSWORD not in stored.password_hash
    audit = db.scalars(select(AuditLog).where(AuditLog.action == "user.registered")).one()
    assert audit.actor_id == stored.id
    assert STRONG_PASSWORD not in str(audit.details)


def test_staff_cannot_self_register(client: TestClient) -> None:
    response = client.post("/auth/register", json=registration(role="staff"))

    assert response.status_code == 422
    assert ["body", "role"] in [error["loc"] for error in response.json()["errors"]]


@pytest.mark.parametrize(
    ("field", "taken"),
    [("username", "RIVER_HOUSE"), ("email", "River@Example.com")],
)
def test_taken_username_or_email_is_409_ignoring_case(
    client: TestClient, db: Session, field: str, taken: str
) -> None:
    make_user(db, username="river_house", email="river@example.com")
    fresh = {"username": "someone_else", "email": "else@example.com"}

    response = client.post("/auth/register", json=registration(**(fresh | {field: taken})))

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
def test_weak_password_is_422_naming_the_rule(
    client: TestClient, db: Session, password: str, rule: str | None
) -> None:
    response = client.post("/auth/register", json=registration(password=password))

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["loc"] == ["body", "password"]
    if rule:
        assert errors[0]["type"] == rule
    assert db.scalars(select(User).where(User.username == "river_house")).first() is None


def test_password_longer_than_72_bytes_is_accepted(client: TestClient) -> None:
    response = client.post("/auth/register", json=registration(password="€" * 40))

    assert response.status_code == 201


def test_markup_in_plain_text_is_rejected(client: TestClient) -> None:
    response = client.post("/auth/register", json=registration(full_name="<script>x</script>"))

    assert response.status_code == 422
