"""Fire-and-forget work that must not delay a response (e.g. sending an email).

Not durable: work queued when a process dies is lost. Password reset emails tolerate
that (the user asks again); anything that may not be lost belongs in the database.
"""

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache

import structlog

logger = structlog.get_logger(__name__)


@cache
def _executor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="background")


def _log_failure(future: Future[None]) -> None:
    if (error := future.exception()) is not None:
        logger.error("background_work_failed", error=repr(error))


def run_in_background(work: Callable[[], None]) -> Future[None]:
    future = _executor().submit(work)
    future.add_done_callback(_log_failure)
    return future
