"""POST /auth/login."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from hestami_api.audit.models import AuditLog
from hestami_api.auth.passwords import PasswordHasher
from tests.factories import DEFAULT_PASSWORD, make_user


def login(client: TestClient, username: str, password: str = DEFAULT_PASSWORD) -> dict[str, object]:
    response = client.post("/auth/login", data={"username": username, "password": password})
    return {"status": response.status_code, "body": response.json(), "headers": response.headers}


def test_login_with_username_returns_a_token_pair(client: TestClient, db: Session) -> None:
    user = make_user(db)

    response = client.post(
        "/auth/login",
        data={"username": user.username, "password": DEFAULT_PASSWORD, "grant_type": "password"},
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 900
    assert body["access_token"] != body["refresh_token"]
    assert response.headers["cache-control"] == "no-store"
    me = client.get("/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["id"] == str(user.id)


def test_login_with_email_ignores_case(client: TestClient, db: Session) -> None:
    make_user(db, username="casey", email="casey@example.com")

    assert login(client, "CASEY@Example.com")["status"] == 200
    assert login(client, "Casey")["status"] == 200


def test_failures_are_indistinguishable(client: TestClient, db: Session) -> None:
    make_user(db, username="active_one")
    make_user(db, username="inactive_one", is_active=False)

    unknown = login(client, "nobody_here")
    wrong_password = login(client, "active_one", "not the right password")
    inactive = login(client, "inactive_one")

    for failure in (unknown, wrong_password, inactive):
        assert failure["status"] == 401
        assert failure["body"] == unknown["body"]
        assert failure["headers"]["www-authenticate"] == unknown["headers"]["www-authenticate"]


def test_unknown_user_still_pays_for_a_hash(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = PasswordHasher.verify_dummy

    def spy(self: PasswordHasher, password: str) -> None:
        calls.append(password)
        original(self, password)

    monkeypatch.setattr(PasswordHasher, "verify_dummy", spy)

    login(client, "nobody_here", "some password")

    assert calls == ["some password"]


def test_failed_and_successful_logins_are_audited_without_secrets(
    client: TestClient, db: Session
) -> None:
    user = make_user(db)

    login(client, user.username, "wrong password typed")
    login(client, user.username)

    entries = db.scalars(
        select(AuditLog).where(AuditLog.actor_id == user.id).order_by(AuditLog.occurred_at)
    ).all()
    actions = [entry.action for entry in entries]
    assert "auth.login_failed" in actions
    assert "auth.login_succeeded" in actions
    assert all("wrong password typed" not in str(entry.details) for entry in entries)
    assert all(entry.ip_address for entry in entries)


def test_hash_is_upgraded_when_the_cost_changes(client: TestClient, db: Session) -> None:
    user = make_user(db)
    user.password_hash = PasswordHasher(rounds=5).hash(DEFAULT_PASSWORD)
    db.commit()

    assert login(client, user.username)["status"] == 200

    db.refresh(user)
    assert PasswordHasher(rounds=4).needs_rehash(user.password_hash) is False
    assert login(client, user.username)["status"] == 200


def test_login_form_requires_both_fields(client: TestClient) -> None:
    response = client.post("/auth/login", data={"username": "someone"})

    assert response.status_code == 422
