"""Marketplace orchestration: ownership, rules and audit around the repository.

Ownership is part of every lookup (``owner_id``/``provider_id``/``homeowner_id`` in the
query), so another user's row is simply not found: 404, never 403. The role guards
(403) are applied by the generated routes before these functions run.

Functions take the generated request models as input (the API and the demo seed share
one validated shape) and return ORM rows; ``views`` turns rows into response models.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hestami_api.audit.service import record
from hestami_api.auth.models import User
from hestami_api.core import listing
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import InvalidInputError, NotFoundError
from hestami_api.core.etag import Precondition
from hestami_api.core.listing import Page
from hestami_api.generated import models, parameters
from hestami_api.marketplace import repository, rules
from hestami_api.marketplace.models import Inquiry, InquiryStatus, ProviderProfile
from hestami_api.marketplace.models import Property as PropertyRow
from hestami_api.marketplace.models import Service as ServiceRow
from hestami_api.marketplace.repository import CatalogRow

PROPERTY_NOT_FOUND = "Property not found."
SERVICE_NOT_FOUND = "Service not found."
INQUIRY_NOT_FOUND = "Inquiry not found."


def _changes(row: object, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values that differ from the row's: what an UPDATE must write (nothing at all
    when a replacement changes nothing, so ``updated_at`` stays)."""
    return {name: value for name, value in values.items() if getattr(row, name) != value}


# ---------------------------------------------------------------- properties


def _property_values(data: models.PropertyInput) -> dict[str, Any]:
    """Every writable column (PUT is a full replacement), normalized as stored."""
    return {
        "name": data.name,
        "address_line1": data.address_line1,
        "address_line2": data.address_line2,
        "city": data.city,
        "state": data.state,
        "postal_code": data.postal_code,
        "country": data.country,
        "property_type": data.property_type,
        "bedrooms": data.bedrooms,
        "bathrooms": rules.to_tenths(data.bathrooms),
        "square_feet": data.square_feet,
        "year_built": data.year_built,
        "description": data.description,
    }


async def list_properties(
    ctx: RequestContext, owner: User, params: parameters.ListPropertiesParams
) -> Page[PropertyRow]:
    return await repository.list_properties(ctx.db, owner.id, params)


async def create_property(
    ctx: RequestContext, owner: User, data: models.PropertyInput
) -> PropertyRow:
    row = await repository.add_property(ctx.db, owner.id, _property_values(data))
    await record(
        ctx, "property.created", actor_id=owner.id, target_type="property", target_id=row.id
    )
    return row


async def get_property(
    ctx: RequestContext, owner: User, property_id: uuid.UUID, *, for_update: bool = False
) -> PropertyRow:
    row = await repository.find_own_property(ctx.db, owner.id, property_id, for_update=for_update)
    if row is None:
        raise NotFoundError(PROPERTY_NOT_FOUND)
    return row


async def update_property(
    ctx: RequestContext,
    owner: User,
    property_id: uuid.UUID,
    data: models.PropertyInput,
    precondition: Precondition[PropertyRow],
) -> PropertyRow:
    row = await get_property(ctx, owner, property_id, for_update=precondition.given)
    precondition.check(row)
    changes = _changes(row, _property_values(data))
    if not changes:
        return row
    updated = await repository.update_property(ctx.db, owner.id, property_id, changes)
    if updated is None:  # deleted meanwhile
        raise NotFoundError(PROPERTY_NOT_FOUND)
    await record(
        ctx,
        "property.updated",
        actor_id=owner.id,
        target_type="property",
        target_id=updated.id,
        details={"fields": list(changes)},
    )
    return updated


async def delete_property(
    ctx: RequestContext,
    owner: User,
    property_id: uuid.UUID,
    precondition: Precondition[PropertyRow],
) -> None:
    if precondition.given:
        precondition.check(await get_property(ctx, owner, property_id, for_update=True))
    if not await repository.delete_property(ctx.db, owner.id, property_id):
        raise NotFoundError(PROPERTY_NOT_FOUND)
    await record(
        ctx, "property.deleted", actor_id=owner.id, target_type="property", target_id=property_id
    )


# ---------------------------------------------------------------- provider services


def _service_values(data: models.ServiceInput) -> dict[str, Any]:
    """Every writable column (PUT is a full replacement); prices rounded to the cent."""
    price_min, price_max = rules.to_cents(data.price_min), rules.to_cents(data.price_max)
    rules.check_price_range(price_min, price_max)
    return {
        "title": data.title,
        "description": data.description,
        "category": data.category,
        "price_min": price_min,
        "price_max": price_max,
        "price_unit": data.price_unit,
        "city": data.city,
        "state": data.state,
        "postal_code": data.postal_code,
        "is_active": data.is_active,
    }


async def list_own_services(
    ctx: RequestContext, provider: User, params: parameters.ListOwnServicesParams
) -> Page[ServiceRow]:
    return await repository.list_own_services(ctx.db, provider.id, params)


