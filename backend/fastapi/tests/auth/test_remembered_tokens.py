"""The codec remembers verified tokens; expiry is still decided on every use."""

import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from hestami_api.auth.tokens import TokenCodec
from hestami_api.core.errors import AuthenticationError

SECRET = "remembered-tokens-test-secret-0123456789abcdef-0123456789abcdef"
ACCESS_TTL = 900


def codec() -> TokenCodec:
    return TokenCodec(SECRET, "hestami-api", "hestami-clients", ACCESS_TTL, 3600)


def test_a_remembered_token_is_refused_once_it_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = codec()
    issued = datetime.now(UTC) - timedelta(seconds=ACCESS_TTL - 30)  # 30 s left
    token, claims = tokens.issue(
        "access", user_id=uuid.uuid4(), role="homeowner", session_id=uuid.uuid4(), now=issued
    )
    assert tokens.decode(token, "access") == claims
    assert tokens.decode(token, "access") == claims  # now from memory

    later = time.time() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    with pytest.raises(AuthenticationError):
        tokens.decode(token, "access")


def test_a_remembered_token_keeps_its_type() -> None:
    tokens = codec()
    token, _ = tokens.issue(
        "access", user_id=uuid.uuid4(), role="homeowner", session_id=uuid.uuid4()
    )
    tokens.decode(token, "access")

    with pytest.raises(AuthenticationError):
        tokens.decode(token, "refresh")


def test_a_token_of_another_key_is_refused_after_a_valid_one_was_remembered() -> None:
    tokens = codec()
    other = TokenCodec(SECRET[::-1], "hestami-api", "hestami-clients", ACCESS_TTL, 3600)
    mine, _ = tokens.issue(
        "access", user_id=uuid.uuid4(), role="homeowner", session_id=uuid.uuid4()
    )
    forged, _ = other.issue("access", user_id=uuid.uuid4(), role="staff", session_id=uuid.uuid4())
    tokens.decode(mine, "access")

    with pytest.raises(AuthenticationError):
        tokens.decode(forged, "access")
