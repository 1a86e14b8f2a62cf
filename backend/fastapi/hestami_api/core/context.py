"""Per-request dependencies shared by every handler: the database session and request facts.

Each request has one `AsyncSession`, ended once before the response is sent: committed when
the operation succeeds, rolled back when it raises (see `DomainError.keep_changes`). Work that
must wait for the commit (an email whose link must already work) is queued with
`RequestContext.after_commit` and runs only when the commit succeeded.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated

import structlog
from fastapi import Depends, Request, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.core.client_address import canonical_client_ip
from hestami_api.core.db import get_read_session_factory, get_session_factory
from hestami_api.core.errors import DomainError
from hestami_api.core.etag import tag_of

logger = structlog.get_logger(__name__)

AfterCommit = Callable[[], Awaitable[None]]

# Strong references to after-commit tasks: the event loop keeps only weak ones.
_running_tasks: set["asyncio.Task[None]"] = set()


@dataclass(frozen=True, slots=True)
class RequestContext:
    db: AsyncSession
    client_ip: str | None
    user_agent: str | None
    _after_commit: list[AfterCommit] = field(default_factory=list)

    def after_commit(self, work: AfterCommit) -> None:
        """Runs ``work`` in the background once the transaction has committed; never if it
        rolls back. The response does not wait for it."""
        self._after_commit.append(work)


async def finish(ctx: RequestContext, error: BaseException | None, *, writes: bool = True) -> None:
    """Ends the transaction: commit on success, roll back on error (see DomainError).
    ``writes=False``: the session only read; closing it is all that is left to do, so the
    request pays for no COMMIT (nor the session's bookkeeping of one)."""
    succeeded = error is None or (isinstance(error, DomainError) and error.keep_changes)
    if writes:
        await (ctx.db.commit() if succeeded else ctx.db.rollback())
    if succeeded:
        for work in ctx._after_commit:
            _start_background(work)
    ctx._after_commit.clear()


def _start_background(work: AfterCommit) -> None:
    task = asyncio.get_running_loop().create_task(_logged(work))
    _running_tasks.add(task)
    task.add_done_callback(_running_tasks.discard)


async def _logged(work: AfterCommit) -> None:
    try:
        await work()
    except Exception:
        logger.exception("after_commit_work_failed")


def new_context(request: Request, db: AsyncSession) -> RequestContext:
    client = request.client
    return RequestContext(
        db=db,
        client_ip=canonical_client_ip(client.host if client else None),
        user_agent=request.headers.get("user-agent"),
    )


@asynccontextmanager
async def transaction(ctx: RequestContext, *, writes: bool = True) -> AsyncIterator[RequestContext]:
    """The unit of work of a request or a command: ``finish`` once, however it ends."""
    try:
        yield ctx
    except BaseException as error:
        await finish(ctx, error, writes=writes)
        raise
    await finish(ctx, None, writes=writes)


async def write_context(request: Request) -> AsyncIterator[RequestContext]:
    """A session whose statements run in one transaction."""
    async with get_session_factory()() as db, transaction(new_context(request, db)) as ctx:
        yield ctx


async def read_context(request: Request) -> AsyncIterator[RequestContext]:
    """A session for operations that only read: no BEGIN/COMMIT round trips. One dependency
    (not a session dependency under a context one): each costs every request a generator."""
    async with (
        get_read_session_factory()() as db,
        transaction(new_context(request, db), writes=False) as ctx,
    ):
        yield ctx


# scope="function": the transaction ends before the response is sent, so a client never sees
# a success whose transaction later failed.
Context = Annotated[RequestContext, Depends(write_context, scope="function")]
ReadContext = Annotated[RequestContext, Depends(read_context, scope="function")]


def json_response(model: BaseModel, status_code: int, *, etag: bool = False) -> Response:
    """Serialize once with pydantic-core; FastAPI's response_model would validate again.
    ``etag``: a single resource, whose version the response names (see core/etag)."""
    body = model.model_dump_json(by_alias=True).encode()
    return Response(
        content=body,
        status_code=status_code,
        media_type="application/json",
        headers={"ETag": tag_of(body)} if etag else None,
    )


def text_response(text: str, status_code: int) -> Response:
    return Response(content=text, status_code=status_code, media_type="text/plain; charset=utf-8")
