"""Service providers' business profiles (table ``marketplace.provider_profiles``)."""

import uuid
from typing import Final

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hestami_api.auth.models import PHONE_MAX_LENGTH, User
from hestami_api.core.db import Base, Timestamps
from hestami_api.marketplace.schema import (
    DESCRIPTION_MAX_LENGTH,
    SCHEMA,
    account_id,
    max_chars,
    not_blank,
)

BUSINESS_NAME_MAX_LENGTH: Final = 150
WEBSITE_MAX_LENGTH: Final = 2048
SERVICE_AREA_MAX_LENGTH: Final = 500


class ProviderProfile(Timestamps, Base):
    """A service provider's business profile (one per provider user)."""

    __tablename__ = "provider_profiles"

    user_id: Mapped[uuid.UUID] = account_id(primary_key=True)
    business_name: Mapped[str] = mapped_column(String(BUSINESS_NAME_MAX_LENGTH))
    description: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(PHONE_MAX_LENGTH))
    website: Mapped[str | None] = mapped_column(String(WEBSITE_MAX_LENGTH))
    service_area: Mapped[str | None] = mapped_column(String(SERVICE_AREA_MAX_LENGTH))

    user: Mapped[User] = relationship()

    __table_args__ = (
        not_blank("business_name"),
        max_chars("description", DESCRIPTION_MAX_LENGTH),
        CheckConstraint("website IS NULL OR website ~* '^https?://'", name="website_http"),
        {"schema": SCHEMA},
    )
