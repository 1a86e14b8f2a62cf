"""RateLimiter with memory and real Redis storage, and RateLimitMiddleware on a small app."""

import asyncio
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator

import httpx
import pytest
import redis
import structlog
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from hestami_api.core import config
from hestami_api.core import rate_limit as rate_limit_module
from hestami_api.core.config import Settings
from hestami_api.core.errors import RateLimitedError
from hestami_api.core.rate_limit import (
    RateLimiter,
    RateLimitMiddleware,
    account_key,
    client_key,
    get_rate_limiter,
)

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def make_settings(**overrides: object) -> Settings:
    """Settings from explicit values only: the process environment is not read."""
    values: dict[str, object] = {
        "redis_url": None,
        "rate_limit_enabled": True,
        "rate_limit_login_ip": "20/minute",
        "rate_limit_login_account": "10/minute",
        "rate_limit_register": "10/hour",
        "rate_limit_reset": "5/hour",
        "rate_limit_default": "300/minute",
    }
    values |= overrides
    return Settings.model_validate(values)


def retry_after(error: pytest.ExceptionInfo[RateLimitedError]) -> int:
    headers = error.value.headers
    assert headers is not None
    return int(headers["Retry-After"])


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# --- memory storage --------------------------------------------------------------------


def test_limit_exceeded_raises_with_retry_after_from_window_reset() -> None:
    limiter = RateLimiter(make_settings())
    for _ in range(3):
        limiter.hit("3/minute", "test", "client-a")

    with pytest.raises(RateLimitedError) as caught:
        limiter.hit("3/minute", "test", "client-a")

    assert 1 <= retry_after(caught) <= 60
    assert caught.value.status == 429


def test_retry_after_counts_down_to_the_end_of_the_window() -> None:
    limiter = RateLimiter(make_settings())
    limiter.hit("1/hour", "test", "client-a")

    with pytest.raises(RateLimitedError) as caught:
        limiter.hit("1/hour", "test", "client-a")

    assert 3590 <= retry_after(caught) <= 3600


def test_identifiers_and_namespaces_count_separately() -> None:
    limiter = RateLimiter(
        make_settings(rate_limit_login_ip="1/minute", rate_limit_register="1/minute")
    )
    limiter.hit_login_ip("192.0.2.1")
    limiter.hit_login_ip("192.0.2.2")  # another client
    limiter.hit_register("192.0.2.1")  # same client, same rate, another limit

    with pytest.raises(RateLimitedError):
        limiter.hit_login_ip("192.0.2.1")
    with pytest.raises(RateLimitedError):
        limiter.hit_register("192.0.2.1")


def test_disabled_limiter_never_raises() -> None:
    limiter = RateLimiter(make_settings(rate_limit_enabled=False, rate_limit_login_ip="1/hour"))
    for _ in range(50):
        limiter.hit("1/hour", "test", "client-a")
        limiter.hit_login_ip("192.0.2.1")
        limiter.hit_default("192.0.2.1")


def test_named_limits_use_their_settings() -> None:
    limiter = RateLimiter(
        make_settings(
            rate_limit_login_ip="4/minute",
            rate_limit_login_account="2/minute",
            rate_limit_register="3/hour",
            rate_limit_reset="1/hour",
            rate_limit_default="5/minute",
        )
    )
    cases: list[tuple[Callable[[str], None], int]] = [
        (limiter.hit_login_ip, 4),
        (limiter.hit_login_account, 2),
        (limiter.hit_register, 3),
        (limiter.hit_reset_password, 1),
        (limiter.hit_default, 5),
    ]
    for hit, allowed in cases:
        for _ in range(allowed):
            hit("198.51.100.7")
        with pytest.raises(RateLimitedError):
            hit("198.51.100.7")


def test_login_account_limit_ignores_case_of_the_typed_name() -> None:
    limiter = RateLimiter(make_settings(rate_limit_login_account="2/minute"))
    limiter.hit_login_account("Ana@Example.org")
    limiter.hit_login_account("ana@example.org")

    with pytest.raises(RateLimitedError):
        limiter.hit_login_account("ANA@EXAMPLE.ORG")
    limiter.hit_login_account("bob@example.org")
    assert account_key("Ana") == account_key("ANA") != account_key("Ana ")


