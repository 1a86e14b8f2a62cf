"""GET/PUT /users/me."""

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session

from hestami_api.core.db import create_db_engine
from tests.factories import make_logged_in, make_user


def test_me_returns_the_signed_in_user_without_secrets(client: TestClient, db: Session) -> None:
    me = make_logged_in(client, db)

    response = client.get("/users/me", headers=me.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(me.user.id)
    assert body["username"] == me.user.username
    assert set(body) == {
        "id",
        "username",
        "email",
        "full_name",
        "phone",
        "role",
        "is_active",
        "created_at",
        "updated_at",
    }


def test_update_profile(client: TestClient, db: Session) -> None:
    me = make_logged_in(client, db)

    response = client.put(
        "/users/me",
        headers=me.headers,
        json={"full_name": "Jo Doe", "email": "jo@example.org", "phone": "+1 555 0100"},
    )

    assert response.status_code == 200, response.text
    assert response.json()["email"] == "jo@example.org"
    assert client.get("/users/me", headers=me.headers).json()["phone"] == "+1 555 0100"


def test_update_to_taken_email_is_409_case_insensitive(client: TestClient, db: Session) -> None:
    make_user(db, email="taken@example.com")
    me = make_logged_in(client, db)

    response = client.put(
        "/users/me",
        headers=me.headers,
        json={"full_name": None, "email": "TAKEN@example.com", "phone": None},
    )

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"


def test_me_requires_a_token(client: TestClient) -> None:
    response = client.get("/users/me")

    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_database_sessions_run_in_utc(database_url: str) -> None:
    engine = create_db_engine(database_url)
    with engine.connect() as connection:
        zone = connection.execute(text("SHOW TIME ZONE")).scalar()
    engine.dispose()

    assert zone == "UTC"  # timestamps render with Z whatever the server's default zone
