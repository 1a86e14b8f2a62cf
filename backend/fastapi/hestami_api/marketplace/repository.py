"""Every query on properties, services, provider profiles and inquiries.

Lists go through `core.listing`: one list of conditions shared by the page and its
``count(*)``, the sort as a generated sort enum member mapped to an order here, and the
primary key as the tie-break. Writes are single statements that return the written row
(``INSERT/UPDATE/DELETE ... RETURNING``): what the database sets (ids, timestamps) comes
back with the write, and an owner's condition in the statement makes someone else's row
simply not found.
"""

import uuid
from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import (
    ColumnElement,
    Select,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.auth.models import User
from hestami_api.core import listing
from hestami_api.core.listing import Order, Page, SortKey, ascending, descending, sorts
from hestami_api.generated.parameters import (
    CatalogSort,
    InquirySort,
    ListHomeownerInquiriesParams,
    ListOwnServicesParams,
    ListPropertiesParams,
    ListProviderInquiriesParams,
    PropertySort,
    ProviderServiceSort,
    SearchServicesParams,
    ServiceCategory,
)
from hestami_api.marketplace.models import (
    PROPERTY_SEARCH_CONFIG,
    SERVICE_SEARCH_CONFIG,
    Inquiry,
    Property,
    ProviderProfile,
    Service,
)
from hestami_api.marketplace.rules import prefix_tsquery, price_filter

# Below this many characters a substring search cannot use the trigram index on titles
# (trigrams need three characters), so short texts rely on full-text search alone.
MIN_TITLE_SUBSTRING_LENGTH: Final = 3

# Rows written with RETURNING replace what the session holds for them (no refresh()).
_RETURNING_OPTIONS: Final = {"populate_existing": True, "synchronize_session": False}


def _ci_equals(column: Any, value: str) -> ColumnElement[bool]:
    """Case-insensitive equality written as ``lower(column) = lower(value)``, the shape
    of the ``lower(city)`` expression indexes."""
    condition: ColumnElement[bool] = func.lower(column) == func.lower(value)
    return condition


# ---------------------------------------------------------------- properties

_PROPERTY_CONFIG = literal(PROPERTY_SEARCH_CONFIG, REGCONFIG)
# The owner's own list is served by the owner_id index (a homeowner has few properties), so
# the document may add the description to the indexed name/address vector at query time.
_PROPERTY_DOCUMENT: Final = Property.search_vector.op("||")(
    func.to_tsvector(_PROPERTY_CONFIG, func.coalesce(Property.description, ""))
)


def _property_search(text: str) -> ColumnElement[bool]:
    """Every word must occur in the name/address/description document: as a word prefix
    (so partial words match) or exactly as PostgreSQL parses it (``78704-1234``)."""
    exact = _PROPERTY_DOCUMENT.bool_op("@@")(func.plainto_tsquery(_PROPERTY_CONFIG, text))
    prefix_query = prefix_tsquery(text)
    if prefix_query is None:
        # No letter or digit at all ("%", "#"): only a literal substring of the name can match.
        return or_(exact, listing.contains(Property.name, text))
    prefixes = _PROPERTY_DOCUMENT.bool_op("@@")(func.to_tsquery(_PROPERTY_CONFIG, prefix_query))
    return or_(exact, prefixes)


def _property_conditions(
    owner_id: uuid.UUID, params: ListPropertiesParams
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Property.owner_id == owner_id]
    search = listing.search_text(params.q)
    if search is not None:
        conditions.append(_property_search(search))
    if params.city is not None:
        conditions.append(_ci_equals(Property.city, params.city))
    if params.state is not None:
        conditions.append(_ci_equals(Property.state, params.state))
    if params.postal_code is not None:
        conditions.append(_ci_equals(Property.postal_code, params.postal_code))
    if params.property_type is not None:
        conditions.append(Property.property_type == params.property_type)
    return conditions


PROPERTY_SORTS: Final = sorts(
    PropertySort,
    {
        PropertySort.CREATED_AT_ASC: ascending(Property.created_at),
        PropertySort.CREATED_AT_DESC: descending(Property.created_at),
        PropertySort.NAME_ASC: ascending(func.lower(Property.name)),
        PropertySort.NAME_DESC: descending(func.lower(Property.name)),
        PropertySort.CITY_ASC: ascending(func.lower(Property.city)),
        PropertySort.CITY_DESC: descending(func.lower(Property.city)),
    },
)


async def list_properties(
    db: AsyncSession, owner_id: uuid.UUID, params: ListPropertiesParams
) -> Page[Property]:
    return await listing.fetch_page(
        db,
        select(Property),
        where=_property_conditions(owner_id, params),
        order=PROPERTY_SORTS[params.sort],
        tie_break=Property.id,
        limit=params.limit,
        offset=params.offset,
    )


async def add_property(
    db: AsyncSession, owner_id: uuid.UUID, values: Mapping[str, Any]
) -> Property:
    statement = insert(Property).values(owner_id=owner_id, **values).returning(Property)
    return (await db.scalars(statement, execution_options=_RETURNING_OPTIONS)).one()


async def find_own_property(
    db: AsyncSession,
    owner_id: uuid.UUID,
    property_id: uuid.UUID,
    *,
    key_share: bool = False,
    for_update: bool = False,
) -> Property | None:
    """The owner's property, or ``None`` for an unknown id or someone else's property.

    ``key_share`` locks the row ``FOR KEY SHARE`` so it cannot be deleted before the
    transaction referencing it commits (an inquiry about it); ``for_update`` locks it for a
    write that must see the latest version first (If-Match).
    """
    query = select(Property).where(Property.id == property_id, Property.owner_id == owner_id)
    if key_share:
        query = query.with_for_update(read=True, key_share=True)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return await db.scalar(query)


async def update_property(
    db: AsyncSession, owner_id: uuid.UUID, property_id: uuid.UUID, values: Mapping[str, Any]
) -> Property | None:
    """Sets ``values`` on the owner's property; the updated row, or ``None`` if not found."""
    statement = (
        update(Property)
        .where(Property.id == property_id, Property.owner_id == owner_id)
        .values(**values, updated_at=func.now())
        .returning(Property)
    )
    return await db.scalar(statement, execution_options=_RETURNING_OPTIONS)


async def delete_property(db: AsyncSession, owner_id: uuid.UUID, property_id: uuid.UUID) -> bool:
    """Deletes the owner's property (its inquiries keep a NULL ``property_id``, as the foreign
    key says); ``False`` if there is none."""
    statement = (
        delete(Property)
        .where(Property.id == property_id, Property.owner_id == owner_id)
        .returning(Property.id)
    )
    return await db.scalar(statement, execution_options=_RETURNING_OPTIONS) is not None


# ---------------------------------------------------------------- services

_SERVICE_CONFIG = literal(SERVICE_SEARCH_CONFIG, REGCONFIG)


def _service_tsquery(text: str) -> ColumnElement[Any]:
    """The web-search syntax of the spec: every word, "quoted phrases", ``or``, ``-word``.
    ``websearch_to_tsquery`` never raises on malformed input."""
    return func.websearch_to_tsquery(_SERVICE_CONFIG, text)


def _service_search(text: str) -> ColumnElement[bool]:
    # ``search_vector @@ query``: the indexed column itself, so the GIN index serves it.
    full_text: ColumnElement[bool] = Service.search_vector.bool_op("@@")(_service_tsquery(text))
    if len(text) < MIN_TITLE_SUBSTRING_LENGTH:
        return full_text
    # Partial words ("elec" for "Electrical") match the title through its trigram index.
    return or_(full_text, listing.contains(Service.title, text))


def _common_service_conditions(
    q: str | None, category: ServiceCategory | None
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    search = listing.search_text(q)
    if search is not None:
        conditions.append(_service_search(search))
    if category is not None:
        conditions.append(Service.category == category)
    return conditions


def _price_order(descending_: bool) -> Order:
    # Services without a price go last in both directions (the spec).
    make = descending if descending_ else ascending
    return make(Service.price_min, nulls_last=True)


OWN_SERVICE_SORTS: Final = sorts(
    ProviderServiceSort,
    {
        ProviderServiceSort.CREATED_AT_ASC: ascending(Service.created_at),
        ProviderServiceSort.CREATED_AT_DESC: descending(Service.created_at),
        ProviderServiceSort.TITLE_ASC: ascending(func.lower(Service.title)),
        ProviderServiceSort.TITLE_DESC: descending(func.lower(Service.title)),
        ProviderServiceSort.PRICE_MIN_ASC: _price_order(False),
        ProviderServiceSort.PRICE_MIN_DESC: _price_order(True),
    },
)


async def list_own_services(
    db: AsyncSession, provider_id: uuid.UUID, params: ListOwnServicesParams
) -> Page[Service]:
    """A provider's services, active or not."""
    conditions = [
        Service.provider_id == provider_id,
        *_common_service_conditions(params.q, params.category),
    ]
    if params.is_active is not None:
        conditions.append(Service.is_active.is_(params.is_active))
    return await listing.fetch_page(
        db,
        select(Service),
        where=conditions,
        order=OWN_SERVICE_SORTS[params.sort],
        tie_break=Service.id,
        limit=params.limit,
        offset=params.offset,
    )


async def add_service(
    db: AsyncSession, provider_id: uuid.UUID, values: Mapping[str, Any]
) -> Service:
    statement = insert(Service).values(provider_id=provider_id, **values).returning(Service)
    return (await db.scalars(statement, execution_options=_RETURNING_OPTIONS)).one()


async def find_own_service(
    db: AsyncSession, provider_id: uuid.UUID, service_id: uuid.UUID, *, for_update: bool = False
) -> Service | None:
    """The provider's service (``for_update``: locked and re-read, for If-Match)."""
    query = select(Service).where(Service.id == service_id, Service.provider_id == provider_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return await db.scalar(query)


async def update_service(
    db: AsyncSession, provider_id: uuid.UUID, service_id: uuid.UUID, values: Mapping[str, Any]
) -> Service | None:
    """Sets ``values`` on the provider's service; the updated row, or ``None`` if not found."""
    statement = (
        update(Service)
        .where(Service.id == service_id, Service.provider_id == provider_id)
        .values(**values, updated_at=func.now())
        .returning(Service)
    )
    return await db.scalar(statement, execution_options=_RETURNING_OPTIONS)


async def delete_service(
    db: AsyncSession, provider_id: uuid.UUID, service_id: uuid.UUID
) -> int | None:
    """Deletes the provider's service and, by ``ON DELETE CASCADE``, its inquiries.

    Returns how many inquiries went with it (RETURNING sees the rows as they were before
    the statement, the cascade included), or ``None`` if the provider has no such service.
    """
    inquiries = (
        select(func.count())
        .select_from(Inquiry)
        .where(Inquiry.service_id == Service.id)
        .scalar_subquery()
    )
    statement = (
        delete(Service)
        .where(Service.id == service_id, Service.provider_id == provider_id)
        .returning(inquiries)
    )
    return await db.scalar(statement, execution_options=_RETURNING_OPTIONS)


# ---------------------------------------------------------------- catalog

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

CatalogRow = tuple[Service, str, str | None]
"""A catalog service with what its provider summary needs: business name and website."""


def _catalog_query() -> Select[Service, str, str | None]:
    return (
        select(Service, _BUSINESS_NAME, ProviderProfile.website)
        .join(User, User.id == Service.provider_id)
        .outerjoin(ProviderProfile, ProviderProfile.user_id == Service.provider_id)
    )


def _relevance(search: str) -> Order:
    # The query as an uncorrelated subquery: parsed once per statement (an InitPlan), also in
    # a generic plan of the prepared statement, where a plain call would be parsed again for
    # every ranked row. (The WHERE keeps the plain call: it is folded in custom plans, and an
    # index condition is evaluated once anyway.)
    query = select(_service_tsquery(search)).scalar_subquery()
    rank = func.ts_rank(Service.search_vector, query)
    return Order((SortKey(rank, descending=True), SortKey(Service.created_at, descending=True)))


CATALOG_SORTS: Final = sorts(
    CatalogSort,
    {
        # Without search text there is nothing to rank by: newest first (rules.catalog_sort).
        CatalogSort.RELEVANCE: descending(Service.created_at),
        CatalogSort.CREATED_AT_ASC: ascending(Service.created_at),
        CatalogSort.CREATED_AT_DESC: descending(Service.created_at),
        CatalogSort.PRICE_MIN_ASC: _price_order(False),
        CatalogSort.PRICE_MIN_DESC: _price_order(True),
        CatalogSort.TITLE_ASC: ascending(func.lower(Service.title)),
        CatalogSort.TITLE_DESC: descending(func.lower(Service.title)),
    },
)


def _catalog_conditions(params: SearchServicesParams) -> list[ColumnElement[bool]]:
    conditions = [*_CATALOG_VISIBLE, *_common_service_conditions(params.q, params.category)]
    if params.city is not None:
        conditions.append(_ci_equals(Service.city, params.city))
    if params.state is not None:
        conditions.append(_ci_equals(Service.state, params.state))
    if params.postal_code is not None:
        conditions.append(_ci_equals(Service.postal_code, params.postal_code))
    if params.provider_id is not None:
        conditions.append(Service.provider_id == params.provider_id)
    # Comparisons with NULL are never true: services without a price drop out, as specified.
    lowest, highest = price_filter(params.min_price), price_filter(params.max_price)
    if lowest is not None:
        conditions.append(Service.price_min >= lowest)
    if highest is not None:
        conditions.append(Service.price_min <= highest)
    return conditions


async def search_services(
    db: AsyncSession, params: SearchServicesParams, sort: CatalogSort
) -> Page[CatalogRow]:
    """One catalog page; ``sort`` is the effective one (``rules.catalog_sort``).

    Cheap at 100k+ services. With search text, one statement reads the matches once (ids and
    sort values only) for both the count and the page, and only the page's services are read
    in full, joined with their provider summaries, ranked again for their order. Without it,
    the count reads no profile and the page follows an index on the sort where one exists.
    """
    search = listing.search_text(params.q)
    if sort == CatalogSort.RELEVANCE and search is not None:
        order = _relevance(search)
    else:
        order = CATALOG_SORTS[sort]
    visible_services = select(Service.id).join(User, User.id == Service.provider_id)
    return await listing.fetch_row_page(
        db,
        _catalog_query(),
        where=_catalog_conditions(params),
        order=order,
        tie_break=Service.id,
        limit=params.limit,
        offset=params.offset,
        counted=listing.count_query(visible_services),
        keys=visible_services if search is not None else None,
    )


async def get_service(db: AsyncSession, service_id: uuid.UUID) -> CatalogRow | None:
    query = _catalog_query().where(Service.id == service_id, *_CATALOG_VISIBLE)
    row = (await db.execute(query)).one_or_none()
    return None if row is None else row.tuple()


async def find_catalog_service(db: AsyncSession, service_id: uuid.UUID) -> Service | None:
    """An active service of an active provider, locked ``FOR KEY SHARE`` so it cannot be
    deleted before the inquiry about it commits (the delete waits, then cascades)."""
    query = (
        select(Service)
        .join(User, User.id == Service.provider_id)
        .where(Service.id == service_id, *_CATALOG_VISIBLE)
        .with_for_update(read=True, key_share=True, of=Service)
    )
    return await db.scalar(query)


# ---------------------------------------------------------------- provider profiles


async def find_profile(
    db: AsyncSession, user_id: uuid.UUID, *, for_update: bool = False
) -> ProviderProfile | None:
    query = select(ProviderProfile).where(ProviderProfile.user_id == user_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return await db.scalar(query)


async def upsert_profile(
    db: AsyncSession, user_id: uuid.UUID, values: Mapping[str, Any]
) -> ProviderProfile:
    """Insert the profile, or replace it if it exists (also when a concurrent first save got
    there first: ``ON CONFLICT DO UPDATE``, no unique-violation race on the primary key)."""
    statement = (
        pg_insert(ProviderProfile)
        .values(user_id=user_id, **values)
        .on_conflict_do_update(
            index_elements=[ProviderProfile.user_id],
            # set_ skips Python-side onupdate hooks, hence updated_at spelled out.
            set_={**values, "updated_at": func.now()},
        )
        .returning(ProviderProfile)
    )
    return (await db.scalars(statement, execution_options={"populate_existing": True})).one()


async def update_profile(
    db: AsyncSession, user_id: uuid.UUID, values: Mapping[str, Any]
) -> ProviderProfile:
    """Sets ``values`` on a saved profile the caller has locked (``find_profile(for_update)``)."""
    statement = (
        update(ProviderProfile)
        .where(ProviderProfile.user_id == user_id)
        .values(**values, updated_at=func.now())
        .returning(ProviderProfile)
    )
    return (await db.scalars(statement, execution_options=_RETURNING_OPTIONS)).one()


# ---------------------------------------------------------------- inquiries


async def add_inquiry(
    db: AsyncSession,
    *,
    service: Service,
    homeowner_id: uuid.UUID,
    property_id: uuid.UUID | None,
    message: str,
) -> Inquiry:
    statement = (
        insert(Inquiry)
        .values(
            service_id=service.id,
            provider_id=service.provider_id,
            homeowner_id=homeowner_id,
            property_id=property_id,
            message=message,
            status="open",
        )
        .returning(Inquiry)
    )
    return (await db.scalars(statement, execution_options=_RETURNING_OPTIONS)).one()


async def lock_inquiry(
    db: AsyncSession,
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
    return await db.scalar(query)


async def update_inquiry(
    db: AsyncSession, inquiry_id: uuid.UUID, values: Mapping[str, Any]
) -> Inquiry:
    """Sets ``values`` on an inquiry the caller has locked (`lock_inquiry`)."""
    statement = (
        update(Inquiry)
        .where(Inquiry.id == inquiry_id)
        .values(**values, updated_at=func.now())
        .returning(Inquiry)
    )
    return (await db.scalars(statement, execution_options=_RETURNING_OPTIONS)).one()


# One sort for both inquiry lists (the spec shares the parameter).
INQUIRY_SORTS: Final = sorts(
    InquirySort,
    {
        InquirySort.CREATED_AT_ASC: ascending(Inquiry.created_at),
        InquirySort.CREATED_AT_DESC: descending(Inquiry.created_at),
    },
)


async def _list_inquiries(
    db: AsyncSession,
    party: ColumnElement[bool],
    params: ListHomeownerInquiriesParams | ListProviderInquiriesParams,
    order: Order,
) -> Page[Inquiry]:
    conditions = [party]
    if params.status is not None:
        conditions.append(Inquiry.status == params.status)
    return await listing.fetch_page(
        db,
        select(Inquiry),
        where=conditions,
        order=order,
        tie_break=Inquiry.id,
        limit=params.limit,
        offset=params.offset,
    )


async def list_homeowner_inquiries(
    db: AsyncSession, homeowner_id: uuid.UUID, params: ListHomeownerInquiriesParams
) -> Page[Inquiry]:
    return await _list_inquiries(
        db, Inquiry.homeowner_id == homeowner_id, params, INQUIRY_SORTS[params.sort]
    )


async def list_provider_inquiries(
    db: AsyncSession, provider_id: uuid.UUID, params: ListProviderInquiriesParams
) -> Page[Inquiry]:
    return await _list_inquiries(
        db, Inquiry.provider_id == provider_id, params, INQUIRY_SORTS[params.sort]
    )
