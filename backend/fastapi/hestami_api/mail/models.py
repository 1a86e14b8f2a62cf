"""The email outbox (schema ``auth``: every message the service sends is about an account)."""

from datetime import datetime
from typing import Any, Final, Literal, get_args

from sqlalchemy import CheckConstraint, DateTime, Index, Integer, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from hestami_api.core.db import Base, UUIDPrimaryKey, sql_in

SCHEMA: Final = "auth"

OutboxKind = Literal["message", "password_reset_request"]
"""``message``: a composed email. ``password_reset_request``: a reset asked for an address;
the delivery loop resolves it (account lookup, token, email) after the response was sent,
so the request costs the same whether or not the address has an account."""
OUTBOX_KINDS: Final[tuple[OutboxKind, ...]] = get_args(OutboxKind)

RECIPIENT_MAX_LENGTH: Final = 254
SUBJECT_MAX_LENGTH: Final = 200
LAST_ERROR_MAX_LENGTH: Final = 500


class OutboxEmail(UUIDPrimaryKey, Base):
    __tablename__ = "email_outbox"

    kind: Mapped[OutboxKind] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(RECIPIENT_MAX_LENGTH))
    subject: Mapped[str] = mapped_column(String(SUBJECT_MAX_LENGTH))
    body: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    attempts: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    next_attempt_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    last_error: Mapped[str | None] = mapped_column(String(LAST_ERROR_MAX_LENGTH))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint(sql_in("kind", OUTBOX_KINDS), name="kind"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        CheckConstraint(
            "delivered_at IS NULL OR failed_at IS NULL", name="delivered_or_failed_not_both"
        ),
        # What the delivery loop claims: due rows still pending, oldest first.
        Index(
            "ix_email_outbox_pending_next_attempt_at",
            "next_attempt_at",
            postgresql_where=text("delivered_at IS NULL AND failed_at IS NULL"),
        ),
        {"schema": SCHEMA},
    )
