"""Finding 8: production refuses a JWT_SECRET (or previous secret) that is unset, short, or
long enough but obviously guessable; random secrets of every usual kind pass."""

import base64
import secrets

import pytest
from pydantic import ValidationError

from hestami_api.core.config import DEVELOPMENT_JWT_SECRET, Settings
from hestami_api.core.secret_strength import MIN_SECRET_ENTROPY_BITS, estimated_entropy_bits

STRONG = "Vq3Nk8Lz1Wr5Tx9Yb2Hc6Jd0Mf4Gs7Pa+Ue=Io/Ke8Rl3Sm6Tn1"

WEAK = [
    "a" * 32,
    "a" * 200,
    "ab" * 16,
    "0" * 31 + "1",
    "0123456789abcdef" * 2,
    "abcdefghijklmnopqrstuvwxyz012345",
    "k3J9x!Qz" * 4,
    "password" * 4 + "1",
    "a" * 72 + secrets.token_hex(4),
]


UNSET_OR_SHORT = [DEVELOPMENT_JWT_SECRET, "short-secret", "x" * 31]


@pytest.mark.parametrize(
    ("secret", "refusal"),
    [(secret, "JWT_SECRET must be set") for secret in UNSET_OR_SHORT]
    + [(secret, "JWT_SECRET is too predictable") for secret in WEAK],
    # Numbered, not named by value: one value ends in random bytes, and parallel workers
    # must collect the same test names.
    ids=[f"unset-or-short-{n}" for n in range(len(UNSET_OR_SHORT))]
    + [f"predictable-{n}" for n in range(len(WEAK))],
)
def test_production_refuses_a_default_short_or_predictable_secret(
    monkeypatch: pytest.MonkeyPatch, secret: str, refusal: str
) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("JWT_SECRET", secret)

    with pytest.raises(ValidationError, match=refusal):
        Settings()


@pytest.mark.parametrize(
    "generate",
    [
        lambda: secrets.token_hex(16),
        lambda: secrets.token_hex(32),
        lambda: base64.b64encode(secrets.token_bytes(48)).decode(),
        lambda: secrets.token_urlsafe(24),
    ],
    ids=["hex-32", "hex-64", "base64-64", "urlsafe-32"],
)
def test_random_secrets_pass(monkeypatch: pytest.MonkeyPatch, generate: object) -> None:
    assert callable(generate)
    monkeypatch.setenv("ENVIRONMENT", "production")
    for _ in range(200):
        secret = generate()
        assert estimated_entropy_bits(secret) >= MIN_SECRET_ENTROPY_BITS, secret
    monkeypatch.setenv("JWT_SECRET", secret)
    assert Settings().environment == "production"


def test_production_checks_every_previous_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("JWT_SECRET", STRONG)
    monkeypatch.setenv("JWT_PREVIOUS_SECRETS", f"{secrets.token_hex(24)},{'x' * 40}")

    with pytest.raises(ValidationError, match="JWT_PREVIOUS_SECRETS entry 2 is too predictable"):
        Settings()

    monkeypatch.setenv("JWT_PREVIOUS_SECRETS", f"{secrets.token_hex(24)},short")
    with pytest.raises(ValidationError, match="JWT_PREVIOUS_SECRETS entry 2 must be set"):
        Settings()


def test_development_does_not_judge_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "development")
    monkeypatch.setenv("JWT_SECRET", "a" * 32)

    assert Settings().jwt_secret.get_secret_value() == "a" * 32


def test_the_error_never_shows_the_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("JWT_SECRET", "zq" * 20)

    with pytest.raises(ValidationError) as refused:
        Settings()
    assert "zqzq" not in str(refused.value)
