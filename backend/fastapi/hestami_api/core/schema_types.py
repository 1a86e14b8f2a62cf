"""Pydantic building blocks that make the generated code accept exactly what JSON Schema does.

Pydantic's lax mode is more forgiving than the spec in three places that contract fuzzing
finds: an explicit `null` for an optional but non-nullable property, `true` for an integer,
and a number for a date-time. The rules are read from the spec itself, so they cannot drift.
"""

import re
from typing import Annotated, Any, ClassVar

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from hestami_api.core.spec import published_spec

RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)


def _require_rfc3339_text(value: object) -> object:
    if isinstance(value, str) and not RFC3339.fullmatch(value):
        raise PydanticCustomError(
            "datetime_format", "Input should be an RFC 3339 date-time with a time zone"
        )
    return value


# A query parameter with `format: date-time` (pydantic alone would read "0.5" as a timestamp).
Rfc3339DateTime = Annotated[AwareDatetime, BeforeValidator(_require_rfc3339_text)]


def _allows_null(schema: dict[str, Any]) -> bool:
    kinds = schema.get("type")
    return (
        kinds == "null"
        or (isinstance(kinds, list) and "null" in kinds)
        or any(
            option.get("type") == "null" for option in schema.get("oneOf", schema.get("anyOf", []))
        )
    )


def _pascal_case(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def component_schema(model_name: str) -> dict[str, Any]:
    """The spec schema a generated model was made from: a component of that name, or an
    inline object property of a component (datamodel-codegen names those after the property,
    e.g. `users_by_role` -> `UsersByRole`). A model with neither fails at import, so no model
    silently goes without the checks below."""
    schemas: dict[str, dict[str, Any]] = published_spec()["components"]["schemas"]
    if model_name in schemas:
        return schemas[model_name]
    for schema in schemas.values():
        for name, field in schema.get("properties", {}).items():
            if field.get("type") == "object" and _pascal_case(name) == model_name:
                return dict(field)
    raise TypeError(f"{model_name}: no schema in openapi/openapi.yaml describes this model")


class ApiModel(BaseModel):
    """Base of every generated model (datamodel-codegen `base-class`)."""

    _non_nullable: ClassVar[frozenset[str]] = frozenset()
    _integers: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        schema = component_schema(cls.__name__)
        properties: dict[str, dict[str, Any]] = schema.get("properties", {})
        cls._non_nullable = frozenset(
            name for name, field in properties.items() if not _allows_null(field)
        )
        cls._integers = frozenset(
            name
            for name, field in properties.items()
            if field.get("type") == "integer"
            or (isinstance(field.get("type"), list) and "integer" in field["type"])
        )

    @field_validator("*", mode="before")
    @classmethod
    def _keep_to_json_schema(cls, value: object, info: ValidationInfo) -> object:
        if value is None and info.field_name in cls._non_nullable:
            raise PydanticCustomError("null_not_allowed", "Input may be omitted but not null")
        if isinstance(value, bool) and info.field_name in cls._integers:
            raise PydanticCustomError("int_type", "Input should be a valid integer")
        return value
