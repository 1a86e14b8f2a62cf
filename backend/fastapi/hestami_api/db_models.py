"""Imports every model module so ``Base.metadata`` describes the whole database.

Alembic's env.py and the tests import this module; application code imports the models it
uses from their own modules.
"""

from hestami_api.audit.models import AuditLog
from hestami_api.auth.models import EmailVerificationToken, PasswordResetToken, User, UserSession
from hestami_api.core.db import SCHEMAS, Base
from hestami_api.idempotency.models import IdempotencyRecord
from hestami_api.mail.models import OutboxEmail
from hestami_api.marketplace.models import Inquiry, Property, ProviderProfile, Service

metadata = Base.metadata

__all__ = [
    "SCHEMAS",
    "AuditLog",
    "Base",
    "EmailVerificationToken",
    "IdempotencyRecord",
    "Inquiry",
    "OutboxEmail",
    "PasswordResetToken",
    "Property",
    "ProviderProfile",
    "Service",
    "User",
    "UserSession",
    "metadata",
]
