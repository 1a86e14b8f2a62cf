"""Marketplace handlers (not implemented yet: each answers 501)."""

from typing import Literal
from uuid import UUID

from hestami_api.auth.dependencies import Principal
from hestami_api.core.context import RequestContext
from hestami_api.core.errors import NotImplementedYetError
from hestami_api.generated import models


class CatalogHandlers:
    def search_services(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        q: str | None,
        category: Literal[
            "plumbing",
            "electrical",
            "hvac",
            "roofing",
            "landscaping",
            "cleaning",
            "painting",
            "carpentry",
            "pest_control",
            "appliance_repair",
            "flooring",
            "handyman",
            "general_contractor",
            "pool_spa",
            "other",
        ]
        | None,
        city: str | None,
        state: str | None,
        postal_code: str | None,
        min_price: float | None,
        max_price: float | None,
        provider_id: UUID | None,
        sort: Literal[
            "relevance", "created_at", "-created_at", "price_min", "-price_min", "title", "-title"
        ]
        | None,
        limit: int,
        offset: int,
    ) -> models.CatalogServicePage:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def get_service(
        self, ctx: RequestContext, principal: Principal, *, service_id: UUID
    ) -> models.CatalogService:
        raise NotImplementedYetError("This operation is not implemented yet.")


class InquiriesHandlers:
    def list_homeowner_inquiries(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        status: Literal["open", "accepted", "declined", "completed", "cancelled"] | None,
        sort: Literal["created_at", "-created_at"],
        limit: int,
        offset: int,
    ) -> models.InquiryPage:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def create_inquiry(
        self, ctx: RequestContext, principal: Principal, *, body: models.InquiryCreate
    ) -> models.Inquiry:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def update_homeowner_inquiry(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        inquiry_id: UUID,
        body: models.HomeownerInquiryUpdate,
    ) -> models.Inquiry:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def list_provider_inquiries(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        status: Literal["open", "accepted", "declined", "completed", "cancelled"] | None,
        sort: Literal["created_at", "-created_at"],
        limit: int,
        offset: int,
    ) -> models.InquiryPage:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def update_provider_inquiry(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        inquiry_id: UUID,
        body: models.ProviderInquiryUpdate,
    ) -> models.Inquiry:
        raise NotImplementedYetError("This operation is not implemented yet.")


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
        property_type: Literal[
            "single_family",
            "townhouse",
            "condo",
            "apartment",
            "multi_family",
            "mobile_home",
            "land",
            "other",
        ]
        | None,
        sort: Literal["created_at", "-created_at", "name", "-name", "city", "-city"],
        limit: int,
        offset: int,
    ) -> models.PropertyPage:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def create_property(
        self, ctx: RequestContext, principal: Principal, *, body: models.PropertyInput
    ) -> models.Property:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def get_property(
        self, ctx: RequestContext, principal: Principal, *, property_id: UUID
    ) -> models.Property:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def update_property(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        property_id: UUID,
        body: models.PropertyInput,
    ) -> models.Property:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def delete_property(
        self, ctx: RequestContext, principal: Principal, *, property_id: UUID
    ) -> None:
        raise NotImplementedYetError("This operation is not implemented yet.")


class ProviderProfileHandlers:
    def get_provider_profile(
        self, ctx: RequestContext, principal: Principal
    ) -> models.ProviderProfile:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def update_provider_profile(
        self, ctx: RequestContext, principal: Principal, *, body: models.ProviderProfileUpdate
    ) -> models.ProviderProfile:
        raise NotImplementedYetError("This operation is not implemented yet.")


class ProviderServicesHandlers:
    def list_own_services(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        q: str | None,
        category: Literal[
            "plumbing",
            "electrical",
            "hvac",
            "roofing",
            "landscaping",
            "cleaning",
            "painting",
            "carpentry",
            "pest_control",
            "appliance_repair",
            "flooring",
            "handyman",
            "general_contractor",
            "pool_spa",
            "other",
        ]
        | None,
        is_active: bool | None,
        sort: Literal["created_at", "-created_at", "title", "-title", "price_min", "-price_min"],
        limit: int,
        offset: int,
    ) -> models.ServicePage:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def create_service(
        self, ctx: RequestContext, principal: Principal, *, body: models.ServiceInput
    ) -> models.Service:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def get_own_service(
        self, ctx: RequestContext, principal: Principal, *, service_id: UUID
    ) -> models.Service:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def update_service(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        service_id: UUID,
        body: models.ServiceInput,
    ) -> models.Service:
        raise NotImplementedYetError("This operation is not implemented yet.")

    def delete_service(
        self, ctx: RequestContext, principal: Principal, *, service_id: UUID
    ) -> None:
        raise NotImplementedYetError("This operation is not implemented yet.")
