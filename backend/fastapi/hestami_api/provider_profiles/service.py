"""A provider's business profile: the saved one, or the default of a provider who never
saved it. The role guard (403) already ran in the generated routes."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hestami_api.audit.service import record
from hestami_api.auth.models import User
from hestami_api.core.context import RequestContext
from hestami_api.core.etag import Precondition
from hestami_api.generated import models
from hestami_api.marketplace.rows import changed_values
from hestami_api.provider_profiles import repository
from hestami_api.provider_profiles.models import ProviderProfile
from hestami_api.provider_profiles.rules import check_website


@dataclass(frozen=True, slots=True)
class ProfileState:
    """A provider's business profile as the API shows it, saved or not."""

    provider_id: uuid.UUID
    business_name: str
    description: str | None
    phone: str | None
    website: str | None
    service_area: str | None
    created_at: datetime
    updated_at: datetime


def default_business_name(provider: User) -> str:
    """The spec's fallback, shared with the catalog summary: full name, else username."""
    return provider.full_name or provider.username


def _profile_state(provider: User, profile: ProviderProfile | None) -> ProfileState:
    if profile is None:
        return ProfileState(
            provider_id=provider.id,
            business_name=default_business_name(provider),
            description=None,
            phone=None,
            website=None,
            service_area=None,
            created_at=provider.created_at,
            updated_at=provider.created_at,
        )
    return ProfileState(
        provider_id=profile.user_id,
        business_name=profile.business_name,
        description=profile.description,
        phone=profile.phone,
        website=profile.website,
        service_area=profile.service_area,
        created_at=profile.created_at,
        updated_at=profile.updated_at,
    )


async def get_provider_profile(ctx: RequestContext, provider: User) -> ProfileState:
    """The saved profile, or the default one of a provider who never saved it.

    The default is computed, not persisted: a GET stays free of writes, and the default
    ``business_name`` follows later changes of the account's full name until the provider
    saves a profile. Its timestamps are the account's creation time, when the default
    profile came into being.
    """
    return _profile_state(provider, await repository.get_provider_profile(ctx.db, provider.id))


async def update_provider_profile(
    ctx: RequestContext,
    provider: User,
    data: models.ProviderProfileUpdate,
    precondition: Precondition[ProfileState],
) -> ProfileState:
    """Upsert: the first save creates the row, later saves replace it (full replacement).

    The audit entry names the fields that differ from what the provider saw before
    (the default profile for a first save, which is always recorded).
    """
    check_website(data.website)
    values: dict[str, Any] = {
        "business_name": data.business_name,
        "description": data.description,
        "phone": data.phone,
        "website": data.website,
        "service_area": data.service_area,
    }
    saved = await repository.get_provider_profile(ctx.db, provider.id, for_update=True)
    before = _profile_state(provider, saved)
    precondition.check(before)
    changes = changed_values(before, values)
    if saved is None:
        profile = await repository.upsert_provider_profile(ctx.db, provider.id, values)
    elif changes:
        profile = await repository.update_provider_profile(ctx.db, provider.id, changes)
    else:
        profile = saved
    if changes or saved is None:
        await record(
            ctx,
            "provider_profile.updated",
            actor_id=provider.id,
            target_type="provider_profile",
            target_id=provider.id,
            details={"fields": list(changes)},
        )
    return _profile_state(provider, profile)
