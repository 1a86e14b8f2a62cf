"""Idempotency records no longer keep a response status.

Only successful creations are kept, so the status was always 201, which the route of every
operation that takes an Idempotency-Key answers anyway: the column was written, never read.
The downgrade restores it as 201 for the records present.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = "marketplace"
TABLE = "idempotency_records"


def upgrade() -> None:
    op.drop_column(TABLE, "response_status", schema=SCHEMA)


def downgrade() -> None:
    # The default fills the rows present, then goes: the column had none.
    op.add_column(
        TABLE,
        sa.Column("response_status", sa.Integer(), nullable=False, server_default="201"),
        schema=SCHEMA,
    )
    op.alter_column(TABLE, "response_status", server_default=None, schema=SCHEMA)
