"""Every query on the audit log."""

import uuid
from typing import Any

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
