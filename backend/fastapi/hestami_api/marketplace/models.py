"""Properties, services, provider profiles and inquiries (schema ``marketplace``)."""

import uuid
from decimal import Decimal
from typing import Final, Literal, get_args

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Computed,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    func,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import TSVECTOR, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hestami_api.auth.models import PHONE_MAX_LENGTH, User
from hestami_api.core.db import Base, Timestamps, UUIDPrimaryKey, sql_in

SCHEMA: Final = "marketplace"

PropertyType = Literal[
    "single_family",
    "townhouse",
    "condo",
    "apartment",
    "multi_family",
    "mobile_home",
    "land",
    "other",
]
PROPERTY_TYPES: Final[tuple[PropertyType, ...]] = get_args(PropertyType)

ServiceCategory = Literal[
    "plumbing",
    "electrical",
    "hvac",
    "roofing",
    "landscaping",
    "cleaning",
    "painting",
    "carpentry",
    "pest_control",
    "appliance_repair",
    "flooring",
    "handyman",
    "general_contractor",
    "pool_spa",
    "other",
]
SERVICE_CATEGORIES: Final[tuple[ServiceCategory, ...]] = get_args(ServiceCategory)

PriceUnit = Literal["fixed", "hourly", "per_visit", "per_square_foot", "quote"]
PRICE_UNITS: Final[tuple[PriceUnit, ...]] = get_args(PriceUnit)

InquiryStatus = Literal["open", "accepted", "declined", "completed", "cancelled"]
INQUIRY_STATUSES: Final[tuple[InquiryStatus, ...]] = get_args(InquiryStatus)

# Column sizes, for request validation that matches the database.
NAME_MAX_LENGTH: Final = 100
ADDRESS_LINE_MAX_LENGTH: Final = 200
CITY_MAX_LENGTH: Final = 100
STATE_MAX_LENGTH: Final = 100
POSTAL_CODE_MAX_LENGTH: Final = 20
TITLE_MAX_LENGTH: Final = 150
BUSINESS_NAME_MAX_LENGTH: Final = 150
WEBSITE_MAX_LENGTH: Final = 2048
SERVICE_AREA_MAX_LENGTH: Final = 500
DESCRIPTION_MAX_LENGTH: Final = 5000  # every free-text description
MESSAGE_MAX_LENGTH: Final = 5000  # inquiry message and provider response
BEDROOMS_MIN, BEDROOMS_MAX = 0, 100
BATHROOMS_MIN, BATHROOMS_MAX = 0, 100  # Numeric(4, 1): steps of 0.1
SQUARE_FEET_MIN, SQUARE_FEET_MAX = 1, 1_000_000
YEAR_BUILT_MIN, YEAR_BUILT_MAX = 1600, 2100
PRICE_MAX_VALUE: Final = Decimal("9999999999.99")  # Numeric(12, 2)

# Full-text documents. Functions with an explicit regconfig are immutable, as generated
# columns require. Kept as constants so the migration and the model share one text.
PROPERTY_SEARCH_SQL: Final = (
    "to_tsvector('simple'::regconfig, "
    "coalesce(name, '') || ' ' || coalesce(address_line1, '') || ' ' || "
    "coalesce(address_line2, '') || ' ' || coalesce(city, '') || ' ' || "
    "coalesce(state, '') || ' ' || coalesce(postal_code, ''))"
)
SERVICE_SEARCH_SQL: Final = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, "
    "replace(coalesce(category, ''), '_', ' ')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C')"
)
# The text search configurations queries must use against each search_vector.
PROPERTY_SEARCH_CONFIG: Final = "simple"
SERVICE_SEARCH_CONFIG: Final = "english"


def _not_blank(column: str) -> CheckConstraint:
    return CheckConstraint(f"char_length({column}) > 0", name=f"{column}_not_empty")


