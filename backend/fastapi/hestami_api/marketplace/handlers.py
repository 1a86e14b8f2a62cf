"""HTTP handlers of the marketplace (the generated Properties, ProviderServices,
ProviderProfile, Catalog and Inquiries handler Protocols).

Thin on purpose: unpack the request, call ``service``, wrap the result in the response
model. Role guards (403) already ran in the generated routes.
"""

from typing import Literal
from uuid import UUID

from hestami_api.auth.dependencies import Principal
from hestami_api.core.context import RequestContext
from hestami_api.generated import models
from hestami_api.marketplace import service
from hestami_api.marketplace.models import InquiryStatus, PropertyType, ServiceCategory
from hestami_api.marketplace.rules import CatalogSort
from hestami_api.marketplace.views import (
    catalog_view,
    inquiry_view,
    profile_view,
    property_view,
    service_view,
)


class PropertiesHandlers:
    def list_properties(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        q: str | None,
        city: str | None,
        state: str | None,
        postal_code: str | None,
        property_type: PropertyType | None,
        sort: Literal["created_at", "-created_at", "name", "-name", "city", "-city"],
        limit: int,
        offset: int,
    ) -> models.PropertyPage:
        page = service.list_properties(
            ctx,
            principal.user,
            q=q,
            city=city,
            state=state,
            postal_code=postal_code,
            property_type=property_type,
            sort=sort,
            limit=limit,
            offset=offset,
        )
        return models.PropertyPage(
            items=[property_view(row) for row in page.items],
            total=page.total,
            limit=limit,
            offset=offset,
        )

    def create_property(
        self, ctx: RequestContext, principal: Principal, *, body: models.PropertyInput
    ) -> models.Property:
        return property_view(service.create_property(ctx, principal.user, body))

    def get_property(
        self, ctx: RequestContext, principal: Principal, *, property_id: UUID
    ) -> models.Property:
        return property_view(service.get_property(ctx, principal.user, property_id))

    def update_property(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        property_id: UUID,
        body: models.PropertyInput,
    ) -> models.Property:
        return property_view(service.replace_property(ctx, principal.user, property_id, body))

    def delete_property(
        self, ctx: RequestContext, principal: Principal, *, property_id: UUID
    ) -> None:
        service.delete_property(ctx, principal.user, property_id)


class ProviderServicesHandlers:
    def list_own_services(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        q: str | None,
        category: ServiceCategory | None,
        is_active: bool | None,
        sort: Literal["created_at", "-created_at", "title", "-title", "price_min", "-price_min"],
        limit: int,
        offset: int,
    ) -> models.ServicePage:
        page = service.list_own_services(
            ctx,
            principal.user,
            q=q,
            category=category,
            is_active=is_active,
            sort=sort,
            limit=limit,
            offset=offset,
        )
        return models.ServicePage(
            items=[service_view(row) for row in page.items],
            total=page.total,
            limit=limit,
            offset=offset,
        )

    def create_service(
        self, ctx: RequestContext, principal: Principal, *, body: models.ServiceInput
    ) -> models.Service:
        return service_view(service.create_service(ctx, principal.user, body))

    def get_own_service(
        self, ctx: RequestContext, principal: Principal, *, service_id: UUID
    ) -> models.Service:
        return service_view(service.get_own_service(ctx, principal.user, service_id))

    def update_service(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        service_id: UUID,
        body: models.ServiceInput,
    ) -> models.Service:
        return service_view(service.replace_service(ctx, principal.user, service_id, body))

    def delete_service(
        self, ctx: RequestContext, principal: Principal, *, service_id: UUID
    ) -> None:
        service.delete_service(ctx, principal.user, service_id)


class ProviderProfileHandlers:
    def get_provider_profile(
        self, ctx: RequestContext, principal: Principal
    ) -> models.ProviderProfile:
        return profile_view(service.get_profile(ctx, principal.user))

    def update_provider_profile(
        self, ctx: RequestContext, principal: Principal, *, body: models.ProviderProfileUpdate
    ) -> models.ProviderProfile:
        return profile_view(service.replace_profile(ctx, principal.user, body))


class CatalogHandlers:
    def search_services(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        q: str | None,
        category: ServiceCategory | None,
        city: str | None,
        state: str | None,
        postal_code: str | None,
        min_price: float | None,
        max_price: float | None,
        provider_id: UUID | None,
        sort: CatalogSort | None,
        limit: int,
        offset: int,
    ) -> models.CatalogServicePage:
        page = service.search_catalog(
            ctx,
            q=q,
            category=category,
            city=city,
            state=state,
            postal_code=postal_code,
            min_price=min_price,
            max_price=max_price,
            provider_id=provider_id,
            sort=sort,
            limit=limit,
            offset=offset,
        )
        return models.CatalogServicePage(
            items=[catalog_view(entry) for entry in page.items],
            total=page.total,
            limit=limit,
            offset=offset,
        )

    def get_service(
        self, ctx: RequestContext, principal: Principal, *, service_id: UUID
    ) -> models.CatalogService:
        return catalog_view(service.get_catalog_service(ctx, service_id))


class InquiriesHandlers:
    def list_homeowner_inquiries(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        status: InquiryStatus | None,
        sort: Literal["created_at", "-created_at"],
        limit: int,
        offset: int,
    ) -> models.InquiryPage:
        page = service.list_homeowner_inquiries(
            ctx, principal.user, status=status, sort=sort, limit=limit, offset=offset
        )
        return models.InquiryPage(
            items=[inquiry_view(row) for row in page.items],
            total=page.total,
            limit=limit,
            offset=offset,
        )

    def create_inquiry(
        self, ctx: RequestContext, principal: Principal, *, body: models.InquiryCreate
    ) -> models.Inquiry:
        return inquiry_view(service.create_inquiry(ctx, principal.user, body))

    def update_homeowner_inquiry(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        inquiry_id: UUID,
        body: models.HomeownerInquiryUpdate,
    ) -> models.Inquiry:
        # The body's only possible content is {"status": "cancelled"} (schema enum).
        return inquiry_view(service.cancel_inquiry(ctx, principal.user, inquiry_id))

    def list_provider_inquiries(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        status: InquiryStatus | None,
        sort: Literal["created_at", "-created_at"],
        limit: int,
        offset: int,
    ) -> models.InquiryPage:
        page = service.list_provider_inquiries(
            ctx, principal.user, status=status, sort=sort, limit=limit, offset=offset
        )
        return models.InquiryPage(
            items=[inquiry_view(row) for row in page.items],
            total=page.total,
            limit=limit,
            offset=offset,
        )

    def update_provider_inquiry(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        inquiry_id: UUID,
        body: models.ProviderInquiryUpdate,
    ) -> models.Inquiry:
        inquiry = service.answer_inquiry(
            ctx, principal.user, inquiry_id, status=body.status, response=body.response
        )
        return inquiry_view(inquiry)
