"""Every spec `maxLength` fits the column that stores the value: a value the contract accepts
can never fail on the database (a 500) for being too long."""

from typing import Any

import pytest
from sqlalchemy import String

from hestami_api.auth.models import User
from hestami_api.core.spec import published_spec
from hestami_api.inquiries.models import Inquiry
from hestami_api.offerings.models import Offering
from hestami_api.properties.models import Property
from hestami_api.provider_profiles.models import ProviderProfile

# The spec schemas whose properties are stored in a table, and that table's model.
STORED_AS: dict[str, type[Any]] = {
    "User": User,
    "UserUpdate": User,
    "RegisterRequest": User,
    "Property": Property,
    "PropertyInput": Property,
    "Service": Offering,
    "ServiceInput": Offering,
    "ProviderProfile": ProviderProfile,
    "ProviderProfileUpdate": ProviderProfile,
    "Inquiry": Inquiry,
    "InquiryCreate": Inquiry,
    "ProviderInquiryUpdate": Inquiry,
}


def stored_lengths() -> list[tuple[str, str, int, int]]:
    schemas = published_spec()["components"]["schemas"]
    checked = []
    for schema_name, model in STORED_AS.items():
        columns = model.__table__.columns
        for name, field in schemas[schema_name].get("properties", {}).items():
            if "maxLength" in field and name in columns:
                column_type = columns[name].type
                if isinstance(column_type, String) and column_type.length is not None:
                    checked.append((schema_name, name, field["maxLength"], column_type.length))
    return checked


def test_the_check_sees_the_stored_strings() -> None:
    assert len(stored_lengths()) >= 20  # a mapping that matched nothing would prove nothing


@pytest.mark.parametrize(("schema", "field", "max_length", "column_length"), stored_lengths())
def test_spec_max_length_fits_its_column(
    schema: str, field: str, max_length: int, column_length: int
) -> None:
    assert max_length <= column_length, f"{schema}.{field}"