async def create_service(
    ctx: RequestContext, provider: User, data: models.ServiceInput
) -> ServiceRow:
    row = await repository.add_service(ctx.db, provider.id, _service_values(data))
    await record(
        ctx,
        "service.created",
        actor_id=provider.id,
        target_type="service",
        target_id=row.id,
        details={"is_active": row.is_active},
    )
    return row


async def get_own_service(
    ctx: RequestContext, provider: User, service_id: uuid.UUID, *, for_update: bool = False
) -> ServiceRow:
    row = await repository.find_own_service(ctx.db, provider.id, service_id, for_update=for_update)
    if row is None:
        raise NotFoundError(SERVICE_NOT_FOUND)
    return row


async def update_service(
    ctx: RequestContext,
    provider: User,
    service_id: uuid.UUID,
    data: models.ServiceInput,
    precondition: Precondition[ServiceRow],
) -> ServiceRow:
    values = _service_values(data)  # 422 for a bad price range before the lookup's 404
    row = await get_own_service(ctx, provider, service_id, for_update=precondition.given)
    precondition.check(row)
    changes = _changes(row, values)
    if not changes:
        return row
    updated = await repository.update_service(ctx.db, provider.id, service_id, changes)
    if updated is None:  # deleted meanwhile
        raise NotFoundError(SERVICE_NOT_FOUND)
    await record(
        ctx,
        "service.updated",
        actor_id=provider.id,
        target_type="service",
        target_id=updated.id,
        details={"fields": list(changes)},
    )
    return updated


async def delete_service(
    ctx: RequestContext,
    provider: User,
    service_id: uuid.UUID,
    precondition: Precondition[ServiceRow],
) -> None:
    if precondition.given:
        precondition.check(await get_own_service(ctx, provider, service_id, for_update=True))
    # Its inquiries go with it (ON DELETE CASCADE); the audit entry says how many.
    inquiries = await repository.delete_service(ctx.db, provider.id, service_id)
    if inquiries is None:
        raise NotFoundError(SERVICE_NOT_FOUND)
    await record(
        ctx,
        "service.deleted",
        actor_id=provider.id,
        target_type="service",
        target_id=service_id,
        details={"inquiries_deleted": inquiries},
    )


# ---------------------------------------------------------------- provider profile


@dataclass(frozen=True, slots=True)
class ProfileState:
    """A provider's business profile as the API shows it, saved or not."""

    provider_id: uuid.UUID
    business_name: str
    description: str | None
    phone: str | None
    website: str | None
    service_area: str | None
    created_at: datetime
    updated_at: datetime

    def values(self) -> dict[str, Any]:
        return {
            "business_name": self.business_name,
            "description": self.description,
            "phone": self.phone,
            "website": self.website,
            "service_area": self.service_area,
        }


def default_business_name(provider: User) -> str:
    """The spec's fallback, shared with the catalog summary: full name, else username."""
    return provider.full_name or provider.username


def _profile_state(provider: User, profile: ProviderProfile | None) -> ProfileState:
    if profile is None:
        return ProfileState(
            provider_id=provider.id,
            business_name=default_business_name(provider),
            description=None,
            phone=None,
            website=None,
            service_area=None,
            created_at=provider.created_at,
            updated_at=provider.created_at,
        )
    return ProfileState(
        provider_id=profile.user_id,
        business_name=profile.business_name,
        description=profile.description,
        phone=profile.phone,
        website=profile.website,
        service_area=profile.service_area,
        created_at=profile.created_at,
        updated_at=profile.updated_at,
    )


async def get_provider_profile(ctx: RequestContext, provider: User) -> ProfileState:
    """The saved profile, or the default one of a provider who never saved it.

    The default is computed, not persisted: a GET stays free of writes, and the default
    ``business_name`` follows later changes of the account's full name until the provider
    saves a profile. Its timestamps are the account's creation time, when the default
    profile came into being.
    """
    return _profile_state(provider, await repository.find_profile(ctx.db, provider.id))


async def update_provider_profile(
    ctx: RequestContext,
    provider: User,
    data: models.ProviderProfileUpdate,
    precondition: Precondition[ProfileState],
) -> ProfileState:
    """Upsert: the first save creates the row, later saves replace it (full replacement).

    The audit entry names the fields that differ from what the provider saw before
    (the default profile for a first save, which is always recorded).
    """
    rules.check_website(data.website)
    values: dict[str, Any] = {
        "business_name": data.business_name,
        "description": data.description,
        "phone": data.phone,
        "website": data.website,
        "service_area": data.service_area,
    }
    saved = await repository.find_profile(ctx.db, provider.id, for_update=True)
    precondition.check(_profile_state(provider, saved))
    before = _profile_state(provider, saved).values()
    changed = [name for name, value in values.items() if before[name] != value]
    if saved is None:
        profile = await repository.upsert_profile(ctx.db, provider.id, values)
    elif changed:
        profile = await repository.update_profile(
            ctx.db, provider.id, {name: values[name] for name in changed}
        )
    else:
        profile = saved
    if changed or saved is None:
        await record(
            ctx,
            "provider_profile.updated",
            actor_id=provider.id,
            target_type="provider_profile",
            target_id=provider.id,
            details={"fields": changed},
        )
    return _profile_state(provider, profile)


