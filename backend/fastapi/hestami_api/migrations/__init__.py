"""Alembic migrations (run them with hestami_api.core.migrations.upgrade_to_head)."""
