"""HTTP handlers of the generated ``ProviderServicesHandlers`` (a provider's own
offerings) and ``CatalogHandlers`` (the catalog) Protocols.

Thin on purpose: pass the request's ``params`` and body to ``service``, wrap the result in
the response model. Role guards (403) already ran in the generated routes.
"""

from typing import Any, Final

from hestami_api.auth.dependencies import Principal
from hestami_api.core.context import Rendered, RequestContext
from hestami_api.core.etag import Precondition
from hestami_api.core.listing import Page
from hestami_api.core.prepared import Row
from hestami_api.core.views import trusted
from hestami_api.generated import models, parameters
from hestami_api.idempotency.service import create_once
from hestami_api.offerings import service
from hestami_api.offerings.models import Offering

_SERVICE_FIELDS: Final = tuple(models.Service.model_fields)
_PRICES: Final = ("price_min", "price_max")


def _with_float_prices(fields: dict[str, Any]) -> dict[str, Any]:
    for price in _PRICES:  # NUMERIC arrives as Decimal; the API's prices are JSON numbers
        if fields[price] is not None:
            fields[price] = float(fields[price])
    return fields


# Both views are built without validating again, as `auth.views.public_view` is: every value
# was validated on its way in and the columns' types and constraints hold it. Validation was
# about a sixth of a catalog page's time (20 offerings, each validated twice).
def offering_view(row: Offering) -> models.Service:
    fields = {name: getattr(row, name) for name in _SERVICE_FIELDS}
    return trusted(models.Service, _with_float_prices(fields))


def catalog_page_view(page: Page[Row]) -> models.CatalogServicePage:
    return page.to_model(models.CatalogServicePage, catalog_view)


def catalog_view(row: Row) -> models.CatalogService:
    """A row of the catalog's statements (``offerings.repository.search_services``)."""
    fields = _with_float_prices({name: row[name] for name in _SERVICE_FIELDS})
    fields["provider"] = trusted(
        models.ProviderSummary,
        {
            "id": row["provider_id"],
            "business_name": row["business_name"],
            "website": row["website"],
        },
    )
    return trusted(models.CatalogService, fields)


class ProviderServicesHandlers:
    async def list_own_services(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.ListOwnServicesParams
    ) -> models.ServicePage:
        page = await service.list_own_services(ctx, principal.user, params)
        return page.to_model(models.ServicePage, offering_view)

    async def create_service(
        self,
        ctx: RequestContext,
        principal: Principal,
        *,
        params: parameters.CreateServiceParams,
        body: models.ServiceInput,
    ) -> models.Service:
        async def create() -> models.Service:
            return offering_view(await service.create_service(ctx, principal.user, body))

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
        return offering_view(await service.get_own_service(ctx, principal.user, params.service_id))

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
            Precondition(params.if_match, offering_view),
        )
        return offering_view(row)

    async def delete_service(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.DeleteServiceParams
    ) -> None:
        await service.delete_service(
            ctx, principal.user, params.service_id, Precondition(params.if_match, offering_view)
        )


class CatalogHandlers:
    async def search_services(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.SearchServicesParams
    ) -> Rendered[models.CatalogServicePage]:
        return await service.search_services(ctx, params, catalog_page_view)

    async def get_service(
        self, ctx: RequestContext, principal: Principal, *, params: parameters.GetServiceParams
    ) -> models.CatalogService:
        return catalog_view(await service.get_service(ctx, params.service_id))
