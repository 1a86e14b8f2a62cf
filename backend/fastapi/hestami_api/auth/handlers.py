"""HTTP handlers of the public and private auth operations (the generated AuthHandlers)."""

from hestami_api.auth import service
from hestami_api.auth.dependencies import Principal
from hestami_api.core.context import RequestContext
from hestami_api.generated import models
from hestami_api.users.service import public_view

RESET_ACCEPTED = models.PasswordResetAccepted(
    detail="If an active account uses this email address, a reset link is on its way."
)


def token_pair(tokens: service.IssuedTokens) -> models.TokenPair:
    return models.TokenPair(
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        token_type="bearer",  # noqa: S106 - the OAuth2 token type, not a secret
        expires_in=tokens.expires_in,
    )


class AuthHandlers:
    def register(self, ctx: RequestContext, *, body: models.RegisterRequest) -> models.User:
        user = service.register(
            ctx,
            username=body.username,
            email=str(body.email),
            password=body.password,
            role=body.role,
            full_name=body.full_name,
        )
        return public_view(user)

    def login(self, ctx: RequestContext, *, body: models.LoginForm) -> models.TokenPair:
        return token_pair(service.login(ctx, login_name=body.username, password=body.password))

    def refresh_tokens(
        self, ctx: RequestContext, *, body: models.RefreshRequest
    ) -> models.TokenPair:
        return token_pair(service.refresh(ctx, refresh_token=body.refresh_token))

    def logout(
        self, ctx: RequestContext, principal: Principal, *, body: models.LogoutRequest | None
    ) -> None:
        service.logout(
            ctx,
            principal.user,
            principal.session_id,
            refresh_token=body.refresh_token if body else None,
        )

    def logout_all(self, ctx: RequestContext, principal: Principal) -> None:
        service.end_all_sessions(ctx, principal.user)

    def request_password_reset(
        self, ctx: RequestContext, *, body: models.PasswordResetRequest
    ) -> models.PasswordResetAccepted:
        service.request_password_reset(ctx, email=str(body.email))
        return RESET_ACCEPTED

    def confirm_password_reset(
        self, ctx: RequestContext, *, body: models.PasswordResetConfirm
    ) -> None:
        service.confirm_password_reset(ctx, token=body.token, new_password=body.new_password)
