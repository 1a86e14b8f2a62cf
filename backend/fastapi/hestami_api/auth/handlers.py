"""HTTP handlers of the public and private auth operations (the generated AuthHandlers)."""

import uuid

from hestami_api.auth import service
from hestami_api.auth.dependencies import Principal
from hestami_api.auth.models import UserSession
from hestami_api.auth.views import public_view
from hestami_api.core.context import RequestContext
from hestami_api.generated import models, parameters

RESET_ACCEPTED = models.PasswordResetAccepted(
    detail="If an active account uses this email address, a reset link is on its way."
)

VERIFICATION_ACCEPTED = models.EmailVerificationAccepted(
    detail="Unless the address is already verified, a new link is on its way to it."
)


def token_pair(tokens: service.IssuedTokens) -> models.TokenPair:
    return models.TokenPair(
        access_token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        token_type="bearer",  # noqa: S106 - the OAuth2 token type, not a secret
        expires_in=tokens.expires_in,
    )


class AuthHandlers:
    async def register(self, ctx: RequestContext, *, body: models.RegisterRequest) -> models.User:
        return public_view(await service.register(ctx, body))

    async def login(self, ctx: RequestContext, *, body: models.LoginForm) -> models.TokenPair:
        return token_pair(
            await service.login(ctx, login_name=body.username, password=body.password)
        )

    async def refresh_tokens(
        self, ctx: RequestContext, *, body: models.RefreshRequest
    ) -> models.TokenPair:
        return token_pair(await service.refresh(ctx, refresh_token=body.refresh_token))

    async def logout(
        self, ctx: RequestContext, principal: Principal, *, body: models.LogoutRequest | None
    ) -> None:
        await service.logout(
            ctx,
            principal.user,
            principal.session_id,
            refresh_token=body.refresh_token if body else None,
        )

    async def logout_all(self, ctx: RequestContext, principal: Principal) -> None:
        await service.end_all_sessions(ctx, principal.user)

    async def request_password_reset(
        self, ctx: RequestContext, *, body: models.PasswordResetRequest
    ) -> models.PasswordResetAccepted:
        await service.request_password_reset(ctx, email=str(body.email))
        return RESET_ACCEPTED

    async def confirm_password_reset(
        self, ctx: RequestContext, *, body: models.PasswordResetConfirm
    ) -> None:
        await service.confirm_password_reset(ctx, token=body.token, new_password=body.new_password)

    async def verify_email(
        self, ctx: RequestContext, *, body: models.EmailVerificationConfirm
    ) -> None:
        await service.verify_email(ctx, token=body.token)

    async def resend_verification_email(
        self, ctx: RequestContext, principal: Principal
    ) -> models.EmailVerificationAccepted:
        await service.resend_verification_link(ctx, principal.user)
        return VERIFICATION_ACCEPTED

    async def list_sessions(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.ListSessionsParams
    ) -> models.SessionPage:
        page = await service.list_sessions(ctx, principal.user, params)
        return page.to_model(
            models.SessionPage, lambda session: session_view(session, principal.session_id)
        )

    async def revoke_session(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.RevokeSessionParams
    ) -> None:
        await service.revoke_own_session(ctx, principal.user, params.session_id)


def session_view(session: UserSession, current_session_id: uuid.UUID) -> models.Session:
    return models.Session(
        id=session.id,
        created_at=session.created_at,
        last_used_at=session.refreshed_at or session.created_at,
        expires_at=session.expires_at,
        ip_address=session.ip_address,
        user_agent=session.user_agent,
        current=session.id == current_session_id,
    )
