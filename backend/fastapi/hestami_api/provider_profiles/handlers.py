"""HTTP handlers of the generated ``ProviderProfileHandlers`` Protocol."""

from hestami_api.auth.dependencies import Principal
from hestami_api.core.context import RequestContext
from hestami_api.core.etag import Precondition
from hestami_api.generated import models, parameters
from hestami_api.provider_profiles import service
from hestami_api.provider_profiles.service import ProfileState


def profile_view(state: ProfileState) -> models.ProviderProfile:
    return models.ProviderProfile.model_validate(state, from_attributes=True)


class ProviderProfileHandlers:
    async def get_provider_profile(
        self, ctx: RequestContext, principal: Principal
    ) -> models.ProviderProfile:
        return profile_view(await service.get_provider_profile(ctx, principal.user))

    async def update_provider_profile(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        params: parameters.UpdateProviderProfileParams,
        body: models.ProviderProfileUpdate,
    ) -> models.ProviderProfile:
        state = await service.update_provider_profile(
            ctx, principal.user, body, Precondition(params.if_match, profile_view)
        )
        return profile_view(state)
