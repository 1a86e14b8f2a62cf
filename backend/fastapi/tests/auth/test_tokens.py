"""Tests of the JWT codec: every bad token must give AuthenticationError and nothing else."""

import base64
import hashlib
import hmac
import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from hestami_api.auth.tokens import MAX_TOKEN_LENGTH, TokenCodec, TokenType, get_token_codec
from hestami_api.core.errors import AuthenticationError
from tests.auth.jwt_claims import ACCESS_TTL, AUDIENCE, ISSUER, REFRESH_TTL, valid_claims

# 66 bytes, long enough for HS384/HS512, so those tokens fail on the algorithm, not the key size.
SECRET = "unit-test-secret-0123456789abcdef-0123456789abcdef-0123456789abcdef"
OTHER_SECRET = "another-unit-test-secret-fedcba9876543210-xyz"

# A real RSA public key (generated with openssl for these tests; no private part here).
PUBLIC_KEY_PEM = """-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2bn5wFY7j0Cm0q03hQbd
fjH1mSwMjlAuotXTkGZfMvDbyNCQh5U8WrtfHX/wc0b/WYXp26qHANxXEve6hkZ/
UoVx+sd2/CN+5s4OjbSVZiBJqdAc/m7Ntl+35NfGqx2l/gtboXpy1wYIPrc+QjXv
TLftOzvzZfz72ytZoMkD+kK1DoWgzkaqjPXdEJgbDHwcvK8WWw8L3uk+v+hT5x7X
qQpwuA5R9e4AjJPDliZJPOYJDx4jMpMagVkaB9iWfUYyKkYOZ9M5tH3ffQ8u6y/M
biZk0Jje/VtHlPWUK9bRipxiEst/+SOaB4v+8mF/sYH3RzibV1zYag8CnZzeWCRL
pQIDAQAB
-----END PUBLIC KEY-----
"""

HS_HEADER = {"alg": "HS256", "typ": "JWT"}
_HASHES = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


def make_codec(
    secret: str = SECRET,
    issuer: str = ISSUER,
    audience: str = AUDIENCE,
    *,
    leeway_seconds: int = 0,
) -> TokenCodec:
    return TokenCodec(
        secret, issuer, audience, ACCESS_TTL, REFRESH_TTL, leeway_seconds=leeway_seconds
    )


@pytest.fixture
def codec() -> TokenCodec:
    return make_codec()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_json(value: object) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode())


def unb64url(segment: str) -> bytes:
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def hand_built(
    payload: dict[str, Any],
    *,
    header: dict[str, Any] | None = None,
    key: str | bytes | None = SECRET,
    signature: bytes | None = None,
) -> str:
    """A compact JWS built without PyJWT: HMAC-signed with `key` per header alg, or as given."""
    header = HS_HEADER if header is None else header
    signing_input = f"{b64url_json(header)}.{b64url_json(payload)}"
    if signature is None:
        if key is None:
            signature = b""
        else:
            key_bytes = key.encode() if isinstance(key, str) else key
            digest = _HASHES.get(header.get("alg", ""), hashlib.sha256)
            signature = hmac.new(key_bytes, signing_input.encode(), digest).digest()
    return f"{signing_input}.{b64url(signature)}"


def issue_access(codec: TokenCodec, **kwargs: Any) -> str:
    token, _ = codec.issue(
        "access",
        user_id=kwargs.pop("user_id", uuid.uuid4()),
        role=kwargs.pop("role", "customer"),
        session_id=kwargs.pop("session_id", uuid.uuid4()),
        **kwargs,
    )
    return token


# --- positive controls: the builders used below make tokens the codec accepts ---


@pytest.mark.parametrize("token_type", ["access", "refresh"])
def test_round_trip(codec: TokenCodec, token_type: TokenType) -> None:
    user_id, session_id = uuid.uuid4(), uuid.uuid4()
    token, issued = codec.issue(token_type, user_id=user_id, role="provider", session_id=session_id)

    claims = codec.decode(token, token_type)

    assert claims == issued
    assert claims.subject == claims.user_id == user_id
    assert claims.session_id == session_id
    assert claims.role == "provider"
    assert claims.token_type == token_type
    assert claims.token_id.version == 4
    assert claims.issued_at.tzinfo is not None
    ttl = ACCESS_TTL if token_type == "access" else REFRESH_TTL
    assert claims.expires_at - claims.issued_at == timedelta(seconds=ttl)
    assert abs(claims.issued_at - datetime.now(UTC)) < timedelta(seconds=5)


