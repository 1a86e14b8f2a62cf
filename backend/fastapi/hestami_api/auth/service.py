"""Identity rules: registration, login, sessions and token rotation, password changes and resets."""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.audit.service import record, record_about_user
from hestami_api.auth import repository
from hestami_api.auth.models import USER_AGENT_MAX_LENGTH, RevokedReason, User, UserSession
from hestami_api.auth.password_policy import check_password_policy
from hestami_api.auth.passwords import get_password_hasher
from hestami_api.auth.tokens import get_token_codec
from hestami_api.core.config import get_settings
from hestami_api.core.context import RequestContext
from hestami_api.core.cpu import hashing_turn, run_cpu_bound
from hestami_api.core.email import EmailMessageSpec
from hestami_api.core.errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    RateLimitedError,
)
from hestami_api.core.listing import Page
from hestami_api.core.rate_limit import get_rate_limiter
from hestami_api.generated import models
from hestami_api.generated.enums import Role
from hestami_api.generated.parameters import ListSessionsParams
from hestami_api.mail import service as mail
from hestami_api.mail.models import OutboxEmail

logger = structlog.get_logger(__name__)

# One message for unknown user, wrong password and inactive account: no account enumeration.
LOGIN_FAILED = "Incorrect username or password."
INVALID_RESET_TOKEN = "The password reset token is invalid, expired or already used."  # noqa: S105
INVALID_VERIFICATION_TOKEN = "The verification token is invalid, expired or already used."  # noqa: S105
VERIFY_RESEND = "verify-email-resend"
"""Rate-limit namespace of verification resends (RATE_LIMIT_RESET per user)."""
GUESSING_NOTICE = "guessing-notice"
"""Rate-limit namespace of the lockout notices (one an hour per account)."""


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int


def utc_now() -> datetime:
    return datetime.now(UTC)


async def register(ctx: RequestContext, request: models.RegisterRequest) -> User:
    await get_rate_limiter().hit_register(ctx.client_ip)
    user = await create_account(
        ctx,
        username=request.username,
        email=str(request.email),
        password=request.password,
        role=request.role,
        full_name=request.full_name,
    )
    await send_verification_link(ctx, user)
    return user


