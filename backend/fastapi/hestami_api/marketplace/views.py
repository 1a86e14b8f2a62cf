"""Response models of the marketplace, built from ORM rows (never more than the spec shows)."""

from hestami_api.generated import models
from hestami_api.marketplace.models import Inquiry, Property, Service
from hestami_api.marketplace.repository import CatalogRow
from hestami_api.marketplace.service import ProfileState


def property_view(row: Property) -> models.Property:
    return models.Property.model_validate(row, from_attributes=True)


def service_view(row: Service) -> models.Service:
    return models.Service.model_validate(row, from_attributes=True)


def catalog_view(entry: CatalogRow) -> models.CatalogService:
    # Not model_validate(from_attributes): Service.provider is the User relationship,
    # while the API's `provider` is the summary below.
    service, business_name, website = entry
    return models.CatalogService(
        **dict(service_view(service)),
        provider=models.ProviderSummary(
            id=service.provider_id, business_name=business_name, website=website
        ),
    )


def profile_view(state: ProfileState) -> models.ProviderProfile:
    return models.ProviderProfile.model_validate(state, from_attributes=True)


def inquiry_view(row: Inquiry) -> models.Inquiry:
    return models.Inquiry.model_validate(row, from_attributes=True)
