"""The enumerations the database enforces (CHECK constraints) are exactly the spec's."""

import pytest

from hestami_api.auth.models import ROLES, SELF_REGISTRATION_ROLES
from hestami_api.core.spec import published_spec
from hestami_api.inquiries.models import INQUIRY_STATUSES
from hestami_api.offerings.models import OFFERING_CATEGORIES, PRICE_UNITS
from hestami_api.properties.models import PROPERTY_TYPES


@pytest.mark.parametrize(
    ("component", "database_values"),
    [
        ("Role", ROLES),
        ("RegistrationRole", SELF_REGISTRATION_ROLES),
        ("PropertyType", PROPERTY_TYPES),
        ("ServiceCategory", OFFERING_CATEGORIES),
        ("PriceUnit", PRICE_UNITS),
        ("InquiryStatus", INQUIRY_STATUSES),
    ],
)
def test_enumeration_matches_the_spec(component: str, database_values: tuple[str, ...]) -> None:
    spec_values = published_spec()["components"]["schemas"][component]["enum"]

    assert list(database_values) == spec_values
