"""Each marketplace operation is for one role (its ``x-roles``): any other role gets 403
before the id or the body is looked at."""

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.auth.models import ROLES
from tests.factories import make_logged_in
from tests.marketplace.factories import property_body, service_body

SOME_ID = uuid.UUID(int=1)

# (the role allowed, method, path, a valid body)
OPERATIONS: list[tuple[str, str, str, dict[str, Any] | None]] = [
    ("homeowner", "GET", "/homeowners/properties", None),
    ("homeowner", "POST", "/homeowners/properties", property_body()),
    ("homeowner", "GET", f"/homeowners/properties/{SOME_ID}", None),
    ("homeowner", "PUT", f"/homeowners/properties/{SOME_ID}", property_body()),
    ("homeowner", "DELETE", f"/homeowners/properties/{SOME_ID}", None),
    ("homeowner", "GET", "/homeowners/inquiries", None),
    ("homeowner", "POST", "/homeowners/inquiries", {"service_id": str(SOME_ID), "message": "Hi"}),
    ("homeowner", "PATCH", f"/homeowners/inquiries/{SOME_ID}", {"status": "cancelled"}),
    ("service_provider", "GET", "/service-providers/services", None),
    ("service_provider", "POST", "/service-providers/services", service_body()),
    ("service_provider", "GET", f"/service-providers/services/{SOME_ID}", None),
    ("service_provider", "PUT", f"/service-providers/services/{SOME_ID}", service_body()),
    ("service_provider", "DELETE", f"/service-providers/services/{SOME_ID}", None),
    ("service_provider", "GET", "/service-providers/profile", None),
    ("service_provider", "PUT", "/service-providers/profile", {"business_name": "Pat's Pipes"}),
    ("service_provider", "GET", "/service-providers/inquiries", None),
    (
        "service_provider",
        "PATCH",
        f"/service-providers/inquiries/{SOME_ID}",
        {"status": "accepted"},
    ),
]


@pytest.mark.parametrize(
    ("role", "method", "path", "body"),
    [
        (role, method, path, body)
        for allowed, method, path, body in OPERATIONS
        for role in ROLES
        if role != allowed
    ],
)
async def test_other_roles_are_forbidden(
    client: httpx.AsyncClient,
    db: AsyncSession,
    role: str,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    someone = await make_logged_in(client, db, role=role)  # type: ignore[arg-type]

    response = await client.request(method, path, headers=someone.headers, json=body)

    assert response.status_code == 403