async def create_account(
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
    async with hashing_turn():
        if await repository.username_taken(ctx.db, username):
            raise ConflictError(repository.UNIQUE_INDEX_MESSAGES["uq_users_username_lower"])
        if await repository.email_taken(ctx.db, email):
            raise ConflictError(repository.UNIQUE_INDEX_MESSAGES["uq_users_email_lower"])
        password_hash = await run_cpu_bound(get_password_hasher().hash, password)
    user = await repository.add_user(
        ctx.db,
        username=username,
        email=email,
        password_hash=password_hash,
        role=role,
        full_name=full_name,
    )
    await record_about_user(ctx, "user.registered", user.id, details={"role": role})
    return user


async def login(ctx: RequestContext, *, login_name: str, password: str) -> IssuedTokens:
    limiter = get_rate_limiter()
    await limiter.hit_login_ip(ctx.client_ip)
    async with hashing_turn():
        user = await repository.find_user_by_login(ctx.db, login_name)
        # Per account, whichever of its names is typed; unknown names count on their own.
        account = str(user.id) if user else login_name
        await limiter.hit_login_account(account, ctx.client_ip)
        try:
            await limiter.hit_login_account_ceiling(account)
        except RateLimitedError as error:
            if user is not None:
                await _warn_of_guessing(ctx, user)
                error.keep_changes = True  # the notice goes out although the request fails
            raise
        hasher = get_password_hasher()
        if user is None:
            # The same work as a real check: no timing oracle.
            await run_cpu_bound(hasher.verify_dummy, password)
            await record(
                ctx, "auth.login_failed", actor_id=None, details={"reason": "unknown_user"}
            )
            raise AuthenticationError(LOGIN_FAILED, keep_changes=True)
        checked = await run_cpu_bound(hasher.check, password, user.password_hash)
        if not checked.matches or not user.is_active:
            reason = "inactive_user" if user.is_active is False else "wrong_password"
            await record_about_user(ctx, "auth.login_failed", user.id, details={"reason": reason})
            raise AuthenticationError(LOGIN_FAILED, keep_changes=True)
        if checked.needs_rehash:  # another cost, or a hash from before NFC normalisation
            user.password_hash = await run_cpu_bound(hasher.hash, password)
    now = utc_now()
    user.last_login_at = now
    tokens = _start_session(ctx, user, now)
    await record_about_user(ctx, "auth.login_succeeded", user.id)
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
    return _issue_pair(user, session, refresh_jti, now, logged_in_at=now)


def _issue_pair(
    user: User,
    session: UserSession,
    refresh_jti: uuid.UUID,
    now: datetime,
    *,
    logged_in_at: datetime,
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
    # Sliding: each rotation extends the session, up to its absolute end after the login.
    absolute_end = logged_in_at + timedelta(seconds=get_settings().session_max_lifetime_seconds)
    session.expires_at = min(refresh_claims.expires_at, absolute_end)
    return IssuedTokens(
        access_token=access_token,
        refresh_token=refresh_token,
        expires_in=int((access_claims.expires_at - access_claims.issued_at).total_seconds()),
    )


async def refresh(ctx: RequestContext, *, refresh_token: str) -> IssuedTokens:
    claims = get_token_codec().decode(refresh_token, "refresh")
    session = await repository.lock_session(ctx.db, claims.session_id)
    now = utc_now()
    if session is None or session.user_id != claims.subject or session.revoked_at is not None:
        raise AuthenticationError("The refresh token is no longer valid.")
    if session.refresh_jti != claims.token_id:
        # An old refresh token came back: someone holds a copy. End the session for everyone.
        repository.revoke_session(session, reason="refresh_reuse", now=now)
        await record(
            ctx,
            "auth.refresh_reused",
            actor_id=session.user_id,
            target_type="session",
            target_id=session.id,
        )
        raise AuthenticationError("The refresh token was already used.", keep_changes=True)
    lifetime = timedelta(seconds=get_settings().session_max_lifetime_seconds)
    past_absolute_end = session.created_at + lifetime <= now
    if session.expires_at <= now or past_absolute_end or not session.user.is_active:
        raise AuthenticationError("The refresh token is no longer valid.")
    new_jti = uuid.uuid4()
    session.refresh_jti = new_jti
    session.refreshed_at = now
    return _issue_pair(session.user, session, new_jti, now, logged_in_at=session.created_at)


async def logout(
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
        session = await repository.lock_session(ctx.db, sid)
        if session is not None and session.user_id == user.id:
            repository.revoke_session(session, reason="logout", now=now)
    await record(ctx, "auth.logout", actor_id=user.id, target_type="session", target_id=session_id)


async def end_all_sessions(ctx: RequestContext, user: User) -> None:
    count = await repository.revoke_user_sessions(
        ctx.db, user.id, reason="logout_all", now=utc_now()
    )
    await record_about_user(ctx, "auth.logout_all", user.id, details={"sessions_ended": count})


async def end_sessions_of(ctx: RequestContext, user_id: uuid.UUID, *, reason: RevokedReason) -> int:
    """Ends every session of a user (deactivation, role change, staff): their tokens stop at
    once. Returns how many were live."""
    return await repository.revoke_user_sessions(ctx.db, user_id, reason=reason, now=utc_now())


async def change_password(
    ctx: RequestContext,
    user: User,
    session_id: uuid.UUID,
    *,
    current_password: str,
    new_password: str,
) -> None:
    await check_current_password(ctx, user, current_password)
    hasher = get_password_hasher()
    check_password_policy(
        new_password, username=user.username, email=user.email, field="new_password"
    )
    user.password_hash = await run_cpu_bound(hasher.hash, new_password)
    now = utc_now()
    await repository.expire_unused_reset_tokens(ctx.db, user.id, now=now)
    count = await repository.revoke_user_sessions(
        ctx.db, user.id, reason="password_changed", now=now, except_session_id=session_id
    )
    await record_about_user(
        ctx, "auth.password_changed", user.id, details={"other_sessions_ended": count}
    )


async def check_current_password(ctx: RequestContext, user: User, password: str) -> None:
    """Re-authentication of a signed-in user (password or email change): 400 when wrong.

    Failures count against RATE_LIMIT_LOGIN_ACCOUNT for the user (429 past it, checked
    before hashing) and are audited, so a stolen access token cannot guess at leisure."""
    limiter = get_rate_limiter()
    await limiter.check_password_failures(str(user.id))
    if await run_cpu_bound(get_password_hasher().verify, password, user.password_hash):
        return
    await record_about_user(ctx, "auth.password_change_failed", user.id)
    try:
        await limiter.hit_password_failure(str(user.id))
    except RateLimitedError as error:
        error.keep_changes = True  # the audit entry stays
        raise
    raise BadRequestError("The current password is incorrect.", keep_changes=True)


async def _warn_of_guessing(ctx: RequestContext, user: User) -> None:
    """Tells the owner, at most once an hour, that sign-ins to the account are refused."""
    limiter = get_rate_limiter()
    try:
        await limiter.hit("1/hour", GUESSING_NOTICE, str(user.id), critical=True)
    except RateLimitedError:
        return  # already told within the hour
    mail.queue_email(
        ctx,
        to=user.email,
        subject="Many failed sign-ins to your Hestami account",
        body=(
            f"Hello {user.full_name or user.username},\n\n"
            "Someone is trying many passwords for your Hestami account, from several places.\n"
            "Sign-ins are refused for a while; you can still reset your password. If it was\n"
            "not you, choose a long password you use nowhere else.\n"
        ),
    )


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


async def request_password_reset(ctx: RequestContext, *, email: str) -> None:
    """Queues the request and returns: the account lookup, the token and the email happen
    after the response (see `compose_password_reset`), so the answer takes the same time
    whether or not an account uses the address."""
    await get_rate_limiter().hit_reset_password(ctx.client_ip)
    mail.queue_request(
        ctx,
        kind="password_reset_request",
        recipient=email,
        payload={"requested_ip": ctx.client_ip},
    )


async def compose_password_reset(db: AsyncSession, request: OutboxEmail) -> EmailMessageSpec | None:
    """The delivery loop's half of a reset request: if an active account uses the address,
    a new token (the older ones stop working) and the email with its link; else nothing."""
    user = await repository.find_user_by_email(db, request.recipient)
    if user is None or not user.is_active:
        return None
    settings = get_settings()
    now = utc_now()
    token = secrets.token_urlsafe(32)
    requested_ip = request.payload.get("requested_ip")
    await repository.expire_unused_reset_tokens(db, user.id, now=now)
    repository.add_reset_token(
        db,
        user_id=user.id,
        token_hash=_token_digest(token),
        expires_at=now + timedelta(seconds=settings.password_reset_ttl_seconds),
        requested_ip=requested_ip,
    )
    await record_about_user(
        RequestContext(db=db, client_ip=requested_ip, user_agent=None),
        "auth.password_reset_requested",
        user.id,
    )
    minutes = settings.password_reset_ttl_seconds // 60
    return EmailMessageSpec(
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


async def confirm_password_reset(ctx: RequestContext, *, token: str, new_password: str) -> None:
    async with hashing_turn():
        reset = await repository.lock_reset_token(ctx.db, _token_digest(token))
        now = utc_now()
        if reset is None or reset.used_at is not None or reset.expires_at <= now:
            raise BadRequestError(INVALID_RESET_TOKEN)
        user = reset.user
        if not user.is_active:
            raise BadRequestError(INVALID_RESET_TOKEN)
        check_password_policy(
            new_password, username=user.username, email=user.email, field="new_password"
        )
        user.password_hash = await run_cpu_bound(get_password_hasher().hash, new_password)
    await repository.expire_unused_reset_tokens(ctx.db, user.id, now=now)
    reset.used_at = now
    await repository.revoke_user_sessions(ctx.db, user.id, reason="password_reset", now=now)
    await record_about_user(ctx, "auth.password_reset_completed", user.id)


async def list_sessions(
    ctx: RequestContext, user: User, params: ListSessionsParams
) -> Page[UserSession]:
    return await repository.list_sessions(ctx.db, user_id=user.id, now=utc_now(), params=params)


async def revoke_own_session(ctx: RequestContext, user: User, session_id: uuid.UUID) -> None:
    """Ends one session of ``user``; another user's (or an unknown) id is a 404."""
    session = await repository.lock_user_session(ctx.db, session_id=session_id, user_id=user.id)
    if session is None:
        raise NotFoundError("No such session.")
    repository.revoke_session(session, reason="logout", now=utc_now())
    await record(
        ctx, "auth.session_revoked", actor_id=user.id, target_type="session", target_id=session.id
    )


async def send_verification_link(ctx: RequestContext, user: User) -> None:
    """A new link to ``user.email`` (earlier links stop working), sent after the commit."""
    settings = get_settings()
    now = utc_now()
    token = secrets.token_urlsafe(32)
    await repository.expire_unused_verification_tokens(ctx.db, user.id, now=now)
    repository.add_verification_token(
        ctx.db,
        user_id=user.id,
        email=user.email,
        token_hash=_token_digest(token),
        expires_at=now + timedelta(seconds=settings.email_verification_ttl_seconds),
    )
    hours = settings.email_verification_ttl_seconds // 3600
    lifetime = (
        f"{hours} hours"
        if hours >= 2
        else f"{settings.email_verification_ttl_seconds // 60} minutes"
    )
    mail.queue_email(
        ctx,
        to=user.email,
        subject="Confirm your email address for Hestami",
        body=(
            f"Hello {user.full_name or user.username},\n\n"
            "Please confirm that this is your email address by opening this link within\n"
            f"{lifetime}:\n\n"
            f"{settings.email_verification_url.replace('{token}', token)}\n\n"
            "If you did not create a Hestami account or change its address, ignore this message.\n"
        ),
    )


async def resend_verification_link(ctx: RequestContext, user: User) -> None:
    limiter = get_rate_limiter()
    await limiter.hit(limiter.reset_password_limit, VERIFY_RESEND, str(user.id), critical=True)
    if not user.email_verified:
        await send_verification_link(ctx, user)


async def verify_email(ctx: RequestContext, *, token: str) -> None:
    verification = await repository.lock_verification_token(ctx.db, _token_digest(token))
    now = utc_now()
    if (
        verification is None
        or verification.used_at is not None
        or verification.expires_at <= now
        or verification.email.lower() != verification.user.email.lower()
        or not verification.user.is_active
    ):
        raise BadRequestError(INVALID_VERIFICATION_TOKEN)
    verification.used_at = now
    user = verification.user
    user.email_verified = True
    await record_about_user(ctx, "auth.email_verified", user.id)


async def email_changed(ctx: RequestContext, user: User, *, old_email: str) -> None:
    """After an email change: a link to verify the new address, a notice to the old one,
    and no reset link sent before the change works any more."""
    await repository.expire_unused_reset_tokens(ctx.db, user.id, now=utc_now())
    await send_verification_link(ctx, user)
    mail.queue_email(
        ctx,
        to=old_email,
        subject="The email address of your Hestami account was changed",
        body=(
            f"Hello {user.full_name or user.username},\n\n"
            f"The email address of your Hestami account is now {user.email}.\n"
            "If you did not change it, contact Hestami support at once: someone may be\n"
            "using your account.\n"
        ),
    )
