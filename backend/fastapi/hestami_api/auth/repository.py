"""Every query on accounts, sessions and reset tokens."""

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Final

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    DateTime,
    bindparam,
    delete,
    func,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_dict
from sqlalchemy.orm.instrumentation import manager_of_class
from sqlalchemy.orm.util import identity_key

from hestami_api.auth.models import (
    EmailVerificationToken,
    PasswordResetToken,
    RevokedReason,
    User,
    UserSession,
)
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import ConflictError
from hestami_api.core.listing import Order, Page, ascending, descending, fetch_listed, sorts
from hestami_api.core.prepared import BatchedLookup, Row
from hestami_api.generated.enums import Role
from hestami_api.generated.parameters import ListSessionsParams, SessionSort

UNIQUE_INDEX_MESSAGES = {
    "uq_users_username_lower": "This username is already taken.",
    "uq_users_email_lower": "An account with this email address already exists.",
}


async def flush_or_conflict(db: AsyncSession) -> None:
    """Flush, turning a unique-index race lost to another request into a 409."""
    try:
        await db.flush()
    except IntegrityError as error:
        # asyncpg's own exception names the constraint (SQLAlchemy wraps it).
        constraint = getattr(error.driver_exception, "constraint_name", None)
        if constraint in UNIQUE_INDEX_MESSAGES:
            raise ConflictError(UNIQUE_INDEX_MESSAGES[constraint]) from None
        raise


async def username_taken(db: AsyncSession, username: str) -> bool:
    query = select(User.id).where(func.lower(User.username) == username.lower())
    return await db.scalar(query) is not None


async def email_taken(
    db: AsyncSession, email: str, *, except_user_id: uuid.UUID | None = None
) -> bool:
    query = select(User.id).where(func.lower(User.email) == email.lower())
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return await db.scalar(query) is not None


async def add_user(
    db: AsyncSession,
    *,
    username: str,
    email: str,
    password_hash: str,
    role: Role,
    full_name: str | None,
) -> User:
    user = User(
        username=username,
        email=email,
        password_hash=password_hash,
        role=role,
        full_name=full_name,
        is_active=True,
    )
    db.add(user)
    await flush_or_conflict(db)
    return user


async def find_user_by_login(db: AsyncSession, login: str) -> User | None:
    """The account whose username or email matches, ignoring case (both are unique that way)."""
    lowered = login.lower()
    query = select(User).where(
        or_(func.lower(User.username) == lowered, func.lower(User.email) == lowered)
    )
    return (await db.scalars(query)).first()


async def find_user_by_email(db: AsyncSession, email: str) -> User | None:
    return (await db.scalars(select(User).where(func.lower(User.email) == email.lower()))).first()


