"""The connection pool's queue serves waiting requests in the order they asked."""

import asyncio

import pytest

from hestami_api.core.db import HandOffQueue


async def test_waiters_get_items_in_the_order_they_asked() -> None:
    queue: HandOffQueue[str] = HandOffQueue()
    served: list[int] = []

    async def waiter(number: int) -> None:
        await queue.get()
        served.append(number)

    waiters = [asyncio.create_task(waiter(number)) for number in range(5)]
    await asyncio.sleep(0)  # all five are waiting
    for _ in range(5):
        queue.put_nowait("connection")
        await asyncio.sleep(0)
    await asyncio.gather(*waiters)

    assert served == [0, 1, 2, 3, 4]


async def test_a_newcomer_does_not_take_an_item_from_under_a_waiter() -> None:
    queue: HandOffQueue[str] = HandOffQueue()
    waiting = asyncio.create_task(queue.get())
    await asyncio.sleep(0)

    queue.put_nowait("connection")  # handed to the waiter, not left in the queue
    with pytest.raises(asyncio.QueueEmpty):
        queue.get_nowait()

    assert await waiting == "connection"


async def test_an_item_handed_to_a_waiter_that_gave_up_goes_to_the_next() -> None:
    queue: HandOffQueue[str] = HandOffQueue()
    first = asyncio.create_task(queue.get())
    second = asyncio.create_task(queue.get())
    await asyncio.sleep(0)

    queue.put_nowait("connection")  # handed to the first...
    first.cancel()  # ...which gives up before it runs again

    assert await second == "connection"
    with pytest.raises(asyncio.CancelledError):
        await first


async def test_a_waiter_that_times_out_leaves_the_line() -> None:
    queue: HandOffQueue[str] = HandOffQueue()
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(queue.get(), timeout=0.01)

    queue.put_nowait("connection")  # nobody waits any more: it stays in the queue

    assert queue.get_nowait() == "connection"
