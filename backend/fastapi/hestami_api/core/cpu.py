"""CPU-bound work (password hashing) off the event loop, at a lower scheduling priority.

A bcrypt check holds a core for about a quarter of a second. Run on the event loop it would
stall every other request of the process; run in the default thread pool at normal priority
it would still take the cores from the event loops. Here it runs in a dedicated pool whose
threads lower their own priority (Linux schedules threads individually), so under load the
event loops get the CPU first and hashing uses what is left.
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


@cache
def _executor() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(
        max_workers=os.cpu_count() or 1,
        thread_name_prefix="cpu-bound",
        initializer=_lower_priority,
    )


async def run_cpu_bound[**P, T](function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Runs ``function`` in the low-priority pool and awaits its result."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_executor(), partial(function, *args, **kwargs))
