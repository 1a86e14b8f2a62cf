"""Offerings, the API's *services* (table ``marketplace.services``)."""

import uuid
from decimal import Decimal
from typing import Final, get_args

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Index,
    Numeric,
    String,
    Text,
    func,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hestami_api.auth.models import User
from hestami_api.core.db import Base, Timestamps, UUIDPrimaryKey, sql_in
from hestami_api.generated.enums import PriceUnit, ServiceCategory
from hestami_api.marketplace.schema import (
    CITY_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    POSTAL_CODE_MAX_LENGTH,
    SCHEMA,
    STATE_MAX_LENGTH,
    account_id,
    location_indexes,
    max_chars,
    not_blank,
)
from hestami_api.provider_profiles.models import ProviderProfile

OFFERING_CATEGORIES: Final[tuple[ServiceCategory, ...]] = get_args(ServiceCategory)

PRICE_UNITS: Final[tuple[PriceUnit, ...]] = get_args(PriceUnit)

TITLE_MAX_LENGTH: Final = 150

# The full-text document. Functions with an explicit regconfig are immutable, as generated
# columns require. A constant so the migration and the model share one text.
OFFERING_SEARCH_SQL: Final = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, "
    "replace(coalesce(category, ''), '_', ' ')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')"
)
# The text search configuration queries must use against search_vector.
OFFERING_SEARCH_CONFIG: Final = "english"


class Offering(UUIDPrimaryKey, Timestamps, Base):
    """What a service provider offers in the catalog: a *service* in the API."""

    __tablename__ = "services"

    provider_id: Mapped[uuid.UUID] = account_id()
    title: Mapped[str] = mapped_column(String(TITLE_MAX_LENGTH))
    description: Mapped[str | None] = mapped_column(Text)
    category: Mapped[ServiceCategory] = mapped_column(String(32))
    price_min: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    price_max: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    price_unit: Mapped[PriceUnit | None] = mapped_column(String(32))
    city: Mapped[str] = mapped_column(String(CITY_MAX_LENGTH))
    state: Mapped[str] = mapped_column(String(STATE_MAX_LENGTH))
    postal_code: Mapped[str | None] = mapped_column(String(POSTAL_CODE_MAX_LENGTH))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    search_vector: Mapped[str | None] = mapped_column(
        TSVECTOR, Computed(OFFERING_SEARCH_SQL, persisted=True), deferred=True
    )

    provider: Mapped[User] = relationship()
    # The provider's business profile (may not exist yet); read-only, joined on provider_id.
    provider_profile: Mapped[ProviderProfile | None] = relationship(
        primaryjoin="Offering.provider_id == foreign(ProviderProfile.user_id)",
        viewonly=True,
        uselist=False,
    )

    __table_args__ = (
        CheckConstraint(sql_in("category", OFFERING_CATEGORIES), name="category"),
        CheckConstraint(
            "price_unit IS NULL OR " + sql_in("price_unit", PRICE_UNITS), name="price_unit"
        ),
        CheckConstraint("price_min IS NULL OR price_min >= 0", name="price_min_non_negative"),
        CheckConstraint("price_max IS NULL OR price_max >= 0", name="price_max_non_negative"),
        CheckConstraint(
            "price_min IS NULL OR price_max IS NULL OR price_max >= price_min",
            name="price_range_ordered",
        ),
        not_blank("title"),
        not_blank("city"),
        not_blank("state"),
        max_chars("description", DESCRIPTION_MAX_LENGTH),
        Index("ix_services_is_active_category", "is_active", "category"),
        *location_indexes("services"),
        Index("ix_services_price_min", "price_min"),
        Index("ix_services_provider_id", "provider_id"),
        Index("ix_services_created_at", "created_at"),
        Index("ix_services_search_vector", "search_vector", postgresql_using="gin"),
        # A search in a city reads one index for both (btree_gin, migration 0006).
        Index(
            "ix_services_city_search_vector",
            func.lower(text("city")),
            "search_vector",
            postgresql_using="gin",
        ),
        Index(
            "ix_services_title_trgm",
            "title",
            postgresql_using="gin",
            postgresql_ops={"title": "gin_trgm_ops"},
        ),
        {"schema": SCHEMA},
    )


class CatalogVersion(Base):
    """One row: the catalog's version, which triggers move on with every change to what
    the catalog shows (migration 0007); cached catalog results name the version they were
    read at (``offerings.service``)."""

    __tablename__ = "catalog_version"

    id: Mapped[bool] = mapped_column(Boolean, primary_key=True, server_default=true())
    version: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))

    __table_args__ = (CheckConstraint("id", name="single_row"), {"schema": SCHEMA})
