"""Every query on offerings: a provider's own (by id and provider, `OwnedRows`) and the
catalog (active offerings of active providers, with the provider summary).

Lists go through `core.listing`: one list of conditions shared by the page and its
``count(*)``, the sort as a generated sort enum member mapped to an order here, and the
primary key as the tie-break.
"""

import uuid
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, delete, func, literal, or_, select
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.auth.models import User
from hestami_api.core import listing
from hestami_api.core.listing import Order, Page, SortKey, ascending, descending, sorts
from hestami_api.generated.parameters import (
    CatalogSort,
    ListOwnServicesParams,
    ProviderServiceSort,
    SearchServicesParams,
    ServiceCategory,
)
from hestami_api.inquiries.models import Inquiry
from hestami_api.marketplace.owned import OwnedRows
from hestami_api.marketplace.rows import RETURNING_OPTIONS
from hestami_api.marketplace.schema import location_conditions
from hestami_api.offerings.models import OFFERING_SEARCH_CONFIG, Offering
from hestami_api.offerings.rules import price_filter
from hestami_api.provider_profiles.models import ProviderProfile

OFFERINGS: Final = OwnedRows(Offering, Offering.provider_id)

# Below this many characters a substring search cannot use the trigram index on titles
# (trigrams need three characters), so short texts rely on full-text search alone.
MIN_TITLE_SUBSTRING_LENGTH: Final = 3

_OFFERING_CONFIG = literal(OFFERING_SEARCH_CONFIG, REGCONFIG)


def _offering_tsquery(text: str) -> ColumnElement[Any]:
    """The web-search syntax of the spec: every word, "quoted phrases", ``or``, ``-word``.
    ``websearch_to_tsquery`` never raises on malformed input."""
    return func.websearch_to_tsquery(_OFFERING_CONFIG, text)


def _offering_search(text: str) -> ColumnElement[bool]:
    # ``search_vector @@ query``: the indexed column itself, so the GIN index serves it.
    full_text: ColumnElement[bool] = Offering.search_vector.bool_op("@@")(_offering_tsquery(text))
    if len(text) < MIN_TITLE_SUBSTRING_LENGTH:
        return full_text
    # Partial words ("elec" for "Electrical") match the title through its trigram index.
    return or_(full_text, listing.contains(Offering.title, text))


def _common_conditions(
    q: str | None, category: ServiceCategory | None
) -> list[ColumnElement[bool]]:
    """The filters a provider's own list and the catalog share."""
    conditions: list[ColumnElement[bool]] = []
    search = listing.search_text(q)
    if search is not None:
        conditions.append(_offering_search(search))
    if category is not None:
        conditions.append(Offering.category == category)
    return conditions


def _price_order(descending_: bool) -> Order:
    # Offerings without a price go last in both directions (the spec).
    make = descending if descending_ else ascending
    return make(Offering.price_min, nulls_last=True)


OWN_SERVICE_SORTS: Final = sorts(
    ProviderServiceSort,
    {
        ProviderServiceSort.CREATED_AT_ASC: ascending(Offering.created_at),
        ProviderServiceSort.CREATED_AT_DESC: descending(Offering.created_at),
        ProviderServiceSort.TITLE_ASC: ascending(func.lower(Offering.title)),
        ProviderServiceSort.TITLE_DESC: descending(func.lower(Offering.title)),
        ProviderServiceSort.PRICE_MIN_ASC: _price_order(False),
        ProviderServiceSort.PRICE_MIN_DESC: _price_order(True),
    },
)


async def list_own_services(
    db: AsyncSession, provider_id: uuid.UUID, params: ListOwnServicesParams
) -> Page[Offering]:
    """A provider's offerings, active or not."""
    conditions = [
        Offering.provider_id == provider_id,
        *_common_conditions(params.q, params.category),
    ]
    if params.is_active is not None:
        conditions.append(Offering.is_active.is_(params.is_active))
    return await listing.fetch_listed(
        db, Offering, where=conditions, orders=OWN_SERVICE_SORTS, params=params
    )


async def delete_service(
    db: AsyncSession, provider_id: uuid.UUID, offering_id: uuid.UUID
) -> int | None:
    """Deletes the provider's offering and, by ``ON DELETE CASCADE``, its inquiries.

    Returns how many inquiries went with it (RETURNING sees the rows as they were before
    the statement, the cascade included), or ``None`` if the provider has no such offering.
    """
    inquiries = (
        select(func.count())
        .select_from(Inquiry)
        .where(Inquiry.service_id == Offering.id)
        .scalar_subquery()
    )
    statement = (
        delete(Offering).where(OFFERINGS.owned(provider_id, offering_id)).returning(inquiries)
    )
    return await db.scalar(statement, execution_options=RETURNING_OPTIONS)


# ---------------------------------------------------------------- catalog

