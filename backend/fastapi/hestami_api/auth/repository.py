"""Every query on accounts, sessions and reset tokens."""

import uuid
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hestami_api.auth.models import PasswordResetToken, RevokedReason, Role, User, UserSession
from hestami_api.core.errors import ConflictError

UNIQUE_INDEX_MESSAGES = {
    "uq_users_username_lower": "This username is already taken.",
    "uq_users_email_lower": "An account with this email address already exists.",
}


def flush_or_conflict(db: Session) -> None:
    """Flush, turning a unique-index race lost to another request into a 409."""
    try:
        db.flush()
    except IntegrityError as error:
        constraint = getattr(getattr(error.orig, "diag", None), "constraint_name", None)
        if constraint in UNIQUE_INDEX_MESSAGES:
            raise ConflictError(UNIQUE_INDEX_MESSAGES[constraint]) from None
        raise


def username_taken(db: Session, username: str) -> bool:
    query = select(User.id).where(func.lower(User.username) == username.lower())
    return db.scalar(query) is not None


def email_taken(db: Session, email: str, *, except_user_id: uuid.UUID | None = None) -> bool:
    query = select(User.id).where(func.lower(User.email) == email.lower())
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return db.scalar(query) is not None


def add_user(
    db: Session,
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
    flush_or_conflict(db)
    db.refresh(user)  # server-side timestamps
    return user


def find_user_by_login(db: Session, login: str) -> User | None:
    """The account whose username or email matches, ignoring case (both are unique that way)."""
    lowered = login.lower()
    query = select(User).where(
        or_(func.lower(User.username) == lowered, func.lower(User.email) == lowered)
    )
    return db.scalars(query).first()


def find_user_by_email(db: Session, email: str) -> User | None:
    return db.scalars(select(User).where(func.lower(User.email) == email.lower())).first()


def get_user(db: Session, user_id: uuid.UUID) -> User | None:
    return db.get(User, user_id)


def add_session(
    db: Session,
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


def authenticated_user(
    db: Session, *, session_id: uuid.UUID, user_id: uuid.UUID, now: datetime
) -> User | None:
    """The hot path of every authenticated request: one primary-key join, nothing else."""
    query = (
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            UserSession.id == session_id,
            UserSession.user_id == user_id,
            UserSession.revoked_at.is_(None),
            UserSession.expires_at > now,
            User.is_active.is_(True),
        )
    )
    return db.scalars(query).one_or_none()


def lock_session(db: Session, session_id: uuid.UUID) -> UserSession | None:
    """The session row, locked so two refreshes with one token cannot both rotate it."""
    query = select(UserSession).where(UserSession.id == session_id).with_for_update(of=UserSession)
    return db.scalars(query).one_or_none()


def revoke_session(session: UserSession, *, reason: RevokedReason, now: datetime) -> None:
    if session.revoked_at is None:
        session.revoked_at = now
        session.revoked_reason = reason


def revoke_user_sessions(
    db: Session,
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
    result = db.execute(
        statement.values(revoked_at=now, revoked_reason=reason),
        execution_options={"synchronize_session": False},
    )
    return int(getattr(result, "rowcount", 0))


def add_reset_token(
    db: Session,
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


def lock_reset_token(db: Session, token_hash: str) -> PasswordResetToken | None:
    query = (
        select(PasswordResetToken)
        .where(PasswordResetToken.token_hash == token_hash)
        .with_for_update()
    )
    return db.scalars(query).one_or_none()


def expire_unused_reset_tokens(db: Session, user_id: uuid.UUID, *, now: datetime) -> None:
    """Marks every outstanding reset token of the user used: only the newest may work."""
    db.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=now),
        execution_options={"synchronize_session": False},
    )
