"""Domain errors and their single mapping to RFC 9457 problem+json responses."""

from typing import Any, ClassVar

from fastapi.responses import JSONResponse

from hestami_api.core.request_id import current_request_id

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://hestami.ai/problems/"


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
        "Internal Server Error",
        "An unexpected error occurred. It has been logged.",
        slug="internal-error",
    )


class DomainError(Exception):
    """Base of every error a handler may raise on purpose; rendered as problem+json.

    The request's transaction is rolled back, unless the error is raised with
    ``keep_changes=True``: then what the handler recorded on the way (a failed-login
    audit entry, a session revoked for refresh-token reuse) is committed first.
    """

    status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal Server Error"
    slug: ClassVar[str] = "internal-error"

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


class BadRequestError(DomainError):
    status = 400
    title = "Bad Request"
    slug = "bad-request"


class AuthenticationError(DomainError):
    status = 401
    title = "Unauthorized"
    slug = "unauthorized"

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


class PermissionDeniedError(DomainError):
    status = 403
    title = "Forbidden"
    slug = "forbidden"


class NotFoundError(DomainError):
    status = 404
    title = "Not Found"
    slug = "not-found"


class ConflictError(DomainError):
    status = 409
    title = "Conflict"
    slug = "conflict"


class PreconditionFailedError(DomainError):
    """If-Match named a version the resource no longer has: nothing was changed."""

    status = 412
    title = "Precondition Failed"
    slug = "precondition-failed"


class InvalidInputError(DomainError):
    """A 422 raised by a rule the schema cannot express (for example the password policy)."""

    status = 422
    title = "Unprocessable Content"
    slug = "validation-error"

    def __init__(self, detail: str, *, loc: list[str | int], error_type: str) -> None:
        super().__init__(detail)
        self.errors = [{"loc": loc, "msg": detail, "type": error_type}]

    def to_response(self) -> ProblemJSONResponse:
        return problem_response(
            self.status, self.title, self.detail, slug=self.slug, errors=self.errors
        )


class RateLimitedError(DomainError):
    status = 429
    title = "Too Many Requests"
    slug = "rate-limited"

    def __init__(self, retry_after_seconds: int) -> None:
        retry_after = max(1, retry_after_seconds)
        super().__init__(
            f"Rate limit exceeded; retry after {retry_after} seconds.",
            headers={"Retry-After": str(retry_after)},
        )


class ServiceUnavailableError(DomainError):
    status = 503
    title = "Service Unavailable"
    slug = "service-unavailable"
