"""HTTP handlers of the signed-in user's own account (the generated UsersHandlers)."""

from hestami_api.auth import service as auth_service
from hestami_api.auth.dependencies import Principal
from hestami_api.core.context import RequestContext
from hestami_api.generated import models
from hestami_api.users import service


class UsersHandlers:
    def get_current_user(self, ctx: RequestContext, principal: Principal) -> models.User:
        return service.public_view(principal.user)

    def update_current_user(
        self, ctx: RequestContext, principal: Principal, *, body: models.UserUpdate
    ) -> models.User:
        user = service.update_profile(
            ctx,
            principal.user,
            full_name=body.full_name,
            email=str(body.email),
            phone=body.phone,
        )
        return service.public_view(user)

    def change_password(
        self, ctx: RequestContext, principal: Principal, *, body: models.PasswordChangeRequest
    ) -> None:
        auth_service.change_password(
            ctx,
            principal.user,
            principal.session_id,
            current_password=body.current_password,
            new_password=body.new_password,
        )
