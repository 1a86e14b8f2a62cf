"""Finding 6, against a real API process: a NUL byte in the login form's username and a
non-IP ``X-Forwarded-For`` longer than 45 characters from a trusted proxy get a 4xx (or
are ignored), never a 500.

The tests connect from 127.0.0.1, which is the process's trusted proxy (uvicorn's
FORWARDED_ALLOW_IPS default), exactly as Traefik would.
"""

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import api_process
from tests.factories import DEFAULT_PASSWORD, register_live

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api(live_database_url: str) -> Iterator[str]:
    with api_process(
        live_database_url, RATE_LIMIT_ENABLED="false", FORWARDED_ALLOW_IPS="127.0.0.1"
    ) as url:
        yield url


@pytest.fixture(scope="module")
def account(api: str) -> str:
    username: str = register_live(api)["username"]
    return username


@pytest.mark.parametrize(
    "username",
    [
        "nul\x00byte",
        "\x00",
        "jane\x00.doe@example.com",
        "tab\there",
        "bell\x07",
    ],
)
def test_control_characters_in_the_login_username_are_a_4xx(api: str, username: str) -> None:
    response = httpx.post(f"{api}/auth/login", data={"username": username, "password": "x"})

    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_nul_byte_in_the_password_is_not_a_500(api: str, account: str) -> None:
    response = httpx.post(
        f"{api}/auth/login", data={"username": account, "password": DEFAULT_PASSWORD + "\x00"}
    )

    assert response.status_code == 401, response.text


@pytest.mark.parametrize(
    "forwarded",
    [
        "x" * 46,
        "not-an-ip-" * 10,
        "2001:0db8:0000:0000:0000:ff00:0042:8329%eth0-is-a-long-zone-id",
        "198.51.100.7, " + "y" * 60,
        "\x01" * 50,  # refused by the HTTP parser already
    ],
)
def test_an_odd_forwarded_for_from_a_trusted_proxy_is_not_a_500(
    api: str, account: str, forwarded: str
) -> None:
    headers = {"X-Forwarded-For": forwarded}
    login = httpx.post(
        f"{api}/auth/login",
        data={"username": account, "password": DEFAULT_PASSWORD},
        headers=headers,
    )
    assert login.status_code < 500, login.text
    failed = httpx.post(
        f"{api}/auth/login", data={"username": account, "password": "wrong"}, headers=headers
    )
    assert failed.status_code < 500, failed.text


def test_a_valid_forwarded_address_is_still_recorded(api: str, account: str) -> None:
    """The fix must not turn real client addresses away."""
    address = "2001:db8:85a3::8a2e:370:7334"
    login = httpx.post(
        f"{api}/auth/login",
        data={"username": account, "password": DEFAULT_PASSWORD},
        headers={"X-Forwarded-For": address},
    )
    assert login.status_code == 200, login.text
