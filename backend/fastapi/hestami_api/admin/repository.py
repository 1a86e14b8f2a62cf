"""Every query of the staff domain: searching accounts, locking them for a change, statistics."""

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    SQLColumnExpression,
    String,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import Role, User, UserSession
from hestami_api.marketplace.models import Inquiry, Property, Service

# A field name, "-" prefix for descending (as the API takes it).
UserSort = Literal["created_at", "-created_at", "username", "-username", "email", "-email"]

# Usernames and emails are unique ignoring case and indexed on lower(); sorting on the same
# expression uses those indexes and gives one order whatever the database collation.
_USER_SORT_KEYS: Final[dict[str, SQLColumnExpression[Any]]] = {
    "created_at": User.created_at,
    "username": func.lower(User.username),
    "email": func.lower(User.email),
}

LIKE_ESCAPE: Final = "\\"


def escape_like(text: str) -> str:
    """``text`` with LIKE wildcards made literal (for use with ``escape=LIKE_ESCAPE``)."""
    return (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )


def search_users(
    db: Session,
    *,
    text: str | None,
    role: Role | None,
    is_active: bool | None,
    sort: UserSort,
    limit: int,
    offset: int,
) -> tuple[Sequence[User], int]:
    """One page of the matching accounts and how many match in all."""
    conditions: list[ColumnElement[bool]] = []
    if text and text.strip():  # the spec: a blank q is ignored
        pattern = f"%{escape_like(text.strip())}%"
        conditions.append(
            or_(
                User.username.ilike(pattern, escape=LIKE_ESCAPE),
                User.email.ilike(pattern, escape=LIKE_ESCAPE),
                User.full_name.ilike(pattern, escape=LIKE_ESCAPE),
            )
        )
    if role is not None:
        conditions.append(User.role == role)
    if is_active is not None:
        conditions.append(User.is_active.is_(is_active))

    total = db.scalar(select(func.count()).select_from(User).where(*conditions)) or 0
    sort_key = _USER_SORT_KEYS[sort.removeprefix("-")]
    # The id breaks ties (many accounts share a created_at), so pages never overlap or skip.
    descending = sort.startswith("-")
    order = (sort_key.desc(), User.id.desc()) if descending else (sort_key.asc(), User.id.asc())
    users = db.scalars(
        select(User).where(*conditions).order_by(*order).limit(limit).offset(offset)
    ).all()
    return users, total


def get_user(db: Session, user_id: uuid.UUID) -> User | None:
    return db.get(User, user_id)


def lock_users(db: Session, user_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, User]:
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
    return {user.id: user for user in db.scalars(query)}


@dataclass(frozen=True, slots=True)
class ServiceCounts:
    users_by_role: dict[str, int]
    inquiries_by_status: dict[str, int]
    audit_events_by_action: dict[str, int]
    active_sessions: int
    properties: int
    services: int


def count_service_activity(
    db: Session, *, now: datetime, audit_actions: Collection[str], audit_since: datetime
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
        select(metric("services"), no_key, func.count()).select_from(Service),
    )
    counts: defaultdict[str, dict[str | None, int]] = defaultdict(dict)
    for name, key, count in db.execute(statement):
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
