"""Requests the spec or the rules reject are 422 problems, and store nothing."""

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from hestami_api.core.db import Base
from hestami_api.offerings.models import Offering
from hestami_api.properties.models import Property
from hestami_api.provider_profiles.models import ProviderProfile
from tests.factories import make_logged_in
from tests.marketplace.factories import profile_body, property_body, service_body

BAD_PROPERTIES = [
    {"name": "<b>x</b>"}, {"bathrooms": 101}, {"country": "us"}, {"name": ""},
    {"owner_id": str(uuid.UUID(int=1))}, {"description": "bell\x07"}, {"year_built": 1500},
]  # fmt: skip
BAD_SERVICES = [
    {"price_min": -1}, {"price_max": 10_000_001}, {"category": "astrology"}, {"title": "a<b"},
    {"price_unit": "per_year"}, {"provider_id": str(uuid.UUID(int=1))}, {"postal_code": "7"},
]  # fmt: skip
BAD_PROFILES = [
    {"website": "javascript:alert(1)"}, {"website": "ftp://x.example.com"},
    {"website": "https://x.example.com/<script>"}, {"phone": "call me"},
    {"website": "https://m\u00fcnchen.example"}, {"website": "https://x.example/\u008e"},
    {"business_name": ""}, {"business_name": "<b>"}, {"service_area": "\x00"}, {"rating": 5},
]  # fmt: skip


@pytest.mark.parametrize(
    ("role", "method", "path", "body", "stored_in"),
    [
        *[("homeowner", "POST", "/homeowners/properties", property_body(**bad), Property)
          for bad in BAD_PROPERTIES],
        *[("service_provider", "POST", "/service-providers/services", service_body(**bad),
           Offering) for bad in BAD_SERVICES],
        *[("service_provider", "PUT", "/service-providers/profile", profile_body(**bad),
           ProviderProfile) for bad in BAD_PROFILES],
    ],
)  # fmt: skip
async def test_bad_bodies_are_422(
    client: httpx.AsyncClient,
    db: AsyncSession,
    role: str,
    method: str,
    path: str,
    body: dict[str, Any],
    stored_in: type[Base],
) -> None:
    someone = await make_logged_in(client, db, role=role)  # type: ignore[arg-type]

    response = await client.request(method, path, headers=someone.headers, json=body)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert await db.scalar(select(func.count()).select_from(stored_in)) == 0


@pytest.mark.parametrize(
    ("role", "path", "query"),
    [
        *[("homeowner", "/homeowners/properties", query) for query in [
            "limit=0", "limit=101", "offset=-1", "offset=1000001", "sort=owner_id", "q=a%00b",
            "property_type=castle", "postal_code=%3Cscript%3E", "q=" + "x" * 201]],
        *[("homeowner", "/services", query) for query in [
            "min_price=-1", "max_price=10000001", "min_price=abc", "min_price=nan",
            "max_price=inf", "sort=price", "provider_id=nope", "category=astrology", "limit=101",
            "offset=1000001", "q=%00", "q=a%0Ab", "city=%3Cb%3E"]],
    ],
)  # fmt: skip
async def test_bad_list_parameters_are_422_problems(
    client: httpx.AsyncClient, db: AsyncSession, role: str, path: str, query: str
) -> None:
    someone = await make_logged_in(client, db, role=role)  # type: ignore[arg-type]

    response = await client.get(f"{path}?{query}", headers=someone.headers)

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
