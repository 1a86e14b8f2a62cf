"""X-Request-ID: one id per request, on the response, in every log line and problem body.

The caller's value is kept when it is 1-128 characters of ``[A-Za-z0-9._-]`` (a proxy or a
client may have logged it already); anything else is replaced by a new UUID, so a forged
header cannot inject text into logs.
"""

import re
import uuid
from contextvars import ContextVar
from typing import Final

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER: Final = b"x-request-id"
ACCEPTED: Final = re.compile(rb"[A-Za-z0-9._-]{1,128}")

_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being handled (None outside a request)."""
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        encoded = request_id.encode()
        token = _current.set(request_id)
        structlog.contextvars.bind_contextvars(request_id=request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != HEADER]
                message["headers"] = [*headers, (HEADER, encoded)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            structlog.contextvars.unbind_contextvars("request_id")
            _current.reset(token)


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == HEADER:
            if ACCEPTED.fullmatch(value):
                return bytes(value).decode()
            break
    return str(uuid.uuid4())
