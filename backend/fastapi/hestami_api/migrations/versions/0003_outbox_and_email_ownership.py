"""Email outbox, email verification, idempotency records.

- auth.email_outbox: every email is a row written in the request's transaction and
  delivered (and retried) by the delivery loops.
- auth.users.email_verified and auth.email_verification_tokens: email ownership. Accounts
  that existed before start unverified: nothing proved they read their address.
- marketplace.idempotency_records: the first response to an Idempotency-Key, per user.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REVOKED_REASONS_BEFORE = (
    "logout",
    "logout_all",
    "refresh_reuse",
    "password_changed",
    "password_reset",
    "deactivated",
    "role_changed",
    "expired",
)
REVOKED_REASONS = (*REVOKED_REASONS_BEFORE, "ended_by_staff")


def revoked_reason_check(reasons: tuple[str, ...]) -> None:
    op.drop_constraint(op.f("ck_sessions_revoked_reason"), "sessions", schema="auth")
    listed = ", ".join(f"'{reason}'" for reason in reasons)
    op.create_check_constraint(
        op.f("ck_sessions_revoked_reason"),
        "sessions",
        f"revoked_reason IS NULL OR revoked_reason IN ({listed})",
        schema="auth",
    )


def upgrade() -> None:
    revoked_reason_check(REVOKED_REASONS)
    op.create_table(
        "email_outbox",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "payload",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column(
            "next_attempt_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.CheckConstraint(
            "kind IN ('message', 'password_reset_request')", name=op.f("ck_email_outbox_kind")
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_email_outbox_attempts_not_negative")),
        sa.CheckConstraint(
            "delivered_at IS NULL OR failed_at IS NULL",
            name=op.f("ck_email_outbox_delivered_or_failed_not_both"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_outbox")),
        schema="auth",
    )
    op.create_index(
        "ix_email_outbox_pending_next_attempt_at",
        "email_outbox",
        ["next_attempt_at"],
        unique=False,
        schema="auth",
        postgresql_where=sa.text("delivered_at IS NULL AND failed_at IS NULL"),
    )
    op.create_table(
        "email_verification_tokens",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.CheckConstraint(
            "token_hash ~ '^[0-9a-f]{64}$'",
            name=op.f("ck_email_verification_tokens_token_hash_hex"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["auth.users.id"],
            name=op.f("fk_email_verification_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_verification_tokens")),
        schema="auth",
    )
    op.create_index(
        "ix_email_verification_tokens_user_id",
        "email_verification_tokens",
        ["user_id"],
        unique=False,
        schema="auth",
    )
    op.create_index(
        "uq_email_verification_tokens_token_hash",
        "email_verification_tokens",
        ["token_hash"],
        unique=True,
        schema="auth",
    )
    op.create_table(
        "idempotency_records",
        sa.Column("user_id", sa.UUID(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("operation", sa.String(length=64), nullable=False),
        sa.Column("request_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=False),
        sa.Column("response_body", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["auth.users.id"],
            name=op.f("fk_idempotency_records_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "key", name=op.f("pk_idempotency_records")),
        schema="marketplace",
    )
    op.create_index(
        "ix_idempotency_records_created_at",
        "idempotency_records",
        ["created_at"],
        unique=False,
        schema="marketplace",
    )
    op.add_column(
        "users",
        sa.Column("email_verified", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        schema="auth",
    )


def downgrade() -> None:
    op.execute(
        "UPDATE auth.sessions SET revoked_reason = 'logout_all'"
        " WHERE revoked_reason = 'ended_by_staff'"
    )
    revoked_reason_check(REVOKED_REASONS_BEFORE)
    op.drop_column("users", "email_verified", schema="auth")
    op.drop_index(
        "ix_idempotency_records_created_at", table_name="idempotency_records", schema="marketplace"
    )
    op.drop_table("idempotency_records", schema="marketplace")
    op.drop_index(
        "uq_email_verification_tokens_token_hash",
        table_name="email_verification_tokens",
        schema="auth",
    )
    op.drop_index(
        "ix_email_verification_tokens_user_id",
        table_name="email_verification_tokens",
        schema="auth",
    )
    op.drop_table("email_verification_tokens", schema="auth")
    op.drop_index(
        "ix_email_outbox_pending_next_attempt_at",
        table_name="email_outbox",
        schema="auth",
        postgresql_where=sa.text("delivered_at IS NULL AND failed_at IS NULL"),
    )
    op.drop_table("email_outbox", schema="auth")
