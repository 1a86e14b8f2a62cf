"""Every query on provider profiles (keyed by the provider's user id)."""

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.marketplace.rows import RETURNING_OPTIONS, for_write
from hestami_api.provider_profiles.models import ProviderProfile


async def get_provider_profile(
    db: AsyncSession, user_id: uuid.UUID, *, for_update: bool = False
) -> ProviderProfile | None:
    """The saved profile, if any (``for_update``: locked and re-read, for the replacement)."""
    query = select(ProviderProfile).where(ProviderProfile.user_id == user_id)
    return await db.scalar(for_write(query) if for_update else query)


async def upsert_provider_profile(
    db: AsyncSession, user_id: uuid.UUID, values: Mapping[str, Any]
) -> ProviderProfile:
    """Insert the profile, or replace it if it exists (also when a concurrent first save got
    there first: ``ON CONFLICT DO UPDATE``, no unique-violation race on the primary key)."""
    statement = (
        insert(ProviderProfile)
        .values(user_id=user_id, **values)
        .on_conflict_do_update(
            index_elements=[ProviderProfile.user_id],
            # set_ skips Python-side onupdate hooks, hence updated_at spelled out.
            set_={**values, "updated_at": func.now()},
        )
        .returning(ProviderProfile)
    )
    return (await db.scalars(statement, execution_options={"populate_existing": True})).one()


async def update_provider_profile(
    db: AsyncSession, user_id: uuid.UUID, values: Mapping[str, Any]
) -> ProviderProfile:
    """Sets ``values`` on a saved profile the caller has locked
    (``get_provider_profile(for_update=True)``)."""
    statement = (
        update(ProviderProfile)
        .where(ProviderProfile.user_id == user_id)
        .values(**values, updated_at=func.now())
        .returning(ProviderProfile)
    )
    return (await db.scalars(statement, execution_options=RETURNING_OPTIONS)).one()
