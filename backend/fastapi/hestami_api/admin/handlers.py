"""HTTP handlers of the staff operations (the generated AdminHandlers).

The generated routes already let only staff in (x-roles); the rules live in ``admin.service``.
"""

from hestami_api.admin import service
from hestami_api.audit.models import AuditLog
from hestami_api.auth.dependencies import Principal
from hestami_api.auth.views import public_view
from hestami_api.core.context import RequestContext
from hestami_api.core.etag import Precondition
from hestami_api.generated import models, parameters


def audit_view(entry: AuditLog) -> models.AuditLog:
    return models.AuditLog.model_validate(entry, from_attributes=True)


class AdminHandlers:
    async def list_users(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.ListUsersParams
    ) -> models.UserPage:
        page = await service.list_users(ctx, params)
        return page.to_model(models.UserPage, public_view)

    async def get_user(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.GetUserParams
    ) -> models.User:
        return public_view(await service.get_user(ctx, params.user_id))

    async def update_user(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        params: parameters.UpdateUserParams,
        body: models.AdminUserUpdate,
    ) -> models.User:
        user = await service.update_user(
            ctx,
            principal.user,
            params.user_id,
            role=body.role,
            is_active=body.is_active,
            precondition=Precondition(params.if_match, public_view),
        )
        return public_view(user)

    async def end_user_sessions(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.EndUserSessionsParams
    ) -> None:
        await service.end_user_sessions(ctx, principal.user, params.user_id)

    async def list_audit_logs(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.ListAuditLogsParams
    ) -> models.AuditLogPage:
        page = await service.list_audit_logs(ctx, params)
        return page.to_model(models.AuditLogPage, audit_view)

    async def get_stats(self, ctx: RequestContext, principal: Principal) -> models.Stats:
        return await service.get_stats(ctx)
