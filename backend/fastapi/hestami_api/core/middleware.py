"""Pure ASGI middleware (BaseHTTPMiddleware costs a task per request): security headers
and the last-resort conversion of unexpected exceptions into a 500 problem."""

import structlog
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hestami_api.core.errors import internal_error_response, problem_response

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


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        documentation = documentation_headers(scope)
        added = SECURITY_HEADERS + (API_ONLY_HEADERS if documentation is None else documentation)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [header for header in added if header[0] not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class UnhandledErrorMiddleware:
    """Answers any unexpected exception with a bare 500 problem: no stack trace, no SQL."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        response_started = False

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            logger.exception("unhandled_error", method=scope["method"], path=scope["path"])
            if response_started:
                raise
            response = internal_error_response()
            await response(scope, receive, send)


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


class BodyLimitMiddleware:
    """Refuses request bodies over a size with a 413 problem (FastAPI's own limit answers in
    plain text from outside the exception handlers)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        detail = f"The request body is larger than {self.max_bytes} bytes."
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            response = problem_response(413, "Content Too Large", detail, slug="content-too-large")
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:  # a chunked body without Content-Length
                    raise HTTPException(413, detail)
            return message

        await self.app(scope, limited_receive, send)
