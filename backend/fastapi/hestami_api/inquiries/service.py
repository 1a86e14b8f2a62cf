"""Inquiries: a homeowner asks about an offering in the catalog, the provider answers.

Each party finds an inquiry by id and its own id together (``homeowner_id`` /
``provider_id`` in the query), so another party's inquiry is simply not found: 404, never
403. Status changes follow `rules.INQUIRY_TRANSITIONS`, checked under the row lock.
"""

import uuid
from typing import Any, Final

from hestami_api.audit.service import record
from hestami_api.auth.models import User
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import InvalidInputError, NotFoundError
from hestami_api.core.etag import Precondition
from hestami_api.core.listing import Page
from hestami_api.generated import models, parameters
from hestami_api.generated.enums import InquiryStatus
from hestami_api.inquiries import repository, rules
from hestami_api.inquiries.models import Inquiry
from hestami_api.marketplace.rows import changed_values
from hestami_api.offerings.repository import find_offering_to_reference
from hestami_api.offerings.service import OFFERING_NOT_FOUND
from hestami_api.properties.repository import find_property_to_reference
from hestami_api.properties.service import PROPERTY_NOT_FOUND

INQUIRY_NOT_FOUND: Final = "Inquiry not found."


async def list_homeowner_inquiries(
    ctx: RequestContext, homeowner: User, params: parameters.ListHomeownerInquiriesParams
) -> Page[Inquiry]:
    return await repository.list_homeowner_inquiries(ctx.db, homeowner.id, params)


async def list_provider_inquiries(
    ctx: RequestContext, provider: User, params: parameters.ListProviderInquiriesParams
) -> Page[Inquiry]:
    """Inquiries to the provider's offerings, inactive ones included (``provider_id`` is
    copied from the offering when the inquiry is created)."""
    return await repository.list_provider_inquiries(ctx.db, provider.id, params)


async def create_inquiry(
    ctx: RequestContext, homeowner: User, data: models.InquiryCreate
) -> Inquiry:
    offering = await find_offering_to_reference(ctx.db, data.service_id)
    if offering is None:
        raise NotFoundError(OFFERING_NOT_FOUND)
    if data.property_id is not None and (
        await find_property_to_reference(ctx.db, homeowner.id, data.property_id) is None
    ):
        raise NotFoundError(PROPERTY_NOT_FOUND)
    inquiry = await repository.create_inquiry(
        ctx.db,
        offering=offering,
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
        details={"service_id": str(offering.id), "provider_id": str(offering.provider_id)},
    )
    return inquiry


async def _locked_inquiry(
    ctx: RequestContext,
    inquiry_id: uuid.UUID,
    precondition: Precondition[Inquiry],
    *,
    homeowner_id: uuid.UUID | None = None,
    provider_id: uuid.UUID | None = None,
) -> Inquiry:
    """The party's inquiry, locked, that the request's If-Match (if any) still matches."""
    inquiry = await repository.lock_inquiry(
        ctx.db, inquiry_id, homeowner_id=homeowner_id, provider_id=provider_id
    )
    if inquiry is None:
        raise NotFoundError(INQUIRY_NOT_FOUND)
    precondition.check(inquiry)
    return inquiry


async def _update(
    ctx: RequestContext, actor: User, inquiry: Inquiry, changes: dict[str, Any]
) -> Inquiry:
    """Writes ``changes`` to the locked ``inquiry`` and records which fields changed (and
    the status move, if any)."""
    previous = inquiry.status
    updated = await repository.update_inquiry(ctx.db, inquiry.id, changes)
    details: dict[str, Any] = {"fields": list(changes)}
    if "status" in changes:
        details |= {"from_status": previous, "to_status": updated.status}
    await record(
        ctx,
        "inquiry.updated",
        actor_id=actor.id,
        target_type="inquiry",
        target_id=updated.id,
        details=details,
    )
    return updated


async def update_homeowner_inquiry(
    ctx: RequestContext,
    homeowner: User,
    inquiry_id: uuid.UUID,
    precondition: Precondition[Inquiry],
) -> Inquiry:
    inquiry = await _locked_inquiry(ctx, inquiry_id, precondition, homeowner_id=homeowner.id)
    rules.check_transition(inquiry.status, "cancelled", "homeowner")
    return await _update(ctx, homeowner, inquiry, {"status": "cancelled"})


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
    inquiry = await _locked_inquiry(ctx, inquiry_id, precondition, provider_id=provider.id)
    if status is not None:
        rules.check_transition(inquiry.status, status, "service_provider")
    else:
        rules.check_can_respond(inquiry.status)
    values: dict[str, Any] = {}
    if status is not None:
        values["status"] = status
    if response is not None:
        values["response"] = response
    changes = changed_values(inquiry, values)
    if not changes:
        return inquiry
    return await _update(ctx, provider, inquiry, changes)
