"""The audit log of security-relevant events (schema ``audit``)."""

import uuid
from datetime import datetime
from typing import Any, Final

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    FetchedValue,
    ForeignKey,
    Index,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import BYTEA, JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from hestami_api.core.db import Base, UUIDPrimaryKey

SCHEMA: Final = "audit"

ACTION_MAX_LENGTH: Final = 64
TARGET_TYPE_MAX_LENGTH: Final = 32
TARGET_ID_MAX_LENGTH: Final = 64
IP_ADDRESS_MAX_LENGTH: Final = 45


class AuditLog(UUIDPrimaryKey, Base):
    """Who did what, when, from which IP. ``details`` is a JSON object and never holds a secret.

    ``actor_id`` is kept without a relationship on purpose: an entry outlives its actor
    (the foreign key sets it to NULL when the user row is deleted).

    The table is append-only and hash-chained by the database (migration 0003): triggers
    refuse UPDATE, DELETE and TRUNCATE, and set ``position``, ``actor_digest`` and
    ``entry_hash`` on INSERT, whatever the writer supplied (hence ``FetchedValue``: the ORM
    never sends them). ``hestami_api.audit.chain`` verifies the chain.
    """

    __tablename__ = "audit_logs"

    occurred_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    actor_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("auth.users.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(String(ACTION_MAX_LENGTH))
    target_type: Mapped[str | None] = mapped_column(String(TARGET_TYPE_MAX_LENGTH))
    target_id: Mapped[str | None] = mapped_column(String(TARGET_ID_MAX_LENGTH))
    ip_address: Mapped[str | None] = mapped_column(String(IP_ADDRESS_MAX_LENGTH))
    details: Mapped[dict[str, Any]] = mapped_column(
        JSONB, default=dict, server_default=text("'{}'::jsonb")
    )
    # 1, 2, 3 ... in insertion order, without gaps.
    position: Mapped[int] = mapped_column(BigInteger, FetchedValue(), unique=True)
    # sha256 of actor_id's text: what the chain covers, so that ON DELETE SET NULL keeps it.
    actor_digest: Mapped[bytes | None] = mapped_column(BYTEA, FetchedValue())
    # sha256(previous entry's entry_hash || canonical form), see SECURITY.md.
    entry_hash: Mapped[bytes] = mapped_column(BYTEA, FetchedValue())

    __table_args__ = (
        CheckConstraint("char_length(action) > 0", name="action_not_empty"),
        CheckConstraint("jsonb_typeof(details) = 'object'", name="details_is_object"),
        CheckConstraint("octet_length(entry_hash) = 32", name="entry_hash_sha256"),
        CheckConstraint(
            "actor_digest IS NULL OR octet_length(actor_digest) = 32", name="actor_digest_sha256"
        ),
        Index("ix_audit_logs_occurred_at", "occurred_at"),
        # Also serves lookups by action alone (leading column).
        Index("ix_audit_logs_action_occurred_at", "action", "occurred_at"),
        Index("ix_audit_logs_actor_id_occurred_at", "actor_id", "occurred_at"),
        {"schema": SCHEMA},
    )
