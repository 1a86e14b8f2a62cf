"""Shared infrastructure: configuration, database, security primitives, errors."""
