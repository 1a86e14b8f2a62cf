"""HTTP handlers of the marketplace (the generated Properties, ProviderServices,
ProviderProfile, Catalog and Inquiries handler Protocols).

Thin on purpose: pass the request's ``params`` and body to ``service``, wrap the result in
the response model. Role guards (403) already ran in the generated routes.
"""

from hestami_api.auth.dependencies import Principal
from hestami_api.core.context import RequestContext
from hestami_api.core.etag import Precondition
from hestami_api.generated import models, parameters
from hestami_api.idempotency.service import create_once
from hestami_api.marketplace import service
from hestami_api.marketplace.views import (
    catalog_view,
    inquiry_view,
    profile_view,
    property_view,
    service_view,
)


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


class ProviderServicesHandlers:
    async def list_own_services(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.ListOwnServicesParams
    ) -> models.ServicePage:
        page = await service.list_own_services(ctx, principal.user, params)
        return page.to_model(models.ServicePage, service_view)

    async def create_service(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        params: parameters.CreateServiceParams,
        body: models.ServiceInput,
    ) -> models.Service:
        async def create() -> models.Service:
            return service_view(await service.create_service(ctx, principal.user, body))

        return await create_once(
            ctx,
            principal.user,
            key=params.idempotency_key,
            operation="create_service",
            body=body,
            response_model=models.Service,
            create=create,
        )

    async def get_own_service(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.GetOwnServiceParams
    ) -> models.Service:
        return service_view(await service.get_own_service(ctx, principal.user, params.service_id))

    async def update_service(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        params: parameters.UpdateServiceParams,
        body: models.ServiceInput,
    ) -> models.Service:
        row = await service.update_service(
            ctx,
            principal.user,
            params.service_id,
            body,
            Precondition(params.if_match, service_view),
        )
        return service_view(row)

    async def delete_service(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.DeleteServiceParams
    ) -> None:
        await service.delete_service(
            ctx, principal.user, params.service_id, Precondition(params.if_match, service_view)
        )


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


class CatalogHandlers:
    async def search_services(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.SearchServicesParams
    ) -> models.CatalogServicePage:
        page = await service.search_services(ctx, params)
        return page.to_model(models.CatalogServicePage, catalog_view)

    async def get_service(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.GetServiceParams
    ) -> models.CatalogService:
        return catalog_view(await service.get_service(ctx, params.service_id))


class InquiriesHandlers:
    async def list_homeowner_inquiries(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        params: parameters.ListHomeownerInquiriesParams,
    ) -> models.InquiryPage:
        page = await service.list_homeowner_inquiries(ctx, principal.user, params)
        return page.to_model(models.InquiryPage, inquiry_view)

    async def create_inquiry(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        params: parameters.CreateInquiryParams,
        body: models.InquiryCreate,
    ) -> models.Inquiry:
        async def create() -> models.Inquiry:
            return inquiry_view(await service.create_inquiry(ctx, principal.user, body))

        return await create_once(
            ctx,
            principal.user,
            key=params.idempotency_key,
            operation="create_inquiry",
            body=body,
            response_model=models.Inquiry,
            create=create,
        )

    async def update_homeowner_inquiry(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        params: parameters.UpdateHomeownerInquiryParams,
        body: models.HomeownerInquiryUpdate,
    ) -> models.Inquiry:
        # The body's only possible content is {"status": "cancelled"} (schema enum).
        inquiry = await service.update_homeowner_inquiry(
            ctx, principal.user, params.inquiry_id, Precondition(params.if_match, inquiry_view)
        )
        return inquiry_view(inquiry)

    async def list_provider_inquiries(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        params: parameters.ListProviderInquiriesParams,
    ) -> models.InquiryPage:
        page = await service.list_provider_inquiries(ctx, principal.user, params)
        return page.to_model(models.InquiryPage, inquiry_view)

    async def update_provider_inquiry(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        params: parameters.UpdateProviderInquiryParams,
        body: models.ProviderInquiryUpdate,
    ) -> models.Inquiry:
        inquiry = await service.update_provider_inquiry(
            ctx,
            principal.user,
            params.inquiry_id,
            status=body.status,
            response=body.response,
            precondition=Precondition(params.if_match, inquiry_view),
        )
        return inquiry_view(inquiry)
