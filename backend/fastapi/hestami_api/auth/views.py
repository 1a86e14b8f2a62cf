"""The public view of an account (auth owns the users table and how it is shown)."""

from hestami_api.auth.models import User
from hestami_api.core.views import trusted
from hestami_api.generated import models

_SHOWN = tuple(models.User.model_fields)


def public_view(user: User) -> models.User:
    """What the API shows of an account: never the password hash.

    Built without validating again (email syntax alone cost every `/users/me` a tenth of its
    time): each value was validated on its way in, and the column types and constraints hold
    it (tests/test_spec_and_database_agree.py)."""
    return trusted(models.User, {name: getattr(user, name) for name in _SHOWN})
