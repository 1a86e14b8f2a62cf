"""GET/PUT /users/me."""

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.core.db import create_db_engine
from tests.factories import DEFAULT_PASSWORD, USER_FIELDS, make_logged_in, make_user


async def test_me_returns_the_signed_in_user_without_secrets(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    me = await make_logged_in(client, db)

    response = await client.get("/users/me", headers=me.headers)

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(me.user.id)
    assert body["username"] == me.user.username
    assert set(body) == USER_FIELDS


async def test_update_profile(client: httpx.AsyncClient, db: AsyncSession) -> None:
    me = await make_logged_in(client, db)

    response = await client.put(
        "/users/me",
        headers=me.headers,
        json={
            "full_name": "Jo Doe",
            "email": "jo@example.org",
            "phone": "+1 555 0100",
            "current_password": DEFAULT_PASSWORD,  # changing the email needs it
        },
    )

    assert response.status_code == 200, response.text
    assert response.json()["email"] == "jo@example.org"
    assert (await client.get("/users/me", headers=me.headers)).json()["phone"] == "+1 555 0100"


async def test_update_to_taken_email_is_409_case_insensitive(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    await make_user(db, email="taken@example.com")
    me = await make_logged_in(client, db)

    response = await client.put(
        "/users/me",
        headers=me.headers,
        json={
            "full_name": None,
            "email": "TAKEN@example.com",
            "phone": None,
            "current_password": DEFAULT_PASSWORD,
        },
    )

    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"


async def test_me_requires_a_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/users/me")

    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_database_sessions_run_in_utc(database_url: str) -> None:
    engine = create_db_engine(database_url)
    async with engine.connect() as connection:
        zone = (await connection.execute(text("SHOW TIME ZONE"))).scalar()
    await engine.dispose()

    assert zone == "UTC"  # timestamps render with Z whatever the server's default zone
