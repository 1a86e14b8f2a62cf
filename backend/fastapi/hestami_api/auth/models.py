"""Accounts, login sessions, password-reset and email-verification tokens (schema ``auth``)."""

import uuid
from datetime import datetime
from typing import Final, Literal, get_args

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    String,
    false,
    func,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from hestami_api.core.db import Base, Timestamps, UUIDPrimaryKey, sql_in
from hestami_api.generated.enums import RegistrationRole, Role

SCHEMA: Final = "auth"

ROLES: Final[tuple[Role, ...]] = get_args(Role)
# Roles a user may choose at registration; staff accounts come from the CLI or another staff member.
SELF_REGISTRATION_ROLES: Final[tuple[Role, ...]] = get_args(RegistrationRole)

RevokedReason = Literal[
    "logout",
    "logout_all",
    "refresh_reuse",
    "password_changed",
    "password_reset",
    "deactivated",
    "role_changed",
    "expired",
    "ended_by_staff",
]
REVOKED_REASONS: Final[tuple[RevokedReason, ...]] = get_args(RevokedReason)

USERNAME_MIN_LENGTH: Final = 3
USERNAME_MAX_LENGTH: Final = 32
EMAIL_MAX_LENGTH: Final = 254
PASSWORD_HASH_MAX_LENGTH: Final = 100
FULL_NAME_MAX_LENGTH: Final = 100
PHONE_MAX_LENGTH: Final = 32
IP_ADDRESS_MAX_LENGTH: Final = 45  # an IPv6 address in text form, including an embedded IPv4
USER_AGENT_MAX_LENGTH: Final = 255
TOKEN_HASH_LENGTH: Final = 64  # hex SHA-256


class User(UUIDPrimaryKey, Timestamps, Base):
    """An account. Usernames and emails are unique regardless of case."""

    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(USERNAME_MAX_LENGTH))
    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH))
    password_hash: Mapped[str] = mapped_column(String(PASSWORD_HASH_MAX_LENGTH))
    full_name: Mapped[str | None] = mapped_column(String(FULL_NAME_MAX_LENGTH))
    phone: Mapped[str | None] = mapped_column(String(PHONE_MAX_LENGTH))
    role: Mapped[Role] = mapped_column(String(32))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    email_verified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint(sql_in("role", ROLES), name="role"),
        CheckConstraint(f"char_length(username) >= {USERNAME_MIN_LENGTH}", name="username_length"),
        CheckConstraint("char_length(email) >= 3", name="email_length"),
        CheckConstraint("char_length(password_hash) > 0", name="password_hash_not_empty"),
        Index("uq_users_username_lower", func.lower(text("username")), unique=True),
        Index("uq_users_email_lower", func.lower(text("email")), unique=True),
        Index("ix_users_role", "role"),
        Index("ix_users_created_at", "created_at"),
        {"schema": SCHEMA},
    )

    def __repr__(self) -> str:  # never shows the password hash or email
        return f"User(id={self.id!s}, username={self.username!r}, role={self.role!r})"


class UserSession(UUIDPrimaryKey, Base):
    """One login. Its id is the JWT ``sid``; ``refresh_jti`` is the one refresh token still valid.

    Loading a session by id also loads its user in the same query (a primary-key lookup joined
    to another primary-key lookup), which is what access-token verification needs; see
    ``auth.repository.authenticated_user`` for the variant that checks validity in SQL.
    """

    __tablename__ = "sessions"

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("auth.users.id", ondelete="CASCADE")
    )
    refresh_jti: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    refreshed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_reason: Mapped[RevokedReason | None] = mapped_column(String(32))
    ip_address: Mapped[str | None] = mapped_column(String(IP_ADDRESS_MAX_LENGTH))
    user_agent: Mapped[str | None] = mapped_column(String(USER_AGENT_MAX_LENGTH))

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    __table_args__ = (
        CheckConstraint(
            "revoked_reason IS NULL OR " + sql_in("revoked_reason", REVOKED_REASONS),
            name="revoked_reason",
        ),
        CheckConstraint(
            "revoked_reason IS NULL OR revoked_at IS NOT NULL", name="reason_requires_revoked_at"
        ),
        # "Sessions of this user still live": logout-all, password change, deactivation, stats.
        Index(
            "ix_sessions_user_id_live",
            "user_id",
            postgresql_where=text("revoked_at IS NULL"),
        ),
        {"schema": SCHEMA},
    )


class SingleUseToken(UUIDPrimaryKey):
    """A token mailed to a user that works once, until ``expires_at``; only its SHA-256 hex
    digest is stored, unique (the lookup), and the user's tokens are indexed (expiring the
    unused ones)."""

    __tablename__: str  # the subclass's, which names its indexes

    user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("auth.users.id", ondelete="CASCADE")
    )
    token_hash: Mapped[str] = mapped_column(String(TOKEN_HASH_LENGTH))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @declared_attr
    def user(cls) -> Mapped[User]:
        return relationship()

    @declared_attr.directive
    def __table_args__(cls) -> tuple[object, ...]:
        return (
            CheckConstraint("token_hash ~ '^[0-9a-f]{64}$'", name="token_hash_hex"),
            Index(f"uq_{cls.__tablename__}_token_hash", "token_hash", unique=True),
            Index(f"ix_{cls.__tablename__}_user_id", "user_id"),
            {"schema": SCHEMA},
        )


class PasswordResetToken(SingleUseToken, Base):
    __tablename__ = "password_reset_tokens"

    requested_ip: Mapped[str | None] = mapped_column(String(IP_ADDRESS_MAX_LENGTH))


class EmailVerificationToken(SingleUseToken, Base):
    """Proves the user reads ``email``; a token for an address the account no longer has
    proves nothing."""

    __tablename__ = "email_verification_tokens"

    email: Mapped[str] = mapped_column(String(EMAIL_MAX_LENGTH))
