"""Every query on the audit log."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from hestami_api.audit.models import AuditLog


def add_entry(
    db: Session,
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


def list_entries(
    db: Session,
    *,
    actor_id: uuid.UUID | None,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
    newest_first: bool,
    limit: int,
    offset: int,
) -> tuple[Sequence[AuditLog], int]:
    """One page of the matching entries and how many match in all.

    ``since`` is inclusive and ``until`` exclusive, so consecutive windows never share an entry.
    """
    conditions: list[ColumnElement[bool]] = []
    if actor_id is not None:
        conditions.append(AuditLog.actor_id == actor_id)
    if action is not None:
        conditions.append(AuditLog.action == action)
    if since is not None:
        conditions.append(AuditLog.occurred_at >= since)
    if until is not None:
        conditions.append(AuditLog.occurred_at < until)

    total = db.scalar(select(func.count()).select_from(AuditLog).where(*conditions)) or 0
    # Entries of one transaction share occurred_at (it is the transaction's now()): the id
    # breaks the tie so that pages never overlap or skip.
    order = (
        (AuditLog.occurred_at.desc(), AuditLog.id.desc())
        if newest_first
        else (AuditLog.occurred_at.asc(), AuditLog.id.asc())
    )
    entries = db.scalars(
        select(AuditLog).where(*conditions).order_by(*order).limit(limit).offset(offset)
    ).all()
    return entries, total
