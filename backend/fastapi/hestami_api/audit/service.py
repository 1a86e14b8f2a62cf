"""Recording security-relevant events. Callers pass facts, never secrets."""

import uuid
from typing import Any, Literal

from hestami_api.audit import repository
from hestami_api.core.context import RequestContext

AuditAction = Literal[
    "user.registered",
    "auth.login_succeeded",
    "auth.login_failed",
    "auth.logout",
    "auth.logout_all",
    "auth.refresh_reused",
    "auth.password_reset_requested",
    "auth.password_reset_completed",
    "auth.password_changed",
    "auth.password_change_failed",
    "auth.session_revoked",
    "auth.email_verified",
    "admin.sessions_ended",
    "user.role_changed",
    "user.activated",
    "user.deactivated",
    "user.profile_updated",
    "property.created",
    "property.updated",
    "property.deleted",
    "service.created",
    "service.updated",
    "service.deleted",
    "provider_profile.updated",
    "inquiry.created",
    "inquiry.updated",
]


async def record(
    ctx: RequestContext,
    action: AuditAction,
    *,
    actor_id: uuid.UUID | None,
    target_type: str | None = None,
    target_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Adds an entry to the request's transaction: it lands exactly when the change does.

    It does no I/O itself (the entry is flushed with the rest of the transaction); it is a
    coroutine like every other service call so that callers await all of them alike."""
    repository.add_entry(
        ctx.db,
        action=action,
        actor_id=actor_id,
        target_type=target_type,
        target_id=str(target_id) if target_id else None,
        ip_address=ctx.client_ip,
        details=details or {},
    )


async def record_about_user(
    ctx: RequestContext,
    action: AuditAction,
    user_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """`record` of an event about an account: its target is the user, and so is its actor
    unless ``actor_id`` names another (a staff member acting on the account)."""
    await record(
        ctx,
        action,
        actor_id=user_id if actor_id is None else actor_id,
        target_type="user",
        target_id=user_id,
        details=details,
    )