def test_payload_has_exactly_the_contract_claims(codec: TokenCodec) -> None:
    token = issue_access(codec)
    header = json.loads(unb64url(token.split(".")[0]))
    payload = json.loads(unb64url(token.split(".")[1]))
    assert header == {"alg": "HS256", "typ": "JWT"}
    assert set(payload) == {"sub", "role", "sid", "jti", "type", "iat", "exp", "iss", "aud"}
    assert payload["iss"] == ISSUER
    assert payload["aud"] == AUDIENCE
    assert isinstance(payload["sub"], str)


def test_token_id_is_random_unless_given(codec: TokenCodec) -> None:
    user_id, session_id = uuid.uuid4(), uuid.uuid4()
    _, first = codec.issue("refresh", user_id=user_id, role="customer", session_id=session_id)
    _, second = codec.issue("refresh", user_id=user_id, role="customer", session_id=session_id)
    assert first.token_id != second.token_id

    chosen = uuid.uuid4()
    token, claims = codec.issue(
        "refresh", user_id=user_id, role="customer", session_id=session_id, token_id=chosen
    )
    assert claims.token_id == chosen
    assert codec.decode(token, "refresh").token_id == chosen


def test_hand_built_valid_token_is_accepted(codec: TokenCodec) -> None:
    payload = valid_claims()
    claims = codec.decode(hand_built(payload), "access")
    assert str(claims.subject) == payload["sub"]


def test_get_token_codec_is_cached_and_works() -> None:
    codec = get_token_codec()
    assert get_token_codec() is codec
    token = issue_access(codec)
    assert codec.decode(token, "access").role == "customer"


# --- token type ---


@pytest.mark.parametrize(("issued", "expected"), [("access", "refresh"), ("refresh", "access")])
def test_wrong_token_type_rejected(
    codec: TokenCodec, issued: TokenType, expected: TokenType
) -> None:
    token, _ = codec.issue(issued, user_id=uuid.uuid4(), role="customer", session_id=uuid.uuid4())
    assert codec.decode(token, issued).token_type == issued
    with pytest.raises(AuthenticationError):
        codec.decode(token, expected)


@pytest.mark.parametrize("token_type", ["admin", "", None, 1, ["access"]])
def test_unknown_type_claim_rejected(codec: TokenCodec, token_type: object) -> None:
    with pytest.raises(AuthenticationError):
        codec.decode(hand_built(valid_claims(type=token_type)), "access")


# --- algorithms ---


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
def test_alg_none_rejected(codec: TokenCodec, alg: str) -> None:
    token = hand_built(valid_claims(), header={"alg": alg, "typ": "JWT"}, key=None)
    assert token.endswith(".")
    with pytest.raises(AuthenticationError):
        codec.decode(token, "access")


def test_alg_none_with_valid_signature_rejected(codec: TokenCodec) -> None:
    # Swap the header of a genuine token for alg none but keep everything else.
    genuine = issue_access(codec)
    _, payload, signature = genuine.split(".")
    for sig in (signature, ""):
        token = f"{b64url_json({'alg': 'none', 'typ': 'JWT'})}.{payload}.{sig}"
        with pytest.raises(AuthenticationError):
            codec.decode(token, "access")


@pytest.mark.parametrize("alg", ["HS384", "HS512"])
def test_other_hmac_algorithms_rejected_even_with_right_key(codec: TokenCodec, alg: str) -> None:
    token = hand_built(valid_claims(), header={"alg": alg, "typ": "JWT"})
    with pytest.raises(AuthenticationError):
        codec.decode(token, "access")


