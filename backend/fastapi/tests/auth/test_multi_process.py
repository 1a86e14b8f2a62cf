"""Behaviour that must hold across real API processes sharing PostgreSQL and Redis."""

import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import redis

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


@pytest.fixture
def shared_redis(redis_url: str) -> str:
    url = f"{redis_url}/14"
    with redis.Redis.from_url(url) as client:
        client.flushdb()
    return url


def test_rate_limits_are_shared_between_processes(
    live_database_url: str, shared_redis: str
) -> None:
    limits = {
        "REDIS_URL": shared_redis,
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
                data={"username": "nobody", "password": "whatever it is"},
                timeout=30,
            )
            for base_url in (first, second, first, second, first)
        ]

    assert [response.status_code for response in responses] == [401, 401, 401, 401, 429]
    limited = responses[-1]
    assert limited.headers["content-type"] == "application/problem+json"
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.json()["status"] == 429
