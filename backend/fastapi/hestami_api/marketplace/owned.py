"""Rows that belong to one account: a homeowner's properties, a provider's offerings.

Every statement names the row by id *and* owner, so another account's row is simply not
found: 404, never 403 (the role guards already ran in the generated routes). `OwnedRows`
builds those statements for a repository; `OwnedResource` holds the service flows the
resources share around them: the lookup (locked when an If-Match must be checked against
the latest version), the If-Match check, the write of what changed, and the audit entry.

Service functions take the generated request models as input (the API and the demo seed
share one validated shape) and return ORM rows; the handlers turn rows into response models.
"""

import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from hestami_api.audit.service import AuditAction, record
from hestami_api.auth.models import User
from hestami_api.core.context import RequestContext
from hestami_api.core.db import UUIDPrimaryKey
from hestami_api.core.errors import NotFoundError
from hestami_api.core.etag import Precondition
from hestami_api.marketplace.rows import RETURNING_OPTIONS, changed_values, for_write


@dataclass(frozen=True, slots=True)
class OwnedRows[RowT: UUIDPrimaryKey]:
    """The statements on ``model``'s rows by id and ``owner`` (the owner's id column)."""

    model: type[RowT]
    owner: InstrumentedAttribute[uuid.UUID]

    def owned(self, owner_id: uuid.UUID, row_id: uuid.UUID) -> ColumnElement[bool]:
        return and_(self.model.id == row_id, self.owner == owner_id)

    async def insert(
        self, db: AsyncSession, owner_id: uuid.UUID, values: Mapping[str, Any]
    ) -> RowT:
        statement = (
            insert(self.model).values({self.owner.key: owner_id, **values}).returning(self.model)
        )
        return (await db.scalars(statement, execution_options=RETURNING_OPTIONS)).one()

    async def find(
        self, db: AsyncSession, owner_id: uuid.UUID, row_id: uuid.UUID, *, for_update: bool = False
    ) -> RowT | None:
        """The owner's row (``for_update``: locked and re-read, for If-Match)."""
        query = select(self.model).where(self.owned(owner_id, row_id))
        return await db.scalar(for_write(query) if for_update else query)

    async def update(
        self, db: AsyncSession, owner_id: uuid.UUID, row_id: uuid.UUID, values: Mapping[str, Any]
    ) -> RowT | None:
        """Sets ``values`` on the owner's row; the updated row, or ``None`` if not found."""
        statement = (
            update(self.model)
            .where(self.owned(owner_id, row_id))
            .values(**values, updated_at=func.now())
            .returning(self.model)
        )
        return await db.scalar(statement, execution_options=RETURNING_OPTIONS)


class AuditNames(NamedTuple):
    """How the audit log names one kind of owned row and its changes."""

    target_type: str
    created: AuditAction
    updated: AuditAction
    deleted: AuditAction


@dataclass(frozen=True, slots=True)
class OwnedResource[RowT: UUIDPrimaryKey, Deleted]:
    """One kind of owned row as its service layer treats it, with the flows around it.

    ``delete`` is the repository's delete, returning what the audit entry needs to know of
    the deleted row (``None`` when the owner has no such row); ``deleted_details`` turns that
    into the entry's details, as ``created_details`` does for a new row.
    """

    rows: OwnedRows[RowT]
    delete_row: Callable[[AsyncSession, uuid.UUID, uuid.UUID], Awaitable[Deleted | None]]
    not_found: str  # the detail of the 404
    audit: AuditNames
    created_details: Callable[[RowT], dict[str, Any]] | None = None
    deleted_details: Callable[[Deleted], dict[str, Any]] | None = None

    async def create(self, ctx: RequestContext, owner: User, values: Mapping[str, Any]) -> RowT:
        row = await self.rows.insert(ctx.db, owner.id, values)
        details = None if self.created_details is None else self.created_details(row)
        await self._record(ctx, self.audit.created, owner, row.id, details)
        return row

    async def get(
        self, ctx: RequestContext, owner: User, row_id: uuid.UUID, *, for_update: bool = False
    ) -> RowT:
        row = await self.rows.find(ctx.db, owner.id, row_id, for_update=for_update)
        if row is None:
            raise NotFoundError(self.not_found)
        return row

    async def update(
        self,
        ctx: RequestContext,
        owner: User,
        row_id: uuid.UUID,
        values: Mapping[str, Any],
        precondition: Precondition[RowT],
    ) -> RowT:
        """A full replacement: writes what differs from the row, and records which fields did
        (nothing at all, no audit entry either, when nothing differs)."""
        row = await self.get(ctx, owner, row_id, for_update=precondition.given)
        precondition.check(row)
        changes = changed_values(row, values)
        if not changes:
            return row
        updated = await self.rows.update(ctx.db, owner.id, row_id, changes)
        if updated is None:  # deleted meanwhile
            raise NotFoundError(self.not_found)
        await self._record(ctx, self.audit.updated, owner, updated.id, {"fields": list(changes)})
        return updated

    async def delete(
        self, ctx: RequestContext, owner: User, row_id: uuid.UUID, precondition: Precondition[RowT]
    ) -> None:
        if precondition.given:
            precondition.check(await self.get(ctx, owner, row_id, for_update=True))
        deleted = await self.delete_row(ctx.db, owner.id, row_id)
        if deleted is None:
            raise NotFoundError(self.not_found)
        details = None if self.deleted_details is None else self.deleted_details(deleted)
        await self._record(ctx, self.audit.deleted, owner, row_id, details)

    async def _record(
        self,
        ctx: RequestContext,
        action: AuditAction,
        owner: User,
        row_id: uuid.UUID,
        details: dict[str, Any] | None,
    ) -> None:
        await record(
            ctx,
            action,
            actor_id=owner.id,
            target_type=self.audit.target_type,
            target_id=row_id,
            details=details,
        )