@pytest.mark.parametrize(
    "header",
    [
        {"alg": "HS256"},
        {"alg": "HS256", "typ": "JWT", "kid": "1"},
        {"typ": "JWT", "alg": "HS256", "jku": "https://attacker.example/keys"},
        {"alg": "HS256", "typ": "JWT", "crit": ["exp"]},
    ],
)
def test_unexpected_header_rejected_even_with_right_key(
    codec: TokenCodec, header: dict[str, Any]
) -> None:
    with pytest.raises(AuthenticationError):
        codec.decode(hand_built(valid_claims(), header=header), "access")


def test_rs256_header_rejected(codec: TokenCodec) -> None:
    # Without a usable public key anywhere, an RS256 claim must not even be attempted.
    rs_header = {"alg": "RS256", "typ": "JWT"}
    for token in (
        hand_built(valid_claims(), header=rs_header, signature=bytes(range(256))),
        hand_built(valid_claims(), header=rs_header),  # HMAC-signed with our own secret
    ):
        with pytest.raises(AuthenticationError):
            codec.decode(token, "access")


def test_rs256_token_signed_with_generated_rsa_key_rejected(codec: TokenCodec) -> None:
    pytest.importorskip("cryptography")
    from cryptography.hazmat.primitives.asymmetric import (  # type: ignore[import-not-found, unused-ignore]
        rsa,
    )

    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(valid_claims(), private_key, algorithm="RS256")
    assert jwt.decode(
        token, private_key.public_key(), algorithms=["RS256"], audience=AUDIENCE
    )  # a genuinely valid RS256 token
    with pytest.raises(AuthenticationError):
        codec.decode(token, "access")


def test_hs256_token_keyed_with_public_key_pem_rejected(codec: TokenCodec) -> None:
    # The classic HS/RS confusion token: HMAC keyed with the PEM text of a public key.
    for pem in (PUBLIC_KEY_PEM, PUBLIC_KEY_PEM.strip()):
        token = hand_built(valid_claims(), key=pem)
        with pytest.raises(AuthenticationError):
            codec.decode(token, "access")


def test_public_key_pem_refused_as_secret() -> None:
    with pytest.raises(ValueError, match="secret"):
        make_codec(secret=PUBLIC_KEY_PEM)


def test_short_or_jwk_secret_refused() -> None:
    with pytest.raises(ValueError, match="secret"):
        make_codec(secret="too-short")
    with pytest.raises(ValueError, match="secret"):
        make_codec(secret='{"kty": "oct", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"}')


# --- key, issuer, audience ---


def test_wrong_key_rejected(codec: TokenCodec) -> None:
    token = issue_access(make_codec(secret=OTHER_SECRET))
    with pytest.raises(AuthenticationError):
        codec.decode(token, "access")


def test_wrong_issuer_rejected(codec: TokenCodec) -> None:
    token = issue_access(make_codec(issuer="someone-else"))
    with pytest.raises(AuthenticationError):
        codec.decode(token, "access")


@pytest.mark.parametrize("issuer", [None, 1, [ISSUER], ISSUER.upper()])
def test_bad_issuer_claim_rejected(codec: TokenCodec, issuer: object) -> None:
    with pytest.raises(AuthenticationError):
        codec.decode(hand_built(valid_claims(iss=issuer)), "access")


def test_wrong_audience_rejected(codec: TokenCodec) -> None:
    token = issue_access(make_codec(audience="other-clients"))
    with pytest.raises(AuthenticationError):
        codec.decode(token, "access")


@pytest.mark.parametrize("audience", [[AUDIENCE], [AUDIENCE, "other"], "", 1, None])
def test_non_exact_audience_claim_rejected(codec: TokenCodec, audience: object) -> None:
    with pytest.raises(AuthenticationError):
        codec.decode(hand_built(valid_claims(aud=audience)), "access")


# --- time ---


@pytest.mark.parametrize("extra_seconds", [0, 1, 3600])
def test_expired_rejected(codec: TokenCodec, extra_seconds: int) -> None:
    issued_at = datetime.now(UTC) - timedelta(seconds=ACCESS_TTL + extra_seconds)
    token = issue_access(codec, now=issued_at)
    with pytest.raises(AuthenticationError):
        codec.decode(token, "access")


