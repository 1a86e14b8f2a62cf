"""Generate the route layer of hestami_api from openapi/openapi.yaml.

Writes into `hestami_api/generated/`:
- `parameters.py`: a named alias for every enumerated parameter and, per operation with
  path, query or header parameters, one typed `<Operation>Params` object carrying them;
- `routes.py`: one `<Tag>Handlers` Protocol per OpenAPI tag and `add_routes(router, ...)`, whose
  async endpoints carry the spec's parameter constraints, form bodies, security
  dependencies and success status codes, and delegate to the hand-written handlers;
- `operations.py`: the table of operations (method, path, tag, operationId), importing
  nothing, for code that must know the routes without importing every domain;
- `openapi.json`: the spec the app serves verbatim.
Run through `scripts/generate`; never edit the output by hand.
"""

import json
import keyword
import sys
from collections.abc import Iterator
from dataclasses import dataclass
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


PARAMETER_SOURCES = {"path": "Path", "query": "Query", "header": "Header"}


@dataclass
class Parameter:
    name: str
    location: str
    annotation: str
    constraints: dict[str, Any]
    default: Any
    required: bool
    enum_alias: tuple[str, list[Any]] | None = None
    default_member: str | None = None

    @property
    def python_name(self) -> str:
        name = self.name.lower().replace("-", "_")
        return name + "_" if keyword.iskeyword(name) else name

    @property
    def optional(self) -> bool:
        return not self.required and self.default is None

    @property
    def full_annotation(self) -> str:
        return f"{self.annotation} | None" if self.optional else self.annotation


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
    response_is_text: bool = False
    response_has_etag: bool = False
    # `x-database: false`: the operation never touches the database, so it takes no request
    # context and never waits for a connection (the liveness probe must answer when all are busy).
    uses_database: bool = True

    @property
    def params_class(self) -> str | None:
        return pascal_case(self.operation_id) + "Params" if self.parameters else None

    @property
    def reads_query(self) -> bool:
        """Only query parameters: read in one validation (core/request_parameters.py)
        instead of FastAPI's one per parameter."""
        return bool(self.parameters) and all(p.location == "query" for p in self.parameters)

    @property
    def reads_path(self) -> bool:
        """Only path parameters and no body: read as the query's are. (With a body, FastAPI
        reports the path's errors and the body's together.)"""
        return (
            bool(self.parameters)
            and not self.body_model
            and all(p.location == "path" for p in self.parameters)
        )

    @property
    def reads_itself(self) -> bool:
        """Its parameters are read by its reader (`reader`), not by FastAPI."""
        return self.reads_query or self.reads_path

    @property
    def direct(self) -> bool:
        """No body, and no parameters FastAPI would read: a plain route (core/routes.py)."""
        return not self.body_model and (not self.parameters or self.reads_itself)

    @property
    def reader(self) -> str:
        return self.operation_id.upper() + ("_QUERY" if self.reads_query else "_PATH")


def pascal_case(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace("-", "_").split("_"))


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def annotation_for(schema: dict[str, Any]) -> str:
    schema_type = schema.get("type", "string")
    if schema_type == "string" and schema.get("format") in STRING_FORMATS:
        return STRING_FORMATS[schema["format"]]
    return PYTHON_TYPES[schema_type]