# What the catalog shows of a provider who never saved a profile: full name, else username.
# Same rule as provider_profiles.service.default_business_name.
_BUSINESS_NAME = func.coalesce(
    ProviderProfile.business_name, func.nullif(User.full_name, ""), User.username
)
# In the catalog: active offerings of active accounts that are still providers (a staff
# role change away from service_provider takes the account's offerings out, as it takes
# away the account's access to them).
_CATALOG_VISIBLE: Final = (
    Offering.is_active.is_(True),
    User.is_active.is_(True),
    User.role == "service_provider",
)

CatalogOffering = tuple[Offering, str, str | None]
"""An offering in the catalog with what its provider summary needs: business name and
website."""


# Statements are immutable (each method returns a new one): built once, shared by every request.
_CATALOG_QUERY: Final[Select[Offering, str, str | None]] = (
    select(Offering, _BUSINESS_NAME, ProviderProfile.website)
    .join(User, User.id == Offering.provider_id)
    .outerjoin(ProviderProfile, ProviderProfile.user_id == Offering.provider_id)
)
# What the count and the one-scan keys read: no profile.
_VISIBLE_OFFERINGS: Final = select(Offering.id).join(User, User.id == Offering.provider_id)
_VISIBLE_COUNT: Final = listing.count_query(_VISIBLE_OFFERINGS)


def _relevance(search: str) -> Order:
    # The query as an uncorrelated subquery: parsed once per statement (an InitPlan), also in
    # a generic plan of the prepared statement, where a plain call would be parsed again for
    # every ranked row. (The WHERE keeps the plain call: it is folded in custom plans, and an
    # index condition is evaluated once anyway.)
    query = select(_offering_tsquery(search)).scalar_subquery()
    rank = func.ts_rank(Offering.search_vector, query)
    return Order((SortKey(rank, descending=True), SortKey(Offering.created_at, descending=True)))


CATALOG_SORTS: Final = sorts(
    CatalogSort,
    {
        # Without search text there is nothing to rank by: newest first (rules.catalog_sort).
        CatalogSort.RELEVANCE: descending(Offering.created_at),
        CatalogSort.CREATED_AT_ASC: ascending(Offering.created_at),
        CatalogSort.CREATED_AT_DESC: descending(Offering.created_at),
        CatalogSort.PRICE_MIN_ASC: _price_order(False),
        CatalogSort.PRICE_MIN_DESC: _price_order(True),
        CatalogSort.TITLE_ASC: ascending(func.lower(Offering.title)),
        CatalogSort.TITLE_DESC: descending(func.lower(Offering.title)),
    },
)


def _catalog_conditions(params: SearchServicesParams) -> list[ColumnElement[bool]]:
    conditions = [
        *_CATALOG_VISIBLE,
        *_common_conditions(params.q, params.category),
        *location_conditions(
            Offering, city=params.city, state=params.state, postal_code=params.postal_code
        ),
    ]
    if params.provider_id is not None:
        conditions.append(Offering.provider_id == params.provider_id)
    # Comparisons with NULL are never true: offerings without a price drop out, as specified.
    lowest, highest = price_filter(params.min_price), price_filter(params.max_price)
    if lowest is not None:
        conditions.append(Offering.price_min >= lowest)
    if highest is not None:
        conditions.append(Offering.price_min <= highest)
    return conditions


async def search_services(
    db: AsyncSession, params: SearchServicesParams, sort: CatalogSort
) -> Page[CatalogOffering]:
    """One catalog page; ``sort`` is the effective one (``rules.catalog_sort``).

    Cheap at 100k+ offerings. With search text, one statement reads the matches once (ids and
    sort values only) for both the count and the page, and only the page's offerings are read
    in full, joined with their provider summaries, ranked again for their order. Without it,
    the count reads no profile and the page follows an index on the sort where one exists.
    """
    search = listing.search_text(params.q)
    if sort == CatalogSort.RELEVANCE and search is not None:
        order = _relevance(search)
    else:
        order = CATALOG_SORTS[sort]
    return await listing.fetch_row_page(
        db,
        _CATALOG_QUERY,
        where=_catalog_conditions(params),
        order=order,
        tie_break=Offering.id,
        limit=params.limit,
        offset=params.offset,
        counted=_VISIBLE_COUNT,
        keys=_VISIBLE_OFFERINGS if search is not None else None,
    )


async def get_service(db: AsyncSession, offering_id: uuid.UUID) -> CatalogOffering | None:
    query = _CATALOG_QUERY.where(Offering.id == offering_id, *_CATALOG_VISIBLE)
    return (await db.execute(query)).one_or_none()


async def find_offering_to_reference(db: AsyncSession, offering_id: uuid.UUID) -> Offering | None:
    """An offering in the catalog, locked ``FOR KEY SHARE`` so it cannot be deleted before the
    inquiry about it commits (the delete waits, then cascades)."""
    query = (
        select(Offering)
        .join(User, User.id == Offering.provider_id)
        .where(Offering.id == offering_id, *_CATALOG_VISIBLE)
        .with_for_update(read=True, key_share=True, of=Offering)
    )
    return await db.scalar(query)
