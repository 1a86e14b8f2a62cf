"""Test infrastructure: a fresh PostgreSQL database migrated once per run with Alembic, a
real SMTP server, and one rolled-back transaction per test."""

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession
from fastapi.testclient import TestClient
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

DEFAULT_SERVER_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
TEST_JWT_SECRET = "test-secret-" + "x" * 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Mailbox:
    """Messages received by the test SMTP server."""

    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: SmtpSession, envelope: Envelope) -> str:  # noqa: N802
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
def database_url(smtp_server: tuple[Controller, Mailbox]) -> Iterator[str]:
    """Creates hestami_test_<random> on the server, points the settings at it, migrates it."""
    server_url = make_url(
        os.environ.get("TEST_DATABASE_SERVER_URL")
        or os.environ.get("DATABASE_URL")
        or DEFAULT_SERVER_URL
    )
    name = f"hestami_test_{secrets.token_hex(4)}"
    server = create_engine(server_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = server_url.set(database=name).render_as_string(hide_password=False)
    controller, _ = smtp_server
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
        }
    )
    os.environ.pop("REDIS_URL", None)
    reset_cached_singletons()

    from hestami_api.core.migrations import upgrade_to_head

    upgrade_to_head(url)
    yield url
    reset_cached_singletons()
    with server.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
    server.dispose()


def reset_cached_singletons() -> None:
    """Settings and everything built from them are cached per process; rebuild after env changes."""
    from hestami_api.core import config, db

    config.get_settings.cache_clear()
    if db.get_engine.cache_info().currsize:
        db.get_engine().dispose()
    db.get_engine.cache_clear()
    db.get_session_factory.cache_clear()
    for module_name, getter in CACHED_GETTERS:
        module = __import__(module_name, fromlist=[getter])
        getattr(module, getter).cache_clear()


CACHED_GETTERS: list[tuple[str, str]] = [
    ("hestami_api.auth.passwords", "get_password_hasher"),
    ("hestami_api.auth.tokens", "get_token_codec"),
    ("hestami_api.core.email", "get_email_sender"),
    ("hestami_api.core.rate_limit", "get_rate_limiter"),
]


@pytest.fixture
def connection(database_url: str) -> Iterator[Connection]:
    from hestami_api.core.db import get_engine

    with get_engine().connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def db(connection: Connection) -> Iterator[Session]:
    """A session inside the test's transaction; commits only release savepoints."""
    session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    yield session
    session.close()


@pytest.fixture
def client(db: Session) -> Iterator[TestClient]:
    from hestami_api.core.context import database_session
    from hestami_api.main import create_app

    app = create_app()

    def test_session() -> Iterator[Session]:
        # The route ends the transaction; in this session that only releases a savepoint.
        yield db

    app.dependency_overrides[database_session] = test_session
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def mailbox(smtp_server: tuple[Controller, Mailbox]) -> Iterator[Mailbox]:
    _, box = smtp_server
    box.messages.clear()
    yield box
    box.messages.clear()


@pytest.fixture(scope="session")
def live_database_url(database_url: str) -> Iterator[str]:
    """A second migrated database for tests that run real API processes and commit data."""
    from hestami_api.core.migrations import upgrade_to_head

    url = make_url(database_url)
    name = f"{url.database}_live"
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    live_url = url.set(database=name).render_as_string(hide_password=False)
    upgrade_to_head(live_url)
    yield live_url
    with server.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
    server.dispose()


@contextmanager
def api_process(database_url: str, **environment: str) -> Iterator[str]:
    """A real uvicorn process serving the app; yields its base URL."""
    port = free_port()
    env = os.environ | {"DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"} | environment
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "hestami_api.main:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, "the API process exited during start-up"
            assert time.monotonic() < deadline, "the API process did not start in 30 s"
            time.sleep(0.1)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)
