"""Domain errors and their single mapping to RFC 9457 problem+json responses."""

from typing import Any, ClassVar, Final

from fastapi.responses import JSONResponse

from hestami_api.core.request_id import current_request_id

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://hestami.ai/problems/"
# The title of every problem, by status: RFC 9110's reason phrases (Python's HTTPStatus still
# has older ones for some, such as 413 "Request Entity Too Large").
HTTP_TITLES: Final = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class ProblemJSONResponse(JSONResponse):
    media_type = PROBLEM_MEDIA_TYPE


def problem_response(
    status: int,
    title: str,
    detail: str,
    *,
    slug: str,
    headers: dict[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> ProblemJSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    if (request_id := current_request_id()) is not None:
        body["request_id"] = request_id
    return ProblemJSONResponse(body, status_code=status, headers=headers)


def internal_error_response() -> ProblemJSONResponse:
    """The bare 500 of an unexpected failure: no stack trace, no SQL, nothing of the cause."""
    return problem_response(
        500,
        HTTP_TITLES[500],
        "An unexpected error occurred. It has been logged.",
        slug="internal-error",
    )


class DomainError(Exception):
    """Base of every error a handler may raise on purpose; rendered as problem+json.

    A subclass names its status and problem type (``class NotFoundError(DomainError,
    status=404, slug="not-found")``); the title is the status's. The request's transaction
    is rolled back, unless the error is raised with ``keep_changes=True``: then what the
    handler recorded on the way (a failed-login audit entry, a session revoked for
    refresh-token reuse) is committed first.
    """

    status: ClassVar[int] = 500
    title: ClassVar[str] = HTTP_TITLES[500]
    slug: ClassVar[str] = "internal-error"

    def __init_subclass__(cls, *, status: int, slug: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.status, cls.title, cls.slug = status, HTTP_TITLES[status], slug

    def __init__(
        self, detail: str, *, headers: dict[str, str] | None = None, keep_changes: bool = False
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers
        self.keep_changes = keep_changes

    def to_response(self) -> ProblemJSONResponse:
        return problem_response(
            self.status, self.title, self.detail, slug=self.slug, headers=self.headers
        )


class BadRequestError(DomainError, status=400, slug="bad-request"): ...


class AuthenticationError(DomainError, status=401, slug="unauthorized"):
    def __init__(
        self,
        detail: str = "Missing, invalid or expired credentials.",
        *,
        keep_changes: bool = False,
    ) -> None:
        super().__init__(
            detail,
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            keep_changes=keep_changes,
        )


class PermissionDeniedError(DomainError, status=403, slug="forbidden"): ...


class NotFoundError(DomainError, status=404, slug="not-found"): ...


class ConflictError(DomainError, status=409, slug="conflict"): ...


class PreconditionFailedError(DomainError, status=412, slug="precondition-failed"):
    """If-Match named a version the resource no longer has: nothing was changed."""


class InvalidInputError(DomainError, status=422, slug="validation-error"):
    """A 422 raised by a rule the schema cannot express (for example the password policy)."""

    def __init__(self, detail: str, *, loc: list[str | int], error_type: str) -> None:
        super().__init__(detail)
        self.errors = [{"loc": loc, "msg": detail, "type": error_type}]

    def to_response(self) -> ProblemJSONResponse:
        return problem_response(
            self.status, self.title, self.detail, slug=self.slug, errors=self.errors
        )


class RateLimitedError(DomainError, status=429, slug="rate-limited"):
    def __init__(self, retry_after_seconds: int) -> None:
        retry_after = max(1, retry_after_seconds)
        super().__init__(
            f"Rate limit exceeded; retry after {retry_after} seconds.",
            headers={"Retry-After": str(retry_after)},
        )


class ServiceUnavailableError(DomainError, status=503, slug="service-unavailable"): ...
