"""Inquiries (table ``marketplace.inquiries``)."""

import uuid
from typing import Final, get_args

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hestami_api.auth.models import User
from hestami_api.core.db import Base, Timestamps, UUIDPrimaryKey, sql_in
from hestami_api.generated.enums import InquiryStatus
from hestami_api.marketplace.schema import SCHEMA, account_id, max_chars
from hestami_api.offerings.models import Offering
from hestami_api.properties.models import Property

INQUIRY_STATUSES: Final[tuple[InquiryStatus, ...]] = get_args(InquiryStatus)

MESSAGE_MAX_LENGTH: Final = 5000  # inquiry message and provider response


class Inquiry(UUIDPrimaryKey, Timestamps, Base):
    """A homeowner's request to a provider about one of the provider's offerings."""

    __tablename__ = "inquiries"

    service_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("marketplace.services.id", ondelete="CASCADE")
    )
    property_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("marketplace.properties.id", ondelete="SET NULL")
    )
    homeowner_id: Mapped[uuid.UUID] = account_id()
    provider_id: Mapped[uuid.UUID] = account_id()
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[InquiryStatus] = mapped_column(String(32), default="open", server_default="open")
    response: Mapped[str | None] = mapped_column(Text)

    offering: Mapped[Offering] = relationship()
    property: Mapped[Property | None] = relationship()
    homeowner: Mapped[User] = relationship(foreign_keys=[homeowner_id])
    provider: Mapped[User] = relationship(foreign_keys=[provider_id])

    __table_args__ = (
        CheckConstraint(sql_in("status", INQUIRY_STATUSES), name="status"),
        CheckConstraint(
            f"char_length(message) BETWEEN 1 AND {MESSAGE_MAX_LENGTH}", name="message_length"
        ),
        max_chars("response", MESSAGE_MAX_LENGTH),
        Index("ix_inquiries_homeowner_id_created_at", "homeowner_id", "created_at"),
        Index("ix_inquiries_provider_id_status_created_at", "provider_id", "status", "created_at"),
        # Foreign keys whose parent rows are deleted through the API (cascade / set null).
        Index("ix_inquiries_service_id", "service_id"),
        Index("ix_inquiries_property_id", "property_id"),
        {"schema": SCHEMA},
    )
