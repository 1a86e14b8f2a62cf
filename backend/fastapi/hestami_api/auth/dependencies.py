"""Bearer authentication and role guards, as FastAPI dependencies for the generated routes."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request

from hestami_api.auth import repository
from hestami_api.auth.models import User
from hestami_api.auth.tokens import get_token_codec
from hestami_api.core.context import DbSession
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


def authenticate(request: Request, db: DbSession) -> Principal:
    """Token check and user load in one indexed query; revoked sessions fail at once."""
    claims = get_token_codec().decode(bearer_token(request), "access")
    user = repository.authenticated_user(
        db, session_id=claims.session_id, user_id=claims.subject, now=datetime.now(UTC)
    )
    # A role change ends the user's sessions; comparing roles is a second, free line of defence.
    if user is None or user.role != claims.role:
        raise AuthenticationError()
    return Principal(user=user, session_id=claims.session_id)


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


def require_principal(*roles: str) -> Callable[..., Any]:
    """The dependency for an operation: any authenticated user, or only the given roles."""
    if not roles:
        return authenticate
    allowed = frozenset(roles)
    description = " or ".join(roles)

    async def role_guard(principal: CurrentPrincipal) -> Principal:  # no I/O: no thread hop
        if principal.user.role not in allowed:
            raise PermissionDeniedError(f"This operation is only for {description} accounts.")
        return principal

    return role_guard
