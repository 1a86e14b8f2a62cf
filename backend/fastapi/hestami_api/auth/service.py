"""Identity rules: registration, login, sessions and token rotation, password changes and resets."""

import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

import structlog
from sqlalchemy import event
from sqlalchemy.orm import Session

from hestami_api.audit.service import record
from hestami_api.auth import repository
from hestami_api.auth.models import USER_AGENT_MAX_LENGTH, RevokedReason, Role, User, UserSession
from hestami_api.auth.password_policy import check_password_policy
from hestami_api.auth.passwords import get_password_hasher
from hestami_api.auth.tokens import get_token_codec
from hestami_api.core.background import run_in_background
from hestami_api.core.config import get_settings
from hestami_api.core.context import RequestContext
from hestami_api.core.email import EmailDeliveryError, EmailMessageSpec, get_email_sender
from hestami_api.core.errors import AuthenticationError, BadRequestError, ConflictError
from hestami_api.core.rate_limit import get_rate_limiter

logger = structlog.get_logger(__name__)

# One message for unknown user, wrong password and inactive account: no account enumeration.
LOGIN_FAILED = "Incorrect username or password."
INVALID_RESET_TOKEN = "The password reset token is invalid, expired or already used."  # noqa: S105


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int


def utc_now() -> datetime:
    return datetime.now(UTC)


def register(
    ctx: RequestContext,
    *,
    username: str,
    email: str,
    password: str,
    role: Role,
    full_name: str | None,
) -> User:
    get_rate_limiter().hit_register(ctx.client_ip)
    return create_account(
        ctx, username=username, email=email, password=password, role=role, full_name=full_name
    )


def create_account(
    ctx: RequestContext,
    *,
    username: str,
    email: str,
    password: str,
    role: Role,
    full_name: str | None,
) -> User:
    """Creates an account of any role (staff only from the command line or by staff)."""
    check_password_policy(password, username=username, email=email)
    if repository.username_taken(ctx.db, username):
        raise ConflictError(repository.UNIQUE_INDEX_MESSAGES["uq_users_username_lower"])
    if repository.email_taken(ctx.db, email):
        raise ConflictError(repository.UNIQUE_INDEX_MESSAGES["uq_users_email_lower"])
    user = repository.add_user(
        ctx.db,
        username=username,
        email=email,
        password_hash=get_password_hasher().hash(password),
        role=role,
        full_name=full_name,
    )
    record(
        ctx,
        "user.registered",
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
        details={"role": role},
    )
    return user


def login(ctx: RequestContext, *, login_name: str, password: str) -> IssuedTokens:
    limiter = get_rate_limiter()
    limiter.hit_login_ip(ctx.client_ip)
    user = repository.find_user_by_login(ctx.db, login_name)
    # Per account, whichever of its names is typed; unknown names count on their own.
    limiter.hit_login_account(str(user.id) if user else login_name)
    hasher = get_password_hasher()
    if user is None:
        hasher.verify_dummy(password)  # same work as a real check: no timing oracle
        record(ctx, "auth.login_failed", actor_id=None, details={"reason": "unknown_user"})
        raise AuthenticationError(LOGIN_FAILED, keep_changes=True)
    if not hasher.verify(password, user.password_hash) or not user.is_active:
        reason = "inactive_user" if user.is_active is False else "wrong_password"
        record(
            ctx,
            "auth.login_failed",
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"reason": reason},
        )
        raise AuthenticationError(LOGIN_FAILED, keep_changes=True)
    if hasher.needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    now = utc_now()
    user.last_login_at = now
    tokens = _start_session(ctx, user, now)
    record(ctx, "auth.login_succeeded", actor_id=user.id, target_type="user", target_id=user.id)
    return tokens


def _start_session(ctx: RequestContext, user: User, now: datetime) -> IssuedTokens:
    refresh_jti = uuid.uuid4()
    session = repository.add_session(
        ctx.db,
        user_id=user.id,
        refresh_jti=refresh_jti,
        expires_at=now + timedelta(seconds=get_settings().refresh_token_ttl_seconds),
        ip_address=ctx.client_ip,
        user_agent=(ctx.user_agent or "")[:USER_AGENT_MAX_LENGTH] or None,
    )
    return _issue_pair(user, session, refresh_jti, now)


def _issue_pair(
    user: User, session: UserSession, refresh_jti: uuid.UUID, now: datetime
) -> IssuedTokens:
    codec = get_token_codec()
    access_token, access_claims = codec.issue(
        "access", user_id=user.id, role=user.role, session_id=session.id, now=now
    )
    refresh_token, refresh_claims = codec.issue(
        "refresh",
        user_id=user.id,
        role=user.role,
        session_id=session.id,
        token_id=refresh_jti,
        now=now,
    )
    session.expires_at = refresh_claims.expires_at  # sliding: each rotation extends the session
    return IssuedTokens(
        access_token=access_token,
        refresh_token=refresh_token,
        expires_in=int((access_claims.expires_at - access_claims.issued_at).total_seconds()),
    )


