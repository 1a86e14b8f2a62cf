"""PATCH /admin/users/{user_id}: role changes, (de)activation, their audit and session effects."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.admin import service
from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import User, UserSession
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import PermissionDeniedError
from hestami_api.core.etag import unconditional
from tests.factories import DEFAULT_PASSWORD, LoggedIn, log_in, make_logged_in, make_user, problem

STAFF_IP = "203.0.113.7"


@pytest.fixture
async def staff_client(client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """The same app, seen from a known client address (the audit log records it)."""
    transport = client._transport
    assert isinstance(transport, httpx.ASGITransport)
    known_ip = httpx.ASGITransport(
        app=transport.app, raise_app_exceptions=False, client=(STAFF_IP, 40000)
    )
    async with httpx.AsyncClient(transport=known_ip, base_url=client.base_url) as from_known_ip:
        yield from_known_ip


async def patch_user(
    client: httpx.AsyncClient, staff: LoggedIn, user_id: uuid.UUID, body: Any
) -> tuple[int, dict[str, Any]]:
    response = await client.patch(f"/admin/users/{user_id}", headers=staff.headers, json=body)
    payload: dict[str, Any] = response.json()
    return response.status_code, payload


async def me_status(client: httpx.AsyncClient, session: LoggedIn) -> int:
    status: int = (await client.get("/users/me", headers=session.headers)).status_code
    return status


async def refresh_status(client: httpx.AsyncClient, session: LoggedIn) -> int:
    response = await client.post("/auth/refresh", json={"refresh_token": session.refresh_token})
    status: int = response.status_code
    return status


async def audit_entries(db: AsyncSession, target: User) -> list[AuditLog]:
    query = (
        select(AuditLog)
        .where(AuditLog.target_id == str(target.id), AuditLog.action.like("user.%"))
        .order_by(AuditLog.action)
    )
    return list(await db.scalars(query))


async def session_end_reasons(db: AsyncSession, user: User) -> list[str | None]:
    query = select(UserSession.revoked_reason).where(UserSession.user_id == user.id)
    return list(await db.scalars(query))


async def reload(db: AsyncSession, user: User) -> User:
    """The account as stored now (``user`` may be detached, or stale)."""
    stored = await db.get(User, user.id, populate_existing=True)
    assert stored is not None
    return stored


async def test_role_change_ends_the_users_sessions_at_once(
    client: httpx.AsyncClient, staff_client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    target = await make_user(db, role="homeowner")
    session = await log_in(client, target)
    assert await me_status(client, session) == 200

    status, body = await patch_user(staff_client, staff, target.id, {"role": "service_provider"})

    assert status == 200, body
    assert body["role"] == "service_provider"
    assert body["is_active"] is True
    assert await me_status(client, session) == 401
    assert await refresh_status(client, session) == 401
    assert await session_end_reasons(db, target) == ["role_changed"]
    assert (
        await me_status(client, await log_in(client, target)) == 200
    )  # a new login works, with the new role
    (entry,) = await audit_entries(db, target)
    assert entry.action == "user.role_changed"
    assert entry.actor_id == staff.user.id
    assert entry.target_type == "user"
    assert entry.ip_address == STAFF_IP
    assert entry.details == {"from": "homeowner", "to": "service_provider"}


async def test_deactivation_ends_sessions_and_blocks_login_like_a_wrong_password(
    client: httpx.AsyncClient, staff_client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    target = await make_user(db)
    session = await log_in(client, target)

    status, body = await patch_user(staff_client, staff, target.id, {"is_active": False})

    assert status == 200, body
    assert body["is_active"] is False
    assert await me_status(client, session) == 401
    assert await refresh_status(client, session) == 401
    # Ended in the database, not merely refused while the account is inactive.
    assert await session_end_reasons(db, target) == ["deactivated"]
    inactive_login = await client.post(
        "/auth/login", data={"username": target.username, "password": DEFAULT_PASSWORD}
    )
    wrong_password = await client.post(
        "/auth/login", data={"username": staff.user.username, "password": "not the password"}
    )
    assert inactive_login.status_code == wrong_password.status_code == 401
    # Each problem names its own request; everything else is the same.
    assert inactive_login.json().keys() == wrong_password.json().keys()
    assert inactive_login.json() | {"request_id": None} == wrong_password.json() | {
        "request_id": None
    }
    (entry,) = await audit_entries(db, target)
    assert (entry.action, entry.actor_id, entry.target_type, entry.ip_address) == (
        "user.deactivated",
        staff.user.id,
        "user",
        STAFF_IP,
    )


async def test_reactivation_lets_the_user_log_in_again(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    target = await make_user(db, is_active=False)

    status, body = await patch_user(client, staff, target.id, {"is_active": True})

    assert status == 200, body
    assert body["is_active"] is True
    assert await me_status(client, await log_in(client, target)) == 200
    (entry,) = await audit_entries(db, target)
    assert (entry.action, entry.actor_id) == ("user.activated", staff.user.id)


async def test_role_change_and_deactivation_together(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    target = await make_user(db, role="service_provider")
    session = await log_in(client, target)

    status, body = await patch_user(
        client, staff, target.id, {"role": "homeowner", "is_active": False}
    )

    assert status == 200, body
    assert (body["role"], body["is_active"]) == ("homeowner", False)
    assert await me_status(client, session) == 401
    assert await session_end_reasons(db, target) == ["deactivated"]
    assert [entry.action for entry in await audit_entries(db, target)] == [
        "user.deactivated",
        "user.role_changed",
    ]


async def test_promotion_to_staff_opens_the_admin_endpoints(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    target = await make_user(db)
    before = await log_in(client, target)
    assert (await client.get("/admin/stats", headers=before.headers)).status_code == 403

    status, _ = await patch_user(client, staff, target.id, {"role": "staff"})

    assert status == 200
    assert (await client.get("/admin/stats", headers=before.headers)).status_code == 401
    assert (
        await client.get("/admin/stats", headers=(await log_in(client, target)).headers)
    ).status_code == 200


async def test_staff_can_demote_another_staff_member(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    colleague = await make_logged_in(client, db, role="staff")

    status, body = await patch_user(client, staff, colleague.user.id, {"role": "homeowner"})

    assert status == 200
    assert body["role"] == "homeowner"
    assert (await client.get("/admin/stats", headers=colleague.headers)).status_code == 401


@pytest.mark.parametrize("body", [{"role": "staff"}, {"is_active": True}])
async def test_asking_for_the_current_state_changes_nothing(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn, body: dict[str, Any]
) -> None:
    target = await make_user(db, role="staff")
    session = await log_in(client, target)

    status, returned = await patch_user(client, staff, target.id, body)

    assert status == 200
    assert (returned["role"], returned["is_active"]) == ("staff", True)
    assert await me_status(client, session) == 200
    assert await session_end_reasons(db, target) == [None]
    assert await audit_entries(db, target) == []


@pytest.mark.parametrize("body", [{"role": "homeowner"}, {"is_active": False}])
async def test_staff_cannot_demote_or_deactivate_themselves(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn, body: dict[str, Any]
) -> None:
    status, problem = await patch_user(client, staff, staff.user.id, body)

    assert status == 409
    assert problem["detail"] == "Staff members cannot demote or deactivate themselves."
    assert await me_status(client, staff) == 200
    stored = await reload(db, staff.user)
    assert (stored.role, stored.is_active) == ("staff", True)
    assert await audit_entries(db, staff.user) == []


async def test_staff_may_confirm_their_own_current_state(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    status, body = await patch_user(
        client, staff, staff.user.id, {"role": "staff", "is_active": True}
    )

    assert status == 200
    assert body["role"] == "staff"
    assert await me_status(client, staff) == 200


async def test_unknown_user_is_404(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    status, problem = await patch_user(client, staff, uuid.uuid4(), {"is_active": False})

    assert status == 404
    assert problem["status"] == 404


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({}, ["body"]),
        ({"role": None}, ["body", "role"]),  # omitted is fine, null is not (not nullable)
        ({"role": None, "is_active": None}, ["body", "role"]),
    ],
)
async def test_a_change_that_sets_nothing_is_422(
    client: httpx.AsyncClient,
    db: AsyncSession,
    staff: LoggedIn,
    body: dict[str, Any],
    location: list[str],
) -> None:
    target = await make_user(db)

    response = await client.patch(f"/admin/users/{target.id}", headers=staff.headers, json=body)

    assert problem(response, 422)["errors"][0]["loc"] == location


@pytest.mark.parametrize(
    "body",
    [
        {"role": "admin"},
        {"is_active": "nope"},
        {"role": "staff", "password_hash": "x"},
        ["role", "staff"],
    ],
)
async def test_malformed_changes_are_422(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn, body: Any
) -> None:
    target = await make_user(db)

    response = await client.patch(f"/admin/users/{target.id}", headers=staff.headers, json=body)

    problem(response, 422)
    assert (await reload(db, target)).role == "homeowner"


async def test_a_caller_demoted_meanwhile_is_refused(db: AsyncSession) -> None:
    """The caller's account is re-read under the row lock, not trusted from authentication:
    otherwise two staff members demoting each other at the same moment would both succeed."""
    acting = await make_user(db, role="staff")
    target = await make_user(db, role="staff")
    # Another transaction demoted the caller after their token was checked: the row changes
    # underneath the object this session already holds.
    await db.execute(
        update(User).where(User.id == acting.id).values(role="homeowner"),
        execution_options={"synchronize_session": False},
    )
    assert acting.role == "staff"
    ctx = RequestContext(db=db, client_ip=None, user_agent=None)

    with pytest.raises(PermissionDeniedError):
        await service.update_user(
            ctx, acting, target.id, role="homeowner", is_active=None, precondition=unconditional()
        )

    assert (await reload(db, target)).role == "staff"
