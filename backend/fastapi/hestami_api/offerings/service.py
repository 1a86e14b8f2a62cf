"""Offerings, for their two audiences: the provider, for whom they are an owned resource
(`marketplace.owned`: another provider's offering is 404), and every signed-in user, who
finds the active ones of active providers in the catalog."""

import asyncio
import uuid
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Final

from cachetools import LRUCache

from hestami_api.auth.models import User
from hestami_api.core import listing
from hestami_api.core.config import get_settings
from hestami_api.core.context import Rendered, RequestContext
from hestami_api.core.errors import NotFoundError
from hestami_api.core.etag import Precondition
from hestami_api.core.listing import Page
from hestami_api.core.metrics import CATALOG_CACHE_LOOKUPS
from hestami_api.core.prepared import Row
from hestami_api.generated import models, parameters
from hestami_api.marketplace.owned import AuditNames, OwnedResource
from hestami_api.offerings import repository, rules
from hestami_api.offerings.models import Offering

OFFERING_NOT_FOUND: Final = "Service not found."

OFFERING: Final = OwnedResource(
    repository.OFFERINGS,
    repository.delete_service,
    OFFERING_NOT_FOUND,
    AuditNames("service", "service.created", "service.updated", "service.deleted"),
    created_details=lambda row: {"is_active": row.is_active},
    # Its inquiries go with it (ON DELETE CASCADE); the audit entry says how many.
    deleted_details=lambda inquiries: {"inquiries_deleted": inquiries},
)


def _offering_values(data: models.ServiceInput) -> dict[str, Any]:
    """Every writable column (the input has exactly those: PUT is a full replacement),
    prices rounded to the cent."""
    price_min, price_max = rules.to_cents(data.price_min), rules.to_cents(data.price_max)
    rules.check_price_range(price_min, price_max)
    return data.model_dump() | {"price_min": price_min, "price_max": price_max}


# ---------------------------------------------------------------- a provider's own


async def list_own_services(
    ctx: RequestContext, provider: User, params: parameters.ListOwnServicesParams
) -> Page[Offering]:
    return await repository.list_own_services(ctx.db, provider.id, params)


async def create_service(
    ctx: RequestContext, provider: User, data: models.ServiceInput
) -> Offering:
    return await OFFERING.create(ctx, provider, _offering_values(data))


async def get_own_service(ctx: RequestContext, provider: User, offering_id: uuid.UUID) -> Offering:
    return await OFFERING.get(ctx, provider, offering_id)


async def update_service(
    ctx: RequestContext,
    provider: User,
    offering_id: uuid.UUID,
    data: models.ServiceInput,
    precondition: Precondition[Offering],
) -> Offering:
    values = _offering_values(data)  # 422 for a bad price range before the lookup's 404
    return await OFFERING.update(ctx, provider, offering_id, values, precondition)


async def delete_service(
    ctx: RequestContext,
    provider: User,
    offering_id: uuid.UUID,
    precondition: Precondition[Offering],
) -> None:
    await OFFERING.delete(ctx, provider, offering_id, precondition)


# ---------------------------------------------------------------- catalog


type CatalogPresenter = Callable[[Page[Row]], models.CatalogServicePage]


async def search_services(
    ctx: RequestContext, params: parameters.SearchServicesParams, present: CatalogPresenter
) -> Rendered[models.CatalogServicePage]:
    """A catalog page as ``present`` makes it, rendered, from this process's cache when the
    catalog has not changed since it was made (`_catalog_cache`)."""
    rules.check_price_filter(
        rules.price_filter(params.min_price), rules.price_filter(params.max_price)
    )
    has_search = listing.search_text(params.q) is not None
    sort = rules.catalog_sort(params.sort, has_search=has_search)
    if (cache := _catalog_cache()) is None:
        return await _read_page(ctx, params, sort, present)
    # The version first: a page read after it is at least as new as the version it is kept
    # under, so a request that finds the same version may be given it.
    version = await repository.catalog_version(ctx)
    kept = cache.get(params)
    if kept is not None and kept[0] == version:
        CATALOG_CACHE_HITS.inc()
        return kept[1]
    key = (params, version)
    if (being_made := _being_made.get(key)) is not None:
        CATALOG_CACHE_JOINS.inc()
        # Shielded: a waiter that gives up must not cancel the page for the others.
        if (made_by_another := await asyncio.shield(being_made)) is not None:
            return made_by_another
        # The request making it failed (its own error, or it went away): read it here.
        return await _read_page(ctx, params, sort, present)
    CATALOG_CACHE_MISSES.inc()
    being_made = _being_made[key] = asyncio.get_running_loop().create_future()
    made: Rendered[models.CatalogServicePage] | None = None
    try:
        made = await _read_page(ctx, params, sort, present)
        cache[params] = (version, made)
        return made
    finally:
        del _being_made[key]
        being_made.set_result(made)


async def _read_page(
    ctx: RequestContext,
    params: parameters.SearchServicesParams,
    sort: parameters.CatalogSort,
    present: CatalogPresenter,
) -> Rendered[models.CatalogServicePage]:
    return Rendered.of(present(await repository.search_services(ctx, params, sort)))


CATALOG_CACHE_HITS: Final = CATALOG_CACHE_LOOKUPS.labels("hit")
CATALOG_CACHE_MISSES: Final = CATALOG_CACHE_LOOKUPS.labels("miss")
CATALOG_CACHE_JOINS: Final = CATALOG_CACHE_LOOKUPS.labels("joined")

# The pages this process is reading now, by search and catalog version: a request that misses
# the cache while another reads the same page waits for that one instead of asking PostgreSQL
# again. When a popular search's page is not yet kept (a worker's first minutes, a change to
# the catalog), a hundred connections asked for it at once: a hundred reads of a broad
# search's ~100 ms, and seconds for the last of them. None: the read failed; each waiter
# reads for itself.
_being_made: dict[
    tuple[parameters.SearchServicesParams, int],
    "asyncio.Future[Rendered[models.CatalogServicePage] | None]",
] = {}


@lru_cache(maxsize=1)
def _catalog_cache() -> (
    LRUCache[parameters.SearchServicesParams, tuple[int, Rendered[models.CatalogServicePage]]]
    | None
):
    """Recent catalog pages of this process, rendered, each with the catalog version it was
    read at.

    A page is only ever served at the version it was read at, and every change to what the
    catalog shows moves the version on in the change's own transaction (triggers of
    migration 0007), so a kept page is exact, ``total`` included. What the cache saves is
    PostgreSQL's work on a repeated search (about 2 ms of its CPU for a typical one) and
    the API's, serializing included; what it costs a search is one read of the version. A
    kept page is never changed, so one can answer many requests. ``None``: turned off
    (``CATALOG_CACHE_ENTRIES=0``)."""
    entries = get_settings().catalog_cache_entries
    return LRUCache(maxsize=entries) if entries else None


async def get_service(ctx: RequestContext, offering_id: uuid.UUID) -> Row:
    entry = await repository.get_service(ctx, offering_id)
    if entry is None:
        raise NotFoundError(OFFERING_NOT_FOUND)
    return entry
