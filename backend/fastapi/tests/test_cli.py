"""The hestami-api command line, run as a real process against the live test database."""

import os
import subprocess
import uuid

import httpx
import pytest

from tests.conftest import api_process, run_cli
from tests.factories import bearer, log_in_live

pytestmark = pytest.mark.slow

STAFF_PASSWORD = "a staff passphrase of some length"


def run_cli_on(
    database_url: str, *arguments: str, **environment: str
) -> subprocess.CompletedProcess[str]:
    return run_cli(
        *arguments,
        env=os.environ | {"DATABASE_URL": database_url, "BCRYPT_ROUNDS": "4"} | environment,
    )


def test_create_staff_makes_an_account_that_can_use_staff_endpoints(live_database_url: str) -> None:
    username = f"staff_{uuid.uuid4().hex[:8]}"

    created = run_cli_on(
        live_database_url,
        "create-staff",
        "--username",
        username,
        "--email",
        f"{username}@example.com",
        HESTAMI_STAFF_PASSWORD=STAFF_PASSWORD,
    )

    assert created.returncode == 0, created.stderr
    with api_process(live_database_url, RATE_LIMIT_ENABLED="false") as url:
        token = log_in_live(url, username, STAFF_PASSWORD)["access_token"]
        stats = httpx.get(f"{url}/admin/stats", headers=bearer(token))
    assert stats.status_code == 200


def test_create_staff_refuses_a_weak_password(live_database_url: str) -> None:
    result = run_cli_on(
        live_database_url,
        "create-staff",
        "--username",
        "weakling",
        "--email",
        "w@example.com",
        HESTAMI_STAFF_PASSWORD="password1234",
    )

    assert result.returncode == 1
    assert "too common" in result.stderr


def test_seed_demo_is_idempotent(live_database_url: str) -> None:
    first = run_cli_on(live_database_url, "seed-demo")
    second = run_cli_on(live_database_url, "seed-demo")

    assert first.returncode == 0, first.stderr
    assert "created" in first.stdout
    assert second.returncode == 0, second.stderr
    assert "nothing created" in second.stdout
