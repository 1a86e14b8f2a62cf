"""The one place where every error becomes an RFC 9457 problem+json response."""

import re
from typing import Any, Final

import asyncpg
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from hestami_api.core.errors import (
    HTTP_TITLES,
    DomainError,
    ServiceUnavailableError,
    internal_error_response,
    problem_response,
)
from hestami_api.generated.operations import OPERATIONS

logger = structlog.get_logger(__name__)

MALFORMED_BODY = "malformed-body"
UNKNOWN_ROUTE_DETAIL = "No resource exists at this path."


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {
            "loc": list(error.get("loc", ())),
            "msg": str(error.get("msg", "")),
            "type": error.get("type", ""),
        }
        for error in exc.errors()
    ]


async def handle_domain_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return exc.to_response()


async def handle_validation_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = _validation_errors(exc)
    if any(error["type"] == "json_invalid" for error in errors):
        return problem_response(
            400,
            HTTP_TITLES[400],
            "The request body is not valid JSON.",
            slug=MALFORMED_BODY,
            errors=errors,
        )
    summary = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors[:5])
    return problem_response(
        422,
        HTTP_TITLES[422],
        f"The request is invalid: {summary}",
        slug="validation-error",
        errors=errors,
    )


def _path_pattern(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")


# Starlette answers 405 from the first route whose path matches, so its Allow header names
# only that route's method; the spec's operations give every method of the path.
_METHODS_BY_PATH: Final = [
    (_path_pattern(path), sorted({m for m, p, _, _ in OPERATIONS if p == path}))
    for path in dict.fromkeys(path for _, path, _, _ in OPERATIONS)
]


def allowed_methods(path: str) -> list[str]:
    return next((methods for pattern, methods in _METHODS_BY_PATH if pattern.match(path)), [])


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers) if exc.headers else {}
    if exc.status_code == 405 and (methods := allowed_methods(request.url.path)):
        headers["Allow"] = ", ".join(methods)
    title = HTTP_TITLES.get(exc.status_code, "Error")
    detail = (
        exc.detail
        if isinstance(exc.detail, str) and exc.detail != title
        else {
            404: UNKNOWN_ROUTE_DETAIL,
            405: "This method is not allowed on this path.",
        }.get(exc.status_code, title)
    )
    slug = title.lower().replace(" ", "-")
    if exc.status_code == 400 and "parsing the body" in detail:
        detail = "The request body could not be parsed (it must be UTF-8 encoded JSON)."
        slug = MALFORMED_BODY
    return problem_response(exc.status_code, title, detail, slug=slug, headers=headers or None)


async def handle_database_unavailable(_: Request, exc: Exception) -> Response:
    """The database dropped the connection or refused it: a retryable 503, not a 500."""
    logger.warning("database_unavailable", error=type(exc).__name__)
    return ServiceUnavailableError(
        "The database is temporarily unavailable; retry shortly.",
        headers={"Retry-After": "5"},
    ).to_response()


# What an unreachable, restarting or saturated PostgreSQL raises: SQLAlchemy's wrapped driver
# errors, asyncpg's own connect failures (refused: OSError; no answer: TimeoutError) and its
# lost connections on the driver-level path (auth.repository.authenticated_user), and the
# pool's wait running out. On that path a server's goodbye (FATAL, then the socket's close)
# can reach an idle connection in two steps: a query between them finds asyncpg waiting for
# the end of that error (InternalClientError, "another operation is in progress"). The
# connection is discarded (RequestContext.fetch_at_driver); a retry gets another.
DATABASE_UNAVAILABLE: tuple[type[Exception], ...] = (
    OperationalError,
    InterfaceError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,
    PoolTimeoutError,
    OSError,
    TimeoutError,
)


# SQLSTATE classes of a server that is going away or not taking connections yet:
# 08 connection exception, 57P01-57P03 admin shutdown, crash shutdown, cannot connect now.
UNAVAILABLE_SQLSTATE_PREFIXES: Final = ("08", "57P")


def is_database_unavailable(error: DBAPIError | asyncpg.PostgresError) -> bool:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    cause: BaseException | None = error.orig if isinstance(error, DBAPIError) else error
    while cause is not None:
        sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        if isinstance(sqlstate, str):
            return sqlstate.startswith(UNAVAILABLE_SQLSTATE_PREFIXES)
        cause = cause.__cause__
    return False


async def handle_database_error(request: Request, exc: Exception) -> Response:
    """Any other driver error (wrapped by SQLAlchemy, or asyncpg's own on the driver-level
    path): a 503 when the server is away (shutting down, restarting), else a bare 500 that
    logs the SQLSTATE only (PostgreSQL's message text may hold values)."""
    assert isinstance(exc, DBAPIError | asyncpg.PostgresError)
    if is_database_unavailable(exc):
        return await handle_database_unavailable(request, exc)
    cause = exc.orig if isinstance(exc, DBAPIError) else exc
    logger.error(
        "database_error",
        error=type(cause).__name__,
        sqlstate=getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None),
    )
    return internal_error_response()


def install_problem_handlers(app: FastAPI) -> None:
    for error_class in DATABASE_UNAVAILABLE:
        app.add_exception_handler(error_class, handle_database_unavailable)
    app.add_exception_handler(DBAPIError, handle_database_error)
    app.add_exception_handler(asyncpg.PostgresError, handle_database_error)
    app.add_exception_handler(DomainError, handle_domain_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(HTTPException, handle_http_exception)
