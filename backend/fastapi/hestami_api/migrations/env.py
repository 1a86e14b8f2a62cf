"""Alembic environment for Hestami API.

The database URL is the config's ``sqlalchemy.url`` main option when set (as
``hestami_api.core.migrations.alembic_config`` does), else ``DATABASE_URL`` via the settings.
A caller may also pass an open connection in ``config.attributes["connection"]``.
"""

import logging
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection, text

from hestami_api.core.config import get_settings
from hestami_api.core.db import create_sync_engine
from hestami_api.core.migrations import AUTOGENERATE_OPTIONS, MIGRATION_LOCK_KEY
from hestami_api.db_models import metadata

config = context.config

if config.config_file_name is not None and config.get_section("loggers") is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

log = logging.getLogger("alembic.env")


def database_url() -> str:
    return config.get_main_option("sqlalchemy.url") or get_settings().database_url


def run_migrations_offline() -> None:
    """Emit SQL to stdout instead of running it (``alembic upgrade head --sql``)."""
    context.configure(
        url=database_url(),
        target_metadata=metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        **AUTOGENERATE_OPTIONS,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, **AUTOGENERATE_OPTIONS)
    with context.begin_transaction():
        # Serialise concurrent migrators; released at commit/rollback.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        context.run_migrations()


def run_migrations_online() -> None:
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        _run(given)
        return
    engine = create_sync_engine(database_url())
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
