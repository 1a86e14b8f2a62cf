"""Every query on inquiries. Lists go through `core.listing`; a status change locks the
row first (`lock_inquiry`) and writes in one statement that returns the row."""

import uuid
from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import ColumnElement, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.core import listing
from hestami_api.core.listing import Page, ascending, descending, sorts
from hestami_api.generated.parameters import (
    InquirySort,
    ListHomeownerInquiriesParams,
    ListProviderInquiriesParams,
)
from hestami_api.inquiries.models import Inquiry
from hestami_api.marketplace.rows import RETURNING_OPTIONS, for_write
from hestami_api.offerings.models import Offering

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
) -> Page[Inquiry]:
    conditions = [party]
    if params.status is not None:
        conditions.append(Inquiry.status == params.status)
    return await listing.fetch_listed(
        db, Inquiry, where=conditions, orders=INQUIRY_SORTS, params=params
    )


async def list_homeowner_inquiries(
    db: AsyncSession, homeowner_id: uuid.UUID, params: ListHomeownerInquiriesParams
) -> Page[Inquiry]:
    return await _list_inquiries(db, Inquiry.homeowner_id == homeowner_id, params)


async def list_provider_inquiries(
    db: AsyncSession, provider_id: uuid.UUID, params: ListProviderInquiriesParams
) -> Page[Inquiry]:
    return await _list_inquiries(db, Inquiry.provider_id == provider_id, params)


async def create_inquiry(
    db: AsyncSession,
    *,
    offering: Offering,
    homeowner_id: uuid.UUID,
    property_id: uuid.UUID | None,
    message: str,
) -> Inquiry:
    statement = (
        insert(Inquiry)
        .values(
            service_id=offering.id,
            provider_id=offering.provider_id,
            homeowner_id=homeowner_id,
            property_id=property_id,
            message=message,
            status="open",
        )
        .returning(Inquiry)
    )
    return (await db.scalars(statement, execution_options=RETURNING_OPTIONS)).one()


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
    return await db.scalar(for_write(query))


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
    return (await db.scalars(statement, execution_options=RETURNING_OPTIONS)).one()
