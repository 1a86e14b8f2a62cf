"""Every staff operation is closed to other roles (403) and to callers without a token (401)."""

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.auth.models import User
from hestami_api.generated.enums import Role
from tests.factories import LoggedIn, make_logged_in, make_user

# (method, path, JSON body); "{user_id}" is replaced by a real account's id.
ADMIN_OPERATIONS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/admin/users", None),
    ("GET", "/admin/users/{user_id}", None),
    ("PATCH", "/admin/users/{user_id}", {"role": "staff"}),
    ("DELETE", "/admin/users/{user_id}/sessions", None),
    ("GET", "/admin/audit-logs", None),
    ("GET", "/admin/stats", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_OPERATIONS)
@pytest.mark.parametrize("role", ["homeowner", "service_provider"])
async def test_other_roles_get_403(
    client: httpx.AsyncClient,
    db: AsyncSession,
    role: Role,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    caller = await make_logged_in(client, db, role=role)

    response = await client.request(
        method, path.format(user_id=caller.user.id), headers=caller.headers, json=body
    )

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 403
    stored = await db.get(User, caller.user.id, populate_existing=True)
    assert stored is not None
    assert stored.role == role  # the PATCH did not promote the caller


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_OPERATIONS)
async def test_no_token_gets_401(
    client: httpx.AsyncClient, db: AsyncSession, method: str, path: str, body: dict[str, Any] | None
) -> None:
    target = await make_user(db)

    response = await client.request(method, path.format(user_id=target.id), json=body)

    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(("method", "path", "body"), ADMIN_OPERATIONS)
async def test_staff_gets_in(
    client: httpx.AsyncClient,
    db: AsyncSession,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    staff: LoggedIn,
) -> None:
    target = await make_user(db)

    response = await client.request(
        method, path.format(user_id=target.id), headers=staff.headers, json=body
    )

    assert response.status_code == (204 if method == "DELETE" else 200), response.text
