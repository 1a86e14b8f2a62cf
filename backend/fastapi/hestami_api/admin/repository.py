"""Every query of the staff domain: searching accounts, locking them for a change, statistics."""

import uuid
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    String,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import User, UserSession
from hestami_api.core import listing
from hestami_api.core.listing import Page, field_sorts
from hestami_api.generated.parameters import ListUsersParams, UserSort
from hestami_api.inquiries.models import Inquiry
from hestami_api.offerings.models import Offering
from hestami_api.properties.models import Property

# Usernames and emails are unique ignoring case and indexed on lower(); sorting on the same
# expression uses those indexes and gives one order whatever the database collation.
USER_SORTS: Final = field_sorts(
    UserSort,
    {
        "created_at": User.created_at,
        "username": func.lower(User.username),
        "email": func.lower(User.email),
    },
)


async def search_users(db: AsyncSession, params: ListUsersParams) -> Page[User]:
    """One page of the matching accounts and how many match in all."""
    conditions: list[ColumnElement[bool]] = []
    text = listing.search_text(params.q)  # the spec: a blank q is ignored
    if text is not None:
        conditions.append(
            or_(
                listing.contains(User.username, text),
                listing.contains(User.email, text),
                listing.contains(User.full_name, text),
            )
        )
    if params.role is not None:
        conditions.append(User.role == params.role)
    if params.is_active is not None:
        conditions.append(User.is_active.is_(params.is_active))
    return await listing.fetch_listed(db, User, where=conditions, orders=USER_SORTS, params=params)


async def get_user(db: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await db.get(User, user_id)


async def lock_users(db: AsyncSession, user_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, User]:
    """The accounts among ``user_ids`` that exist, locked until the transaction ends.

    Rows are locked in id order, so two staff members changing each other at the same time
    wait for one another instead of deadlocking. ``populate_existing`` refreshes objects already
    in the session (the caller's own account is): after the wait they show the committed state.
    """
    query = (
        select(User)
        .where(User.id.in_(user_ids))
        .order_by(User.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {user.id: user for user in await db.scalars(query)}


async def update_user(db: AsyncSession, user_id: uuid.UUID, values: dict[str, object]) -> User:
    """Sets ``values`` on an account the caller has locked (`lock_users`); the row as written,
    ``updated_at`` included (no refresh round trip)."""
    statement = (
        update(User)
        .where(User.id == user_id)
        .values(**values, updated_at=func.now())
        .returning(User)
    )
    return (
        await db.scalars(
            statement, execution_options={"populate_existing": True, "synchronize_session": False}
        )
    ).one()


@dataclass(frozen=True, slots=True)
class ServiceCounts:
    users_by_role: dict[str, int]
    inquiries_by_status: dict[str, int]
    audit_events_by_action: dict[str, int]
    active_sessions: int
    properties: int
    services: int


async def count_service_activity(
    db: AsyncSession, *, now: datetime, audit_actions: Collection[str], audit_since: datetime
) -> ServiceCounts:
    """Every statistic in one statement, so all the numbers come from a single snapshot.

    Each branch yields ``(metric, key, count)`` rows: grouped counts have one row per key
    present (absent keys are zero), plain counts one row with a NULL key.
    """

    def metric(name: str) -> ColumnElement[str]:
        return literal(name, String).label("metric")

    no_key = null().cast(String).label("key")
    statement: CompoundSelect[str, str | None, int] = union_all(
        select(metric("users_by_role"), User.role.label("key"), func.count()).group_by(User.role),
        select(metric("inquiries_by_status"), Inquiry.status, func.count()).group_by(
            Inquiry.status
        ),
        select(metric("audit_events_by_action"), AuditLog.action, func.count())
        .where(AuditLog.action.in_(audit_actions), AuditLog.occurred_at >= audit_since)
        .group_by(AuditLog.action),
        select(metric("active_sessions"), no_key, func.count())
        .select_from(UserSession)
        .where(UserSession.revoked_at.is_(None), UserSession.expires_at > now),
        select(metric("properties"), no_key, func.count()).select_from(Property),
        select(metric("services"), no_key, func.count()).select_from(Offering),
    )
    counts: defaultdict[str, dict[str | None, int]] = defaultdict(dict)
    for name, key, count in await db.execute(statement):
        counts[name][key] = count
    return ServiceCounts(
        users_by_role=_keyed(counts["users_by_role"]),
        inquiries_by_status=_keyed(counts["inquiries_by_status"]),
        audit_events_by_action=_keyed(counts["audit_events_by_action"]),
        active_sessions=counts["active_sessions"].get(None, 0),
        properties=counts["properties"].get(None, 0),
        services=counts["services"].get(None, 0),
    )


def _keyed(counts: dict[str | None, int]) -> dict[str, int]:
    return {key: count for key, count in counts.items() if key is not None}
