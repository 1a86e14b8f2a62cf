"""The app's own ASGI middleware, pure ASGI (BaseHTTPMiddleware costs a task per request)
and as few layers as the order of concerns allows: ``EdgeMiddleware`` outermost, then CORS and
the rate limit, then ``GuardMiddleware`` next to the app."""

import time

import structlog
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hestami_api.core.errors import internal_error_response, problem_response
from hestami_api.core.metrics import record_request
from hestami_api.core.request_id import (
    REQUEST_ID_HEADER,
    bind_request_id,
    request_id_of,
    unbind_request_id,
)

logger = structlog.get_logger(__name__)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)
# API responses carry personal data and tokens: never cache them, never render them.
API_ONLY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"cache-control", b"no-store"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
)
# The documentation pages (core/docs.py) load Swagger UI and ReDoc from this origin only and
# hold no inline script or style: anything else a page could load, run, post or be framed by
# is refused. Images may also be data: URIs (both stylesheets inline their icons that way).
SWAGGER_UI_CSP = (
    b"default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    b"form-action 'none'; frame-ancestors 'none'"
)
# ReDoc needs two relaxations, both as narrow as its bundle allows (docs/backend/fastapi/
# SECURITY.md): its styled-components inserts an EMPTY <style> element and fills it through
# the CSSOM (not governed by CSP), and it inserts perfect-scrollbar's fixed stylesheet; the two
# hashes admit exactly those two contents, so injected markup still cannot bring a stylesheet
# ('unsafe-inline' would let it). Its search index runs in a worker built from a blob: URL,
# which only the page's own scripts can create. A ReDoc upgrade that changes either stylesheet
# breaks the page's styles: tests/core/test_docs_browser.py then reports the CSP violation.
REDOC_CSP = (
    b"default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    b"form-action 'none'; frame-ancestors 'none'; "
    b"style-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' "
    b"'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='; "
    b"worker-src 'self' blob:"
)


def documentation_headers(scope: Scope) -> tuple[tuple[bytes, bytes], ...] | None:
    """The extra headers of a documentation path (core/docs.py), None for any other path."""
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if root_path and path.startswith(root_path):  # uvicorn --root-path: the path includes it
        path = path[len(root_path) :]
    for prefix, policy in (("/docs", SWAGGER_UI_CSP), ("/redoc", REDOC_CSP)):
        if path == prefix or path.startswith(prefix + "/"):
            return ((b"content-security-policy", policy),)
    return None


class EdgeMiddleware:
    """The outermost layer: the request's id, its metrics and the security headers, with one
    wrapper around ``send`` (each pure-ASGI layer costs every request a call and a closure).

    The id is bound before anything else runs, so every log line and problem body of the
    request names it; the duration is taken around everything inside, problems included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = request_id_of(scope)
        token = bind_request_id(request_id)
        documentation = documentation_headers(scope)
        added = (
            *SECURITY_HEADERS,
            *(API_ONLY_HEADERS if documentation is None else documentation),
            (REQUEST_ID_HEADER, request_id.encode()),
        )
        status = 500  # what the client gets if the app raises before answering

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                # The app's own values win, except for the id: the caller must see this one.
                kept = [h for h in message.get("headers", []) if h[0].lower() != REQUEST_ID_HEADER]
                present = {name.lower() for name, _ in kept}
                message["headers"] = [*kept, *(h for h in added if h[0] not in present)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            record_request(scope, status, time.perf_counter() - started)
            unbind_request_id(token)


class GuardMiddleware:
    """The innermost layer: request bodies over ``max_bytes`` are a 413 problem (FastAPI's own
    limit answers in plain text from outside the exception handlers), and any unexpected
    exception a bare 500 problem (no stack trace, no SQL). Inside CORS and the rate limit, so
    those problems carry the same headers as every other answer."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.too_large = f"The request body is larger than {max_bytes} bytes."

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                if value.isdigit() and int(value) > self.max_bytes:
                    response = problem_response(
                        413, "Content Too Large", self.too_large, slug="content-too-large"
                    )
                    await response(scope, receive, send)
                    return
                break
        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:  # a chunked body without Content-Length
                    raise HTTPException(413, self.too_large)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            response_started = response_started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except Exception:
            logger.exception("unhandled_error", method=scope["method"], path=scope["path"])
            if response_started:
                raise
            await internal_error_response()(scope, receive, send)


class ProblemCORSMiddleware(CORSMiddleware):
    """Starlette's CORS middleware, answering a refused preflight with problem+json like every
    other 4xx instead of plain text."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        headers = {
            name: value
            for name, value in response.headers.items()
            if name.lower() not in {"content-length", "content-type"}
        }
        return problem_response(
            400, "Bad Request", bytes(response.body).decode(), slug="cors-refused", headers=headers
        )
