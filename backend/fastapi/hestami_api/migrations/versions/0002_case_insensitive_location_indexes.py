"""Case-insensitive state and postal-code filters use lower() indexes.

The filters compare lower(column) = lower(value), which a plain index cannot serve.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "marketplace"
INDEXED = [
    (table, column) for table in ("properties", "services") for column in ("state", "postal_code")
]


def upgrade() -> None:
    for table, column in INDEXED:
        op.drop_index(f"ix_{table}_{column}", table_name=table, schema=SCHEMA)
        op.create_index(
            f"ix_{table}_{column}_lower", table, [sa.text(f"lower({column})")], schema=SCHEMA
        )


def downgrade() -> None:
    for table, column in INDEXED:
        op.drop_index(f"ix_{table}_{column}_lower", table_name=table, schema=SCHEMA)
        op.create_index(f"ix_{table}_{column}", table, [column], schema=SCHEMA)
