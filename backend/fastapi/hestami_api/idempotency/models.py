"""Responses kept for retries of creating requests (schema ``marketplace``: the operations
that take an Idempotency-Key create properties, services and inquiries)."""

import uuid
from datetime import datetime
from typing import Final

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from hestami_api.core.db import Base

SCHEMA: Final = "marketplace"
KEY_MAX_LENGTH: Final = 255
OPERATION_MAX_LENGTH: Final = 64
FINGERPRINT_LENGTH: Final = 64  # hex SHA-256


class IdempotencyRecord(Base):
    """The first successful response to (user, key); a key is the client's, per user."""

    __tablename__ = "idempotency_records"

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(KEY_MAX_LENGTH), primary_key=True)
    operation: Mapped[str] = mapped_column(String(OPERATION_MAX_LENGTH))
    request_fingerprint: Mapped[str] = mapped_column(String(FINGERPRINT_LENGTH))
    response_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        # The purge deletes by age.
        Index("ix_idempotency_records_created_at", "created_at"),
        {"schema": SCHEMA},
    )
