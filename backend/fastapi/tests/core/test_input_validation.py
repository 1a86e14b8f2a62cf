"""Input rules the schema states: no control characters (C0 or C1) or markup in plain text,
no coercion between JSON booleans and numbers."""

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import LoggedIn, make_logged_in, registration
from tests.marketplace.factories import property_body


@pytest.mark.parametrize("full_name", ["Jo\u0085Doe", "Jo\u009bDoe", "Jo\x07Doe", "<b>Jo</b>"])
async def test_plain_text_rejects_control_characters_and_markup(
    client: httpx.AsyncClient, full_name: str
) -> None:
    response = await client.post(
        "/auth/register",
        json=registration(full_name=full_name),
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "full_name"]


@pytest.mark.parametrize(("field", "value"), [("bedrooms", True), ("bathrooms", False)])
async def test_booleans_are_not_numbers(
    client: httpx.AsyncClient, db: AsyncSession, field: str, value: bool
) -> None:
    owner = await make_logged_in(client, db)
    body = property_body(**{field: value})

    response = await client.post("/homeowners/properties", headers=owner.headers, json=body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", field]


async def test_integers_accept_whole_floats(client: httpx.AsyncClient, db: AsyncSession) -> None:
    owner = await make_logged_in(client, db)
    body = property_body(year_built=1799.0)

    response = await client.post("/homeowners/properties", headers=owner.headers, json=body)

    assert response.status_code == 201, response.text
    assert response.json()["year_built"] == 1799


async def test_optional_fields_may_be_omitted_but_not_null(
    client: httpx.AsyncClient, db: AsyncSession, staff: LoggedIn
) -> None:
    target = await make_logged_in(client, db)

    response = await client.patch(
        f"/admin/users/{target.user.id}",
        headers=staff.headers,
        json={"role": "service_provider", "is_active": None},
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "is_active"]


@pytest.mark.parametrize("until", ["0.5", "1700000000", "2026-01-01", "2026-01-01T10:00:00"])
async def test_date_time_parameters_must_be_rfc3339_with_zone(
    client: httpx.AsyncClient, db: AsyncSession, until: str, staff: LoggedIn
) -> None:
    response = await client.get("/admin/audit-logs", headers=staff.headers, params={"until": until})

    assert response.status_code == 422