def _max_chars(column: str, maximum: int, *, nullable: bool = True) -> CheckConstraint:
    condition = f"char_length({column}) <= {maximum}"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return CheckConstraint(condition, name=f"{column}_length")


class Property(UUIDPrimaryKey, Timestamps, Base):
    """A homeowner's property."""

    __tablename__ = "properties"

    owner_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("auth.users.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    address_line1: Mapped[str] = mapped_column(String(ADDRESS_LINE_MAX_LENGTH))
    address_line2: Mapped[str | None] = mapped_column(String(ADDRESS_LINE_MAX_LENGTH))
    city: Mapped[str] = mapped_column(String(CITY_MAX_LENGTH))
    state: Mapped[str] = mapped_column(String(STATE_MAX_LENGTH))
    postal_code: Mapped[str] = mapped_column(String(POSTAL_CODE_MAX_LENGTH))
    country: Mapped[str] = mapped_column(String(2), default="US", server_default="US")
    property_type: Mapped[PropertyType] = mapped_column(String(32))
    bedrooms: Mapped[int | None] = mapped_column(Integer)
    bathrooms: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    square_feet: Mapped[int | None] = mapped_column(Integer)
    year_built: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    search_vector: Mapped[str | None] = mapped_column(
        TSVECTOR, Computed(PROPERTY_SEARCH_SQL, persisted=True), deferred=True
    )

    owner: Mapped[User] = relationship()

    __table_args__ = (
        CheckConstraint(sql_in("property_type", PROPERTY_TYPES), name="property_type"),
        CheckConstraint("country ~ '^[A-Z]{2}$'", name="country_iso_alpha2"),
        CheckConstraint(
            f"bedrooms IS NULL OR bedrooms BETWEEN {BEDROOMS_MIN} AND {BEDROOMS_MAX}",
            name="bedrooms_range",
        ),
        CheckConstraint(
            f"bathrooms IS NULL OR bathrooms BETWEEN {BATHROOMS_MIN} AND {BATHROOMS_MAX}",
            name="bathrooms_range",
        ),
        CheckConstraint(
            f"square_feet IS NULL OR square_feet BETWEEN {SQUARE_FEET_MIN} AND {SQUARE_FEET_MAX}",
            name="square_feet_range",
        ),
        CheckConstraint(
            f"year_built IS NULL OR year_built BETWEEN {YEAR_BUILT_MIN} AND {YEAR_BUILT_MAX}",
            name="year_built_range",
        ),
        _not_blank("name"),
        _not_blank("address_line1"),
        _not_blank("city"),
        _not_blank("state"),
        _not_blank("postal_code"),
        _max_chars("description", DESCRIPTION_MAX_LENGTH),
        Index("ix_properties_owner_id_created_at", "owner_id", "created_at"),
        Index("ix_properties_city_lower", func.lower(text("city"))),
        Index("ix_properties_state_lower", func.lower(text("state"))),
        Index("ix_properties_postal_code_lower", func.lower(text("postal_code"))),
        Index("ix_properties_property_type", "property_type"),
        Index("ix_properties_search_vector", "search_vector", postgresql_using="gin"),
        {"schema": SCHEMA},
    )


class Service(UUIDPrimaryKey, Timestamps, Base):
    """A service offered by a service provider in the catalog."""

    __tablename__ = "services"

    provider_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("auth.users.id", ondelete="CASCADE")
    )
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
        TSVECTOR, Computed(SERVICE_SEARCH_SQL, persisted=True), deferred=True
    )

    provider: Mapped[User] = relationship()
    # The provider's business profile (may not exist yet); read-only, joined on provider_id.
    provider_profile: Mapped["ProviderProfile | None"] = relationship(
        primaryjoin="Service.provider_id == foreign(ProviderProfile.user_id)",
        viewonly=True,
        uselist=False,
    )

    __table_args__ = (
        CheckConstraint(sql_in("category", SERVICE_CATEGORIES), name="category"),
        CheckConstraint(
            "price_unit IS NULL OR " + sql_in("price_unit", PRICE_UNITS), name="price_unit"
        ),
        CheckConstraint("price_min IS NULL OR price_min >= 0", name="price_min_non_negative"),
        CheckConstraint("price_max IS NULL OR price_max >= 0", name="price_max_non_negative"),
        CheckConstraint(
            "price_min IS NULL OR price_max IS NULL OR price_max >= price_min",
            name="price_range_ordered",
        ),
        _not_blank("title"),
        _not_blank("city"),
        _not_blank("state"),
        _max_chars("description", DESCRIPTION_MAX_LENGTH),
        Index("ix_services_is_active_category", "is_active", "category"),
        Index("ix_services_city_lower", func.lower(text("city"))),
        Index("ix_services_state_lower", func.lower(text("state"))),
        Index("ix_services_postal_code_lower", func.lower(text("postal_code"))),
        Index("ix_services_price_min", "price_min"),
        Index("ix_services_provider_id", "provider_id"),
        Index("ix_services_created_at", "created_at"),
        Index("ix_services_search_vector", "search_vector", postgresql_using="gin"),
        Index(
            "ix_services_title_trgm",
            "title",
            postgresql_using="gin",
            postgresql_ops={"title": "gin_trgm_ops"},
        ),
        {"schema": SCHEMA},
    )


