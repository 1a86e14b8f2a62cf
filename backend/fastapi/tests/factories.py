"""Test data: accounts built through the same code paths the API uses, registration and
log-in for live API processes, and the column values of valid marketplace rows for the
tests that insert rows directly."""

import itertools
import secrets
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.auth import repository
from hestami_api.auth.models import User
from hestami_api.auth.passwords import get_password_hasher
from hestami_api.generated.enums import Role

DEFAULT_PASSWORD = "correct horse battery staple"
# Every field the API shows of an account, and so none of its secrets.
USER_FIELDS = {
    "id",
    "username",
    "email",
    "email_verified",
    "full_name",
    "phone",
    "role",
    "is_active",
    "created_at",
    "updated_at",
}
_sequence = itertools.count(1)


def property_columns(**overrides: Any) -> dict[str, Any]:
    """A valid marketplace.properties row but for its owner_id."""
    return {
        "name": "Lake house",
        "address_line1": "1 Shore Road",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "property_type": "single_family",
    } | overrides


def service_columns(**overrides: Any) -> dict[str, Any]:
    """A valid marketplace.services row but for its provider_id."""
    return {
        "title": "Emergency pipe repair",
        "description": "Leaking faucets and burst pipes fixed the same day.",
        "category": "plumbing",
        "city": "Springfield",
        "state": "IL",
    } | overrides


async def make_user(
    db: AsyncSession,
    *,
    role: Role = "homeowner",
    username: str | None = None,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    full_name: str | None = "Pat Example",
    is_active: bool = True,
) -> User:
    number = next(_sequence)
    username = username or f"user{number}"
    user = await repository.add_user(
        db,
        username=username,
        email=email or f"{username}@example.com",
        password_hash=get_password_hasher().hash(password),
        role=role,
        full_name=full_name,
    )
    if not is_active:
        user.is_active = False
    # The API shares this session; a request that fails rolls back to the last commit (a
    # savepoint inside the test's transaction), so commit what the test builds.
    await db.commit()
    return user


@dataclass(frozen=True)
class LoggedIn:
    user: User
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.access_token)


async def log_in(
    client: httpx.AsyncClient, user: User, password: str = DEFAULT_PASSWORD
) -> LoggedIn:
    response = await client.post(
        "/auth/login", data={"username": user.username, "password": password}
    )
    assert response.status_code == 200, response.text
    tokens = response.json()
    return LoggedIn(user, tokens["access_token"], tokens["refresh_token"])


async def get_ok(client: httpx.AsyncClient, path: str, caller: LoggedIn, **params: Any) -> Any:
    """GET as `caller`, which must answer 200; returns the JSON body."""
    response = await client.get(path, headers=caller.headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The response is a problem+json document (RFC 9457) for this status; returns it."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


async def make_logged_in(
    client: httpx.AsyncClient, db: AsyncSession, *, role: Role = "homeowner"
) -> LoggedIn:
    return await log_in(client, await make_user(db, role=role))


def registration(**fields: Any) -> dict[str, Any]:
    """A valid POST /auth/register body. Its username (and the email made from it) is new
    unless given, also among the processes that register in one live database."""
    username = fields.pop("username", None) or f"user_{secrets.token_hex(5)}"
    return {
        "username": username,
        "email": f"{username}@example.com",
        "password": DEFAULT_PASSWORD,
        "role": "homeowner",
    } | fields


def register_live(base_url: str, **fields: Any) -> dict[str, Any]:
    """Registers an account with a real API process; returns the body it sent."""
    body = registration(**fields)
    response = httpx.post(f"{base_url}/auth/register", json=body, timeout=60)
    assert response.status_code == 201, response.text
    return body


def log_in_live(base_url: str, username: str, password: str = DEFAULT_PASSWORD) -> dict[str, Any]:
    """Logs in to a real API process; returns the token response."""
    response = httpx.post(
        f"{base_url}/auth/login", data={"username": username, "password": password}, timeout=60
    )
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}
