"""HTTP handlers of the generated ``PropertiesHandlers`` Protocol.

Thin on purpose: pass the request's ``params`` and body to ``service``, wrap the result in
the response model. Role guards (403) already ran in the generated routes.
"""

from hestami_api.auth.dependencies import Principal
from hestami_api.core.context import RequestContext
from hestami_api.core.etag import Precondition
from hestami_api.generated import models, parameters
from hestami_api.idempotency.service import create_once
from hestami_api.properties import service
from hestami_api.properties.models import Property


def property_view(row: Property) -> models.Property:
    return models.Property.model_validate(row, from_attributes=True)


class PropertiesHandlers:
    async def list_properties(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.ListPropertiesParams
    ) -> models.PropertyPage:
        page = await service.list_properties(ctx, principal.user, params)
        return page.to_model(models.PropertyPage, property_view)

    async def create_property(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        params: parameters.CreatePropertyParams,
        body: models.PropertyInput,
    ) -> models.Property:
        async def create() -> models.Property:
            return property_view(await service.create_property(ctx, principal.user, body))

        return await create_once(
            ctx,
            principal.user,
            key=params.idempotency_key,
            operation="create_property",
            body=body,
            response_model=models.Property,
            create=create,
        )

    async def get_property(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.GetPropertyParams
    ) -> models.Property:
        return property_view(await service.get_property(ctx, principal.user, params.property_id))

    async def update_property(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        params: parameters.UpdatePropertyParams,
        body: models.PropertyInput,
    ) -> models.Property:
        row = await service.update_property(
            ctx,
            principal.user,
            params.property_id,
            body,
            Precondition(params.if_match, property_view),
        )
        return property_view(row)

    async def delete_property(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.DeletePropertyParams
    ) -> None:
        await service.delete_property(
            ctx, principal.user, params.property_id, Precondition(params.if_match, property_view)
        )
