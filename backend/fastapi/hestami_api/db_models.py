"""Imports every model module so ``Base.metadata`` describes the whole database.

Alembic's env.py and the tests import this module; application code imports the models it
uses from their own modules.
"""

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import EmailVerificationToken, PasswordResetToken, User, UserSession
from hestami_api.core.db import SCHEMAS, Base
from hestami_api.idempotency.models import IdempotencyRecord
from hestami_api.inquiries.models import Inquiry
from hestami_api.mail.models import OutboxEmail
from hestami_api.offerings.models import Offering
from hestami_api.properties.models import Property
from hestami_api.provider_profiles.models import ProviderProfile

metadata = Base.metadata

__all__ = [
    "SCHEMAS",
    "AuditLog",
    "Base",
    "EmailVerificationToken",
    "IdempotencyRecord",
    "Inquiry",
    "Offering",
    "OutboxEmail",
    "PasswordResetToken",
    "Property",
    "ProviderProfile",
    "User",
    "UserSession",
    "metadata",
]
