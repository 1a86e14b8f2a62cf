"""CPU-bound work runs off the event loop, in threads of lower scheduling priority."""

import asyncio
import os
import sys
import threading

import pytest

from hestami_api.core.cpu import HASHING_NICENESS, run_cpu_bound


def where_and_how_nice(tag: str) -> tuple[str, str, int]:
    return tag, threading.current_thread().name, os.getpriority(os.PRIO_PROCESS, 0)


async def test_work_runs_in_the_cpu_pool_and_returns_its_result() -> None:
    tag, thread_name, _ = await run_cpu_bound(where_and_how_nice, "x")

    assert tag == "x"
    assert thread_name.startswith("cpu-bound")
    assert thread_name != threading.current_thread().name


@pytest.mark.skipif(sys.platform != "linux", reason="per-thread nice values are Linux's")
async def test_pool_threads_run_at_lower_priority_and_the_loop_does_not() -> None:
    loop_niceness = os.getpriority(os.PRIO_PROCESS, 0)

    _, _, niceness = await run_cpu_bound(where_and_how_nice, "x")

    assert niceness == HASHING_NICENESS
    assert os.getpriority(os.PRIO_PROCESS, 0) == loop_niceness  # only the pool's threads


async def test_the_event_loop_keeps_running_while_work_runs() -> None:
    release = threading.Event()
    ticks = 0

    def blocking() -> None:
        assert release.wait(timeout=5)

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    ticking = asyncio.create_task(ticker())
    work = asyncio.create_task(run_cpu_bound(blocking))
    await asyncio.sleep(0.2)
    release.set()
    await work
    ticking.cancel()

    assert ticks >= 5
