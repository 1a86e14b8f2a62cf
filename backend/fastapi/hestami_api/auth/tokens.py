"""Signed access and refresh tokens (JWT, HS256 only).

Every failure to decode a token, whatever its cause, raises
:class:`~hestami_api.core.errors.AuthenticationError` (a 401) and nothing else.

Hardening beyond PyJWT's own checks:

* a token must start with exactly the header this codec writes
  (``{"alg":"HS256","typ":"JWT"}``), so ``alg: none``, RS256/HS512, ``kid``,
  ``jku``, ``crit`` and every other header trick is refused before any parsing;
  ``algorithms=["HS256"]`` is passed to PyJWT all the same;
* tokens longer than :data:`MAX_TOKEN_LENGTH` or not pure ASCII are refused;
* all claims are required; ``aud`` must be a single string equal to ours;
* ``sub``, ``sid`` and ``jti`` must be canonical UUID strings, ``iat`` and
  ``exp`` JSON integers with ``exp > iat``, ``type`` the expected one;
* ``exp - iat`` must not exceed the configured lifetime of that token type: a correctly
  signed token with a far-away ``exp`` (a leaked key used to mint long-lived tokens, or
  tokens issued before the lifetime was shortened) is refused.

Verified tokens are remembered (:data:`VERIFIED_TOKENS_REMEMBERED` per process, least recently
used first out): a client sends the same access token with every request, and its signature
and claims cannot have changed since they were checked. Only its expiry can, and that is
checked on every use. Nothing else is decided from memory: the session and the user are read
from the database on every request, so a revoked session is refused at once in every process.
A token that fails verification is never remembered.

Key rotation: tokens are always signed with the current secret; ``previous_secrets`` are
tried, in order, only when the current one does not verify the signature, so tokens issued
before a rotation keep working until they expire (SECURITY.md, "Rotating JWT_SECRET").
"""

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Final, Literal

import jwt
from jwt.algorithms import HMACAlgorithm
from jwt.types import Options

from hestami_api.core.config import MIN_JWT_SECRET_BYTES, get_settings
from hestami_api.core.errors import AuthenticationError

TokenType = Literal["access", "refresh"]

ALGORITHM: Final = "HS256"
MAX_TOKEN_LENGTH: Final = 4096
MAX_LEEWAY_SECONDS: Final = 300
# About 1 MB: the tokens of that many clients active at once skip a signature check each.
VERIFIED_TOKENS_REMEMBERED: Final = 4096

_ALGORITHMS: Final = [ALGORITHM]
_REQUIRED_CLAIMS: Final = ["sub", "role", "sid", "jti", "type", "iat", "exp", "iss", "aud"]
_TOKEN_TYPES: Final[frozenset[str]] = frozenset({"access", "refresh"})
# Raised by PyJWT for bad tokens, and (defensively) by the stdlib on odd input.
_DECODE_ERRORS: Final = (jwt.PyJWTError, ValueError, TypeError, OverflowError)
# Raised by datetime.fromtimestamp on out-of-range integers.
_TIMESTAMP_ERRORS: Final = (ValueError, OverflowError, OSError)


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """The verified content of a token. Times are timezone-aware (UTC), whole seconds."""

    subject: uuid.UUID
    role: str
    session_id: uuid.UUID
    token_id: uuid.UUID
    token_type: TokenType
    issued_at: datetime
    expires_at: datetime

    @property
    def user_id(self) -> uuid.UUID:
        """Alias of :attr:`subject`: the id of the user the token was issued to."""
        return self.subject


