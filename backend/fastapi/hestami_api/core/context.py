"""Per-request dependencies shared by every handler: the database session and request facts."""

from collections.abc import AsyncIterator, Iterator
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
    """The request transaction for synchronous callers (command line, tests)."""
    try:
        yield session
    except BaseException as error:
        finish(session, error)
        raise
    finish(session, None)


async def database_session() -> AsyncIterator[Session]:
    """One session per request. Async so that opening it costs no worker-thread hop (a session
    connects lazily); only the final commit or rollback runs in a thread."""
    session = get_session_factory()()
    try:
        yield session
    except BaseException as error:
        await run_in_threadpool(_finish_and_close, session, error)
        raise
    await run_in_threadpool(_finish_and_close, session, None)


def _finish_and_close(session: Session, error: BaseException | None) -> None:
    try:
        finish(session, error)
    finally:
        session.close()


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


def json_response(model: BaseModel, status_code: int) -> Response:
    """Serialize once with pydantic-core; FastAPI's response_model would validate again."""
    return Response(
        content=model.model_dump_json(by_alias=True),
        status_code=status_code,
        media_type="application/json",
    )
