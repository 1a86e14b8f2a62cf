"""X-Request-ID: one id per request, on the response, in every log line and problem body.

The caller's value is kept when it is 1-128 characters of ``[A-Za-z0-9._-]`` (a proxy or a
client may have logged it already); anything else is replaced by a new UUID, so a forged
header cannot inject text into logs.
"""

import re
import uuid
from contextvars import ContextVar, Token
from typing import Final

import structlog
from starlette.types import Scope

REQUEST_ID_HEADER: Final = b"x-request-id"
ACCEPTED: Final = re.compile(rb"[A-Za-z0-9._-]{1,128}")

_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being handled (None outside a request)."""
    return _current.get()


def bind_request_id(request_id: str) -> Token[str | None]:
    """Makes ``request_id`` the current one, for problem bodies and every log line."""
    structlog.contextvars.bind_contextvars(request_id=request_id)
    return _current.set(request_id)


def unbind_request_id(token: Token[str | None]) -> None:
    structlog.contextvars.unbind_contextvars("request_id")
    _current.reset(token)


def request_id_of(scope: Scope) -> str:
    """The caller's id if it is acceptable, else a new UUID."""
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER:
            if ACCEPTED.fullmatch(value):
                return bytes(value).decode()
            break
    return str(uuid.uuid4())
