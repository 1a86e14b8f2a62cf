"""Admission to the database: as many requests at once as the pool has, in arrival order."""

import asyncio

import pytest

from hestami_api.core.db import Admission


async def test_no_more_requests_than_slots_hold_the_database_and_they_go_in_arrival_order() -> None:
    admission = Admission(2, timeout_seconds=5)
    holding = 0
    most_holding = 0
    order: list[int] = []

    async def request(number: int) -> None:
        nonlocal holding, most_holding
        async with admission:
            holding += 1
            most_holding = max(most_holding, holding)
            order.append(number)
            await asyncio.sleep(0.01)
            holding -= 1

    await asyncio.gather(*(request(number) for number in range(10)))

    assert most_holding == 2
    assert order == list(range(10))


async def test_a_newcomer_waits_behind_those_already_waiting() -> None:
    admission = Admission(1, timeout_seconds=5)
    order: list[str] = []
    await admission.__aenter__()  # the one slot is taken

    async def request(name: str) -> None:
        async with admission:
            order.append(name)

    waiting = asyncio.create_task(request("waiting"))
    await asyncio.sleep(0)  # "waiting" is now queued
    await admission.__aexit__(None, None, None)  # its slot is handed on...
    await request("newcomer")  # ...and a request arriving now does not take it first
    await waiting

    assert order == ["waiting", "newcomer"]


async def test_a_request_waits_no_longer_than_the_timeout() -> None:
    admission = Admission(1, timeout_seconds=0.05)
    async with admission:
        with pytest.raises(TimeoutError):
            async with admission:
                pass
    async with admission:  # the slot is free again afterwards
        pass
