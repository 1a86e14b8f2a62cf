"""A homeowner's properties: an owned resource (`marketplace.owned`), so another owner's
property is 404. Deleting one keeps the inquiries about it, without the property."""

import uuid
from typing import Any, Final

from hestami_api.auth.models import User
from hestami_api.core.context import RequestContext
from hestami_api.core.etag import Precondition
from hestami_api.core.listing import Page
from hestami_api.generated import models, parameters
from hestami_api.marketplace.owned import AuditNames, OwnedResource
from hestami_api.properties import repository
from hestami_api.properties.models import Property
from hestami_api.properties.rules import to_tenths

PROPERTY_NOT_FOUND: Final = "Property not found."

PROPERTY: Final = OwnedResource(
    repository.PROPERTIES,
    repository.delete_property,
    PROPERTY_NOT_FOUND,
    AuditNames("property", "property.created", "property.updated", "property.deleted"),
)


def _property_values(data: models.PropertyInput) -> dict[str, Any]:
    """Every writable column (the input has exactly those: PUT is a full replacement),
    normalized as stored."""
    return data.model_dump() | {"bathrooms": to_tenths(data.bathrooms)}


async def list_properties(
    ctx: RequestContext, owner: User, params: parameters.ListPropertiesParams
) -> Page[Property]:
    return await repository.list_properties(ctx.db, owner.id, params)


async def create_property(ctx: RequestContext, owner: User, data: models.PropertyInput) -> Property:
    return await PROPERTY.create(ctx, owner, _property_values(data))


async def get_property(ctx: RequestContext, owner: User, property_id: uuid.UUID) -> Property:
    return await PROPERTY.get(ctx, owner, property_id)


async def update_property(
    ctx: RequestContext,
    owner: User,
    property_id: uuid.UUID,
    data: models.PropertyInput,
    precondition: Precondition[Property],
) -> Property:
    return await PROPERTY.update(ctx, owner, property_id, _property_values(data), precondition)


async def delete_property(
    ctx: RequestContext, owner: User, property_id: uuid.UUID, precondition: Precondition[Property]
) -> None:
    await PROPERTY.delete(ctx, owner, property_id, precondition)
