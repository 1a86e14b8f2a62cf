"""Profile rules for the signed-in user."""

from hestami_api.audit.service import record_about_user
from hestami_api.auth import repository
from hestami_api.auth import service as auth_service
from hestami_api.auth.models import User
from hestami_api.auth.views import public_view
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import ConflictError, InvalidInputError
from hestami_api.core.etag import check_if_match
from hestami_api.core.rate_limit import get_rate_limiter
from hestami_api.generated import models

EMAIL_CHANGE = "email-change"
"""Rate-limit namespace of email changes (RATE_LIMIT_REGISTER per user)."""


async def update_profile(
    ctx: RequestContext, user: User, update: models.UserUpdate, *, if_match: str | None
) -> User:
    """Replaces the editable fields. An email change re-authenticates (current password),
    is rate-limited, unverifies the address and tells both the new and the old one."""
    full_name, email, phone = update.full_name, str(update.email), update.phone
    user = await repository.lock_user(ctx.db, user.id)
    check_if_match(if_match, public_view(user))
    old_email = user.email
    email_changes = email.lower() != old_email.lower()
    if email_changes:
        if update.current_password is None:
            raise InvalidInputError(
                "Changing the email address needs current_password.",
                loc=["body", "current_password"],
                error_type="missing",
            )
        limiter = get_rate_limiter()
        await limiter.hit(limiter.register_limit, EMAIL_CHANGE, str(user.id), critical=True)
        await auth_service.check_current_password(ctx, user, update.current_password)
        if await repository.email_taken(ctx.db, email, except_user_id=user.id):
            raise ConflictError(repository.UNIQUE_INDEX_MESSAGES["uq_users_email_lower"])
    changed = [
        name
        for name, value in (("full_name", full_name), ("email", email), ("phone", phone))
        if getattr(user, name) != value
    ]
    user.full_name, user.email, user.phone = full_name, email, phone
    if email_changes:
        user.email_verified = False
    await repository.flush_or_conflict(ctx.db)  # updated_at comes back with the UPDATE
    if email_changes:
        await auth_service.email_changed(ctx, user, old_email=old_email)
    if changed:
        await record_about_user(ctx, "user.profile_updated", user.id, details={"fields": changed})
    return user
