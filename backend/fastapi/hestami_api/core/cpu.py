"""CPU-bound work (password hashing) off the event loop, at a lower scheduling priority.

A bcrypt check holds a core for about a quarter of a second. Run on the event loop it would
stall every other request of the process; run in the default thread pool at normal priority
it would still take the cores from the event loops. Here it runs in a dedicated pool whose
threads lower their own priority (Linux schedules threads individually), so under load the
event loops get the CPU first and hashing uses what is left.

A request that reads the database before it hashes (a login reads the account's hash) takes
a `hashing_turn()` first: queued behind other logins for the hashing threads, it would hold a
pooled connection for seconds, and a login burst would leave the other requests none.
"""

import asyncio
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from functools import cache, partial

# Nice value of the hashing threads: the lowest priority short of idle scheduling.
HASHING_NICENESS = 19


def _lower_priority() -> None:
    # Not permitted or not supported: hashing still works, at normal priority.
    with suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, HASHING_NICENESS)  # 0: the calling thread (Linux)


def _hashing_threads() -> int:
    return os.cpu_count() or 1


@cache
def _executor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(
        max_workers=_hashing_threads(),
        thread_name_prefix="cpu-bound",
        initializer=_lower_priority,
    )


async def run_cpu_bound[**P, T](function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Runs ``function`` in the low-priority pool and awaits its result."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor(), partial(function, *args, **kwargs))


@cache
def hashing_turn() -> asyncio.Semaphore:
    """``async with hashing_turn():`` around a request's database reads and the hashing that
    follows them. Twice as many turns as hashing threads: each thread always has a request
    ready for it while another writes its result, and the waiting ones hold no connection."""
    return asyncio.Semaphore(2 * _hashing_threads())