def refresh(ctx: RequestContext, *, refresh_token: str) -> IssuedTokens:
    claims = get_token_codec().decode(refresh_token, "refresh")
    session = repository.lock_session(ctx.db, claims.session_id)
    now = utc_now()
    if session is None or session.user_id != claims.subject or session.revoked_at is not None:
        raise AuthenticationError("The refresh token is no longer valid.")
    if session.refresh_jti != claims.token_id:
        # An old refresh token came back: someone holds a copy. End the session for everyone.
        repository.revoke_session(session, reason="refresh_reuse", now=now)
        record(
            ctx,
            "auth.refresh_reused",
            actor_id=session.user_id,
            target_type="session",
            target_id=session.id,
        )
        raise AuthenticationError("The refresh token was already used.", keep_changes=True)
    if session.expires_at <= now or not session.user.is_active:
        raise AuthenticationError("The refresh token is no longer valid.")
    new_jti = uuid.uuid4()
    session.refresh_jti = new_jti
    session.refreshed_at = now
    return _issue_pair(session.user, session, new_jti, now)


def logout(
    ctx: RequestContext, user: User, session_id: uuid.UUID, *, refresh_token: str | None
) -> None:
    now = utc_now()
    session_ids = {session_id}
    if refresh_token:
        try:
            claims = get_token_codec().decode(refresh_token, "refresh")
        except AuthenticationError:
            claims = None  # logging out always succeeds; an unusable token has nothing to end
        if claims is not None and claims.subject == user.id:
            session_ids.add(claims.session_id)
    for sid in session_ids:
        session = repository.lock_session(ctx.db, sid)
        if session is not None and session.user_id == user.id:
            repository.revoke_session(session, reason="logout", now=now)
    record(ctx, "auth.logout", actor_id=user.id, target_type="session", target_id=session_id)


def end_all_sessions(ctx: RequestContext, user: User) -> None:
    count = repository.revoke_user_sessions(ctx.db, user.id, reason="logout_all", now=utc_now())
    record(
        ctx,
        "auth.logout_all",
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
        details={"sessions_ended": count},
    )


def end_sessions_of(ctx: RequestContext, user_id: uuid.UUID, *, reason: RevokedReason) -> None:
    """Ends every session of a user (deactivation, role change): their tokens stop at once."""
    repository.revoke_user_sessions(ctx.db, user_id, reason=reason, now=utc_now())


def change_password(
    ctx: RequestContext,
    user: User,
    session_id: uuid.UUID,
    *,
    current_password: str,
    new_password: str,
) -> None:
    hasher = get_password_hasher()
    if not hasher.verify(current_password, user.password_hash):
        raise BadRequestError("The current password is incorrect.")
    check_password_policy(
        new_password, username=user.username, email=user.email, field="new_password"
    )
    user.password_hash = hasher.hash(new_password)
    count = repository.revoke_user_sessions(
        ctx.db, user.id, reason="password_changed", now=utc_now(), except_session_id=session_id
    )
    record(
        ctx,
        "auth.password_changed",
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
        details={"other_sessions_ended": count},
    )


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def request_password_reset(ctx: RequestContext, *, email: str) -> None:
    """Always succeeds the same way; an email goes out only if an active account matches."""
    get_rate_limiter().hit_reset_password(ctx.client_ip)
    user = repository.find_user_by_email(ctx.db, email)
    if user is None or not user.is_active:
        return
    settings = get_settings()
    now = utc_now()
    token = secrets.token_urlsafe(32)
    repository.expire_unused_reset_tokens(ctx.db, user.id, now=now)
    repository.add_reset_token(
        ctx.db,
        user_id=user.id,
        token_hash=_token_digest(token),
        expires_at=now + timedelta(seconds=settings.password_reset_ttl_seconds),
        requested_ip=ctx.client_ip,
    )
    record(
        ctx,
        "auth.password_reset_requested",
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
    )
    minutes = settings.password_reset_ttl_seconds // 60
    message = EmailMessageSpec(
        to=user.email,
        subject="Reset your Hestami password",
        body=(
            f"Hello {user.full_name or user.username},\n\n"
            "Someone asked to reset the password of your Hestami account. If it was you, open\n"
            f"this link within {minutes} minutes:\n\n"
            f"{settings.password_reset_url.replace('{token}', token)}\n\n"
            "If it was not you, ignore this message: your password stays as it is.\n"
        ),
    )
    # Sent after the commit (the link must work when it arrives) and off the request, so the
    # response takes the same time whether or not the account exists.
    _after_commit(ctx.db, lambda: run_in_background(partial(_deliver, message)))


def _after_commit(db: Session, action: Callable[[], object]) -> None:
    event.listen(db, "after_commit", lambda _session: action(), once=True)


def _deliver(message: EmailMessageSpec) -> None:
    try:
        get_email_sender().send(message)
    except EmailDeliveryError:
        logger.exception("password_reset_email_failed")


def confirm_password_reset(ctx: RequestContext, *, token: str, new_password: str) -> None:
    reset = repository.lock_reset_token(ctx.db, _token_digest(token))
    now = utc_now()
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        raise BadRequestError(INVALID_RESET_TOKEN)
    user = reset.user
    if not user.is_active:
        raise BadRequestError(INVALID_RESET_TOKEN)
    check_password_policy(
        new_password, username=user.username, email=user.email, field="new_password"
    )
    user.password_hash = get_password_hasher().hash(new_password)
    repository.expire_unused_reset_tokens(ctx.db, user.id, now=now)
    reset.used_at = now
    repository.revoke_user_sessions(ctx.db, user.id, reason="password_reset", now=now)
    record(
        ctx,
        "auth.password_reset_completed",
        actor_id=user.id,
        target_type="user",
        target_id=user.id,
    )
