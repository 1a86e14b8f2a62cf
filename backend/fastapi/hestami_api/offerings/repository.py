"""Every query on offerings: a provider's own (by id and provider, `OwnedRows`) and the
catalog (active offerings of active providers, with the provider summary).

Lists go through `core.listing`: one list of conditions shared by the page and its
``count(*)``, the sort as a generated sort enum member mapped to an order here, and the
primary key as the tie-break.
"""

import uuid
from collections.abc import Mapping
from enum import Enum, auto
from functools import lru_cache
from typing import Any, Final

from sqlalchemy import ColumnElement, String, bindparam, delete, func, inspect, literal, or_, select
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.auth import repository as auth_repository
from hestami_api.auth.models import User
from hestami_api.core import listing
from hestami_api.core.context import RequestContext
from hestami_api.core.listing import LIKE_ESCAPE, Order, Page, SortKey, ascending, descending, sorts
from hestami_api.core.prepared import CarriedRead, Prepared, Row
from hestami_api.generated.parameters import (
    CatalogSort,
    ListOwnServicesParams,
    ProviderServiceSort,
    SearchServicesParams,
)
from hestami_api.inquiries.models import Inquiry
from hestami_api.marketplace.owned import OwnedRows
from hestami_api.marketplace.rows import RETURNING_OPTIONS
from hestami_api.marketplace.schema import location_conditions
from hestami_api.offerings.models import OFFERING_SEARCH_CONFIG, CatalogVersion, Offering
from hestami_api.offerings.rules import price_filter
from hestami_api.provider_profiles.models import ProviderProfile

OFFERINGS: Final = OwnedRows(Offering, Offering.provider_id)

# Below this many characters a substring search cannot use the trigram index on titles
# (trigrams need three characters), so short texts rely on full-text search alone.
MIN_TITLE_SUBSTRING_LENGTH: Final = 3

_OFFERING_CONFIG = literal(OFFERING_SEARCH_CONFIG, REGCONFIG)


def _offering_tsquery(text: str | ColumnElement[str]) -> ColumnElement[Any]:
    """The web-search syntax of the spec: every word, "quoted phrases", ``or``, ``-word``.
    ``websearch_to_tsquery`` never raises on malformed input."""
    return func.websearch_to_tsquery(_OFFERING_CONFIG, text)


def _full_text(text: str | ColumnElement[str]) -> ColumnElement[bool]:
    # ``search_vector @@ query``: the indexed column itself, so the GIN index serves it.
    return Offering.search_vector.bool_op("@@")(_offering_tsquery(text))


class _Search(Enum):
    """How a search text matches: texts too short for the title's trigrams match words only."""

    WORDS = auto()
    WORDS_OR_TITLE = auto()


def _search_kind(search: str) -> _Search:
    return _Search.WORDS if len(search) < MIN_TITLE_SUBSTRING_LENGTH else _Search.WORDS_OR_TITLE


def _offering_search(
    kind: _Search, text: str | ColumnElement[str], title_pattern: str | ColumnElement[str]
) -> ColumnElement[bool]:
    """The search condition of both lists, on values (a provider's own list) or placeholders
    (the catalog's prepared statements); ``title_pattern`` is `listing.like_contains` of it."""
    words = _full_text(text)
    if kind is _Search.WORDS:
        return words
    # Partial words ("elec" for "Electrical") match the title through its trigram index.
    return or_(words, Offering.title.ilike(title_pattern, escape=LIKE_ESCAPE))


def _own_conditions(params: ListOwnServicesParams) -> list[ColumnElement[bool]]:
    """A provider's own list's filters besides the provider."""
    conditions: list[ColumnElement[bool]] = []
    if (search := listing.search_text(params.q)) is not None:
        pattern = listing.like_contains(search)
        conditions.append(_offering_search(_search_kind(search), search, pattern))
    if params.category is not None:
        conditions.append(Offering.category == params.category)
    if params.is_active is not None:
        conditions.append(Offering.is_active.is_(params.is_active))
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
    conditions = [Offering.provider_id == provider_id, *_own_conditions(params)]
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
#
# The catalog's statements are prepared (core.prepared): built and compiled once per shape of
# search (which filters, which sort), with placeholders for the values, and run at the driver.
# Building the statement, its cache key and the ORM's execution and loading were half of the
# API's CPU for a search.

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

CATALOG_COLUMNS: Final = tuple(
    prop.key for prop in inspect(Offering).column_attrs if prop.key != "search_vector"
)
"""A catalog row's columns besides ``business_name`` and ``website``: the offering's own."""

# Statements are immutable (each method returns a new one): built once, shared by every request.
_CATALOG_QUERY: Final = (
    select(
        *(getattr(Offering, name).label(name) for name in CATALOG_COLUMNS),
        _BUSINESS_NAME.label("business_name"),
        ProviderProfile.website.label("website"),
    )
    .join(User, User.id == Offering.provider_id)
    .outerjoin(ProviderProfile, ProviderProfile.user_id == Offering.provider_id)
)
# What the count and the one-scan keys read: no profile.
_VISIBLE_OFFERINGS: Final = select(Offering.id).join(User, User.id == Offering.provider_id)
_VISIBLE_COUNT: Final = listing.count_query(_VISIBLE_OFFERINGS)

