"""The application shell: spec served verbatim, problem+json everywhere, headers, CORS."""

import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from hestami_api.core.problems import UNKNOWN_ROUTE_DETAIL
from hestami_api.generated.routes import OPERATIONS
from hestami_api.main import create_app

SPEC_PATH = Path(__file__).resolve().parents[4] / "openapi" / "openapi.yaml"


def assert_problem(response_body: dict[str, object], status: int) -> None:
    assert set(response_body) >= {"type", "title", "status", "detail"}
    assert response_body["status"] == status


def test_openapi_json_is_the_hand_written_spec(client: TestClient) -> None:
    response = client.get("/openapi.json")

    assert response.status_code == 200
    assert response.json() == yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def test_every_spec_operation_is_routed(client: TestClient) -> None:
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
        response = client.request(method, concrete)
        unrouted = response.status_code == 405 or (
            response.status_code == 404 and response.json()["detail"] == UNKNOWN_ROUTE_DETAIL
        )
        assert not unrouted, f"{method} {path} is not routed"


def test_swagger_ui_and_redoc_are_served(client: TestClient) -> None:
    docs = client.get("/docs")
    redoc = client.get("/redoc")

    assert docs.status_code == 200
    assert "swagger-ui" in docs.text
    assert "/openapi.json" in docs.text
    assert redoc.status_code == 200
    assert "redoc" in redoc.text.lower()


def test_unknown_route_is_a_problem(client: TestClient) -> None:
    response = client.get("/no/such/route")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert_problem(response.json(), 404)


def test_wrong_method_is_a_problem_with_allow(client: TestClient) -> None:
    response = client.delete("/users/me")

    assert response.status_code == 405
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["allow"] == "GET, PUT"
    assert_problem(response.json(), 405)


def test_validation_error_lists_each_error(client: TestClient) -> None:
    response = client.post("/auth/register", json={"username": "ab", "unexpected": 1})

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
def test_unreadable_body_is_a_400_problem(client: TestClient, raw_body: bytes) -> None:
    response = client.post(
        "/auth/refresh", content=raw_body, headers={"content-type": "application/json"}
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert_problem(response.json(), 400)


def test_security_headers_on_every_response(client: TestClient) -> None:
    for response in (client.get("/health"), client.get("/nope"), client.get("/docs")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert client.get("/health").headers["cache-control"] == "no-store"


def test_unexpected_error_is_a_bare_500_problem(client: TestClient) -> None:
    app = client.app

    @app.get("/boom")  # type: ignore[attr-defined,misc]
    def boom() -> None:
        raise RuntimeError("secret internals: SELECT * FROM auth.users")

    response = client.get("/boom")

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "SELECT" not in response.text
    assert "Traceback" not in response.text
    assert_problem(response.json(), 500)


def test_cors_allows_only_configured_origins(
    monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    from hestami_api.core.config import Settings

    app = create_app(Settings(cors_origins="https://app.hestami.test"))  # type: ignore[arg-type]
    with TestClient(app) as cors_client:
        preflight = {"access-control-request-method": "POST"}
        allowed = cors_client.options(
            "/auth/login", headers={"origin": "https://app.hestami.test", **preflight}
        )
        refused = cors_client.options(
            "/auth/login", headers={"origin": "https://evil.example", **preflight}
        )

    assert allowed.headers["access-control-allow-origin"] == "https://app.hestami.test"
    assert "access-control-allow-origin" not in refused.headers
    assert refused.status_code == 400
    assert refused.headers["content-type"] == "application/problem+json"


def test_generated_spec_copy_matches_yaml() -> None:
    generated = Path(__file__).resolve().parents[2] / "hestami_api" / "generated" / "openapi.json"

    assert json.loads(generated.read_text("utf-8")) == yaml.safe_load(SPEC_PATH.read_text("utf-8"))


def test_oversized_body_is_a_413_problem(client: TestClient) -> None:
    response = client.post(
        "/auth/register",
        content=b'{"username": "' + b"a" * (300 * 1024) + b'"}',
        headers={"content-type": "application/json"},
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert_problem(response.json(), 413)


def test_oversized_chunked_body_is_a_413_problem(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"username": "'
        for _ in range(40):
            yield b"a" * 8192
        yield b'"}'

    response = client.post(
        "/auth/register", content=chunks(), headers={"content-type": "application/json"}
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
