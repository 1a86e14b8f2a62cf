"""Logins queued for the hashing threads wait before they read the database, not holding it."""

import asyncio
import threading

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.auth import repository, service
from hestami_api.core import cpu
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import AuthenticationError


async def test_logins_beyond_the_hashing_turns_wait_before_reading_the_account(
    db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    turns = 2 * (cpu.os.cpu_count() or 1)
    hashing = threading.Event()  # the hashes block until the test has looked
    looked_up = 0

    async def counted_lookup(session: AsyncSession, login_name: str) -> None:
        nonlocal looked_up
        looked_up += 1  # an unknown account: no row to return

    async def unrecorded(*_: object, **__: object) -> None:
        """The logins share the test's one session, which cannot write concurrently."""

    def blocked_dummy_check(*_: object) -> None:
        hashing.wait(timeout=10)

    monkeypatch.setattr(repository, "find_user_by_login", counted_lookup)
    monkeypatch.setattr(service, "record", unrecorded)
    monkeypatch.setattr(service.get_password_hasher(), "verify_dummy", blocked_dummy_check)
    ctx = RequestContext(db=db, client_ip="192.0.2.1", user_agent=None)

    async def login(number: int) -> None:
        with pytest.raises(AuthenticationError):
            await service.login(ctx, login_name=f"nobody{number}", password="x" * 12)

    logins = [asyncio.create_task(login(number)) for number in range(turns + 3)]
    await asyncio.sleep(0.5)
    started = looked_up
    hashing.set()
    await asyncio.gather(*logins)

    assert started == turns  # the three others had not touched the database yet