async def get_user(db: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await db.get(User, user_id)


async def lock_user(db: AsyncSession, user_id: uuid.UUID) -> User:
    """The user row ``FOR UPDATE``, re-read: concurrent writers of one account take turns."""
    query = (
        select(User)
        .where(User.id == user_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await db.scalars(query)).one()


def add_session(
    db: AsyncSession,
    *,
    user_id: uuid.UUID,
    refresh_jti: uuid.UUID,
    expires_at: datetime,
    ip_address: str | None,
    user_agent: str | None,
) -> UserSession:
    session = UserSession(
        id=uuid.uuid4(),
        user_id=user_id,
        refresh_jti=refresh_jti,
        expires_at=expires_at,
        ip_address=ip_address,
        user_agent=user_agent,
    )
    db.add(session)
    return session


# The hot path of every authenticated request: one primary-key join per lookup, prepared once
# and run at the driver (core.prepared), for all the lookups of one turn of the event loop at
# once. SQLAlchemy's execution and ORM loading cost about twice asyncpg's own work for a row.
# The user's columns are labelled with their attribute names, so a row builds the entity
# directly. Each lookup checks its session against its own request's ``now``. Reads that the
# requests of other domains make after authenticating ride on it (core.prepared.CarriedRead).
_USER_ATTRIBUTES: Final = tuple(prop.key for prop in inspect(User).column_attrs)
_LOOKUPS: Final = (
    func.unnest(
        bindparam("session_id", type_=ARRAY(UUID(as_uuid=True))),
        bindparam("user_id", type_=ARRAY(UUID(as_uuid=True))),
        bindparam("now", type_=ARRAY(DateTime(timezone=True))),
    )
    .table_valued("session_id", "user_id", "now", with_ordinality="ordinal")
    .render_derived(name="lookup")
)
AUTHENTICATED_USER: Final = BatchedLookup(
    select(_LOOKUPS.c.ordinal, *(getattr(User, name).label(name) for name in _USER_ATTRIBUTES))
    .select_from(_LOOKUPS)
    .join(
        UserSession,
        (UserSession.id == _LOOKUPS.c.session_id) & (UserSession.user_id == _LOOKUPS.c.user_id),
    )
    .join(User, User.id == UserSession.user_id)
    .where(
        UserSession.revoked_at.is_(None),
        UserSession.expires_at > _LOOKUPS.c.now,
        User.is_active.is_(True),
    )
)


async def authenticated_user(
    ctx: RequestContext, *, session_id: uuid.UUID, user_id: uuid.UUID, now: datetime
) -> User | None:
    """The signed-in user if the session is live and the account active.

    Before the request's session opens (an operation that only reads), the user stays out of
    any session: nothing reads it back from one. Otherwise the user is in the session as if
    the ORM had loaded it (changes to it flush as UPDATEs)."""
    row = await AUTHENTICATED_USER.fetch_one(
        ctx, {"session_id": session_id, "user_id": user_id, "now": now}
    )
    if row is None:
        return None
    if not ctx.has_session:
        return _loaded(row)
    db = ctx.db
    if (loaded := db.identity_map.get(identity_key(User, row["id"]))) is not None:
        return loaded  # what the ORM returns too: the session's own copy
    user = _loaded(row)
    db.add(user)
    return user


_USERS: Final = manager_of_class(User)


def _loaded(row: Row) -> User:
    """The user of ``row`` as the ORM loads one: values written to the instance's dict, not
    set through its attributes (whose change events were most of the cost), then detached
    with a clean history."""
    user: User = _USERS.new_instance()
    instance_dict(user).update({name: row[name] for name in _USER_ATTRIBUTES})
    make_transient_to_detached(user)
    return user


async def lock_session(db: AsyncSession, session_id: uuid.UUID) -> UserSession | None:
    """The session row, locked so two refreshes with one token cannot both rotate it."""
    query = select(UserSession).where(UserSession.id == session_id).with_for_update(of=UserSession)
    return (await db.scalars(query)).one_or_none()


def revoke_session(session: UserSession, *, reason: RevokedReason, now: datetime) -> None:
    if session.revoked_at is None:
        session.revoked_at = now
        session.revoked_reason = reason


async def revoke_user_sessions(
    db: AsyncSession,
    user_id: uuid.UUID,
    *,
    reason: RevokedReason,
    now: datetime,
    except_session_id: uuid.UUID | None = None,
) -> int:
    statement = update(UserSession).where(
        UserSession.user_id == user_id, UserSession.revoked_at.is_(None)
    )
    if except_session_id is not None:
        statement = statement.where(UserSession.id != except_session_id)
    result = await db.execute(
        statement.values(revoked_at=now, revoked_reason=reason),
        execution_options={"synchronize_session": False},
    )
    return int(getattr(result, "rowcount", 0))


def add_reset_token(
    db: AsyncSession,
    *,
    user_id: uuid.UUID,
    token_hash: str,
    expires_at: datetime,
    requested_ip: str | None,
) -> None:
    db.add(
        PasswordResetToken(
            user_id=user_id, token_hash=token_hash, expires_at=expires_at, requested_ip=requested_ip
        )
    )


async def lock_reset_token(db: AsyncSession, token_hash: str) -> PasswordResetToken | None:
    query = (
        select(PasswordResetToken)
        .options(joinedload(PasswordResetToken.user, innerjoin=True))
        .where(PasswordResetToken.token_hash == token_hash)
        .with_for_update(of=PasswordResetToken)
    )
    return (await db.scalars(query)).one_or_none()


async def expire_unused_reset_tokens(
    db: AsyncSession, user_id: uuid.UUID, *, now: datetime
) -> None:
    """Marks every outstanding reset token of the user used: only the newest may work."""
    await db.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now),
        execution_options={"synchronize_session": False},
    )


