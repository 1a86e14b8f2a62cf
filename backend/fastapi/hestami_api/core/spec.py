"""The published contract: openapi/openapi.yaml as generated into the package."""

import json
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def published_spec() -> dict[str, Any]:
    """Served verbatim at /openapi.json; also the source of the rules in core.schema_types."""
    spec_text = files("hestami_api.generated").joinpath("openapi.json").read_text("utf-8")
    spec: dict[str, Any] = json.loads(spec_text)
    return spec