_SEARCH_TEXT: Final = bindparam("q", type_=String)
_TITLE_PATTERN: Final = bindparam("title_pattern", type_=String)


def _relevance() -> Order:
    # The query as an uncorrelated subquery: parsed once per statement (an InitPlan), also in
    # a generic plan of the prepared statement, where a plain call would be parsed again for
    # every ranked row. (The WHERE keeps the plain call: it is folded in custom plans, and an
    # index condition is evaluated once anyway.)
    query = select(_offering_tsquery(_SEARCH_TEXT)).scalar_subquery()
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


# The catalog's filters, each with its placeholder named after its parameter.
_CATALOG_FILTERS: Final[Mapping[str, ColumnElement[bool]]] = {
    "category": Offering.category == bindparam("category", type_=String),
    **dict(
        zip(
            ("city", "state", "postal_code"),
            location_conditions(
                Offering,
                city=bindparam("city", type_=String),
                state=bindparam("state", type_=String),
                postal_code=bindparam("postal_code", type_=String),
            ),
            strict=True,
        )
    ),
    "provider_id": Offering.provider_id == bindparam("provider_id"),
    # Comparisons with NULL are never true: offerings without a price drop out, as specified.
    "min_price": Offering.price_min >= bindparam("min_price"),
    "max_price": Offering.price_min <= bindparam("max_price"),
}

# Shapes are bounded (sorts x search kinds x subsets of the filters) but many: keep the ones in use.
_CATALOG_SHAPES_KEPT: Final = 256


@lru_cache(maxsize=_CATALOG_SHAPES_KEPT)
def _catalog_page(
    sort: CatalogSort, search: _Search | None, filters: frozenset[str]
) -> listing.PreparedPage:
    """The statements of one shape of catalog search. With search text, one statement reads
    the matches once (ids and sort values only) for both the count and the page, and only the
    page's offerings are read in full, joined with their provider summaries. Without it, the
    count reads no profile and the page follows an index on the sort where one exists."""
    conditions = [*_CATALOG_VISIBLE]
    if search is not None:
        conditions.append(_offering_search(search, _SEARCH_TEXT, _TITLE_PATTERN))
    conditions += [condition for name, condition in _CATALOG_FILTERS.items() if name in filters]
    relevant = sort == CatalogSort.RELEVANCE and search is not None
    return listing.prepare_page(
        _CATALOG_QUERY,
        where=conditions,
        order=_relevance() if relevant else CATALOG_SORTS[sort],
        tie_break=Offering.id,
        counted=_VISIBLE_COUNT,
        keys=_VISIBLE_OFFERINGS if search is not None else None,
    )


async def search_services(
    ctx: RequestContext, params: SearchServicesParams, sort: CatalogSort
) -> Page[Row]:
    """One catalog page, rows by column label (`CATALOG_COLUMNS`, ``business_name``,
    ``website``); ``sort`` is the effective one (``rules.catalog_sort``). Cheap at 100k+
    offerings (see `_catalog_page`)."""
    values: dict[str, Any] = {
        "category": params.category,
        "city": params.city,
        "state": params.state,
        "postal_code": params.postal_code,
        "provider_id": params.provider_id,
        "min_price": price_filter(params.min_price),
        "max_price": price_filter(params.max_price),
    }
    filters = frozenset(name for name, value in values.items() if value is not None)
    search_kind: _Search | None = None
    if (search := listing.search_text(params.q)) is not None:
        search_kind = _search_kind(search)
        values |= {"q": search, "title_pattern": listing.like_contains(search)}
    prepared = _catalog_page(sort, search_kind, filters)
    return await prepared.fetch(ctx, values, limit=params.limit, offset=params.offset)


# Every catalog search authenticates its caller first: the authenticating statement reads the
# version too.
_CATALOG_VERSION: Final = CarriedRead(
    select(CatalogVersion.version), carried_by=auth_repository.AUTHENTICATED_USER
)


async def catalog_version(ctx: RequestContext) -> int:
    """The catalog's version, which every committed change to what the catalog shows moves on
    (triggers of migration 0007)."""
    version: int = await _CATALOG_VERSION.value(ctx)
    return version


_CATALOG_SERVICE: Final = Prepared(
    _CATALOG_QUERY.where(Offering.id == bindparam("service_id"), *_CATALOG_VISIBLE)
)


async def get_service(ctx: RequestContext, offering_id: uuid.UUID) -> Row | None:
    """One offering in the catalog, as a row of `search_services`."""
    rows = await _CATALOG_SERVICE.fetch(ctx, {"service_id": offering_id})
    return rows[0] if rows else None


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