def test_expired_refresh_rejected(codec: TokenCodec) -> None:
    issued_at = datetime.now(UTC) - timedelta(seconds=REFRESH_TTL + 1)
    token, _ = codec.issue(
        "refresh", user_id=uuid.uuid4(), role="customer", session_id=uuid.uuid4(), now=issued_at
    )
    with pytest.raises(AuthenticationError):
        codec.decode(token, "refresh")


def test_nearly_expired_still_accepted(codec: TokenCodec) -> None:
    issued_at = datetime.now(UTC) - timedelta(seconds=ACCESS_TTL - 30)
    assert codec.decode(issue_access(codec, now=issued_at), "access")


def test_leeway_is_configurable_and_bounded() -> None:
    lenient = make_codec(leeway_seconds=30)
    strict = make_codec()
    just_expired = issue_access(strict, now=datetime.now(UTC) - timedelta(seconds=ACCESS_TTL + 5))
    long_expired = issue_access(strict, now=datetime.now(UTC) - timedelta(seconds=ACCESS_TTL + 60))
    assert lenient.decode(just_expired, "access")
    with pytest.raises(AuthenticationError):
        strict.decode(just_expired, "access")
    with pytest.raises(AuthenticationError):
        lenient.decode(long_expired, "access")
    with pytest.raises(ValueError, match="leeway"):
        make_codec(leeway_seconds=-1)
    with pytest.raises(ValueError, match="leeway"):
        make_codec(leeway_seconds=100_000)


def test_expiry_before_issue_rejected_even_with_leeway() -> None:
    lenient = make_codec(leeway_seconds=60)
    now = int(time.time())
    assert lenient.decode(hand_built(valid_claims(iat=now + 30, exp=now + 40)), "access")
    with pytest.raises(AuthenticationError):
        lenient.decode(hand_built(valid_claims(iat=now + 30, exp=now + 10)), "access")


def test_issued_in_the_future_rejected(codec: TokenCodec) -> None:
    token = issue_access(codec, now=datetime.now(UTC) + timedelta(minutes=5))
    with pytest.raises(AuthenticationError):
        codec.decode(token, "access")


def test_naive_now_refused(codec: TokenCodec) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        issue_access(codec, now=datetime.now())


@pytest.mark.parametrize(
    "overrides",
    [
        {"iat": str(int(time.time()))},
        {"exp": str(int(time.time()) + 60)},
        {"exp": float(int(time.time()) + 60)},
        {"exp": True},
        {"iat": int(time.time()), "exp": int(time.time()) - 1},
        {"iat": int(time.time()) - 10, "exp": int(time.time()) - 10},
        {"exp": 10**20},
        {"exp": 10**400},
        {"iat": -(10**20)},
        {"nbf": int(time.time()) + 3600},
    ],
    # Not the values: they hold the time of collection, which parallel workers must agree on.
    ids=[
        "iat-string",
        "exp-string",
        "exp-float",
        "exp-bool",
        "exp-before-iat",
        "expired",
        "exp-after-year-9999",
        "exp-beyond-int64",
        "iat-before-year-1",
        "not-yet-valid",
    ],
)
def test_bad_time_claims_rejected(codec: TokenCodec, overrides: dict[str, Any]) -> None:
    with pytest.raises(AuthenticationError):
        codec.decode(hand_built(valid_claims(**overrides)), "access")


# --- integrity ---


def test_tampered_payload_rejected(codec: TokenCodec) -> None:
    token = issue_access(codec, role="customer")
    header, payload_segment, signature = token.split(".")
    payload = json.loads(unb64url(payload_segment))
    assert payload["role"] == "customer"
    payload["role"] = "admin"
    forged = f"{header}.{b64url_json(payload)}.{signature}"

    assert codec.decode(token, "access").role == "customer"
    with pytest.raises(AuthenticationError):
        codec.decode(forged, "access")


