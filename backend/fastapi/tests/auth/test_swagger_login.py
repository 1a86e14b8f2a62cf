"""The form Swagger UI's Authorize dialog posts (OAuth2 password flow) is accepted."""

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import DEFAULT_PASSWORD, make_user


async def test_swagger_authorize_form_logs_in(client: httpx.AsyncClient, db: AsyncSession) -> None:
    user = await make_user(db)
    spec = (await client.get("/openapi.json")).json()
    flow = spec["components"]["securitySchemes"]["OAuth2PasswordBearer"]["flows"]["password"]

    response = await client.post(
        flow["tokenUrl"],
        content=(
            f"grant_type=password&username={user.username}&password="
            f"{DEFAULT_PASSWORD.replace(' ', '+')}&scope=&client_id=&client_secret="
        ),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 200, response.text
    assert response.json()["token_type"] == "bearer"
