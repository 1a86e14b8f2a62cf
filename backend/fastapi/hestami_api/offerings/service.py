"""Offerings, for their two audiences: the provider, for whom they are an owned resource
(`marketplace.owned`: another provider's offering is 404), and every signed-in user, who
finds the active ones of active providers in the catalog."""

import uuid
from typing import Any, Final

from hestami_api.auth.models import User
from hestami_api.core import listing
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import NotFoundError
from hestami_api.core.etag import Precondition
from hestami_api.core.listing import Page
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


async def search_services(
    ctx: RequestContext, params: parameters.SearchServicesParams
) -> Page[Row]:
    rules.check_price_filter(
        rules.price_filter(params.min_price), rules.price_filter(params.max_price)
    )
    has_search = listing.search_text(params.q) is not None
    sort = rules.catalog_sort(params.sort, has_search=has_search)
    return await repository.search_services(ctx, params, sort)


async def get_service(ctx: RequestContext, offering_id: uuid.UUID) -> Row:
    entry = await repository.get_service(ctx, offering_id)
    if entry is None:
        raise NotFoundError(OFFERING_NOT_FOUND)
    return entry
