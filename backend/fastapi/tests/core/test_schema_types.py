"""ApiModel keeps every generated model to its spec schema, and refuses a model without one."""

import pytest

from hestami_api.core.schema_types import ApiModel, component_schema
from hestami_api.generated import models


def test_inline_objects_resolve_to_their_property_schema() -> None:
    assert set(component_schema("UsersByRole")["properties"]) == {
        "homeowner",
        "service_provider",
        "staff",
    }
    assert "open" in component_schema("InquiriesByStatus")["properties"]


def test_a_model_the_spec_does_not_describe_fails_at_definition() -> None:
    with pytest.raises(TypeError, match="NotInTheSpec: no schema"):

        class NotInTheSpec(ApiModel):
            value: int


def test_nested_models_reject_null_and_booleans_like_the_rest() -> None:
    with pytest.raises(ValueError, match="not null"):
        models.UsersByRole.model_validate({"homeowner": None, "service_provider": 0, "staff": 0})
    with pytest.raises(ValueError, match="valid integer"):
        models.UsersByRole.model_validate({"homeowner": True, "service_provider": 0, "staff": 0})
