"""Behaviour that must hold across real API processes sharing PostgreSQL and Redis."""

import ipaddress
import secrets
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.conftest import api_process
from tests.factories import registration

pytestmark = pytest.mark.slow


def register(base_url: str, username: str, index: int) -> int:
    response = httpx.post(
        f"{base_url}/auth/register",
        json=registration(username=username, email=f"racer{index}@example.com"),
        timeout=60,
    )
    return response.status_code


def test_concurrent_registrations_of_one_username(live_database_url: str) -> None:
    username = f"race_{uuid.uuid4().hex[:8]}"
    with (
        api_process(live_database_url, BCRYPT_ROUNDS="4", RATE_LIMIT_ENABLED="false") as first,
        api_process(live_database_url, BCRYPT_ROUNDS="4", RATE_LIMIT_ENABLED="false") as second,
        ThreadPoolExecutor(max_workers=50) as pool,
    ):
        statuses = Counter(
            pool.map(
                lambda i: register(first if i % 2 else second, username, i),
                range(100),
            )
        )

    assert statuses == Counter({201: 1, 409: 99})


def test_rate_limits_are_shared_between_processes(live_database_url: str, redis_url: str) -> None:
    # The Redis may serve other test runs (other checkouts, parallel workers) at the same
    # time, and the processes use the app's fixed key prefix: an account name and a client
    # network (IPv6 is limited per /64) of this run's own, the address forwarded by the
    # trusted proxy 127.0.0.1, keep its counters apart from theirs.
    username = f"nobody_{secrets.token_hex(6)}"
    client_address = str(ipaddress.IPv6Address("2001:db8::") + (secrets.randbits(32) << 64))
    limits = {
        "REDIS_URL": f"{redis_url}/14",
        "RATE_LIMIT_ENABLED": "true",
        "RATE_LIMIT_LOGIN_IP": "4/minute",
        "RATE_LIMIT_LOGIN_ACCOUNT": "100/minute",
    }
    with (
        api_process(live_database_url, **limits) as first,
        api_process(live_database_url, **limits) as second,
    ):
        responses = [
            httpx.post(
                f"{base_url}/auth/login",
                data={"username": username, "password": "whatever it is"},
                headers={"X-Forwarded-For": client_address},
                timeout=30,
            )
            for base_url in (first, second, first, second, first)
        ]

    assert [response.status_code for response in responses] == [401, 401, 401, 401, 429]
    limited = responses[-1]
    assert limited.headers["content-type"] == "application/problem+json"
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.json()["status"] == 429