class TokenCodec:
    """Issues and verifies this service's JWTs with one shared HMAC secret."""

    def __init__(
        self,
        secret: str,
        issuer: str,
        audience: str,
        access_ttl_seconds: int,
        refresh_ttl_seconds: int,
        *,
        previous_secrets: Sequence[str] = (),
        leeway_seconds: int = 0,
    ) -> None:
        key = _signing_key(secret)
        if not issuer or not audience:
            raise ValueError("the JWT issuer and audience must not be empty")
        if access_ttl_seconds <= 0 or refresh_ttl_seconds <= 0:
            raise ValueError("token lifetimes must be positive")
        if not 0 <= leeway_seconds <= MAX_LEEWAY_SECONDS:
            raise ValueError(f"leeway must be between 0 and {MAX_LEEWAY_SECONDS} seconds")

        self._key: Final = key
        # The current key first: after a rotation almost every token is already signed with it.
        self._verification_keys: Final = (key, *(_signing_key(old) for old in previous_secrets))
        self._issuer: Final = issuer
        self._audience: Final = audience
        self._leeway: Final = leeway_seconds
        self._ttl: Final[dict[str, int]] = {
            "access": access_ttl_seconds,
            "refresh": refresh_ttl_seconds,
        }
        options: Options = {
            "require": list(_REQUIRED_CLAIMS),
            "strict_aud": True,
            "enforce_minimum_key_length": True,
        }
        # Decoding with options=None reuses these merged options: nothing is built per call.
        self._jwt: Final = jwt.PyJWT(options)
        self._remembered: Final[Callable[[str, TokenType], TokenClaims]] = lru_cache(
            maxsize=VERIFIED_TOKENS_REMEMBERED
        )(self._verified_claims)
        # The exact first segment (and dot) of every token this codec writes.
        self._header_prefix: Final = (
            self._jwt.encode({}, key, algorithm=ALGORITHM).split(".")[0] + "."
        )

    def issue(
        self,
        token_type: TokenType,
        *,
        user_id: uuid.UUID,
        role: str,
        session_id: uuid.UUID,
        token_id: uuid.UUID | None = None,
        now: datetime | None = None,
    ) -> tuple[str, TokenClaims]:
        """Sign a new token; returns it with the claims that :meth:`decode` will give back."""
        if token_type not in _TOKEN_TYPES:
            raise ValueError(f"unknown token type {token_type!r}")
        if not role:
            raise ValueError("role must not be empty")
        if now is None:
            now = datetime.now(UTC)
        elif now.tzinfo is None or now.utcoffset() is None:
            raise ValueError("now must be a timezone-aware datetime")
        if token_id is None:
            token_id = uuid.uuid4()
        iat = int(now.timestamp())
        exp = iat + self._ttl[token_type]
        payload: dict[str, Any] = {
            "sub": str(user_id),
            "role": role,
            "sid": str(session_id),
            "jti": str(token_id),
            "type": token_type,
            "iat": iat,
            "exp": exp,
            "iss": self._issuer,
            "aud": self._audience,
        }
        token = self._jwt.encode(payload, self._key, algorithm=ALGORITHM)
        claims = TokenClaims(
            subject=user_id,
            role=role,
            session_id=session_id,
            token_id=token_id,
            token_type=token_type,
            issued_at=datetime.fromtimestamp(iat, UTC),
            expires_at=datetime.fromtimestamp(exp, UTC),
        )
        return token, claims

    def decode(self, token: str, expected_type: TokenType) -> TokenClaims:
        """Verify ``token`` and return its claims, or raise AuthenticationError."""
        if (
            not isinstance(token, str)
            or len(token) > MAX_TOKEN_LENGTH
            or not token.isascii()
            or not token.startswith(self._header_prefix)
        ):
            raise AuthenticationError()
        claims = self._remembered(token, expected_type)
        # PyJWT's own rule, for a token verified before it expired.
        if claims.expires_at.timestamp() <= time.time() - self._leeway:
            raise AuthenticationError()
        return claims

    def _verified_claims(self, token: str, expected_type: TokenType) -> TokenClaims:
        payload = self._verified_payload(token)

        if payload["type"] != expected_type:
            raise AuthenticationError()
        role = payload["role"]
        iat = payload["iat"]
        exp = payload["exp"]
        if (
            not isinstance(role, str)
            or not role
            or type(iat) is not int
            or type(exp) is not int
            or exp <= iat
            or exp - iat > self._ttl[expected_type]
        ):
            raise AuthenticationError()
        try:
            issued_at = datetime.fromtimestamp(iat, UTC)
            expires_at = datetime.fromtimestamp(exp, UTC)
        except _TIMESTAMP_ERRORS as exc:
            raise AuthenticationError() from exc
        return TokenClaims(
            subject=_uuid_claim(payload["sub"]),
            role=role,
            session_id=_uuid_claim(payload["sid"]),
            token_id=_uuid_claim(payload["jti"]),
            token_type=expected_type,
            issued_at=issued_at,
            expires_at=expires_at,
        )

    def _verified_payload(self, token: str) -> dict[str, Any]:
        """The claims of ``token`` if one of the verification keys signed it."""
        for key in self._verification_keys:
            try:
                payload: dict[str, Any] = self._jwt.decode(
                    token,
                    key,
                    algorithms=_ALGORITHMS,
                    audience=self._audience,
                    issuer=self._issuer,
                    leeway=self._leeway,
                )
            except jwt.InvalidSignatureError:
                continue  # perhaps signed with an earlier key
            except _DECODE_ERRORS as exc:
                raise AuthenticationError() from exc
            return payload
        raise AuthenticationError()


def _signing_key(secret: str) -> bytes:
    """``secret`` as an HMAC key, refusing short ones and ones that look like public keys."""
    key = secret.encode("utf-8")
    if len(key) < MIN_JWT_SECRET_BYTES:
        raise ValueError(f"the JWT secret must be at least {MIN_JWT_SECRET_BYTES} bytes")
    try:
        # Refuses secrets that look like PEM/SSH/JWK keys (algorithm confusion).
        HMACAlgorithm(HMACAlgorithm.SHA256).prepare_key(key)
    except jwt.InvalidKeyError as exc:
        raise ValueError(f"unusable JWT secret: {exc}") from None
    return key


def _uuid_claim(value: object) -> uuid.UUID:
    """A claim that must hold a canonical (lower-case, hyphenated) UUID string."""
    if not isinstance(value, str) or len(value) != 36:
        raise AuthenticationError()
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        raise AuthenticationError() from None
    if str(parsed) != value:
        raise AuthenticationError()
    return parsed


@lru_cache
def get_token_codec() -> TokenCodec:
    """The process-wide codec, built once from the settings."""
    settings = get_settings()
    return TokenCodec(
        secret=settings.jwt_secret.get_secret_value(),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        access_ttl_seconds=settings.access_token_ttl_seconds,
        refresh_ttl_seconds=settings.refresh_token_ttl_seconds,
        previous_secrets=[old.get_secret_value() for old in settings.jwt_previous_secrets],
    )
