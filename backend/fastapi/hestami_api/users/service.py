"""Profile rules for the signed-in user."""

from hestami_api.audit.service import record
from hestami_api.auth import repository
from hestami_api.auth.models import User
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import ConflictError
from hestami_api.generated import models


def public_view(user: User) -> models.User:
    """What the API shows of an account: never the password hash."""
    return models.User.model_validate(user, from_attributes=True)


def update_profile(
    ctx: RequestContext, user: User, *, full_name: str | None, email: str, phone: str | None
) -> User:
    if email.lower() != user.email.lower() and repository.email_taken(
        ctx.db, email, except_user_id=user.id
    ):
        raise ConflictError(repository.UNIQUE_INDEX_MESSAGES["uq_users_email_lower"])
    changed = [
        name
        for name, value in (("full_name", full_name), ("email", email), ("phone", phone))
        if getattr(user, name) != value
    ]
    user.full_name, user.email, user.phone = full_name, email, phone
    repository.flush_or_conflict(ctx.db)
    ctx.db.refresh(user)  # updated_at is set by the database
    if changed:
        record(
            ctx,
            "user.profile_updated",
            actor_id=user.id,
            target_type="user",
            target_id=user.id,
            details={"fields": changed},
        )
    return user
