"""Staff handlers (not implemented yet: each answers 501)."""

from datetime import datetime
from typing import Literal
from uuid import UUID

from hestami_api.auth.dependencies import Principal
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import NotImplementedYetError
from hestami_api.generated import models


class AdminHandlers:
    def list_users(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        q: str | None,
        role: Literal["homeowner", "service_provider", "staff"] | None,
        is_active: bool | None,
        sort: Literal["created_at", "-created_at", "username", "-username", "email", "-email"],
        limit: int,
        offset: int,
    ) -> models.UserPage:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def get_user(self, ctx: RequestContext, principal: Principal, *, user_id: UUID) -> models.User:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def update_user(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        user_id: UUID,
        body: models.AdminUserUpdate,
    ) -> models.User:
        raise NotImplementedYetError("This operation is not implemented yet.")

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
        raise NotImplementedYetError("This operation is not implemented yet.")

    def get_stats(self, ctx: RequestContext, principal: Principal) -> models.Stats:
        raise NotImplementedYetError("This operation is not implemented yet.")
