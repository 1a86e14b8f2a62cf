"""Finding 8 and key rotation: a correctly signed token that lives longer than its type's
configured lifetime is refused; earlier secrets verify (never sign) during a rotation."""

import uuid
from collections.abc import Iterator

import jwt
import pytest

from hestami_api.auth.tokens import TokenCodec, TokenType, get_token_codec
from hestami_api.core.config import get_settings
from hestami_api.core.errors import AuthenticationError
from tests.auth.jwt_claims import ACCESS_TTL, AUDIENCE, ISSUER, REFRESH_TTL, valid_claims

SECRET = "rotation-test-current-Qm9hJ3kLx8vT2pWz6nRc5yBd1sFg4hK7"
OLD_SECRET = "rotation-test-previous-Zt5Wq8Nx2Lm7Kc4Vb9Hj3Dr6Fs1Gp0Ya"
OLDER_SECRET = "rotation-test-older-Ew4Rt7Yu1Io9Pa3Sd6Fg2Hj8Kl5Zx0Cv"
TEN_YEARS = 10 * 365 * 86_400


def make_codec(secret: str = SECRET, previous: tuple[str, ...] = ()) -> TokenCodec:
    return TokenCodec(secret, ISSUER, AUDIENCE, ACCESS_TTL, REFRESH_TTL, previous_secrets=previous)


def signed(token_type: TokenType, lifetime: int, secret: str = SECRET) -> str:
    """A token exactly like the codec's own (same header, all claims), with ``lifetime``."""
    claims = valid_claims(lifetime=lifetime, type=token_type)
    return jwt.encode(claims, secret, algorithm="HS256")


@pytest.mark.parametrize(("token_type", "ttl"), [("access", ACCESS_TTL), ("refresh", REFRESH_TTL)])
def test_a_token_living_longer_than_its_lifetime_is_refused(
    token_type: TokenType, ttl: int
) -> None:
    codec = make_codec()

    assert codec.decode(signed(token_type, ttl), token_type).token_type == token_type
    with pytest.raises(AuthenticationError):
        codec.decode(signed(token_type, ttl + 1), token_type)
    with pytest.raises(AuthenticationError):
        codec.decode(signed(token_type, TEN_YEARS), token_type)


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    monkeypatch.setenv("JWT_SECRET", SECRET)
    monkeypatch.delenv("JWT_PREVIOUS_SECRETS", raising=False)
    get_settings.cache_clear()
    get_token_codec.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()
    get_token_codec.cache_clear()


def test_the_cap_follows_access_token_ttl_seconds(settings_env: pytest.MonkeyPatch) -> None:
    settings_env.setenv("ACCESS_TOKEN_TTL_SECONDS", "60")
    codec = get_token_codec()

    codec.decode(signed("access", 60), "access")
    with pytest.raises(AuthenticationError):
        codec.decode(signed("access", 61), "access")


def test_previous_secrets_verify_but_never_sign(settings_env: pytest.MonkeyPatch) -> None:
    settings_env.setenv("JWT_PREVIOUS_SECRETS", f" {OLD_SECRET} ,{OLDER_SECRET},")
    codec = get_token_codec()

    assert [s.get_secret_value() for s in get_settings().jwt_previous_secrets] == [
        OLD_SECRET,
        OLDER_SECRET,
    ]
    for secret in (SECRET, OLD_SECRET, OLDER_SECRET):
        codec.decode(signed("access", ACCESS_TTL, secret), "access")
    with pytest.raises(AuthenticationError):
        codec.decode(signed("access", ACCESS_TTL, "never-configured-" + "Kd8s" * 8), "access")

    token, _ = codec.issue(
        "access", user_id=uuid.uuid4(), role="homeowner", session_id=uuid.uuid4()
    )
    jwt.decode(token, SECRET, algorithms=["HS256"], audience=AUDIENCE)
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, OLD_SECRET, algorithms=["HS256"], audience=AUDIENCE)


def test_a_retired_secret_stops_verifying() -> None:
    """The last step of a rotation: drop the old secret, its tokens stop at once."""
    old_token = signed("access", ACCESS_TTL, OLD_SECRET)
    make_codec(previous=(OLD_SECRET,)).decode(old_token, "access")

    with pytest.raises(AuthenticationError):
        make_codec().decode(old_token, "access")


def test_an_expired_token_is_refused_under_a_previous_secret_too() -> None:
    codec = make_codec(previous=(OLD_SECRET,))
    with pytest.raises(AuthenticationError):
        codec.decode(signed("access", -10, OLD_SECRET), "access")


@pytest.mark.parametrize(
    "bad",
    ["short", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"],
)
def test_previous_secrets_are_checked_like_the_current_one(bad: str) -> None:
    with pytest.raises(ValueError, match="JWT secret"):
        make_codec(previous=(OLD_SECRET, bad))
