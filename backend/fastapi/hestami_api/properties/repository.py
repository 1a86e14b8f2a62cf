"""Every query on properties. A homeowner's list goes through `core.listing`; lookups and
writes by id name the owner too (`OwnedRows`)."""

import uuid
from typing import Final

from sqlalchemy import ColumnElement, delete, func, literal, or_, select
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.core import listing
from hestami_api.core.listing import Page, ascending, descending, sorts
from hestami_api.generated.parameters import ListPropertiesParams, PropertySort
from hestami_api.marketplace.owned import OwnedRows
from hestami_api.marketplace.rows import RETURNING_OPTIONS
from hestami_api.marketplace.schema import location_conditions
from hestami_api.properties.models import PROPERTY_SEARCH_CONFIG, Property
from hestami_api.properties.rules import prefix_tsquery

PROPERTIES: Final = OwnedRows(Property, Property.owner_id)

_PROPERTY_CONFIG = literal(PROPERTY_SEARCH_CONFIG, REGCONFIG)
# The owner's own list is served by the owner_id index (a homeowner has few properties), so
# the document may add the description to the indexed name/address vector at query time.
_PROPERTY_DOCUMENT: Final = Property.search_vector.op("||")(
    func.to_tsvector(_PROPERTY_CONFIG, func.coalesce(Property.description, ""))
)


def _property_search(text: str) -> ColumnElement[bool]:
    """Every word must occur in the name/address/description document: as a word prefix
    (so partial words match) or exactly as PostgreSQL parses it (``78704-1234``)."""
    exact = _PROPERTY_DOCUMENT.bool_op("@@")(func.plainto_tsquery(_PROPERTY_CONFIG, text))
    prefix_query = prefix_tsquery(text)
    if prefix_query is None:
        # No letter or digit at all ("%", "#"): only a literal substring of the name can match.
        return or_(exact, listing.contains(Property.name, text))
    prefixes = _PROPERTY_DOCUMENT.bool_op("@@")(func.to_tsquery(_PROPERTY_CONFIG, prefix_query))
    return or_(exact, prefixes)


def _property_conditions(
    owner_id: uuid.UUID, params: ListPropertiesParams
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [Property.owner_id == owner_id]
    search = listing.search_text(params.q)
    if search is not None:
        conditions.append(_property_search(search))
    conditions += location_conditions(
        Property, city=params.city, state=params.state, postal_code=params.postal_code
    )
    if params.property_type is not None:
        conditions.append(Property.property_type == params.property_type)
    return conditions


PROPERTY_SORTS: Final = sorts(
    PropertySort,
    {
        PropertySort.CREATED_AT_ASC: ascending(Property.created_at),
        PropertySort.CREATED_AT_DESC: descending(Property.created_at),
        PropertySort.NAME_ASC: ascending(func.lower(Property.name)),
        PropertySort.NAME_DESC: descending(func.lower(Property.name)),
        PropertySort.CITY_ASC: ascending(func.lower(Property.city)),
        PropertySort.CITY_DESC: descending(func.lower(Property.city)),
    },
)


async def list_properties(
    db: AsyncSession, owner_id: uuid.UUID, params: ListPropertiesParams
) -> Page[Property]:
    return await listing.fetch_listed(
        db,
        Property,
        where=_property_conditions(owner_id, params),
        orders=PROPERTY_SORTS,
        params=params,
    )


async def find_property_to_reference(
    db: AsyncSession, owner_id: uuid.UUID, property_id: uuid.UUID
) -> Property | None:
    """The owner's property locked ``FOR KEY SHARE``, so it cannot be deleted before the
    transaction referencing it (an inquiry about it) commits; ``None`` for an unknown id or
    someone else's property."""
    query = (
        select(Property)
        .where(PROPERTIES.owned(owner_id, property_id))
        .with_for_update(read=True, key_share=True)
    )
    return await db.scalar(query)


async def delete_property(
    db: AsyncSession, owner_id: uuid.UUID, property_id: uuid.UUID
) -> uuid.UUID | None:
    """Deletes the owner's property (its inquiries keep a NULL ``property_id``, as the foreign
    key says); its id, or ``None`` if there is none."""
    statement = (
        delete(Property).where(PROPERTIES.owned(owner_id, property_id)).returning(Property.id)
    )
    return await db.scalar(statement, execution_options=RETURNING_OPTIONS)
