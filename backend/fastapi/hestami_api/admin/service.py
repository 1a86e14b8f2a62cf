"""Staff rules: finding accounts, changing their role or active flag, the audit log, statistics."""

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta
from typing import Final, Literal

from hestami_api.admin import repository
from hestami_api.audit import repository as audit_repository
from hestami_api.audit.models import AuditLog
from hestami_api.audit.service import record_about_user
from hestami_api.auth.models import ROLES, User
from hestami_api.auth.service import end_sessions_of, utc_now
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from hestami_api.core.etag import Precondition
from hestami_api.core.listing import Page
from hestami_api.generated import models, parameters
from hestami_api.generated.enums import Role
from hestami_api.inquiries.models import INQUIRY_STATUSES
from hestami_api.mail import repository as outbox

USER_NOT_FOUND = "No user exists with this id."
SELF_DEMOTION = "Staff members cannot demote or deactivate themselves."
LOGIN_SUCCEEDED: Final = "auth.login_succeeded"
LOGIN_FAILED: Final = "auth.login_failed"
LOGIN_WINDOW: Final = timedelta(hours=24)


async def list_users(ctx: RequestContext, params: parameters.ListUsersParams) -> Page[User]:
    return await repository.search_users(ctx.db, params)


async def get_user(ctx: RequestContext, user_id: uuid.UUID) -> User:
    user = await repository.get_user(ctx.db, user_id)
    if user is None:
        raise NotFoundError(USER_NOT_FOUND)
    return user


async def end_user_sessions(ctx: RequestContext, staff: User, user_id: uuid.UUID) -> None:
    """Ends every session of an account without deactivating it (a stolen device, say)."""
    user = await get_user(ctx, user_id)
    count = await end_sessions_of(ctx, user.id, reason="ended_by_staff")
    await record_about_user(
        ctx, "admin.sessions_ended", user.id, actor_id=staff.id, details={"sessions_ended": count}
    )


async def update_user(
    ctx: RequestContext,
    staff: User,
    user_id: uuid.UUID,
    *,
    role: Role | None,
    is_active: bool | None,
    precondition: Precondition[User],
) -> User:
    """Sets the role and/or active flag of an account; a change of either ends its sessions.

    Asking for what the account already is changes nothing and writes no audit entry.
    """
    # The schema's minProperties is not enforced by the generated model, and {"role": null}
    # passes it anyway: either way nothing would be set.
    if role is None and is_active is None:
        raise InvalidInputError(
            "Give role, is_active or both.", loc=["body"], error_type="min_properties"
        )
    locked = await repository.lock_users(ctx.db, {staff.id, user_id})
    # Re-read under the lock: another staff member may have demoted or deactivated the caller
    # since the token was checked, and two staff must not be able to demote each other at once.
    acting = locked.get(staff.id)
    if acting is None or acting.role != "staff" or not acting.is_active:
        raise PermissionDeniedError("This operation is only for staff accounts.")
    target = locked.get(user_id)
    if target is None:
        raise NotFoundError(USER_NOT_FOUND)
    precondition.check(target)

    new_role = role if role is not None and role != target.role else None
    deactivates = is_active is False and target.is_active
    reactivates = is_active is True and not target.is_active
    if target.id == acting.id and (new_role is not None or deactivates):
        raise ConflictError(SELF_DEMOTION)
    if new_role is None and not deactivates and not reactivates:
        return target

    values: dict[str, object] = {}
    if new_role is not None:
        await record_about_user(
            ctx,
            "user.role_changed",
            target.id,
            actor_id=acting.id,
            details={"from": target.role, "to": new_role},
        )
        values["role"] = new_role
    if deactivates:
        values["is_active"] = False
        await record_about_user(ctx, "user.deactivated", target.id, actor_id=acting.id)
    if reactivates:
        # Nothing to restore: the sessions ended at deactivation; the user logs in again.
        values["is_active"] = True
        await record_about_user(ctx, "user.activated", target.id, actor_id=acting.id)
    if deactivates or new_role is not None:
        # Ended in the database, the sessions stop for every process at once, refresh tokens
        # included (a refresh does not compare the role its token was issued with).
        await end_sessions_of(
            ctx, target.id, reason="deactivated" if deactivates else "role_changed"
        )
    # The row as written, updated_at included: no refresh round trip.
    return await repository.update_user(ctx.db, target.id, values)


async def list_audit_logs(
    ctx: RequestContext, params: parameters.ListAuditLogsParams
) -> Page[AuditLog]:
    since = _as_utc(params.since, "since")
    until = _as_utc(params.until, "until")
    if since is not None and until is not None and since > until:
        raise InvalidInputError(
            "since must not be later than until.", loc=["query", "since"], error_type="value_error"
        )
    return await audit_repository.list_entries(
        ctx.db, dataclasses.replace(params, since=since, until=until)
    )


def _as_utc(instant: datetime | None, name: Literal["since", "until"]) -> datetime | None:
    """The instant in UTC. PostgreSQL refuses offsets beyond ±15:59 that Python parses, so
    the database only ever sees UTC. (The route already requires a zone: Rfc3339DateTime.)"""
    if instant is None:
        return None
    try:
        return instant.astimezone(UTC)
    except OverflowError:  # for example 0001-01-01T00:00:00+01:00, before year 1 in UTC
        raise InvalidInputError(
            f"{name} is out of range: it must fall in the years 1 to 9999 in UTC.",
            loc=["query", name],
            error_type="datetime_out_of_range",
        ) from None


async def get_stats(ctx: RequestContext) -> models.Stats:
    now = utc_now()
    counts = await repository.count_service_activity(
        ctx.db,
        now=now,
        audit_actions=(LOGIN_SUCCEEDED, LOGIN_FAILED),
        audit_since=now - LOGIN_WINDOW,
    )
    emails_pending, emails_failed = await outbox.backlog(ctx.db)
    # Every role and status is reported, with 0 for those nobody has.
    return models.Stats(
        users_by_role=models.UsersByRole.model_validate(
            {role: counts.users_by_role.get(role, 0) for role in ROLES}
        ),
        active_sessions=counts.active_sessions,
        properties=counts.properties,
        services=counts.services,
        inquiries_by_status=models.InquiriesByStatus.model_validate(
            {status: counts.inquiries_by_status.get(status, 0) for status in INQUIRY_STATUSES}
        ),
        logins_last_24h=counts.audit_events_by_action.get(LOGIN_SUCCEEDED, 0),
        failed_logins_last_24h=counts.audit_events_by_action.get(LOGIN_FAILED, 0),
        emails_pending=emails_pending,
        emails_failed=emails_failed,
    )
