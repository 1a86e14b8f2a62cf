"""The unit of work of a request: commit or roll back once, and after-commit work."""

import asyncio
from typing import cast

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from structlog.testing import capture_logs

from hestami_api.core.context import AfterCommit, RequestContext, transaction
from hestami_api.core.errors import BadRequestError


class RecordingSession:
    """Stands in for the AsyncSession: records how the transaction ended."""

    def __init__(self, events: list[str]) -> None:
        self.events = events

    async def commit(self) -> None:
        self.events.append("commit")

    async def rollback(self) -> None:
        self.events.append("rollback")


def new_context(events: list[str]) -> RequestContext:
    session = cast(AsyncSession, RecordingSession(events))
    return RequestContext(db=session, client_ip="192.0.2.1", user_agent="test")


class RecordedWork:
    """After-commit work that records that it ran, and can be awaited."""

    def __init__(self, events: list[str]) -> None:
        self.events = events
        self.done = asyncio.Event()

    async def __call__(self) -> None:
        self.events.append("work")
        self.done.set()

    async def ran(self) -> None:
        await asyncio.wait_for(self.done.wait(), timeout=5)


async def failing_request(events: list[str], work: AfterCommit, error: Exception) -> None:
    """A request that queues ``work`` and then raises ``error``."""
    async with transaction(new_context(events)) as ctx:
        ctx.after_commit(work)
        raise error


async def settle() -> None:
    """Lets the tasks started by a commit run (they need only a few loop iterations)."""
    for _ in range(10):
        await asyncio.sleep(0)


async def test_after_commit_work_runs_once_the_commit_succeeded() -> None:
    events: list[str] = []
    work = RecordedWork(events)

    async with transaction(new_context(events)) as ctx:
        ctx.after_commit(work)
        events.append("handler")

    await work.ran()
    assert events == ["handler", "commit", "work"]


@pytest.mark.parametrize(
    "error",
    [BadRequestError("rule broken"), RuntimeError("bug")],
    ids=["domain-error", "unexpected-error"],
)
async def test_after_commit_work_never_runs_when_the_transaction_rolls_back(
    error: Exception,
) -> None:
    events: list[str] = []

    with pytest.raises(type(error)):
        await failing_request(events, RecordedWork(events), error)
    await settle()

    assert events == ["rollback"]


async def test_changes_kept_on_purpose_are_committed_with_their_work() -> None:
    events: list[str] = []
    work = RecordedWork(events)

    kept = BadRequestError("recorded, then refused", keep_changes=True)
    with pytest.raises(BadRequestError):
        await failing_request(events, work, kept)

    await work.ran()
    assert events == ["commit", "work"]


async def test_failing_after_commit_work_is_logged_and_does_not_stop_the_rest() -> None:
    events: list[str] = []
    work = RecordedWork(events)

    async def failing() -> None:
        raise RuntimeError("mail server on fire")

    with capture_logs() as logs:
        async with transaction(new_context(events)) as ctx:
            ctx.after_commit(failing)
            ctx.after_commit(work)
        await work.ran()
        await settle()

    assert events == ["commit", "work"]
    assert [entry["event"] for entry in logs if entry["log_level"] == "error"] == [
        "after_commit_work_failed"
    ]
