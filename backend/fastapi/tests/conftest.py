"""Test infrastructure: a fresh PostgreSQL database migrated once per run with Alembic, a
real SMTP server, and one rolled-back transaction per test.

Tests are coroutines on one event loop for the whole run (the engine's pooled asyncpg
connections belong to it). The in-process client talks to the app over ASGI; every request
gets the test's session with its identity map emptied first, so a test cannot pass on
objects it still holds (as polar's test client does)."""

import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession
from fastapi import Request
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from hestami_api.core.context import RequestContext
from tests.databases import throwaway_database
from tests.factories import LoggedIn, make_logged_in
from tests.services import free_port

TEST_JWT_SECRET = "test-secret-" + "x" * 40
# Settings of the in-process app that an API process of `start_api` keeps at its default.
PER_PROCESS = frozenset({"CATALOG_CACHE_ENTRIES"})
REPOSITORY_ROOT = Path(__file__).resolve().parents[3]


@dataclass
class Mailbox:
    """Messages received by the test SMTP server."""

    messages: list[Message] = field(default_factory=list)
    refusing: bool = False  # answer every message with a temporary failure (451)

    async def handle_DATA(self, server: SMTP, session: SmtpSession, envelope: Envelope) -> str:  # noqa: N802
        if self.refusing:
            return "451 4.3.0 Mail server busy, try again later"
        assert isinstance(envelope.content, bytes)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Controller, Mailbox]]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, mailbox
    controller.stop()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A Redis server URL (no database number): 127.0.0.1:6379 when it answers, else a
    throwaway server of the test run's own (see tests/services.py)."""
    from tests.services import redis_server

    with redis_server() as url:
        yield url


@pytest.fixture(scope="session")
def database_url(smtp_server: tuple[Controller, Mailbox]) -> Iterator[str]:
    """Creates hestami_test_<random> on the server, points the settings at it, migrates it."""
    controller, _ = smtp_server
    with throwaway_database("hestami_test") as url:
        os.environ.update(
            {
                "ENVIRONMENT": "test",
                "DATABASE_URL": url,
                "JWT_SECRET": TEST_JWT_SECRET,
                "BCRYPT_ROUNDS": "4",
                "RATE_LIMIT_ENABLED": "false",
                "EMAIL_BACKEND": "smtp",
                "SMTP_HOST": "127.0.0.1",
                "SMTP_PORT": str(controller.port),
                "PASSWORD_RESET_URL": "https://app.hestami.test/reset?token={token}",
                # A test's writes never commit, so the catalog's version (moved on at commit)
                # would not see them: the in-process app searches uncached. API processes
                # (`start_api`) cache as in production.
                "CATALOG_CACHE_ENTRIES": "0",
            }
        )
        os.environ.pop("REDIS_URL", None)
        reset_cached_singletons()

        from hestami_api.core.migrations import upgrade_to_head

        upgrade_to_head(url)
        yield url
        reset_cached_singletons()


def reset_cached_singletons() -> None:
    """Settings and everything built from them are cached per process (functools caches in
    hestami_api modules); rebuild them all after environment changes."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("hestami_api.") or module is None:
            continue
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)) and (
                getattr(value, "__module__", None) == name
            ):
                value.cache_clear()


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[None]:
    """The app's engine for the run; disposed on the loop that owns its connections."""
    from hestami_api.core.db import get_engine

    yield
    await get_engine().dispose()


@pytest.fixture
async def connection(engine: None) -> AsyncIterator[AsyncConnection]:
    from hestami_api.core.db import get_engine

    async with get_engine().connect() as connection:
        transaction = await connection.begin()
        yield connection
        await transaction.rollback()


