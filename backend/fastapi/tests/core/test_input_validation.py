"""Input rules the schema states: no control characters (C0 or C1) or markup in plain text,
no coercion between JSON booleans and numbers."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import make_logged_in


@pytest.mark.parametrize("full_name", ["Jo\u0085Doe", "Jo\u009bDoe", "Jo\x07Doe", "<b>Jo</b>"])
def test_plain_text_rejects_control_characters_and_markup(
    client: TestClient, full_name: str
) -> None:
    response = client.post(
        "/auth/register",
        json={
            "username": "plain_text",
            "email": "plain@example.com",
            "password": "a long enough passphrase",
            "role": "homeowner",
            "full_name": full_name,
        },
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "full_name"]


@pytest.mark.parametrize(("field", "value"), [("bedrooms", True), ("bathrooms", False)])
def test_booleans_are_not_numbers(client: TestClient, db: Session, field: str, value: bool) -> None:
    owner = make_logged_in(client, db)
    body = {
        "name": "Cabin",
        "address_line1": "1 Lake Rd",
        "city": "Austin",
        "state": "TX",
        "postal_code": "78701",
        "property_type": "other",
        field: value,
    }

    response = client.post("/homeowners/properties", headers=owner.headers, json=body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", field]
