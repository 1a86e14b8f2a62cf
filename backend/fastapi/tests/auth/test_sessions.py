"""Refresh rotation with reuse detection, logout, logout-all, password change, revocation."""

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import User, UserSession
from hestami_api.auth.tokens import TokenCodec
from hestami_api.core.config import get_settings
from tests.factories import DEFAULT_PASSWORD, LoggedIn, log_in, make_user


async def me_status(client: httpx.AsyncClient, access_token: str) -> int:
    return (
        await client.get("/users/me", headers={"Authorization": f"Bearer {access_token}"})
    ).status_code


async def refresh(client: httpx.AsyncClient, refresh_token: str) -> tuple[int, dict[str, Any]]:
    response = await client.post("/auth/refresh", json={"refresh_token": refresh_token})
    return response.status_code, response.json()


async def test_refresh_rotates_the_pair(client: httpx.AsyncClient, db: AsyncSession) -> None:
    session = await log_in(client, await make_user(db))

    status, pair = await refresh(client, session.refresh_token)

    assert status == 200
    assert pair["refresh_token"] != session.refresh_token
    assert await me_status(client, pair["access_token"]) == 200
    assert (await refresh(client, pair["refresh_token"]))[0] == 200


async def test_reusing_a_refresh_token_revokes_the_whole_session(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    session = await log_in(client, user)
    _, rotated = await refresh(client, session.refresh_token)

    reuse_status, problem = await refresh(client, session.refresh_token)

    assert reuse_status == 401
    assert problem["status"] == 401
    assert (await refresh(client, rotated["refresh_token"]))[0] == 401  # the thief's copy dies too
    assert await me_status(client, rotated["access_token"]) == 401
    assert (
        await db.scalars(
            select(AuditLog).where(
                AuditLog.action == "auth.refresh_reused", AuditLog.actor_id == user.id
            )
        )
    ).one()


async def test_token_types_are_not_interchangeable(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    session = await log_in(client, await make_user(db))

    assert await me_status(client, session.refresh_token) == 401
    assert (await refresh(client, session.access_token))[0] == 401


async def test_logout_ends_this_session_only(client: httpx.AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    first, second = await log_in(client, user), await log_in(client, user)

    response = await client.post("/auth/logout", headers=first.headers)

    assert response.status_code == 204
    assert await me_status(client, first.access_token) == 401
    assert (await refresh(client, first.refresh_token))[0] == 401
    assert await me_status(client, second.access_token) == 200


async def test_logout_with_the_refresh_token_in_the_body(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    session = await log_in(client, await make_user(db))

    response = await client.post(
        "/auth/logout", headers=session.headers, json={"refresh_token": session.refresh_token}
    )

    assert response.status_code == 204
    assert (await refresh(client, session.refresh_token))[0] == 401


async def test_logout_all_ends_every_session(client: httpx.AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    sessions = [await log_in(client, user) for _ in range(3)]

    response = await client.post("/auth/logout-all", headers=sessions[0].headers)

    assert response.status_code == 204
    for session in sessions:
        assert await me_status(client, session.access_token) == 401
        assert (await refresh(client, session.refresh_token))[0] == 401


async def change_password(
    client: httpx.AsyncClient, session: LoggedIn, current: str, new: str
) -> int:
    return (
        await client.post(
            "/users/me/password",
            headers=session.headers,
            json={"current_password": current, "new_password": new},
        )
    ).status_code


async def test_password_change_keeps_this_session_and_ends_the_others(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    this, other = await log_in(client, user), await log_in(client, user)

    status = await change_password(client, this, DEFAULT_PASSWORD, "a brand new long passphrase")

    assert status == 204
    assert await me_status(client, this.access_token) == 200
    assert await me_status(client, other.access_token) == 401
    assert (await refresh(client, other.refresh_token))[0] == 401
    assert await log_in(client, user, "a brand new long passphrase")


async def test_password_change_needs_the_current_password(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    session = await log_in(client, await make_user(db))

    assert (
        await change_password(client, session, "not my password", "another long passphrase") == 400
    )
    assert await change_password(client, session, DEFAULT_PASSWORD, "qwerty123456") == 422


async def test_deactivation_ends_tokens_at_once(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    user = await make_user(db)
    session = await log_in(client, user)

    stored = await db.get(User, user.id)  # `user` is detached: the request emptied the session
    assert stored is not None
    stored.is_active = False
    await db.commit()

    assert await me_status(client, session.access_token) == 401
    assert (await refresh(client, session.refresh_token))[0] == 401


async def test_expired_session_is_rejected(client: httpx.AsyncClient, db: AsyncSession) -> None:
    session = await log_in(client, await make_user(db))
    stored = (
        await db.scalars(select(UserSession).where(UserSession.user_id == session.user.id))
    ).one()
    stored.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    await db.commit()

    assert await me_status(client, session.access_token) == 401
    assert (await refresh(client, session.refresh_token))[0] == 401


def forged(header: dict[str, str], payload: dict[str, object], signature: bytes = b"") -> str:
    def encode(part: bytes) -> str:
        return base64.urlsafe_b64encode(part).rstrip(b"=").decode()

    return ".".join(
        [
            encode(json.dumps(header).encode()),
            encode(json.dumps(payload).encode()),
            encode(signature),
        ]
    )


async def test_forged_tokens_are_401(client: httpx.AsyncClient, db: AsyncSession) -> None:
    session = await log_in(client, await make_user(db))
    claims = jwt.decode(session.access_token, options={"verify_signature": False})
    settings = get_settings()
    other_key = TokenCodec(
        "another-secret-that-is-long-enough-0123456789",
        settings.jwt_issuer,
        settings.jwt_audience,
        900,
        3600,
    )
    expired_codec = TokenCodec(
        settings.jwt_secret.get_secret_value(),
        settings.jwt_issuer,
        settings.jwt_audience,
        900,
        3600,
    )
    user_id, session_id = uuid.UUID(claims["sub"]), uuid.UUID(claims["sid"])
    tampered_payload = session.access_token.split(".")
    tampered_payload[1] = forged({}, claims | {"role": "staff"}).split(".")[1]

    attacks = {
        "alg none": forged({"alg": "none", "typ": "JWT"}, claims),
        "wrong key": other_key.issue(
            "access", user_id=user_id, role="homeowner", session_id=session_id
        )[0],
        "expired": expired_codec.issue(
            "access",
            user_id=user_id,
            role="homeowner",
            session_id=session_id,
            now=datetime.now(UTC) - timedelta(hours=1),
        )[0],
        "tampered": ".".join(tampered_payload),
        "wrong audience": jwt.encode(
            claims | {"aud": "someone-else"},
            settings.jwt_secret.get_secret_value(),
            algorithm="HS256",
        ),
    }

    for name, token in attacks.items():
        response = await client.get("/users/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, name
        assert response.headers["www-authenticate"].startswith("Bearer"), name
    assert await me_status(client, session.access_token) == 200  # the genuine token still works