async def purge_sessions_ended_before(db: AsyncSession, cutoff: datetime) -> int:
    """Deletes sessions that were revoked or expired before ``cutoff``."""
    result = await db.execute(
        delete(UserSession).where(
            or_(UserSession.revoked_at < cutoff, UserSession.expires_at < cutoff)
        )
    )
    return int(getattr(result, "rowcount", 0))


async def purge_spent_reset_tokens(db: AsyncSession, now: datetime) -> int:
    """Deletes reset tokens that were used or have expired (neither can work again)."""
    result = await db.execute(
        delete(PasswordResetToken).where(
            or_(PasswordResetToken.used_at.is_not(None), PasswordResetToken.expires_at <= now)
        )
    )
    return int(getattr(result, "rowcount", 0))


def last_used_at() -> ColumnElement[datetime]:
    """A session is used when it logs in and each time it is refreshed."""
    return func.coalesce(UserSession.refreshed_at, UserSession.created_at)


SESSION_SORTS: Final[Mapping[SessionSort, Order]] = sorts(
    SessionSort,
    {
        SessionSort.CREATED_AT_ASC: ascending(UserSession.created_at),
        SessionSort.CREATED_AT_DESC: descending(UserSession.created_at),
        SessionSort.LAST_USED_AT_ASC: ascending(last_used_at()),
        SessionSort.LAST_USED_AT_DESC: descending(last_used_at()),
    },
)


async def list_sessions(
    db: AsyncSession,
    *,
    user_id: uuid.UUID,
    now: datetime,
    params: ListSessionsParams,
) -> Page[UserSession]:
    """The user's live sessions (neither revoked nor expired)."""
    live = [
        UserSession.user_id == user_id,
        UserSession.revoked_at.is_(None),
        UserSession.expires_at > now,
    ]
    return await fetch_listed(db, UserSession, where=live, orders=SESSION_SORTS, params=params)


async def lock_user_session(
    db: AsyncSession, *, session_id: uuid.UUID, user_id: uuid.UUID
) -> UserSession | None:
    """The session if it belongs to the user (else None: another user's id is a 404)."""
    query = (
        select(UserSession)
        .where(UserSession.id == session_id, UserSession.user_id == user_id)
        .with_for_update(of=UserSession)
    )
    return (await db.scalars(query)).one_or_none()


def add_verification_token(
    db: AsyncSession, *, user_id: uuid.UUID, email: str, token_hash: str, expires_at: datetime
) -> None:
    db.add(
        EmailVerificationToken(
            user_id=user_id, email=email, token_hash=token_hash, expires_at=expires_at
        )
    )


async def lock_verification_token(
    db: AsyncSession, token_hash: str
) -> EmailVerificationToken | None:
    query = (
        select(EmailVerificationToken)
        .options(joinedload(EmailVerificationToken.user, innerjoin=True))
        .where(EmailVerificationToken.token_hash == token_hash)
        .with_for_update(of=EmailVerificationToken)
    )
    return (await db.scalars(query)).one_or_none()


async def expire_unused_verification_tokens(
    db: AsyncSession, user_id: uuid.UUID, *, now: datetime
) -> None:
    """Marks every outstanding verification token of the user used: only the newest works."""
    await db.execute(
        update(EmailVerificationToken)
        .where(EmailVerificationToken.user_id == user_id, EmailVerificationToken.used_at.is_(None))
        .values(used_at=now),
        execution_options={"synchronize_session": False},
    )


async def purge_spent_verification_tokens(db: AsyncSession, now: datetime) -> int:
    result = await db.execute(
        delete(EmailVerificationToken).where(
            or_(
                EmailVerificationToken.used_at.is_not(None),
                EmailVerificationToken.expires_at <= now,
            )
        )
    )
    return int(getattr(result, "rowcount", 0))