def test_ipv6_clients_count_per_64_and_mapped_ipv4_as_ipv4() -> None:
    assert client_key("2001:db8::1") == client_key("2001:db8::ffff:1") == "2001:db8::/64"
    assert client_key("2001:db8:0:1::1") != client_key("2001:db8::1")
    assert client_key("::ffff:192.0.2.1") == client_key("192.0.2.1") == "192.0.2.1"
    assert client_key(None) == "unknown"

    limiter = RateLimiter(make_settings(rate_limit_default="2/minute"))
    limiter.hit_default("2001:db8::1")
    limiter.hit_default("2001:db8::2")
    with pytest.raises(RateLimitedError):
        limiter.hit_default("2001:db8::3")
    limiter.hit_default("2001:db8:0:1::1")


@pytest.mark.parametrize("bad", ["lots", "10/fortnight", "10/minute;100/hour", ""])
def test_malformed_limit_setting_fails_at_construction(bad: str) -> None:
    with pytest.raises(ValueError, match="RATE_LIMIT_LOGIN_IP: invalid rate limit"):
        RateLimiter(make_settings(rate_limit_login_ip=bad))


# --- Redis storage ---------------------------------------------------------------------


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix unique to this test in Redis db 15; its keys are deleted afterwards."""
    client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        pytest.skip(f"Redis is not reachable at {REDIS_TEST_URL}: {exc}")
    prefix = f"hestami-test:{uuid.uuid4().hex}"
    yield prefix
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def redis_keys(prefix: str) -> list[str]:
    with redis.Redis.from_url(REDIS_TEST_URL, decode_responses=True) as client:
        return sorted(client.scan_iter(match=f"{prefix}:*"))


def test_two_processes_share_counters_through_redis(redis_prefix: str) -> None:
    settings = make_settings(redis_url=REDIS_TEST_URL, rate_limit_login_account="5/minute")
    first = RateLimiter(settings, key_prefix=redis_prefix)
    second = RateLimiter(settings, key_prefix=redis_prefix)  # as if in another process
    assert first.uses_network

    for _ in range(3):
        first.hit_login_account("ana")
    second.hit_login_account("ANA")
    second.hit_login_account("ana")
    with pytest.raises(RateLimitedError) as caught:
        second.hit_login_account("ana")
    with pytest.raises(RateLimitedError):
        first.hit_login_account("ana")

    assert 1 <= retry_after(caught) <= 60
    assert redis_keys(redis_prefix) == [
        f"{redis_prefix}:LIMITER/login-account/{account_key('ana')}/5/1/minute"
    ]


def test_disabled_limiter_does_not_touch_redis(redis_prefix: str) -> None:
    limiter = RateLimiter(
        make_settings(redis_url=REDIS_TEST_URL, rate_limit_enabled=False),
        key_prefix=redis_prefix,
    )
    for _ in range(10):
        limiter.hit("1/minute", "test", "client-a")
    assert redis_keys(redis_prefix) == []


def test_unreachable_redis_fails_open_for_default_and_local_for_auth_limits() -> None:
    settings = make_settings(
        redis_url=f"redis://127.0.0.1:{unused_port()}/0",
        rate_limit_default="1/minute",
        rate_limit_login_ip="2/minute",
    )
    limiter = RateLimiter(settings)
    with structlog.testing.capture_logs() as logs:
        for _ in range(5):
            limiter.hit_default("192.0.2.1")  # fails open: no 500, no 429
        limiter.hit_login_ip("192.0.2.1")
        limiter.hit_login_ip("192.0.2.1")
        with pytest.raises(RateLimitedError):  # still enforced, with per-process counters
            limiter.hit_login_ip("192.0.2.1")

    warnings = [entry for entry in logs if entry["event"] == "rate_limit_storage_unavailable"]
    assert warnings
    assert warnings[0]["log_level"] == "warning"
    assert warnings[0]["error"] == "ConnectionError"


def test_hanging_redis_costs_one_timeout_then_is_skipped() -> None:
    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]
        limiter = RateLimiter(make_settings(redis_url=f"redis://127.0.0.1:{port}/0"))

        started = time.monotonic()
        limiter.hit_default("192.0.2.1")
        first = time.monotonic() - started
        started = time.monotonic()
        for _ in range(50):
            limiter.hit_default("192.0.2.1")
        following = time.monotonic() - started

    assert rate_limit_module.REDIS_TIMEOUT_SECONDS * 0.8 <= first < 3
    assert following < 0.2


# --- middleware ------------------------------------------------------------------------


async def ok(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


def small_app(limiter_factory: Callable[[], RateLimiter] | None = None) -> RateLimitMiddleware:
    paths = ["/health", "/health/ready", "/docs", "/openapi.json", "/things"]
    app = Starlette(routes=[Route(path, ok) for path in paths])
    if limiter_factory is None:
        return RateLimitMiddleware(app)
    return RateLimitMiddleware(app, limiter_factory=limiter_factory)


def run(
    scenario: Callable[[Callable[..., Awaitable[httpx.Response]]], Awaitable[None]],
    app: RateLimitMiddleware,
) -> None:
    """Runs ``scenario(get)`` where ``get(path, ip=...)`` requests ``app`` in process."""

    async def main() -> None:
        clients: dict[str, httpx.AsyncClient] = {}

        async def get(path: str, ip: str = "203.0.113.5") -> httpx.Response:
            if ip not in clients:
                transport = httpx.ASGITransport(app=app, client=(ip, 40000))
                clients[ip] = httpx.AsyncClient(transport=transport, base_url="http://api.test")
            return await clients[ip].get(path)

        try:
            await scenario(get)
        finally:
            for client in clients.values():
                await client.aclose()

    asyncio.run(main())


def test_middleware_answers_429_problem_after_the_default_limit() -> None:
    limiter = RateLimiter(make_settings(rate_limit_default="3/minute"))

    async def scenario(get: Callable[..., Awaitable[httpx.Response]]) -> None:
        for _ in range(3):
            assert (await get("/things")).status_code == 200
        limited = await get("/things")
        assert limited.status_code == 429
        assert limited.headers["content-type"] == "application/problem+json"
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        body = limited.json()
        assert body["status"] == 429
        assert body["type"].endswith("/rate-limited")
        assert body["title"] == "Too Many Requests"
        assert (await get("/things", ip="203.0.113.6")).status_code == 200

    run(scenario, small_app(lambda: limiter))


def test_middleware_never_limits_health_and_docs() -> None:
    limiter = RateLimiter(make_settings(rate_limit_default="1/minute"))

    async def scenario(get: Callable[..., Awaitable[httpx.Response]]) -> None:
        assert (await get("/things")).status_code == 200
        assert (await get("/things")).status_code == 429
        for _ in range(10):
            for path in ("/health", "/health/ready", "/docs", "/openapi.json"):
                assert (await get(path)).status_code == 200, path

    run(scenario, small_app(lambda: limiter))


def test_middleware_lets_everything_through_when_disabled() -> None:
    limiter = RateLimiter(make_settings(rate_limit_enabled=False, rate_limit_default="1/minute"))

    async def scenario(get: Callable[..., Awaitable[httpx.Response]]) -> None:
        for _ in range(20):
            assert (await get("/things")).status_code == 200

    run(scenario, small_app(lambda: limiter))


def test_middleware_limit_is_shared_between_processes_through_redis(redis_prefix: str) -> None:
    settings = make_settings(redis_url=REDIS_TEST_URL, rate_limit_default="3/minute")
    first_limiter = RateLimiter(settings, key_prefix=redis_prefix)
    second_limiter = RateLimiter(settings, key_prefix=redis_prefix)
    first_app = small_app(lambda: first_limiter)
    second_app = small_app(lambda: second_limiter)

    async def on_first(get: Callable[..., Awaitable[httpx.Response]]) -> None:
        assert (await get("/things")).status_code == 200
        assert (await get("/things")).status_code == 200

    async def on_second(get: Callable[..., Awaitable[httpx.Response]]) -> None:
        assert (await get("/things")).status_code == 200
        limited = await get("/things")
        assert limited.status_code == 429
        assert "retry-after" in limited.headers
        assert (await get("/health")).status_code == 200

    run(on_first, first_app)
    run(on_second, second_app)


@pytest.fixture
def fresh_singletons() -> Iterator[None]:
    config.get_settings.cache_clear()
    get_rate_limiter.cache_clear()
    yield
    config.get_settings.cache_clear()
    get_rate_limiter.cache_clear()


def test_middleware_reads_the_limiter_lazily_from_settings(
    monkeypatch: pytest.MonkeyPatch, fresh_singletons: None
) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("RATE_LIMIT_ENABLED", "true")
    monkeypatch.setenv("RATE_LIMIT_DEFAULT", "2/minute")
    app = small_app()  # built before the settings below change

    async def limited_after_two(get: Callable[..., Awaitable[httpx.Response]]) -> None:
        assert (await get("/things")).status_code == 200
        assert (await get("/things")).status_code == 200
        assert (await get("/things")).status_code == 429

    async def never_limited(get: Callable[..., Awaitable[httpx.Response]]) -> None:
        for _ in range(5):
            assert (await get("/things")).status_code == 200

    run(limited_after_two, app)
    monkeypatch.setenv("RATE_LIMIT_ENABLED", "false")
    config.get_settings.cache_clear()
    get_rate_limiter.cache_clear()
    run(never_limited, app)
