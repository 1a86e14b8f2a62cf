"""PATCH /admin/users/{user_id}: role changes, (de)activation, their audit and session effects."""

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hestami_api.admin import service
from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import User, UserSession
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import PermissionDeniedError
from tests.factories import DEFAULT_PASSWORD, LoggedIn, log_in, make_logged_in, make_user

STAFF_IP = "203.0.113.7"


@pytest.fixture
def staff(client: TestClient, db: Session) -> LoggedIn:
    return make_logged_in(client, db, role="staff")


@pytest.fixture
def staff_client(client: TestClient) -> Iterator[TestClient]:
    """The same app, seen from a known client address (the audit log records it)."""
    with TestClient(
        client.app, client=(STAFF_IP, 40000), raise_server_exceptions=False
    ) as from_known_ip:
        yield from_known_ip


def patch_user(
    client: TestClient, staff: LoggedIn, user_id: uuid.UUID, body: Any
) -> tuple[int, dict[str, Any]]:
    response = client.patch(f"/admin/users/{user_id}", headers=staff.headers, json=body)
    payload: dict[str, Any] = response.json()
    return response.status_code, payload


def me_status(client: TestClient, session: LoggedIn) -> int:
    status: int = client.get("/users/me", headers=session.headers).status_code
    return status


def refresh_status(client: TestClient, session: LoggedIn) -> int:
    response = client.post("/auth/refresh", json={"refresh_token": session.refresh_token})
    status: int = response.status_code
    return status


def audit_entries(db: Session, target: User) -> list[AuditLog]:
    query = (
        select(AuditLog)
        .where(AuditLog.target_id == str(target.id), AuditLog.action.like("user.%"))
        .order_by(AuditLog.action)
    )
    return list(db.scalars(query))


def session_end_reasons(db: Session, user: User) -> list[str | None]:
    query = select(UserSession.revoked_reason).where(UserSession.user_id == user.id)
    return list(db.scalars(query))


def reload(db: Session, user: User) -> User:
    db.refresh(user)
    return user


def test_role_change_ends_the_users_sessions_at_once(
    client: TestClient, staff_client: TestClient, db: Session, staff: LoggedIn
) -> None:
    target = make_user(db, role="homeowner")
    session = log_in(client, target)
    assert me_status(client, session) == 200

    status, body = patch_user(staff_client, staff, target.id, {"role": "service_provider"})

    assert status == 200, body
    assert body["role"] == "service_provider"
    assert body["is_active"] is True
    assert me_status(client, session) == 401
    assert refresh_status(client, session) == 401
    assert session_end_reasons(db, target) == ["role_changed"]
    assert me_status(client, log_in(client, target)) == 200  # a new login works, with the new role
    (entry,) = audit_entries(db, target)
    assert entry.action == "user.role_changed"
    assert entry.actor_id == staff.user.id
    assert entry.target_type == "user"
    assert entry.ip_address == STAFF_IP
    assert entry.details == {"from": "homeowner", "to": "service_provider"}


def test_deactivation_ends_sessions_and_blocks_login_like_a_wrong_password(
    client: TestClient, staff_client: TestClient, db: Session, staff: LoggedIn
) -> None:
    target = make_user(db)
    session = log_in(client, target)

    status, body = patch_user(staff_client, staff, target.id, {"is_active": False})

    assert status == 200, body
    assert body["is_active"] is False
    assert me_status(client, session) == 401
    assert refresh_status(client, session) == 401
    # Ended in the database, not merely refused while the account is inactive.
    assert session_end_reasons(db, target) == ["deactivated"]
    inactive_login = client.post(
        "/auth/login", data={"username": target.username, "password": DEFAULT_PASSWORD}
    )
    wrong_password = client.post(
        "/auth/login", data={"username": staff.user.username, "password": "not the password"}
    )
    assert inactive_login.status_code == wrong_password.status_code == 401
    assert inactive_login.json() == wrong_password.json()
    (entry,) = audit_entries(db, target)
    assert (entry.action, entry.actor_id, entry.target_type, entry.ip_address) == (
        "user.deactivated",
        staff.user.id,
        "user",
        STAFF_IP,
    )


def test_reactivation_lets_the_user_log_in_again(
    client: TestClient, db: Session, staff: LoggedIn
) -> None:
    target = make_user(db, is_active=False)

    status, body = patch_user(client, staff, target.id, {"is_active": True})

    assert status == 200, body
    assert body["is_active"] is True
    assert me_status(client, log_in(client, target)) == 200
    (entry,) = audit_entries(db, target)
    assert (entry.action, entry.actor_id) == ("user.activated", staff.user.id)


