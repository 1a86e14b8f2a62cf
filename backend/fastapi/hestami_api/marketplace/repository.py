"""Every query on properties, services, provider profiles and inquiries.

List functions share one list of conditions between the page query and its
``count(*)``, so ``total`` always counts exactly what the pages show. Sorts always end
with the primary key so pages are stable when the sort field ties.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import (
    ColumnElement,
    Select,
    UnaryExpression,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import REGCONFIG, insert
from sqlalchemy.orm import Session

from hestami_api.auth.models import User
from hestami_api.core.pagination import Page
from hestami_api.marketplace.models import (
    PROPERTY_SEARCH_CONFIG,
    SERVICE_SEARCH_CONFIG,
    Inquiry,
    InquiryStatus,
    Property,
    PropertyType,
    ProviderProfile,
    Service,
    ServiceCategory,
)
from hestami_api.marketplace.rules import LIKE_ESCAPE, SortKey, like_contains, prefix_tsquery

# Below this many characters a substring search cannot use the trigram index on titles
# (trigrams need three characters), so short texts rely on full-text search alone.
MIN_TITLE_SUBSTRING_LENGTH: Final = 3


def _count(db: Session, base: Select[int], conditions: Sequence[ColumnElement[bool]]) -> int:
    """``total`` of a list: the same conditions as its page query, without ordering."""
    return db.scalar(base.where(*conditions)) or 0


def _count_of(entity: Any) -> Select[int]:
    return select(func.count()).select_from(entity)


def _fetch_page[T](
    db: Session, query: Select[T], total: int, *, limit: int, offset: int
) -> list[T]:
    # Past the end there is nothing to fetch: skip the query (offsets may be huge).
    if offset >= total:
        return []
    return list(db.scalars(query.limit(limit).offset(offset)))


def _order(expression: Any, descending: bool, *, nulls_last: bool = False) -> UnaryExpression[Any]:
    ordered: UnaryExpression[Any] = expression.desc() if descending else expression.asc()
    return ordered.nulls_last() if nulls_last else ordered


def _ci_equals(column: Any, value: str) -> ColumnElement[bool]:
    """Case-insensitive equality written as ``lower(column) = lower(value)``, the shape
    of the ``lower(city)`` expression indexes."""
    condition: ColumnElement[bool] = func.lower(column) == func.lower(value)
    return condition


# ---------------------------------------------------------------- properties


@dataclass(frozen=True, slots=True)
class PropertyFilters:
    search: str | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    property_type: PropertyType | None = None


def _property_search(text: str) -> ColumnElement[bool]:
    """Every word must occur in the name/address document: as a word prefix (so partial
    words match) or exactly as PostgreSQL parses it (``78704-1234``)."""
    config = literal(PROPERTY_SEARCH_CONFIG, REGCONFIG)
    exact = Property.search_vector.bool_op("@@")(func.plainto_tsquery(config, text))
    prefix_query = prefix_tsquery(text)
    if prefix_query is None:
        # No letter or digit at all ("%", "#"): only a literal substring of the name can match.
        return or_(exact, Property.name.ilike(like_contains(text), escape=LIKE_ESCAPE))
    prefixes = Property.search_vector.bool_op("@@")(func.to_tsquery(config, prefix_query))
    return or_(exact, prefixes)


def _property_conditions(
    owner_id: uuid.UUID, filters: PropertyFilters
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Property.owner_id == owner_id]
    if filters.search is not None:
        conditions.append(_property_search(filters.search))
    if filters.city is not None:
        conditions.append(_ci_equals(Property.city, filters.city))
    if filters.state is not None:
        conditions.append(_ci_equals(Property.state, filters.state))
    if filters.postal_code is not None:
        conditions.append(_ci_equals(Property.postal_code, filters.postal_code))
    if filters.property_type is not None:
        conditions.append(Property.property_type == filters.property_type)
    return conditions


PROPERTY_SORT_COLUMNS: Final[Mapping[str, Any]] = {
    "created_at": Property.created_at,
    "name": func.lower(Property.name),
    "city": func.lower(Property.city),
}


def list_properties(
    db: Session,
    owner_id: uuid.UUID,
    filters: PropertyFilters,
    sort: SortKey,
    *,
    limit: int,
    offset: int,
) -> Page[Property]:
    conditions = _property_conditions(owner_id, filters)
    query = (
        select(Property)
        .where(*conditions)
        .order_by(
            _order(PROPERTY_SORT_COLUMNS[sort.field], sort.descending),
            _order(Property.id, sort.descending),
        )
    )
    total = _count(db, _count_of(Property), conditions)
    return Page(_fetch_page(db, query, total, limit=limit, offset=offset), total)


def add_property(db: Session, owner_id: uuid.UUID, values: Mapping[str, Any]) -> Property:
    row = Property(owner_id=owner_id, **values)
    db.add(row)
    flush_and_refresh(db, row)
    return row


def find_own_property(
    db: Session, owner_id: uuid.UUID, property_id: uuid.UUID, *, key_share: bool = False
) -> Property | None:
    """The owner's property, or ``None`` for an unknown id or someone else's property.

    ``key_share`` locks the row ``FOR KEY SHARE`` so it cannot be deleted before the
    transaction referencing it commits (an inquiry about it).
    """
    query = select(Property).where(Property.id == property_id, Property.owner_id == owner_id)
    if key_share:
        query = query.with_for_update(read=True, key_share=True)
    return db.scalars(query).one_or_none()


# ---------------------------------------------------------------- services


@dataclass(frozen=True, slots=True)
class ServiceFilters:
    search: str | None = None
    category: ServiceCategory | None = None
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    provider_id: uuid.UUID | None = None
    is_active: bool | None = None


def _service_tsquery(text: str) -> ColumnElement[Any]:
    """The web-search syntax of the spec: every word, "quoted phrases", ``or``, ``-word``.
    ``websearch_to_tsquery`` never raises on malformed input."""
    return func.websearch_to_tsquery(literal(SERVICE_SEARCH_CONFIG, REGCONFIG), text)


def _service_search(text: str) -> ColumnElement[bool]:
    full_text: ColumnElement[bool] = Service.search_vector.bool_op("@@")(_service_tsquery(text))
    if len(text) < MIN_TITLE_SUBSTRING_LENGTH:
        return full_text
    # Partial words ("elec" for "Electrical") match the title through its trigram index.
    return or_(full_text, Service.title.ilike(like_contains(text), escape=LIKE_ESCAPE))


def _service_conditions(filters: ServiceFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.provider_id is not None:
        conditions.append(Service.provider_id == filters.provider_id)
    if filters.is_active is not None:
        conditions.append(Service.is_active.is_(filters.is_active))
    if filters.search is not None:
        conditions.append(_service_search(filters.search))
    if filters.category is not None:
        conditions.append(Service.category == filters.category)
    if filters.city is not None:
        conditions.append(_ci_equals(Service.city, filters.city))
    if filters.state is not None:
        conditions.append(_ci_equals(Service.state, filters.state))
    if filters.postal_code is not None:
        conditions.append(_ci_equals(Service.postal_code, filters.postal_code))
    # Comparisons with NULL are never true: services without a price drop out, as specified.
    if filters.min_price is not None:
        conditions.append(Service.price_min >= filters.min_price)
    if filters.max_price is not None:
        conditions.append(Service.price_min <= filters.max_price)
    return conditions


def _service_order(sort: SortKey, search: str | None) -> list[UnaryExpression[Any]]:
    if sort.field == "relevance" and search is not None:
        rank = func.ts_rank(Service.search_vector, _service_tsquery(search))
        return [rank.desc(), Service.created_at.desc(), Service.id.desc()]
    columns: Mapping[str, Any] = {
        "created_at": Service.created_at,
        "title": func.lower(Service.title),
        "price_min": Service.price_min,
    }
    return [
        # Services without a price go last in both directions (the spec).
        _order(columns[sort.field], sort.descending, nulls_last=sort.field == "price_min"),
        _order(Service.id, sort.descending),
    ]


def list_services(
    db: Session, filters: ServiceFilters, sort: SortKey, *, limit: int, offset: int
) -> Page[Service]:
    """Services of any activity (a provider's own list: pass ``provider_id``)."""
    conditions = _service_conditions(filters)
    query = select(Service).where(*conditions).order_by(*_service_order(sort, filters.search))
    total = _count(db, _count_of(Service), conditions)
    return Page(_fetch_page(db, query, total, limit=limit, offset=offset), total)


def add_service(db: Session, provider_id: uuid.UUID, values: Mapping[str, Any]) -> Service:
    row = Service(provider_id=provider_id, **values)
    db.add(row)
    flush_and_refresh(db, row)
    return row


def find_own_service(db: Session, provider_id: uuid.UUID, service_id: uuid.UUID) -> Service | None:
    query = select(Service).where(Service.id == service_id, Service.provider_id == provider_id)
    return db.scalars(query).one_or_none()


def count_service_inquiries(db: Session, service_id: uuid.UUID) -> int:
    query = select(func.count()).select_from(Inquiry).where(Inquiry.service_id == service_id)
    return db.scalar(query) or 0


# ---------------------------------------------------------------- catalog


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """A catalog service with what its provider summary needs (one query, no N+1)."""

    service: Service
    business_name: str
    website: str | None


# What the catalog shows of a provider who never saved a profile: full name, else username.
# Same rule as service.default_business_name.
_BUSINESS_NAME = func.coalesce(
    ProviderProfile.business_name, func.nullif(User.full_name, ""), User.username
)
# In the catalog: active services of active accounts that are still providers (a staff
# role change away from service_provider takes the account's services out, as it takes
# away the account's access to them).
_CATALOG_VISIBLE: Final = (
    Service.is_active.is_(True),
    User.is_active.is_(True),
    User.role == "service_provider",
)


def _catalog_query() -> Select[Service, str, str | None]:
    return (
        select(Service, _BUSINESS_NAME, ProviderProfile.website)
        .join(User, User.id == Service.provider_id)
        .outerjoin(ProviderProfile, ProviderProfile.user_id == Service.provider_id)
    )


def list_catalog(
    db: Session, filters: ServiceFilters, sort: SortKey, *, limit: int, offset: int
) -> Page[CatalogEntry]:
    conditions = [*_CATALOG_VISIBLE, *_service_conditions(filters)]
    query = _catalog_query().where(*conditions).order_by(*_service_order(sort, filters.search))
    # The count needs the provider's active flag but not the profile.
    count_base = _count_of(Service).join(User, User.id == Service.provider_id)
    total = _count(db, count_base, conditions)
    if offset >= total:
        return Page([], total)
    rows = db.execute(query.limit(limit).offset(offset))
    return Page([CatalogEntry(service, name, website) for service, name, website in rows], total)


def find_catalog_entry(db: Session, service_id: uuid.UUID) -> CatalogEntry | None:
    query = _catalog_query().where(Service.id == service_id, *_CATALOG_VISIBLE)
    row = db.execute(query).one_or_none()
    return None if row is None else CatalogEntry(*row)


def find_catalog_service(db: Session, service_id: uuid.UUID) -> Service | None:
    """An active service of an active provider, locked ``FOR KEY SHARE`` so it cannot be
    deleted before the inquiry about it commits (the delete waits, then cascades)."""
    query = (
        select(Service)
        .join(User, User.id == Service.provider_id)
        .where(Service.id == service_id, *_CATALOG_VISIBLE)
        .with_for_update(read=True, key_share=True, of=Service)
    )
    return db.scalars(query).one_or_none()


# ---------------------------------------------------------------- provider profiles


def find_profile(
    db: Session, user_id: uuid.UUID, *, for_update: bool = False
) -> ProviderProfile | None:
    query = select(ProviderProfile).where(ProviderProfile.user_id == user_id)
    if for_update:
        query = query.with_for_update()
    return db.scalars(query).one_or_none()


def upsert_profile(db: Session, user_id: uuid.UUID, values: Mapping[str, Any]) -> ProviderProfile:
    """Insert the profile, or replace it if a concurrent first save got there first
    (``ON CONFLICT DO UPDATE``: no unique-violation race on the primary key)."""
    statement = (
        insert(ProviderProfile)
        .values(user_id=user_id, **values)
        .on_conflict_do_update(
            index_elements=[ProviderProfile.user_id],
            # set_ skips Python-side onupdate hooks, hence updated_at spelled out.
            set_={**values, "updated_at": func.now()},
        )
        .returning(ProviderProfile)
    )
    return db.scalars(statement, execution_options={"populate_existing": True}).one()


# ---------------------------------------------------------------- inquiries


def add_inquiry(
    db: Session,
    *,
    service: Service,
    homeowner_id: uuid.UUID,
    property_id: uuid.UUID | None,
    message: str,
) -> Inquiry:
    inquiry = Inquiry(
        service_id=service.id,
        provider_id=service.provider_id,
        homeowner_id=homeowner_id,
        property_id=property_id,
        message=message,
        status="open",
    )
    db.add(inquiry)
    flush_and_refresh(db, inquiry)
    return inquiry


def lock_inquiry(
    db: Session,
    inquiry_id: uuid.UUID,
    *,
    homeowner_id: uuid.UUID | None = None,
    provider_id: uuid.UUID | None = None,
) -> Inquiry | None:
    """The inquiry row ``FOR UPDATE`` if it belongs to the given party: two concurrent
    status changes are serialized, the second one sees the first one's result."""
    query = select(Inquiry).where(Inquiry.id == inquiry_id)
    if homeowner_id is not None:
        query = query.where(Inquiry.homeowner_id == homeowner_id)
    if provider_id is not None:
        query = query.where(Inquiry.provider_id == provider_id)
    # populate_existing: a row already in the session is re-read under the lock.
    query = query.with_for_update().execution_options(populate_existing=True)
    return db.scalars(query).one_or_none()


def list_inquiries(
    db: Session,
    *,
    homeowner_id: uuid.UUID | None = None,
    provider_id: uuid.UUID | None = None,
    status: InquiryStatus | None,
    sort: SortKey,
    limit: int,
    offset: int,
) -> Page[Inquiry]:
    conditions: list[ColumnElement[bool]] = []
    if homeowner_id is not None:
        conditions.append(Inquiry.homeowner_id == homeowner_id)
    if provider_id is not None:
        conditions.append(Inquiry.provider_id == provider_id)
    if status is not None:
        conditions.append(Inquiry.status == status)
    query = (
        select(Inquiry)
        .where(*conditions)
        .order_by(_order(Inquiry.created_at, sort.descending), _order(Inquiry.id, sort.descending))
    )
    total = _count(db, _count_of(Inquiry), conditions)
    return Page(_fetch_page(db, query, total, limit=limit, offset=offset), total)


# ---------------------------------------------------------------- shared


def flush_and_refresh(db: Session, row: object) -> None:
    """Write pending changes and read back what the database set (ids, timestamps)."""
    db.flush()
    db.refresh(row)


def delete_row(db: Session, row: Property | Service) -> None:
    """The database cascades (inquiries of a service) or sets NULL (inquiries about a
    property) as the foreign keys say; the ORM has no relationship to manage there."""
    db.delete(row)
    db.flush()
