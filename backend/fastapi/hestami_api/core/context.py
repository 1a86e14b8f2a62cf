"""Per-request dependencies shared by every handler: the database session and request facts."""

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from hestami_api.core.config import get_settings
from hestami_api.core.db import get_session_factory
from hestami_api.core.errors import DomainError


def finish(session: Session, error: BaseException | None) -> None:
    """Ends the request's transaction: commit on success, roll back on error (see DomainError)."""
    if error is None or (isinstance(error, DomainError) and error.keep_changes):
        session.commit()
    else:
        session.rollback()


def unit_of_work(session: Session) -> Iterator[Session]:
    """The transaction of a command-line command, as `in_transaction` is of a request."""
    try:
        yield session
    except BaseException as error:
        finish(session, error)
        raise
    finish(session, None)


async def database_session() -> AsyncIterator[Session]:
    """One session per request. The route ends its transaction in the endpoint's worker thread
    (see `in_transaction`), so here closing it does no I/O; only a request that failed before
    reaching its endpoint with a transaction open costs another thread hop."""
    session = get_session_factory()()
    try:
        yield session
    finally:
        if session.in_transaction():
            await run_in_threadpool(_roll_back_and_close, session)
        else:
            session.close()


def _roll_back_and_close(session: Session) -> None:
    try:
        session.rollback()
    finally:
        session.close()


def in_transaction[T](ctx: "RequestContext", work: Callable[[], T]) -> T:
    """Runs an operation and ends the request's transaction once: commit if it succeeds,
    roll back if it raises (or commit, for a DomainError raised with keep_changes)."""
    try:
        result = work()
    except BaseException as error:
        finish(ctx.db, error)
        raise
    finish(ctx.db, None)
    return result


def _connections_per_process() -> int:
    settings = get_settings()
    return settings.database_pool_size + settings.database_max_overflow


# scope="function" commits before the response is sent, so a client never sees a success
# whose transaction later failed. max_concurrency admits only as many requests as the pool
# has connections: the others wait on the event loop, not in a worker thread, so a request
# that holds a connection always finds a thread for its next step (no pool starvation).
DbSession = Annotated[
    Session,
    Depends(database_session, scope="function", max_concurrency=_connections_per_process()),
]


@dataclass(frozen=True, slots=True)
class RequestContext:
    db: Session
    client_ip: str | None
    user_agent: str | None


async def request_context(request: Request, db: DbSession) -> RequestContext:
    """Async: it does no I/O, so it need not cost a worker-thread hop."""
    client = request.client
    return RequestContext(
        db=db,
        client_ip=client.host if client else None,
        user_agent=request.headers.get("user-agent"),
    )


Context = Annotated[RequestContext, Depends(request_context)]


async def liveness_context(
    request: Request, db: Annotated[Session, Depends(database_session, scope="function")]
) -> RequestContext:
    """A context outside the admission limit, for the liveness probe: its session is never
    used (it connects lazily), so a saturated process still answers that it is alive."""
    return await request_context(request, db)


LivenessContext = Annotated[RequestContext, Depends(liveness_context)]


def json_response(model: BaseModel, status_code: int) -> Response:
    """Serialize once with pydantic-core; FastAPI's response_model would validate again."""
    return Response(
        content=model.model_dump_json(by_alias=True),
        status_code=status_code,
        media_type="application/json",
    )
