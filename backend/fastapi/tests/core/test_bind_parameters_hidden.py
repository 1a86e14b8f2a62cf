"""Finding 7: a failing statement's exception text and the engine's own log lines never
carry its bind parameters (they can be password hashes, tokens, email addresses).

Run against a real server; ``1/0`` fails without PostgreSQL echoing any value itself, so
whatever carries the marker could only come from SQLAlchemy rendering the parameters.
"""

import logging
import os
import traceback
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from hestami_api.core.db import create_db_engine, create_sync_engine

SERVER_URL = os.environ.get(
    "TEST_DATABASE_SERVER_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)
MARKER = "bind-value-that-must-not-be-logged-7f3a"


def failing_statement_text(engine: Engine, caplog: pytest.LogCaptureFixture) -> str:
    """Everything a failing statement leaves behind: exception, traceback, engine log."""
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    try:
        with engine.connect() as connection, pytest.raises(DBAPIError) as failure:
            connection.execute(
                text("SELECT :email AS email, :hash AS hash, 1 / 0"),
                {"email": f"{MARKER}@example.com", "hash": f"bcrypt-sha256${MARKER}"},
            )
    finally:
        engine.dispose()
    assert "division by zero" in str(failure.value)
    rendered = "".join(traceback.format_exception(failure.value))
    return f"{failure.value}\n{rendered}\n{caplog.text}"


def test_the_marker_would_show_without_hide_parameters(caplog: pytest.LogCaptureFixture) -> None:
    """The check below can fail: a plain engine does put the values in the message."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    assert MARKER in failing_statement_text(create_engine(SERVER_URL, poolclass=NullPool), caplog)


ENGINE_HELPERS: list[Callable[[str], Engine]] = [create_sync_engine]


@pytest.mark.parametrize("create", ENGINE_HELPERS, ids=lambda f: f.__name__)
def test_migration_and_command_engines_hide_bind_parameters(
    create: Callable[[str], Engine], caplog: pytest.LogCaptureFixture
) -> None:
    logged = failing_statement_text(create(SERVER_URL), caplog)

    assert MARKER not in logged
    assert "parameters hidden" in logged


async def test_the_request_engine_hides_bind_parameters(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    engine = create_db_engine(SERVER_URL)
    try:
        async with engine.connect() as connection:
            with pytest.raises(DBAPIError) as failure:
                await connection.execute(
                    text("SELECT CAST(:email AS text) AS email, 1 / 0"),
                    {"email": f"{MARKER}@example.com"},
                )
    finally:
        await engine.dispose()
    rendered = "".join(traceback.format_exception(failure.value))

    assert "division by zero" in str(failure.value)
    assert MARKER not in f"{failure.value}\n{rendered}\n{caplog.text}"
