"""Bearer authentication and role guards for the generated routes.

`access_claims` is a dependency with no I/O that verifies the JWT; `principal_for` then
confirms the session and user in one indexed query inside the request's session and
applies the operation's role guard.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Request

from hestami_api.auth import repository
from hestami_api.auth.models import User
from hestami_api.auth.tokens import TokenClaims, get_token_codec
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import AuthenticationError, PermissionDeniedError


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller: the user and the login session the access token belongs to."""

    user: User
    session_id: uuid.UUID


def bearer_token(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationError("A bearer access token is required.")
    return token.strip()


async def access_claims(request: Request) -> TokenClaims:
    """The dependency of every secured operation: a valid access token (no I/O)."""
    return get_token_codec().decode(bearer_token(request), "access")


async def principal_for(ctx: RequestContext, claims: TokenClaims, *roles: str) -> Principal:
    """Token check and user load in one indexed query, then the role guard.

    A revoked or expired session is a 401 even where the role would not fit: the contract
    promises 401 for old tokens."""
    user = await repository.authenticated_user(
        ctx, session_id=claims.session_id, user_id=claims.subject, now=datetime.now(UTC)
    )
    # A role change ends the user's sessions; comparing roles is a second, free line of defence.
    if user is None or user.role != claims.role:
        raise AuthenticationError()
    if roles and user.role not in roles:
        raise PermissionDeniedError(f"This operation is only for {' or '.join(roles)} accounts.")
    return Principal(user=user, session_id=claims.session_id)
