"""HTTP handlers of the signed-in user's own account (the generated UsersHandlers)."""

from hestami_api.auth import service as auth_service
from hestami_api.auth.dependencies import Principal
from hestami_api.auth.views import public_view
from hestami_api.core.context import RequestContext
from hestami_api.generated import models, parameters
from hestami_api.users import service


class UsersHandlers:
    async def get_current_user(self, ctx: RequestContext, principal: Principal) -> models.User:
        return public_view(principal.user)

    async def update_current_user(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        params: parameters.UpdateCurrentUserParams,
        body: models.UserUpdate,
    ) -> models.User:
        return public_view(
            await service.update_profile(ctx, principal.user, body, if_match=params.if_match)
        )

    async def change_password(
        self, ctx: RequestContext, principal: Principal, *, body: models.PasswordChangeRequest
    ) -> None:
        await auth_service.change_password(
            ctx,
            principal.user,
            principal.session_id,
            current_password=body.current_password,
            new_password=body.new_password,
        )