def test_role_change_and_deactivation_together(
    client: TestClient, db: Session, staff: LoggedIn
) -> None:
    target = make_user(db, role="service_provider")
    session = log_in(client, target)

    status, body = patch_user(client, staff, target.id, {"role": "homeowner", "is_active": False})

    assert status == 200, body
    assert (body["role"], body["is_active"]) == ("homeowner", False)
    assert me_status(client, session) == 401
    assert session_end_reasons(db, target) == ["deactivated"]
    assert [entry.action for entry in audit_entries(db, target)] == [
        "user.deactivated",
        "user.role_changed",
    ]


def test_promotion_to_staff_opens_the_admin_endpoints(
    client: TestClient, db: Session, staff: LoggedIn
) -> None:
    target = make_user(db)
    before = log_in(client, target)
    assert client.get("/admin/stats", headers=before.headers).status_code == 403

    status, _ = patch_user(client, staff, target.id, {"role": "staff"})

    assert status == 200
    assert client.get("/admin/stats", headers=before.headers).status_code == 401
    assert client.get("/admin/stats", headers=log_in(client, target).headers).status_code == 200


def test_staff_can_demote_another_staff_member(
    client: TestClient, db: Session, staff: LoggedIn
) -> None:
    colleague = make_logged_in(client, db, role="staff")

    status, body = patch_user(client, staff, colleague.user.id, {"role": "homeowner"})

    assert status == 200
    assert body["role"] == "homeowner"
    assert client.get("/admin/stats", headers=colleague.headers).status_code == 401


@pytest.mark.parametrize("body", [{"role": "staff"}, {"is_active": True}])
def test_asking_for_the_current_state_changes_nothing(
    client: TestClient, db: Session, staff: LoggedIn, body: dict[str, Any]
) -> None:
    target = make_user(db, role="staff")
    session = log_in(client, target)

    status, returned = patch_user(client, staff, target.id, body)

    assert status == 200
    assert (returned["role"], returned["is_active"]) == ("staff", True)
    assert me_status(client, session) == 200
    assert session_end_reasons(db, target) == [None]
    assert audit_entries(db, target) == []


@pytest.mark.parametrize("body", [{"role": "homeowner"}, {"is_active": False}])
def test_staff_cannot_demote_or_deactivate_themselves(
    client: TestClient, db: Session, staff: LoggedIn, body: dict[str, Any]
) -> None:
    status, problem = patch_user(client, staff, staff.user.id, body)

    assert status == 409
    assert problem["detail"] == "Staff members cannot demote or deactivate themselves."
    assert me_status(client, staff) == 200
    assert (reload(db, staff.user).role, staff.user.is_active) == ("staff", True)
    assert audit_entries(db, staff.user) == []


def test_staff_may_confirm_their_own_current_state(
    client: TestClient, db: Session, staff: LoggedIn
) -> None:
    status, body = patch_user(client, staff, staff.user.id, {"role": "staff", "is_active": True})

    assert status == 200
    assert body["role"] == "staff"
    assert me_status(client, staff) == 200


def test_unknown_user_is_404(client: TestClient, db: Session, staff: LoggedIn) -> None:
    status, problem = patch_user(client, staff, uuid.uuid4(), {"is_active": False})

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
def test_a_change_that_sets_nothing_is_422(
    client: TestClient, db: Session, staff: LoggedIn, body: dict[str, Any], location: list[str]
) -> None:
    target = make_user(db)

    response = client.patch(f"/admin/users/{target.id}", headers=staff.headers, json=body)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == location


@pytest.mark.parametrize(
    "body",
    [
        {"role": "admin"},
        {"is_active": "nope"},
        {"role": "staff", "password_hash": "x"},
        ["role", "staff"],
    ],
)
def test_malformed_changes_are_422(
    client: TestClient, db: Session, staff: LoggedIn, body: Any
) -> None:
    target = make_user(db)

    response = client.patch(f"/admin/users/{target.id}", headers=staff.headers, json=body)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert reload(db, target).role == "homeowner"


def test_a_caller_demoted_meanwhile_is_refused(db: Session) -> None:
    """The caller's account is re-read under the row lock, not trusted from authentication:
    otherwise two staff members demoting each other at the same moment would both succeed."""
    acting = make_user(db, role="staff")
    target = make_user(db, role="staff")
    # Another transaction demoted the caller after their token was checked: the row changes
    # underneath the object this session already holds.
    db.execute(
        update(User).where(User.id == acting.id).values(role="homeowner"),
        execution_options={"synchronize_session": False},
    )
    assert acting.role == "staff"
    ctx = RequestContext(db=db, client_ip=None, user_agent=None)

    with pytest.raises(PermissionDeniedError):
        service.update_user(ctx, acting, target.id, role="homeowner", is_active=None)

    assert reload(db, target).role == "staff"
