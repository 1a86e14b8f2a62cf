"""The audit log of security-relevant events (schema ``audit``)."""

import uuid
from datetime import datetime
from typing import Any, Final

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
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

    __table_args__ = (
        CheckConstraint("char_length(action) > 0", name="action_not_empty"),
        CheckConstraint("jsonb_typeof(details) = 'object'", name="details_is_object"),
        Index("ix_audit_logs_occurred_at", "occurred_at"),
        # Also serves lookups by action alone (leading column).
        Index("ix_audit_logs_action_occurred_at", "action", "occurred_at"),
        Index("ix_audit_logs_actor_id_occurred_at", "actor_id", "occurred_at"),
        {"schema": SCHEMA},
    )
