"""`trusted`: a response model from valid values, without validating them again."""

import uuid

import pytest
from pydantic import BaseModel, PrivateAttr

from hestami_api.core.views import trusted
from hestami_api.generated import models


def summary_values() -> dict[str, object]:
    return {"id": uuid.uuid4(), "business_name": "Acme Plumbing", "website": None}


def test_it_holds_the_values_as_a_validated_model_would() -> None:
    values = summary_values()
    built = trusted(models.ProviderSummary, dict(values))
    validated = models.ProviderSummary.model_validate(values)
    assert built == validated
    assert built.model_dump_json() == validated.model_dump_json()
    assert built.model_fields_set == set(values)
    built.website = "https://acme.example"  # still a normal model: its fields can change
    assert built.model_dump()["website"] == "https://acme.example"


@pytest.mark.parametrize("change", ["missing", "unknown"])
def test_it_needs_exactly_the_models_fields(change: str) -> None:
    values = summary_values()
    if change == "missing":
        del values["website"]
    else:
        values["rating"] = 5
    with pytest.raises(ValueError, match="ProviderSummary: values for exactly its fields"):
        trusted(models.ProviderSummary, values)


def test_it_refuses_a_model_with_private_attributes() -> None:
    class WithPrivate(BaseModel):
        name: str
        _secret: str = PrivateAttr(default="")

    with pytest.raises(ValueError, match="WithPrivate"):
        trusted(WithPrivate, {"name": "x"})
