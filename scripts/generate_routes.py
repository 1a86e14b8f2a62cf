"""Generate the route layer of hestami_api from openapi/openapi.yaml.

Writes `hestami_api/generated/routes.py`: one `<Tag>Handlers` Protocol per OpenAPI tag
and `build_router(...)`, whose endpoints carry the spec's parameter constraints, form
bodies, security dependencies and success status codes, and delegate to the
hand-written handlers. Also writes `hestami_api/generated/openapi.json`, the spec the
app serves verbatim. Run through `scripts/generate`; never edit the output by hand.
"""

import json
import keyword
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
PYTHON_TYPES = {"integer": "int", "number": "float", "boolean": "bool", "string": "str"}
# RFC 3339 date-times carry a zone: naive values are rejected (422), never guessed.
STRING_FORMATS = {"uuid": "UUID", "date-time": "Rfc3339DateTime", "date": "date"}
CONSTRAINT_KEYWORDS = {
    "minimum": "ge",
    "maximum": "le",
    "exclusiveMinimum": "gt",
    "exclusiveMaximum": "lt",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
}


@dataclass
class Parameter:
    name: str
    location: str
    annotation: str
    constraints: dict[str, Any]
    default: Any
    required: bool

    @property
    def python_name(self) -> str:
        return self.name + "_" if keyword.iskeyword(self.name) else self.name


