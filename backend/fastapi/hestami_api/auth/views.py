"""The public view of an account (auth owns the users table and how it is shown)."""

from hestami_api.auth.models import User
from hestami_api.generated import models


def public_view(user: User) -> models.User:
    """What the API shows of an account: never the password hash."""
    return models.User.model_validate(user, from_attributes=True)
