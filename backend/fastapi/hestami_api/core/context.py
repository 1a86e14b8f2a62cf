"""Per-request dependencies shared by every handler: the database session and request facts.

Each request has at most one `AsyncSession`, opened on first use and ended once before the
response is sent: committed when the operation succeeds, rolled back when it raises (see
`DomainError.keep_changes`). Work that must wait for the commit (an email whose link must
already work) is queued with `RequestContext.after_commit` and runs only when the commit
succeeded.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, cast

import structlog
from fastapi import Depends, Request, Response
from pydantic import BaseModel
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.util import greenlet_spawn

from hestami_api.core.client_address import canonical_client_ip
from hestami_api.core.db import (
    FairAsyncQueuePool,
    get_read_session_factory,
    get_session_factory,
)
from hestami_api.core.errors import DomainError
from hestami_api.core.etag import tag_of
from hestami_api.core.views import json_body

if TYPE_CHECKING:
    import asyncpg

logger = structlog.get_logger(__name__)

AfterCommit = Callable[[], Awaitable[None]]

# Strong references to after-commit tasks: the event loop keeps only weak ones.
_running_tasks: set["asyncio.Task[None]"] = set()


class RequestContext:
    """What a handler gets besides its parameters: the request's session and facts about the
    caller. A request's session opens on first use of ``db``: an operation whose only query
    authenticates the caller (``GET /users/me``) never pays for one (see `fetch_at_driver`)."""

    __slots__ = (
        "_after_commit",
        "_db",
        "_lent",
        "_sessions",
        "client_ip",
        "looked_up",
        "user_agent",
        "writes",
    )

    def __init__(
        self,
        db: AsyncSession | None = None,
        client_ip: str | None = None,
        user_agent: str | None = None,
        *,
        sessions: async_sessionmaker[AsyncSession] | None = None,
        writes: bool = True,
    ) -> None:
        if (db is None) == (sessions is None):
            raise ValueError("a context takes either a session or a factory of sessions")
        self._db = db
        self._sessions = sessions
        self._lent: PoolProxiedConnection | None = None
        self._after_commit: list[AfterCommit] = []
        self.client_ip = client_ip
        self.user_agent = user_agent
        # False: the operation only reads, so its session commits nothing (see `finish`).
        self.writes = writes
        # The rows of this request's lookups that carry reads, by lookup (`prepared.CarriedRead`).
        self.looked_up: dict[object, Any] = {}

    @property
    def db(self) -> AsyncSession:
        if self._db is None:
            assert self._sessions is not None
            if self._lent is None:
                self._lent = self._pool().take_shelved()
            self._db = self._sessions(bind=self._bind_lent()) if self._lent else self._sessions()
        return self._db

    @property
    def has_session(self) -> bool:
        return self._db is not None

    @property
    def can_share_connection(self) -> bool:
        """The operation only reads and holds nothing of the database yet: a lookup may run
        on a connection it shares with other requests (see `prepared.BatchedLookup`). One
        that holds a connection keeps to it: waiting for a second could deadlock the pool."""
        return self._db is None and self._lent is None and not self.writes

    def another_reader(self) -> "RequestContext":
        """A context that only reads, on this context's engine and holding nothing: for
        statements run on behalf of several requests (see `prepared.BatchedLookup`)."""
        return RequestContext(sessions=self._sessions, writes=False)

    async def fetch_at_driver(self, sql: str, arguments: Sequence[Any]) -> list["asyncpg.Record"]:
        """``sql`` (asyncpg's ``$n`` placeholders) run at the driver, past SQLAlchemy: on the
        connection checked out for the request while a reading context has no session (lent to
        the session if one opens later), else on the session's own, in its transaction."""
        if self._db is None and not self.writes:
            driver = await self._driver_connection()
            discard = self._invalidate_lent
        else:
            connection = await self.db.connection()
            raw = await connection.get_raw_connection()
            driver = cast("asyncpg.Connection", raw.driver_connection)
            # SQLAlchemy discards a connection that failed under it; this one failed beside it.
            discard = connection.invalidate
        try:
            return await driver.fetch(sql, *arguments)
        except BaseException:  # a cancelled query too: the connection's state is unknown
            await discard()
            raise

    async def _driver_connection(self) -> "asyncpg.Connection":
        if self._lent is None:
            self._lent = await self._pool().lend()
        return cast("asyncpg.Connection", self._lent.driver_connection)

    def _engine(self) -> AsyncEngine:
        assert self._sessions is not None
        engine: AsyncEngine = self._sessions.kw["bind"]
        return engine

    def _pool(self) -> FairAsyncQueuePool:
        return cast(FairAsyncQueuePool, self._engine().pool)  # create_db_engine's pool

    def _bind_lent(self) -> AsyncConnection:
        assert self._lent is not None
        engine = self._engine()
        # The Connection a session would have opened, over the connection already checked out.
        return AsyncConnection(engine, Connection(engine.sync_engine, self._lent))

    async def _invalidate_lent(self) -> None:
        """The lent connection failed under a statement of ours: it is not returned to the pool."""
        if self._lent is not None:
            lent, self._lent = self._lent, None
            await greenlet_spawn(lent.invalidate)

    async def close(self) -> None:
        """Ends the request's hold on the database: the session it opened, then the lent
        connection. A session it was given is the giver's to close."""
        lent, self._lent = self._lent, None
        try:
            if self._db is not None and self._sessions is not None:
                await self._db.close()
        finally:
            if lent is not None:
                bind = self._db.bind if self._db is not None else None
                if isinstance(bind, AsyncConnection):  # the session's Connection over it
                    await bind.close()
                else:
                    await self._pool().give_back(lent)

    def after_commit(self, work: AfterCommit) -> None:
        """Runs ``work`` in the background once the transaction has committed; never if it
        rolls back. The response does not wait for it."""
        self._after_commit.append(work)


async def finish(ctx: RequestContext, error: BaseException | None) -> None:
    """Ends the transaction: commit on success, roll back on error (see DomainError).
    A context that only reads (``writes=False``) has nothing to end but to close its session,
    so the request pays for no COMMIT (nor the session's bookkeeping of one); nor has a
    context whose session never opened."""
    succeeded = error is None or (isinstance(error, DomainError) and error.keep_changes)
    if ctx.writes and ctx.has_session:
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


def new_context(
    request: Request,
    db: AsyncSession | None = None,
    *,
    sessions: async_sessionmaker[AsyncSession] | None = None,
    writes: bool = True,
) -> RequestContext:
    """The context of ``request``, on the session ``db`` or on one ``sessions`` opens."""
    client = request.client
    return RequestContext(
        db,
        sessions=sessions,
        writes=writes,
        client_ip=canonical_client_ip(client.host if client else None),
        user_agent=request.headers.get("user-agent"),
    )


@asynccontextmanager
async def transaction(ctx: RequestContext) -> AsyncIterator[RequestContext]:
    """The unit of work of a request or a command: ``finish`` once, however it ends, then
    let go of what the context took from the pool (see `RequestContext.close`)."""
    try:
        try:
            yield ctx
        except BaseException as error:
            await finish(ctx, error)
            raise
        await finish(ctx, None)
    finally:
        await ctx.close()


# Plain dependencies that make the context; the generated endpoint ends it with `transaction`
# around the handler, before it returns the response, so a client never sees a success whose
# transaction later failed. A generator dependency (``yield`` with ``scope="function"``) did the
# same at 30-45 us more a request: FastAPI's exit stack and shielded exit.
async def write_context(request: Request) -> RequestContext:
    """A session whose statements run in one transaction."""
    return new_context(request, sessions=get_session_factory())


async def read_context(request: Request) -> RequestContext:
    """A session for operations that only read: no BEGIN/COMMIT round trips."""
    return new_context(request, sessions=get_read_session_factory(), writes=False)


Context = Annotated[RequestContext, Depends(write_context)]
ReadContext = Annotated[RequestContext, Depends(read_context)]


@dataclass(frozen=True, slots=True)
class Rendered[Model: BaseModel]:
    """A response model with its JSON body, for an answer a cache gives many times: the body
    is made once (a catalog page of 20 services takes longer to serialize than the rest of a
    cached search), not on every request. A handler may return this instead of the model."""

    model: Model
    body: bytes

    @classmethod
    def of(cls, model: Model) -> "Rendered[Model]":
        return cls(model, json_body(model))


def json_response(
    model: BaseModel | Rendered[Any], status_code: int, *, etag: bool = False
) -> Response:
    """Serialize once with pydantic-core; FastAPI's response_model would validate again.
    ``etag``: a single resource, whose version the response names (see core/etag)."""
    body = model.body if isinstance(model, Rendered) else json_body(model)
    return Response(
        content=body,
        status_code=status_code,
        media_type="application/json",
        headers={"ETag": tag_of(body)} if etag else None,
    )


def text_response(text: str, status_code: int) -> Response:
    return Response(content=text, status_code=status_code, media_type="text/plain; charset=utf-8")