def test_tampered_signature_rejected(codec: TokenCodec) -> None:
    token = issue_access(codec)
    header, payload, signature = token.split(".")
    raw = bytearray(unb64url(signature))
    raw[0] ^= 1
    with pytest.raises(AuthenticationError):
        codec.decode(f"{header}.{payload}.{b64url(bytes(raw))}", "access")


def test_every_single_character_change_rejected(codec: TokenCodec) -> None:
    token = issue_access(codec)
    for index, char in enumerate(token):
        for replacement in {"A" if char != "A" else "B", ".", "=", "!", "é"}:
            mutated = token[:index] + replacement + token[index + 1 :]
            if mutated == token:
                continue
            with pytest.raises(AuthenticationError):
                codec.decode(mutated, "access")


@pytest.mark.parametrize("claim", ["sub", "role", "sid", "jti", "type", "iat", "exp", "iss", "aud"])
def test_missing_claim_rejected(codec: TokenCodec, claim: str) -> None:
    payload = valid_claims()
    del payload[claim]
    with pytest.raises(AuthenticationError):
        codec.decode(hand_built(payload), "access")
    payload[claim] = None
    with pytest.raises(AuthenticationError):
        codec.decode(hand_built(payload), "access")


@pytest.mark.parametrize("role", ["", 1, ["admin"], {"name": "admin"}, True])
def test_bad_role_claim_rejected(codec: TokenCodec, role: object) -> None:
    with pytest.raises(AuthenticationError):
        codec.decode(hand_built(valid_claims(role=role)), "access")


@pytest.mark.parametrize("claim", ["sub", "sid", "jti"])
@pytest.mark.parametrize(
    "value",
    [
        "42",
        "not-a-uuid",
        "",
        42,
        None,
        ["0b2f8a5e-6f4c-4a3e-9d1b-2c3d4e5f6a7b"],
        "0B2F8A5E-6F4C-4A3E-9D1B-2C3D4E5F6A7B",
        "{0b2f8a5e-6f4c-4a3e-9d1b-2c3d4e5f6a7b}",
        "0b2f8a5e6f4c4a3e9d1b2c3d4e5f6a7b",
        "urn:uuid:0b2f8a5e-6f4c-4a3e-9d1b-2c3d4e5f6a7b",
        "0b2f8a5e-6f4c-4a3e-9d1b-2c3d4e5f6a7",
    ],
    ids=repr,
)
def test_non_uuid_identifiers_rejected(codec: TokenCodec, claim: str, value: object) -> None:
    with pytest.raises(AuthenticationError):
        codec.decode(hand_built(valid_claims(**{claim: value})), "access")


# --- garbage ---


@pytest.mark.parametrize(
    "token",
    [
        "",
        " ",
        "abc",
        "a.b",
        "a.b.c",
        "...",
        "a.b.c.d",
        "Bearer x.y.z",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9..",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.!!!!.!!!!",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.bnVsbA.",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.W10.",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.\ud800.x",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.é.x",
        "\x00",
        "ey" * 10_000,
    ],
    ids=lambda token: repr(token)[:40],
)
def test_garbage_rejected(codec: TokenCodec, token: str) -> None:
    with pytest.raises(AuthenticationError):
        codec.decode(token, "access")


@pytest.mark.parametrize("token", [None, b"x.y.z", 123, ["a", "b"]])
def test_non_string_rejected(codec: TokenCodec, token: Any) -> None:
    with pytest.raises(AuthenticationError):
        codec.decode(token, "access")


def test_deeply_nested_payload_rejected(codec: TokenCodec) -> None:
    header = b64url_json(HS_HEADER)
    payload = b64url(b"[" * 2000 + b"]" * 2000)
    token = f"{header}.{payload}.{b64url(b'x' * 32)}"
    with pytest.raises(AuthenticationError):
        codec.decode(token, "access")


def test_oversized_but_validly_signed_token_rejected(codec: TokenCodec) -> None:
    token = issue_access(codec, role="r" * MAX_TOKEN_LENGTH)
    assert len(token) > MAX_TOKEN_LENGTH
    with pytest.raises(AuthenticationError):
        codec.decode(token, "access")
    assert codec.decode(issue_access(codec, role="r" * 100), "access")
