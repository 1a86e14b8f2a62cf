"""The form Swagger UI's Authorize dialog posts (OAuth2 password flow) is accepted."""

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import DEFAULT_PASSWORD, make_user


def test_swagger_authorize_form_logs_in(client: TestClient, db: Session) -> None:
    user = make_user(db)
    spec = client.get("/openapi.json").json()
    flow = spec["components"]["securitySchemes"]["OAuth2PasswordBearer"]["flows"]["password"]

    response = client.post(
        flow["tokenUrl"],
        content=(
            f"grant_type=password&username={user.username}&password="
            f"{DEFAULT_PASSWORD.replace(' ', '+')}&scope=&client_id=&client_secret="
        ),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 200, response.text
    assert response.json()["token_type"] == "bearer"
