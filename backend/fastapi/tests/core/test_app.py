"""The application shell: spec served verbatim, problem+json everywhere, headers, CORS."""

import json
import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import yaml
from starlette.types import ASGIApp

from hestami_api.core.problems import UNKNOWN_ROUTE_DETAIL
from hestami_api.generated.operations import OPERATIONS
from hestami_api.main import create_app

SPEC_PATH = Path(__file__).resolve().parents[4] / "openapi" / "openapi.yaml"


def assert_problem(response_body: dict[str, object], status: int) -> None:
    assert set(response_body) >= {"type", "title", "status", "detail"}
    assert response_body["status"] == status


async def test_openapi_json_is_the_hand_written_spec(client: httpx.AsyncClient) -> None:
    response = await client.get("/openapi.json")

    assert response.status_code == 200
    assert response.json() == yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


async def test_every_spec_operation_is_routed(client: httpx.AsyncClient) -> None:
    spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    in_spec = {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method != "parameters"
    }
    assert in_spec == {(method, path) for method, path, _, _ in OPERATIONS}

    for method, path in sorted(in_spec):
        concrete = re.sub(r"\{[a-z_]+\}", str(uuid.uuid4()), path)
        response = await client.request(method, concrete)
        unrouted = response.status_code == 405 or (
            response.status_code == 404 and response.json()["detail"] == UNKNOWN_ROUTE_DETAIL
        )
        assert not unrouted, f"{method} {path} is not routed"


async def test_swagger_ui_and_redoc_are_served(client: httpx.AsyncClient) -> None:
    docs = await client.get("/docs")
    redoc = await client.get("/redoc")

    assert docs.status_code == 200
    assert "swagger-ui" in docs.text
    assert "/openapi.json" in docs.text
    assert redoc.status_code == 200
    assert "redoc" in redoc.text.lower()


async def test_unknown_route_is_a_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/no/such/route")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert_problem(response.json(), 404)


async def test_wrong_method_is_a_problem_with_allow(client: httpx.AsyncClient) -> None:
    response = await client.delete("/users/me")

    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["allow"] == "GET, PUT"
    assert_problem(response.json(), 405)


@pytest.mark.parametrize(
    "path",
    ["/users/me", f"/services/{uuid.uuid4()}"],
    ids=["plain-route", "fastapi-route"],  # core/routes.py: both kinds the generator makes
)
async def test_head_is_not_served_where_the_spec_has_only_get(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.head(path)

    assert response.status_code == 405
    assert response.headers["allow"].startswith("GET")


async def test_validation_error_lists_each_error(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/register", json={"username": "ab", "unexpected": 1})

    assert response.status_code == 422
    body = response.json()
    assert_problem(body, 422)
    locations = {tuple(error["loc"]) for error in body["errors"]}
    assert ("body", "unexpected") in locations  # unknown fields are rejected
    assert ("body", "email") in locations
    assert all(set(error) == {"loc", "msg", "type"} for error in body["errors"])


@pytest.mark.parametrize(
    "raw_body",
    [b"{not json", b"\xff\xfe\x00garbage"],
    ids=["malformed-json", "not-utf8"],
)
async def test_unreadable_body_is_a_400_problem(client: httpx.AsyncClient, raw_body: bytes) -> None:
    response = await client.post(
        "/auth/refresh", content=raw_body, headers={"content-type": "application/json"}
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert_problem(response.json(), 400)


async def test_security_headers_on_every_response(client: httpx.AsyncClient) -> None:
    for response in (
        await client.get("/health"),
        await client.get("/nope"),
        await client.get("/docs"),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert (await client.get("/health")).headers["cache-control"] == "no-store"


def asgi_client(app: ASGIApp) -> httpx.AsyncClient:
    """An in-process client for an app built by the test itself; server errors become 500s."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_unexpected_error_is_a_bare_500_problem(database_url: str) -> None:
    app = create_app()

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals: SELECT * FROM auth.users")

    async with asgi_client(app) as client:
        response = await client.get("/boom")

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "SELECT" not in response.text
    assert "Traceback" not in response.text
    assert_problem(response.json(), 500)


async def test_cors_allows_only_configured_origins(
    monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    from hestami_api.core.config import Settings

    app = create_app(Settings(cors_origins="https://app.hestami.test"))
    async with asgi_client(app) as cors_client:
        preflight = {"access-control-request-method": "POST"}
        allowed = await cors_client.options(
            "/auth/login", headers={"origin": "https://app.hestami.test", **preflight}
        )
        refused = await cors_client.options(
            "/auth/login", headers={"origin": "https://evil.example", **preflight}
        )

    assert allowed.headers["access-control-allow-origin"] == "https://app.hestami.test"
    assert "access-control-allow-origin" not in refused.headers
    assert refused.status_code == 400
    assert refused.headers["content-type"] == "application/problem+json"


def test_generated_spec_copy_matches_yaml() -> None:
    generated = Path(__file__).resolve().parents[2] / "hestami_api" / "generated" / "openapi.json"

    assert json.loads(generated.read_text("utf-8")) == yaml.safe_load(SPEC_PATH.read_text("utf-8"))


async def test_oversized_body_is_a_413_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/auth/register",
        content=b'{"username": "' + b"a" * (300 * 1024) + b'"}',
        headers={"content-type": "application/json"},
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert_problem(response.json(), 413)


async def test_oversized_chunked_body_is_a_413_problem(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"username": "'
        for _ in range(40):
            yield b"a" * 8192
        yield b'"}'

    response = await client.post(
        "/auth/register", content=chunks(), headers={"content-type": "application/json"}
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
