"""A homeowner's properties (table ``marketplace.properties``)."""

import uuid
from decimal import Decimal
from typing import Final, get_args

from sqlalchemy import CheckConstraint, Computed, Index, Integer, Numeric, String, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hestami_api.auth.models import User
from hestami_api.core.db import Base, Timestamps, UUIDPrimaryKey, sql_in
from hestami_api.generated.enums import PropertyType
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

PROPERTY_TYPES: Final[tuple[PropertyType, ...]] = get_args(PropertyType)

NAME_MAX_LENGTH: Final = 100
ADDRESS_LINE_MAX_LENGTH: Final = 200
BEDROOMS_MIN, BEDROOMS_MAX = 0, 100
BATHROOMS_MIN, BATHROOMS_MAX = 0, 100  # Numeric(4, 1): steps of 0.1
SQUARE_FEET_MIN, SQUARE_FEET_MAX = 1, 1_000_000
YEAR_BUILT_MIN, YEAR_BUILT_MAX = 1600, 2100

# The full-text document. Functions with an explicit regconfig are immutable, as generated
# columns require. A constant so the migration and the model share one text.
PROPERTY_SEARCH_SQL: Final = (
    "to_tsvector('simple'::regconfig, "
    "coalesce(name, '') || ' ' || coalesce(address_line1, '') || ' ' || "
    "coalesce(address_line2, '') || ' ' || coalesce(city, '') || ' ' || "
    "coalesce(state, '') || ' ' || coalesce(postal_code, ''))"
)
# The text search configuration queries must use against search_vector.
PROPERTY_SEARCH_CONFIG: Final = "simple"


class Property(UUIDPrimaryKey, Timestamps, Base):
    """A homeowner's property."""

    __tablename__ = "properties"

    owner_id: Mapped[uuid.UUID] = account_id()
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
        not_blank("name"),
        not_blank("address_line1"),
        not_blank("city"),
        not_blank("state"),
        not_blank("postal_code"),
        max_chars("description", DESCRIPTION_MAX_LENGTH),
        Index("ix_properties_owner_id_created_at", "owner_id", "created_at"),
        *location_indexes("properties"),
        Index("ix_properties_property_type", "property_type"),
        Index("ix_properties_search_vector", "search_vector", postgresql_using="gin"),
        {"schema": SCHEMA},
    )