def parse_parameter(spec: dict[str, Any], raw: dict[str, Any], operation_id: str) -> Parameter:
    raw = resolve(spec, raw)
    declared = raw.get("schema", {})
    schema = resolve(spec, declared)
    if raw["in"] not in PARAMETER_SOURCES:
        raise SystemExit(f"{operation_id}: unsupported parameter location {raw['in']!r}")
    constraints = {
        CONSTRAINT_KEYWORDS[key]: value
        for key, value in schema.items()
        if key in CONSTRAINT_KEYWORDS
    }
    enum_alias = None
    if "enum" in schema:
        # A component enum keeps its name everywhere; an inline one is named after its use.
        alias = (
            ref_name(declared["$ref"])
            if "$ref" in declared
            else pascal_case(operation_id) + pascal_case(raw["name"])
        )
        enum_alias = (alias, list(schema["enum"]))
    default = schema.get("default")
    default_member = None
    if enum_alias is not None and default is not None:
        varnames = enum_varnames(spec, enum_alias[0], len(enum_alias[1]))
        default_member = member_name(default, varnames[enum_alias[1].index(default)])
    return Parameter(
        name=raw["name"],
        location=raw["in"],
        annotation=enum_alias[0] if enum_alias else annotation_for(schema),
        constraints=constraints,
        default=default,
        required=bool(raw.get("required", False)),
        enum_alias=enum_alias,
        default_member=default_member,
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
    response_is_text = False
    response_has_etag = "ETag" in response.get("headers", {})
    if "content" in response:
        if "text/plain" in response["content"]:
            response_is_text = True  # the handler returns the text itself
        else:
            response_model = ref_name(response["content"]["application/json"]["schema"]["$ref"])
    parameters = [
        parse_parameter(spec, p, raw["operationId"])
        for p in [*shared_parameters, *raw.get("parameters", [])]
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
        response_is_text=response_is_text,
        response_has_etag=response_has_etag,
        uses_database=raw.get("x-database", True),
    )
    if operation.secured and not operation.uses_database:
        raise SystemExit(f"{operation.operation_id}: a secured operation reads its session")
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
    return pascal_case(tag) + "Handlers"


def argument_name(tag: str) -> str:
    return tag.replace("-", "_")


def member_name(value: str, varname: str | None) -> str:
    """`x-enum-varnames` when the spec gives one, else `-created_at` -> `CREATED_AT_DESC`."""
    if varname:
        return varname
    descending = value.startswith("-")
    name = "".join(c if c.isalnum() else "_" for c in value.lstrip("-")).upper()
    return name + "_DESC" if descending else name


def enum_aliases(spec: dict[str, Any], operations: list[Operation]) -> dict[str, list[str]]:
    """Alias name -> member lines, each enum once; two different enums may not share a name."""
    aliases: dict[str, list[str]] = {}
    seen: dict[str, list[Any]] = {}
    for operation in operations:
        for parameter in operation.parameters:
            if parameter.enum_alias is None:
                continue
            name, values = parameter.enum_alias
            if name in seen:
                if seen[name] != values:
                    raise SystemExit(f"two different enums are both named {name}")
                continue
            seen[name] = values
            varnames = enum_varnames(spec, name, len(values))
            aliases[name] = [
                f"    {member_name(value, varname)} = {value!r}"
                for value, varname in zip(values, varnames, strict=True)
            ]
    return aliases


def enum_varnames(spec: dict[str, Any], name: str, count: int) -> list[str | None]:
    schema = spec.get("components", {}).get("schemas", {}).get(name, {})
    names: list[str | None] = schema.get("x-enum-varnames") or [None] * count
    if len(names) != count:
        raise SystemExit(f"{name}: x-enum-varnames must name every value")
    return names


TYPE_IMPORTS = {
    "date": "from datetime import date",
    "StrEnum": "from enum import StrEnum",
    "UUID": "from uuid import UUID",
    "Rfc3339DateTime": "from hestami_api.core.schema_types import Rfc3339DateTime",
}


def type_imports(operations: list[Operation], *, enums: bool = True) -> tuple[list[str], list[str]]:
    """The (standard library, project) imports the parameter annotations need, no others."""
    used = {p.annotation for op in operations for p in op.parameters if p.enum_alias is None}
    if enums and any(p.enum_alias for op in operations for p in op.parameters):
        used.add("StrEnum")
    standard = [TYPE_IMPORTS[name] for name in ("date", "StrEnum", "UUID") if name in used]
    project = [TYPE_IMPORTS["Rfc3339DateTime"]] if "Rfc3339DateTime" in used else []
    return standard, project


def field_arguments(parameter: Parameter) -> list[str]:
    """The spec's constraints on ``parameter`` (and its name where Python's differs) as
    keyword arguments of FastAPI's ``Query``/``Path``/``Header`` or of pydantic's ``Field``."""
    arguments = [f"{key}={value!r}" for key, value in parameter.constraints.items()]
    if parameter.python_name != parameter.name:
        arguments.insert(0, f"alias={parameter.name!r}")
    return arguments


def default_code(parameter: Parameter, enums: str) -> str:
    """The default of an optional ``parameter``; ``enums``: where its enum's alias lives."""
    if parameter.enum_alias is not None and parameter.default_member is not None:
        return f"{enums}{parameter.annotation}.{parameter.default_member}"
    return repr(parameter.default)


def query_field(parameter: Parameter) -> str:
    """A field of a query-reading parameters object: its annotation carries the spec's
    constraints, as FastAPI's Query did."""
    annotation = parameter.full_annotation
    if arguments := field_arguments(parameter):
        annotation = f"Annotated[{annotation}, Field({', '.join(arguments)})]"
    field = f"    {parameter.python_name}: {annotation}"
    return field if parameter.required else f"{field} = {default_code(parameter, '')}"


def render_parameters(spec: dict[str, Any], operations: list[Operation]) -> str:
    standard, project = type_imports(operations)
    readers = any(operation.reads_itself for operation in operations)
    if readers:
        kinds = [
            kind
            for kind, used in (
                ("PathParameters", any(op.reads_path for op in operations)),
                ("QueryParameters", any(op.reads_query for op in operations)),
            )
            if used
        ]
        reader = f"from hestami_api.core.request_parameters import {', '.join(kinds)}"
        project = sorted([*project, reader])
    lines = [
        GENERATED_HEADER,
        '"""Typed parameters: one alias per enumerated parameter and one parameters object per',
        "operation with path, query or header parameters (what its handler receives). An",
        "operation with only query (or only path) parameters reads them with its ``*_QUERY``",
        '(``*_PATH``) reader."""',
        "",
        *sorted(
            ["from dataclasses import dataclass", *standard]
            + (["from typing import Annotated, Final"] if readers else [])
        ),
        *(["", "from pydantic import Field"] if readers else []),
        *(["", *project] if project or readers else []),
    ]
    for name, members in enum_aliases(spec, operations).items():
        lines += ["", "", f"class {name}(StrEnum):", *members]
    for operation in operations:
        if operation.params_class is None:
            continue
        reads_query, reads_itself = operation.reads_query, operation.reads_itself
        lines += [
            "",
            "",
            f"@dataclass(frozen=True, slots=True{', kw_only=True' if reads_query else ''})",
            f"class {operation.params_class}:",
            f'    """Parameters of {operation.method.upper()} {operation.path}."""',
            "",
            *(
                query_field(p) if reads_itself else f"    {p.python_name}: {p.full_annotation}"
                for p in operation.parameters
            ),
        ]
        if reads_itself:
            kind = "QueryParameters" if reads_query else "PathParameters"
            lines += ["", "", f"{operation.reader}: Final = {kind}({operation.params_class})"]
    return "\n".join(lines) + "\n"


def handler_signature(operation: Operation) -> str:
    """`self, ctx[, principal][, *, params][, body]` of a handler method."""
    positional = ["self", *(["ctx: RequestContext"] if operation.uses_database else [])]
    if operation.secured:
        positional.append("principal: Principal")
    keyword_only = []
    if operation.params_class:
        keyword_only.append(f"params: parameters.{operation.params_class}")
    if operation.body_model:
        annotation = f"models.{operation.body_model}"
        keyword_only.append(
            f"body: {annotation}" if operation.body_required else f"body: {annotation} | None"
        )
    return ", ".join(positional + (["*", *keyword_only] if keyword_only else []))


def endpoint_parameters(operation: Operation) -> list[str]:
    """The FastAPI endpoint parameters: dependencies, then path, query, header and body."""
    # An operation that only reads runs without BEGIN/COMMIT round trips.
    context = "ReadContext" if operation.method == "get" else "Context"
    required = [f"ctx: {context}"] if operation.uses_database else []
    if operation.secured:
        required.append("claims: Annotated[TokenClaims, Depends(access_claims)]")
    if operation.reads_itself:
        required.append("request: Request")
    with_defaults = []
    for parameter in [] if operation.reads_itself else operation.parameters:
        source = PARAMETER_SOURCES[parameter.location]
        prefix = "parameters." if parameter.enum_alias else ""
        field = f"{source}({', '.join(field_arguments(parameter))})"
        annotation = f"Annotated[{prefix}{parameter.full_annotation}, {field}]"
        if parameter.required:
            required.append(f"{parameter.python_name}: {annotation}")
        else:
            default = default_code(parameter, "parameters.")
            with_defaults.append(f"{parameter.python_name}: {annotation} = {default}")
    if operation.body_model:
        model = f"models.{operation.body_model}"
        if operation.body_is_form:
            required.append(f"body: Annotated[{model}, Form()]")
        elif operation.body_required:
            required.append(f"body: {model}")
        else:
            with_defaults.append(f"body: {model} | None = None")
    return required + with_defaults


def render_protocols(operations: list[Operation]) -> list[str]:
    lines: list[str] = []
    for tag in sorted({operation.tag for operation in operations}):
        lines += ["", "", f"class {class_name(tag)}(Protocol):"]
        for operation in (op for op in operations if op.tag == tag):
            returns = "None"
            if operation.response_model:
                model = f"models.{operation.response_model}"
                returns = f"{model} | Rendered[{model}]"
            if operation.response_is_text:
                returns = "str"
            signature = handler_signature(operation)
            lines += [
                f"    async def {operation.operation_id}({signature}) -> {returns}:",
                f'        """{operation.method.upper()} {operation.path}: {operation.summary}"""',
                "        ...",
                "",
            ]
        lines.pop()
    return lines


def render_router(operations: list[Operation]) -> list[str]:
    tags = sorted({operation.tag for operation in operations})
    arguments = ", ".join(f"{argument_name(tag)}: {class_name(tag)}" for tag in tags)
    lines = [
        "",
        "",
        f"def add_routes(router: APIRouter, *, {arguments}) -> None:",
        '    """Adds every operation to ``router`` (the app\'s own: an included router would',
        '    cost every request another matching pass)."""',
    ]
    for operation in operations:
        handler = f"{argument_name(operation.tag)}.{operation.operation_id}"
        roles = "".join(f", {role!r}" for role in operation.roles or [])
        body = []
        call_arguments = ["ctx"] if operation.uses_database else []
        if operation.secured:
            body.append(f"        principal = await principal_for(ctx, claims{roles})")
            call_arguments.append("principal")
        if operation.reads_itself:
            call_arguments.append("params=params")
        elif operation.params_class:
            values = ", ".join(f"{p.python_name}={p.python_name}" for p in operation.parameters)
            body.append(f"        params = parameters.{operation.params_class}({values})")
            call_arguments.append("params=params")
        if operation.body_model:
            call_arguments.append("body=body")
        call = f"await {handler}({', '.join(call_arguments)})"
        if operation.response_model:
            etag = ", etag=True" if operation.response_has_etag else ""
            body.append(f"        return json_response({call}, {operation.success_status}{etag})")
        elif operation.response_is_text:
            body.append(f"        return text_response({call}, {operation.success_status})")
        else:
            status = operation.success_status
            body += [f"        {call}", f"        return Response(status_code={status})"]
        if operation.uses_database:
            # The unit of work: ended (commit or rollback) before the response is sent.
            body = ["        async with transaction(ctx):", *(f"    {line}" for line in body)]
        if operation.reads_itself:
            # Validated before the transaction: a 422 costs no database work.
            body.insert(0, f"        params = parameters.{operation.reader}.read(request)")
        if operation.direct:
            # What FastAPI's dependencies would give, in their order (endpoint_parameters).
            made = []
            if operation.uses_database:
                maker = "read_context" if operation.method == "get" else "write_context"
                made.append(f"        ctx = await context_of(request, {maker})")
            if operation.secured:
                made.append("        claims = await access_claims(request)")
            body = made + body
            route = (
                f"    @direct_route(router, {operation.method.upper()!r}, {operation.path!r}, "
                f"{operation.operation_id!r})"
            )
            signature = "request: Request"
        else:
            route = (
                f"    @router.{operation.method}({operation.path!r}, "
                f"status_code={operation.success_status}, operation_id={operation.operation_id!r})"
            )
            signature = ", ".join(endpoint_parameters(operation))
        lines += [
            "",
            route,
            # Suffixed so an endpoint never shadows a handlers argument named like its tag.
            f"    async def {operation.operation_id}_endpoint({signature}) -> Response:",
            *body,
        ]

    return lines


GENERATED_HEADER = "# GENERATED by scripts/generate from openapi/openapi.yaml. Do not edit by hand."


def render_routes(operations: list[Operation]) -> str:
    uses = {
        "Form": any(op.body_is_form for op in operations),
        "Header": any(p.location == "header" for op in operations for p in op.parameters),
        "Path": any(
            p.location == "path" for op in operations if not op.reads_itself for p in op.parameters
        ),
        "Query": any(
            p.location == "query" for op in operations if not op.reads_itself for p in op.parameters
        ),
        "Request": any(op.reads_itself or op.direct for op in operations),
    }
    fastapi_names = ["APIRouter", "Depends", *(name for name, used in uses.items() if used)]
    standard, project = type_imports(operations, enums=False)
    direct_reads = any(op.direct and op.method == "get" for op in operations)
    direct_writes = any(op.direct and op.method != "get" for op in operations)
    header = [
        GENERATED_HEADER,
        '"""Route layer: handler Protocols per tag and the router that delegates to them."""',
        "",
        "from typing import Annotated, Protocol",
        *standard,
        "",
        f"from fastapi import {', '.join(fastapi_names)}, Response",
        "",
        "from hestami_api.auth.dependencies import Principal, access_claims, principal_for",
        "from hestami_api.auth.tokens import TokenClaims",
        "from hestami_api.core.context import (",
        "    Context,",
        "    ReadContext,",
        "    Rendered,",
        "    RequestContext,",
        "    json_response,",
        *(["    read_context,"] if direct_reads else []),
        *(["    text_response,"] if any(op.response_is_text for op in operations) else []),
        "    transaction,",
        *(["    write_context,"] if direct_writes else []),
        ")",
        "from hestami_api.core.routes import context_of, direct_route",
        *project,
        "from hestami_api.generated import models, parameters",
        "",
    ]
    return "\n".join(header + render_protocols(operations) + render_router(operations)) + "\n"


def render_operations(operations: list[Operation]) -> str:
    lines = [
        GENERATED_HEADER,
        '"""The operations of the spec: (method, path, tag, operationId) of each."""',
        "",
        "OPERATIONS = (",
        *(
            f"    ({op.method.upper()!r}, {op.path!r}, {op.tag!r}, {op.operation_id!r}),"
            for op in operations
        ),
        ")",
    ]
    return "\n".join(lines) + "\n"


def references(node: Any) -> Iterator[str]:
    """Every `$ref` anywhere inside ``node`` (a schema and its nested schemas)."""
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from references(value)
    elif isinstance(node, list):
        for value in node:
            yield from references(value)


def render_enums(spec: dict[str, Any]) -> str:
    """Every enumerated string schema of the spec as a Literal type of its values, for the
    database models' column types and CHECK constraints (the generated pydantic models inline
    the same values; query parameters get their StrEnums in parameters.py)."""
    lines = [
        GENERATED_HEADER,
        '"""The spec\'s enumerated schemas as Literal types (database columns and checks)."""',
        "",
        "from typing import Literal",
    ]
    schemas: dict[str, dict[str, Any]] = spec.get("components", {}).get("schemas", {})
    # Only the enums of data (a property of some object refers to them); sorts and other
    # query-only enums are the StrEnums of parameters.py.
    in_data = {
        ref_name(ref)
        for schema in schemas.values()
        for field in schema.get("properties", {}).values()
        for ref in references(field)
    }
    for name, schema in schemas.items():
        if name in in_data and schema.get("type") == "string" and "enum" in schema:
            values = ", ".join(repr(value) for value in schema["enum"])
            lines += ["", f"{name} = Literal[{values}]"]
    return "\n".join(lines) + "\n"


def main() -> None:
    spec_path, output_dir = Path(sys.argv[1]), Path(sys.argv[2])
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    operations = load_operations(spec)
    outputs = {
        "parameters.py": render_parameters(spec, operations),
        "enums.py": render_enums(spec),
        "routes.py": render_routes(operations),
        "operations.py": render_operations(operations),
        "openapi.json": json.dumps(spec, indent=1, ensure_ascii=False, sort_keys=False) + "\n",
    }
    for name, text in outputs.items():
        (output_dir / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