@dataclass
class Operation:
    operation_id: str
    method: str
    path: str
    tag: str
    summary: str
    success_status: int
    response_model: str | None
    parameters: list[Parameter]
    body_model: str | None = None
    body_required: bool = True
    body_is_form: bool = False
    roles: list[str] | None = None
    secured: bool = False
    liveness: bool = False
    imports: set[str] = field(default_factory=set)


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def annotation_for(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return annotation_for(spec, resolve(spec, schema))
    if "enum" in schema:
        return "Literal[" + ", ".join(repr(value) for value in schema["enum"]) + "]"
    schema_type = schema.get("type", "string")
    if schema_type == "string" and schema.get("format") in STRING_FORMATS:
        return STRING_FORMATS[schema["format"]]
    return PYTHON_TYPES[schema_type]


def parse_parameter(spec: dict[str, Any], raw: dict[str, Any]) -> Parameter:
    raw = resolve(spec, raw)
    schema = resolve(spec, raw.get("schema", {}))
    constraints = {
        CONSTRAINT_KEYWORDS[key]: value
        for key, value in schema.items()
        if key in CONSTRAINT_KEYWORDS
    }
    return Parameter(
        name=raw["name"],
        location=raw["in"],
        annotation=annotation_for(spec, schema),
        constraints=constraints,
        default=schema.get("default"),
        required=bool(raw.get("required", False)),
    )


def parse_operation(
    spec: dict[str, Any],
    path: str,
    method: str,
    raw: dict[str, Any],
    shared_parameters: list[dict[str, Any]],
) -> Operation:
    tags = raw.get("tags", [])
    if len(tags) != 1:
        raise SystemExit(f"{method.upper()} {path}: exactly one tag is required, got {tags}")
    successes = [code for code in raw["responses"] if str(code).startswith("2")]
    if len(successes) != 1:
        raise SystemExit(f"{method.upper()} {path}: exactly one 2xx response is required")
    success = str(successes[0])
    response = resolve(spec, raw["responses"][successes[0]])
    response_model = None
    if "content" in response:
        response_model = ref_name(response["content"]["application/json"]["schema"]["$ref"])
    parameters = [
        parse_parameter(spec, p) for p in [*shared_parameters, *raw.get("parameters", [])]
    ]
    operation = Operation(
        operation_id=raw["operationId"],
        method=method,
        path=path,
        tag=tags[0],
        summary=raw.get("summary", ""),
        success_status=int(success),
        response_model=response_model,
        parameters=parameters,
        roles=raw.get("x-roles"),
        secured=bool(raw.get("security")),
        liveness=bool(raw.get("x-liveness")),
    )
    if "requestBody" in raw:
        body = resolve(spec, raw["requestBody"])
        content = body["content"]
        media_type = (
            "application/x-www-form-urlencoded"
            if "application/x-www-form-urlencoded" in content
            else "application/json"
        )
        operation.body_model = body_model_name(content[media_type]["schema"])
        operation.body_required = bool(body.get("required", False))
        operation.body_is_form = media_type != "application/json"
    return operation


def body_model_name(schema: dict[str, Any]) -> str:
    """The component a body refers to; `oneOf: [$ref, {type: null}]` is an optional body that
    may also be sent as JSON null, which FastAPI already reads as an absent body."""
    if "$ref" in schema:
        return ref_name(schema["$ref"])
    references = [option for option in schema.get("oneOf", []) if "$ref" in option]
    others = [option for option in schema.get("oneOf", []) if "$ref" not in option]
    if len(references) != 1 or others != [{"type": "null"}]:
        raise SystemExit(f"unsupported request body schema: {schema}")
    return ref_name(references[0]["$ref"])


def load_operations(spec: dict[str, Any]) -> list[Operation]:
    operations = []
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                operations.append(
                    parse_operation(spec, path, method, item[method], item.get("parameters", []))
                )
    return operations


def class_name(tag: str) -> str:
    return "".join(part.capitalize() for part in tag.replace("_", "-").split("-")) + "Handlers"


def argument_name(tag: str) -> str:
    return tag.replace("-", "_")


def handler_parameters(operation: Operation) -> list[str]:
    """The keyword-only parameters of a handler method, with their annotations."""
    parameters = []
    for parameter in operation.parameters:
        optional = not parameter.required and parameter.default is None
        annotation = f"{parameter.annotation} | None" if optional else parameter.annotation
        parameters.append(f"{parameter.python_name}: {annotation}")
    if operation.body_model:
        annotation = f"models.{operation.body_model}"
        parameters.append(
            f"body: {annotation}" if operation.body_required else f"body: {annotation} | None"
        )
    return parameters


def endpoint_parameters(operation: Operation) -> list[str]:
    """The FastAPI endpoint parameters: dependencies, then path, query and body."""
    # x-liveness: answer even when every connection is taken (no database admission).
    parameters = ["ctx: LivenessContext" if operation.liveness else "ctx: Context"]
    if operation.secured:
        parameters.append("claims: Annotated[TokenClaims, Depends(access_claims)]")
    for parameter in operation.parameters:
        source = "Path" if parameter.location == "path" else "Query"
        arguments = ", ".join(f"{key}={value!r}" for key, value in parameter.constraints.items())
        if parameter.python_name != parameter.name:
            arguments = ", ".join(filter(None, [f"alias={parameter.name!r}", arguments]))
        optional = not parameter.required and parameter.default is None
        annotation = f"{parameter.annotation} | None" if optional else parameter.annotation
        declaration = f"{parameter.python_name}: Annotated[{annotation}, {source}({arguments})]"
        if not parameter.required:
            declaration += f" = {parameter.default!r}"
        parameters.append(declaration)
    if operation.body_model:
        model = f"models.{operation.body_model}"
        if operation.body_is_form:
            parameters.append(f"body: Annotated[{model}, Form()]")
        elif operation.body_required:
            parameters.append(f"body: {model}")
        else:
            parameters.append(f"body: {model} | None = None")
    # Parameters with defaults must follow those without.
    return sorted(parameters, key=lambda declaration: " = " in declaration)


def render_protocols(operations: list[Operation]) -> list[str]:
    lines: list[str] = []
    for tag in sorted({operation.tag for operation in operations}):
        lines += ["", "", f"class {class_name(tag)}(Protocol):"]
        for operation in (op for op in operations if op.tag == tag):
            returns = f"models.{operation.response_model}" if operation.response_model else "None"
            positional = ["self", "ctx: RequestContext"]
            if operation.secured:
                positional.append("principal: Principal")
            keyword_only = handler_parameters(operation)
            signature = ", ".join(positional + (["*", *keyword_only] if keyword_only else []))
            lines.append(f"    def {operation.operation_id}({signature}) -> {returns}:")
            lines.append(
                f'        """{operation.method.upper()} {operation.path}: {operation.summary}"""'
            )
            lines.append("        ...")
            lines.append("")
        lines.pop()
    return lines


def render_router(operations: list[Operation]) -> list[str]:
    tags = sorted({operation.tag for operation in operations})
    arguments = ", ".join(f"{argument_name(tag)}: {class_name(tag)}" for tag in tags)
    lines = ["", "", f"def build_router(*, {arguments}) -> APIRouter:", "    router = APIRouter()"]
    for operation in operations:
        handler = f"{argument_name(operation.tag)}.{operation.operation_id}"
        roles = "".join(f", {role!r}" for role in operation.roles or [])
        call_arguments = ["ctx"] + (
            [f"principal_for(ctx, claims{roles})"] if operation.secured else []
        )
        call_arguments += [f"{p.python_name}={p.python_name}" for p in operation.parameters]
        if operation.body_model:
            call_arguments.append("body=body")
        call = f"{handler}({', '.join(call_arguments)})"
        signature = ", ".join(endpoint_parameters(operation))
        lines += [
            "",
            f"    @router.{operation.method}({operation.path!r}, "
            f"status_code={operation.success_status}, operation_id={operation.operation_id!r})",
            # Suffixed so an endpoint never shadows a handlers argument named like its tag.
            f"    def {operation.operation_id}_endpoint({signature}) -> Response:",
        ]
        # One worker-thread hop: confirm the caller, handle, end the transaction.
        work = f"in_transaction(ctx, lambda: {call})"
        if operation.response_model:
            lines.append(f"        return json_response({work}, {operation.success_status})")
        else:
            lines.append(f"        {work}")
            lines.append(f"        return Response(status_code={operation.success_status})")
    lines += ["", "    return router"]
    return lines


def render_operation_table(operations: list[Operation]) -> list[str]:
    lines = [
        "",
        "",
        "# (method, path, tag, operationId) of every operation in the spec.",
        "OPERATIONS = (",
    ]
    lines += [
        f"    ({op.method.upper()!r}, {op.path!r}, {op.tag!r}, {op.operation_id!r}),"
        for op in operations
    ]
    return [*lines, ")"]


def render(operations: list[Operation]) -> str:
    header = [
        "# GENERATED by scripts/generate from openapi/openapi.yaml. Do not edit by hand.",
        '"""Route layer: handler Protocols per tag and the router that delegates to them."""',
        "",
        "from datetime import date",
        "from typing import Annotated, Literal, Protocol",
        "from uuid import UUID",
        "",
        "from fastapi import APIRouter, Depends, Form, Path, Query, Response",
        "",
        "from hestami_api.auth.dependencies import Principal, access_claims, principal_for",
        "from hestami_api.auth.tokens import TokenClaims",
        "from hestami_api.core.context import (",
        "    Context,",
        "    LivenessContext,",
        "    RequestContext,",
        "    in_transaction,",
        "    json_response,",
        ")",
        "from hestami_api.core.schema_types import Rfc3339DateTime",
        "from hestami_api.generated import models",
        "",
    ]
    body = (
        render_protocols(operations)
        + render_router(operations)
        + render_operation_table(operations)
    )
    return "\n".join(header + body) + "\n"


def main() -> None:
    spec_path, output_dir = Path(sys.argv[1]), Path(sys.argv[2])
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    operations = load_operations(spec)
    (output_dir / "routes.py").write_text(render(operations), encoding="utf-8")
    (output_dir / "openapi.json").write_text(
        json.dumps(spec, indent=1, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
