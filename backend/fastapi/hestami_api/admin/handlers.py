"""HTTP handlers of the staff operations (the generated AdminHandlers).

The generated routes already let only staff in (x-roles); the rules live in ``admin.service``.
"""

from datetime import datetime
from typing import Literal
from uuid import UUID

from hestami_api.admin import service
from hestami_api.admin.repository import UserSort
from hestami_api.audit.models import AuditLog
from hestami_api.auth.dependencies import Principal
from hestami_api.core.context import RequestContext
from hestami_api.generated import models
from hestami_api.users.service import public_view


def audit_view(entry: AuditLog) -> models.AuditLog:
    return models.AuditLog.model_validate(entry, from_attributes=True)


class AdminHandlers:
    def list_users(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        q: str | None,
        role: Literal["homeowner", "service_provider", "staff"] | None,
        is_active: bool | None,
        sort: UserSort,
        limit: int,
        offset: int,
    ) -> models.UserPage:
        page = service.list_users(
            ctx, text=q, role=role, is_active=is_active, sort=sort, limit=limit, offset=offset
        )
        return models.UserPage(
            items=[public_view(user) for user in page.items],
            total=page.total,
            limit=limit,
            offset=offset,
        )

    def get_user(self, ctx: RequestContext, principal: Principal, *, user_id: UUID) -> models.User:
        return public_view(service.get_user(ctx, user_id))

    def update_user(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        user_id: UUID,
        body: models.AdminUserUpdate,
    ) -> models.User:
        user = service.update_user(
            ctx, principal.user, user_id, role=body.role, is_active=body.is_active
        )
        return public_view(user)

    def list_audit_logs(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        actor_id: UUID | None,
        action: str | None,
        since: datetime | None,
        until: datetime | None,
        sort: Literal["occurred_at", "-occurred_at"],
        limit: int,
        offset: int,
    ) -> models.AuditLogPage:
        page = service.list_audit_logs(
            ctx,
            actor_id=actor_id,
            action=action,
            since=since,
            until=until,
            newest_first=sort == "-occurred_at",
            limit=limit,
            offset=offset,
        )
        return models.AuditLogPage(
            items=[audit_view(entry) for entry in page.items],
            total=page.total,
            limit=limit,
            offset=offset,
        )

    def get_stats(self, ctx: RequestContext, principal: Principal) -> models.Stats:
        return service.statistics(ctx)