@pytest.fixture
async def db(connection: AsyncConnection) -> AsyncIterator[AsyncSession]:
    """A session inside the test's transaction; commits only release savepoints."""
    session = AsyncSession(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    yield session
    await session.close()


@pytest.fixture
async def client(db: AsyncSession) -> AsyncIterator[httpx.AsyncClient]:
    from hestami_api.core.context import new_context, read_context, write_context
    from hestami_api.main import create_app

    app = create_app()

    async def test_context(request: Request) -> RequestContext:
        # Fresh objects for every request; the request ends its transaction, which in this
        # session only releases a savepoint.
        db.expunge_all()
        return new_context(request, db)

    app.dependency_overrides[write_context] = test_context
    app.dependency_overrides[read_context] = test_context
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def staff(client: httpx.AsyncClient, db: AsyncSession) -> LoggedIn:
    """A staff member, signed in (one session, one successful login)."""
    return await make_logged_in(client, db, role="staff")


DeliverEmail = Callable[[], Awaitable[int]]


@pytest.fixture
def limited(
    monkeypatch: pytest.MonkeyPatch, client: httpx.AsyncClient
) -> Iterator[httpx.AsyncClient]:
    """The in-process client with small rate limits (memory storage, one process)."""
    monkeypatch.setenv("RATE_LIMIT_ENABLED", "true")
    monkeypatch.setenv("RATE_LIMIT_LOGIN_IP", "5/minute")
    monkeypatch.setenv("RATE_LIMIT_LOGIN_ACCOUNT", "2/minute")
    monkeypatch.setenv("RATE_LIMIT_REGISTER", "1/minute")
    monkeypatch.setenv("RATE_LIMIT_RESET", "1/minute")
    monkeypatch.setenv("RATE_LIMIT_DEFAULT", "1000/minute")
    reset_cached_singletons()
    yield client
    monkeypatch.undo()
    reset_cached_singletons()


@pytest.fixture
def deliver_email(db: AsyncSession) -> DeliverEmail:
    """One pass of the outbox delivery loop over the test's session (the app's loop runs
    only in served processes): returns how many outbox rows it handled."""
    from hestami_api.maintenance import email_delivery

    delivery = email_delivery()
    return replace(delivery, sessions=lambda: nullcontext(db)).deliver_due


@pytest.fixture
def mailbox(smtp_server: tuple[Controller, Mailbox]) -> Iterator[Mailbox]:
    _, box = smtp_server
    box.messages.clear()
    box.refusing = False
    yield box
    box.messages.clear()
    box.refusing = False


@pytest.fixture(scope="session")
def live_database_url(database_url: str) -> Iterator[str]:
    """A second migrated database for tests that run real API processes and commit data."""
    from hestami_api.core.migrations import upgrade_to_head

    with throwaway_database("hestami_test_live", make_url(database_url)) as url:
        upgrade_to_head(url)
        yield url


@pytest.fixture(scope="session")
def pgbouncer_database_url(live_database_url: str) -> Iterator[str]:
    """``live_database_url`` through a real PgBouncer in transaction pooling mode."""
    from tests.pgbouncer import pgbouncer, pgbouncer_binary

    if pgbouncer_binary() is None:
        message = "PgBouncer is not installed (apt-get install pgbouncer)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with pgbouncer(live_database_url, free_port()) as url:
        yield url


@dataclass
class ApiProcess:
    process: "subprocess.Popen[bytes]"
    base_url: str


def start_api(database_url: str, log: Path | None = None, **environment: str) -> ApiProcess:
    """Starts a real API process (`hestami-api serve`) and waits until it answers. Its
    output goes to ``log`` when given (a test can quote it), else to the test's own."""
    port = free_port()
    inherited = {name: value for name, value in os.environ.items() if name not in PER_PROCESS}
    env = inherited | {"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"} | environment
    output = log.open("wb") if log else None
    process = subprocess.Popen(
        [sys.executable, "-m", "hestami_api.cli", "serve", "--port", str(port)],
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
    )
    if output:
        output.close()  # the process holds its own copy
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # a loaded 2-core machine may take long to start it
    while True:
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                return ApiProcess(process, base_url)
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait(timeout=10)
            raise AssertionError("the API process exited or did not start within 90 s")
        time.sleep(0.1)


@contextmanager
def api_process(database_url: str, log: Path | None = None, **environment: str) -> Iterator[str]:
    """A real API process serving the app while the block runs; yields its base URL."""
    api = start_api(database_url, log, **environment)
    try:
        yield api.base_url
    finally:
        api.process.terminate()
        api.process.wait(timeout=30)


def run_captured(
    command: list[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> "subprocess.CompletedProcess[str]":
    """Runs a command to its end and returns its text output; the exit status is the
    caller's to judge."""
    return subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


def run_cli(
    *arguments: str, env: Mapping[str, str], cwd: Path | None = None
) -> "subprocess.CompletedProcess[str]":
    """Runs `hestami-api <arguments>` as its own process (with exactly this environment)."""
    return run_captured([sys.executable, "-m", "hestami_api.cli", *arguments], env=env, cwd=cwd)