# ---------------------------------------------------------------- catalog


async def search_services(
    ctx: RequestContext, params: parameters.SearchServicesParams
) -> Page[CatalogRow]:
    rules.check_price_filter(
        rules.price_filter(params.min_price), rules.price_filter(params.max_price)
    )
    has_search = listing.search_text(params.q) is not None
    sort = rules.catalog_sort(params.sort, has_search=has_search)
    return await repository.search_services(ctx.db, params, sort)


async def get_service(ctx: RequestContext, service_id: uuid.UUID) -> CatalogRow:
    entry = await repository.get_service(ctx.db, service_id)
    if entry is None:
        raise NotFoundError(SERVICE_NOT_FOUND)
    return entry


# ---------------------------------------------------------------- inquiries


async def list_homeowner_inquiries(
    ctx: RequestContext, homeowner: User, params: parameters.ListHomeownerInquiriesParams
) -> Page[Inquiry]:
    return await repository.list_homeowner_inquiries(ctx.db, homeowner.id, params)


async def list_provider_inquiries(
    ctx: RequestContext, provider: User, params: parameters.ListProviderInquiriesParams
) -> Page[Inquiry]:
    """Inquiries to the provider's services, inactive ones included (``provider_id`` is
    copied from the service when the inquiry is created)."""
    return await repository.list_provider_inquiries(ctx.db, provider.id, params)


async def create_inquiry(
    ctx: RequestContext, homeowner: User, data: models.InquiryCreate
) -> Inquiry:
    service = await repository.find_catalog_service(ctx.db, data.service_id)
    if service is None:
        raise NotFoundError(SERVICE_NOT_FOUND)
    if data.property_id is not None and (
        await repository.find_own_property(ctx.db, homeowner.id, data.property_id, key_share=True)
        is None
    ):
        raise NotFoundError(PROPERTY_NOT_FOUND)
    inquiry = await repository.add_inquiry(
        ctx.db,
        service=service,
        homeowner_id=homeowner.id,
        property_id=data.property_id,
        message=data.message,
    )
    await record(
        ctx,
        "inquiry.created",
        actor_id=homeowner.id,
        target_type="inquiry",
        target_id=inquiry.id,
        details={"service_id": str(service.id), "provider_id": str(service.provider_id)},
    )
    return inquiry


async def _record_inquiry_update(
    ctx: RequestContext, actor: User, inquiry: Inquiry, previous: InquiryStatus, fields: list[str]
) -> None:
    details: dict[str, Any] = {"fields": fields}
    if "status" in fields:
        details |= {"from_status": previous, "to_status": inquiry.status}
    await record(
        ctx,
        "inquiry.updated",
        actor_id=actor.id,
        target_type="inquiry",
        target_id=inquiry.id,
        details=details,
    )


async def update_homeowner_inquiry(
    ctx: RequestContext,
    homeowner: User,
    inquiry_id: uuid.UUID,
    precondition: Precondition[Inquiry],
) -> Inquiry:
    inquiry = await repository.lock_inquiry(ctx.db, inquiry_id, homeowner_id=homeowner.id)
    if inquiry is None:
        raise NotFoundError(INQUIRY_NOT_FOUND)
    precondition.check(inquiry)
    previous = inquiry.status
    rules.check_transition(previous, "cancelled", "homeowner")
    inquiry = await repository.update_inquiry(ctx.db, inquiry.id, {"status": "cancelled"})
    await _record_inquiry_update(ctx, homeowner, inquiry, previous, ["status"])
    return inquiry


async def update_provider_inquiry(
    ctx: RequestContext,
    provider: User,
    inquiry_id: uuid.UUID,
    *,
    status: InquiryStatus | None,
    response: str | None,
    precondition: Precondition[Inquiry],
) -> Inquiry:
    """A provider's status change and/or response, checked under the row lock."""
    if status is None and response is None:
        # The schema's minProperties: 1, which the generated model does not enforce.
        raise InvalidInputError(
            "Send a status, a response, or both.", loc=["body"], error_type="missing"
        )
    inquiry = await repository.lock_inquiry(ctx.db, inquiry_id, provider_id=provider.id)
    if inquiry is None:
        raise NotFoundError(INQUIRY_NOT_FOUND)
    precondition.check(inquiry)
    previous = inquiry.status
    if status is not None:
        rules.check_transition(previous, status, "service_provider")
    else:
        rules.check_can_respond(previous)
    values: dict[str, Any] = {}
    if status is not None:
        values["status"] = status
    if response is not None:
        values["response"] = response
    changes = _changes(inquiry, values)
    if not changes:
        return inquiry
    inquiry = await repository.update_inquiry(ctx.db, inquiry.id, changes)
    await _record_inquiry_update(ctx, provider, inquiry, previous, list(changes))
    return inquiry
