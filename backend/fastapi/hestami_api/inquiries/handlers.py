"""HTTP handlers of the generated ``InquiriesHandlers`` Protocol.

Thin on purpose: pass the request's ``params`` and body to ``service``, wrap the result in
the response model. Role guards (403) already ran in the generated routes.
"""

from hestami_api.auth.dependencies import Principal
from hestami_api.core.context import RequestContext
from hestami_api.core.etag import Precondition
from hestami_api.generated import models, parameters
from hestami_api.idempotency.service import create_once
from hestami_api.inquiries import service
from hestami_api.inquiries.models import Inquiry


def inquiry_view(row: Inquiry) -> models.Inquiry:
    return models.Inquiry.model_validate(row, from_attributes=True)


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
