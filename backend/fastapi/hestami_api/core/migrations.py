"""Alembic, driven from code: no alembic.ini and no particular working directory needed.

    from hestami_api.core.migrations import upgrade_to_head
    upgrade_to_head()                      # DATABASE_URL from the settings
    upgrade_to_head("postgresql+psycopg2://...")

Concurrent callers (several workers starting at once) are serialised by a PostgreSQL
advisory lock taken in ``migrations/env.py``; the later ones find the database at head.
"""

from pathlib import Path
from typing import Final, TypedDict

from alembic import command
from alembic.config import Config
from alembic.runtime.environment import IncludeNameFn, NameFilterParentNames, NameFilterType
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from hestami_api.core.config import get_settings
from hestami_api.core.db import SCHEMAS

MIGRATIONS_DIR: Final = Path(__file__).resolve().parent.parent / "migrations"

# Arbitrary constant key for pg_advisory_xact_lock: "only one migrator at a time".
MIGRATION_LOCK_KEY: Final = 0x4E57A41_0001


def include_name(
    name: str | None, type_: NameFilterType, parent_names: NameFilterParentNames
) -> bool:
    """Alembic ``include_name`` hook: look only at our schemas (never ``public``)."""
    if type_ == "schema":
        return name in SCHEMAS
    if type_ == "table":
        return parent_names.get("schema_name") in SCHEMAS
    return True


class AutogenerateOptions(TypedDict):
    include_schemas: bool
    include_name: IncludeNameFn
    compare_type: bool
    compare_server_default: bool


# Options shared by env.py and by tests that run alembic.autogenerate.compare_metadata.
AUTOGENERATE_OPTIONS: Final[AutogenerateOptions] = {
    "include_schemas": True,
    "include_name": include_name,
    "compare_type": True,
    "compare_server_default": True,
}


def create_sync_engine(database_url: str) -> Engine:
    """An unpooled psycopg2 engine for migrations and one-shot commands.

    Whatever PostgreSQL driver the URL names, this uses psycopg2 (Alembic and the commands
    are synchronous). Bind parameters are never written into exception messages or logs
    (``hide_parameters``): they can hold password hashes, tokens and email addresses.
    """
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql+psycopg2")
    return create_engine(url, poolclass=NullPool, hide_parameters=True)


def alembic_config(database_url: str | None = None) -> Config:
    """An Alembic Config for our migrations, for ``database_url`` (default: the settings)."""
    url = database_url or get_settings().database_url
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    # ConfigParser interpolates '%': a percent-encoded password must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_to_head(database_url: str | None = None) -> None:
    """Apply every pending migration (no-op when the database is already at head)."""
    command.upgrade(alembic_config(database_url), "head")
