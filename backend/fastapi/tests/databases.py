"""Throwaway databases on the PostgreSQL server the tests use."""

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

DEFAULT_SERVER_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


def database_server_url() -> URL:
    """TEST_DATABASE_SERVER_URL, else DATABASE_URL, else the local server. Only the server
    counts: the session fixtures repoint DATABASE_URL at their own database, which is fine."""
    return make_url(
        os.environ.get("TEST_DATABASE_SERVER_URL")
        or os.environ.get("DATABASE_URL")
        or DEFAULT_SERVER_URL
    )


@contextmanager
def throwaway_database(prefix: str, server_url: URL | None = None) -> Iterator[str]:
    """Creates an empty database named `<prefix>_<random>` on the server (the tests' server
    unless given), yields its URL, and drops it afterwards with any connection still open to
    it."""
    server = server_url or database_server_url()
    name = f"{prefix}_{secrets.token_hex(5)}"
    admin = create_engine(
        server.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()