class ProviderProfile(Timestamps, Base):
    """A service provider's business profile (one per provider user)."""

    __tablename__ = "provider_profiles"

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("auth.users.id", ondelete="CASCADE"), primary_key=True
    )
    business_name: Mapped[str] = mapped_column(String(BUSINESS_NAME_MAX_LENGTH))
    description: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(PHONE_MAX_LENGTH))
    website: Mapped[str | None] = mapped_column(String(WEBSITE_MAX_LENGTH))
    service_area: Mapped[str | None] = mapped_column(String(SERVICE_AREA_MAX_LENGTH))

    user: Mapped[User] = relationship()

    __table_args__ = (
        _not_blank("business_name"),
        _max_chars("description", DESCRIPTION_MAX_LENGTH),
        CheckConstraint("website IS NULL OR website ~* '^https?://'", name="website_http"),
        {"schema": SCHEMA},
    )


class Inquiry(UUIDPrimaryKey, Timestamps, Base):
    """A homeowner's request to a provider about one of the provider's services."""

    __tablename__ = "inquiries"

    service_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("marketplace.services.id", ondelete="CASCADE")
    )
    property_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("marketplace.properties.id", ondelete="SET NULL")
    )
    homeowner_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("auth.users.id", ondelete="CASCADE")
    )
    provider_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("auth.users.id", ondelete="CASCADE")
    )
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[InquiryStatus] = mapped_column(String(32), default="open", server_default="open")
    response: Mapped[str | None] = mapped_column(Text)

    service: Mapped[Service] = relationship()
    property: Mapped[Property | None] = relationship()
    homeowner: Mapped[User] = relationship(foreign_keys=[homeowner_id])
    provider: Mapped[User] = relationship(foreign_keys=[provider_id])

    __table_args__ = (
        CheckConstraint(sql_in("status", INQUIRY_STATUSES), name="status"),
        CheckConstraint(
            f"char_length(message) BETWEEN 1 AND {MESSAGE_MAX_LENGTH}", name="message_length"
        ),
        _max_chars("response", MESSAGE_MAX_LENGTH),
        Index("ix_inquiries_homeowner_id_created_at", "homeowner_id", "created_at"),
        Index("ix_inquiries_provider_id_status_created_at", "provider_id", "status", "created_at"),
        # Foreign keys whose parent rows are deleted through the API (cascade / set null).
        Index("ix_inquiries_service_id", "service_id"),
        Index("ix_inquiries_property_id", "property_id"),
        {"schema": SCHEMA},
    )
