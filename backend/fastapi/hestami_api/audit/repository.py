"""Every query on the audit log."""

import uuid
from typing import Any, Final

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.models import AuditLog
from hestami_api.core import listing
from hestami_api.core.listing import Page, field_sorts
from hestami_api.generated.parameters import AuditLogSort, ListAuditLogsParams


def add_entry(
    db: AsyncSession,
    *,
    action: str,
    actor_id: uuid.UUID | None,
    target_type: str | None,
    target_id: str | None,
    ip_address: str | None,
    details: dict[str, Any],
) -> None:
    db.add(
        AuditLog(
            action=action,
            actor_id=actor_id,
            target_type=target_type,
            target_id=target_id,
            ip_address=ip_address,
            details=details,
        )
    )


AUDIT_SORTS: Final = field_sorts(AuditLogSort, {"occurred_at": AuditLog.occurred_at})


async def list_entries(db: AsyncSession, params: ListAuditLogsParams) -> Page[AuditLog]:
    """One page of the matching entries and how many match in all.

    ``since`` is inclusive and ``until`` exclusive, so consecutive windows never share an entry.
    """
    conditions: list[ColumnElement[bool]] = []
    if params.actor_id is not None:
        conditions.append(AuditLog.actor_id == params.actor_id)
    if params.action is not None:
        conditions.append(AuditLog.action == params.action)
    if params.since is not None:
        conditions.append(AuditLog.occurred_at >= params.since)
    if params.until is not None:
        conditions.append(AuditLog.occurred_at < params.until)
    # Entries of one transaction share occurred_at (it is the transaction's now()): the id
    # breaks the tie (fetch_listed), so that pages never overlap or skip.
    return await listing.fetch_listed(
        db, AuditLog, where=conditions, orders=AUDIT_SORTS, params=params
    )
