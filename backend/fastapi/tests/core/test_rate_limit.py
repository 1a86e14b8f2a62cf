"""RateLimiter with memory and real Redis storage, and RateLimitMiddleware on a small app."""

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
from tests.services import free_port


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


# --- memory storage --------------------------------------------------------------------


async def test_limit_exceeded_raises_with_retry_after_from_window_reset() -> None:
    limiter = RateLimiter(make_settings())
    for _ in range(3):
        await limiter.hit("3/minute", "test", "client-a")

    with pytest.raises(RateLimitedError) as caught:
        await limiter.hit("3/minute", "test", "client-a")

    assert 1 <= retry_after(caught) <= 60
    assert caught.value.status == 429


async def test_retry_after_counts_down_to_the_end_of_the_window() -> None:
    limiter = RateLimiter(make_settings())
    await limiter.hit("1/hour", "test", "client-a")

    with pytest.raises(RateLimitedError) as caught:
        await limiter.hit("1/hour", "test", "client-a")

    assert 3590 <= retry_after(caught) <= 3600


async def test_identifiers_and_namespaces_count_separately() -> None:
    limiter = RateLimiter(
        make_settings(rate_limit_login_ip="1/minute", rate_limit_register="1/minute")
    )
    await limiter.hit_login_ip("192.0.2.1")
    await limiter.hit_login_ip("192.0.2.2")  # another client
    await limiter.hit_register("192.0.2.1")  # same client, same rate, another limit

    with pytest.raises(RateLimitedError):
        await limiter.hit_login_ip("192.0.2.1")
    with pytest.raises(RateLimitedError):
        await limiter.hit_register("192.0.2.1")


async def test_disabled_limiter_never_raises() -> None:
    limiter = RateLimiter(make_settings(rate_limit_enabled=False, rate_limit_login_ip="1/hour"))
    for _ in range(50):
        await limiter.hit("1/hour", "test", "client-a")
        await limiter.hit_login_ip("192.0.2.1")
        await limiter.hit_default("192.0.2.1")


async def test_named_limits_use_their_settings() -> None:
    limiter = RateLimiter(
        make_settings(
            rate_limit_login_ip="4/minute",
            rate_limit_login_account="2/minute",
            rate_limit_login_account_ceiling="6/hour",
            rate_limit_register="3/hour",
            rate_limit_reset="1/hour",
            rate_limit_default="5/minute",
        )
    )
    cases: list[tuple[Callable[[str], Awaitable[None]], int]] = [
        (limiter.hit_login_ip, 4),
        (lambda ip: limiter.hit_login_account("ana", ip), 2),
        (lambda ip: limiter.hit_login_account_ceiling("ana"), 6),
        (lambda ip: limiter.hit_password_failure("ana"), 2),
        (limiter.hit_register, 3),
        (limiter.hit_reset_password, 1),
        (limiter.hit_default, 5),
    ]
    for hit, allowed in cases:
        for _ in range(allowed):
            await hit("198.51.100.7")
        with pytest.raises(RateLimitedError):
            await hit("198.51.100.7")


async def test_login_account_limit_ignores_case_of_the_typed_name() -> None:
    limiter = RateLimiter(make_settings(rate_limit_login_account="2/minute"))
    await limiter.hit_login_account("Ana@Example.org", "192.0.2.1")
    await limiter.hit_login_account("ana@example.org", "192.0.2.1")

    with pytest.raises(RateLimitedError):
        await limiter.hit_login_account("ANA@EXAMPLE.ORG", "192.0.2.1")
    await limiter.hit_login_account("bob@example.org", "192.0.2.1")
    assert account_key("Ana") == account_key("ANA") != account_key("Ana ")


async def test_login_account_limit_counts_per_client_under_a_shared_ceiling() -> None:
    """A stranger guessing one account cannot lock its owner out, but many clients together
    still meet the account's ceiling."""
    limiter = RateLimiter(
        make_settings(
            rate_limit_login_account="2/minute", rate_limit_login_account_ceiling="3/hour"
        )
    )
    for _ in range(2):
        await limiter.hit_login_account("ana", "198.51.100.66")
    with pytest.raises(RateLimitedError):
        await limiter.hit_login_account("ana", "198.51.100.66")
    await limiter.hit_login_account("ana", "192.0.2.1")  # the owner, elsewhere

    for _ in range(3):
        await limiter.hit_login_account_ceiling("ana")
    with pytest.raises(RateLimitedError):
        await limiter.hit_login_account_ceiling("ana")
    await limiter.hit_login_account_ceiling("bob")


async def test_password_checks_only_look_until_a_failure_counts() -> None:
    limiter = RateLimiter(make_settings(rate_limit_login_account="2/minute"))
    for _ in range(5):
        await limiter.check_password_failures("user-1")  # costs nothing
    await limiter.hit_password_failure("user-1")
    await limiter.check_password_failures("user-1")
    await limiter.hit_password_failure("user-1")

    with pytest.raises(RateLimitedError):
        await limiter.check_password_failures("user-1")
    await limiter.check_password_failures("user-2")


async def test_ipv6_clients_count_per_64_and_mapped_ipv4_as_ipv4() -> None:
    assert client_key("2001:db8::1") == client_key("2001:db8::ffff:1") == "2001:db8::/64"
    assert client_key("2001:db8:0:1::1") != client_key("2001:db8::1")
    assert client_key("::ffff:192.0.2.1") == client_key("192.0.2.1") == "192.0.2.1"
    assert client_key(None) == "unknown"

    limiter = RateLimiter(make_settings(rate_limit_default="2/minute"))
    await limiter.hit_default("2001:db8::1")
    await limiter.hit_default("2001:db8::2")
    with pytest.raises(RateLimitedError):
        await limiter.hit_default("2001:db8::3")
    await limiter.hit_default("2001:db8:0:1::1")


@pytest.mark.parametrize("bad", ["lots", "10/fortnight", "10/minute;100/hour", ""])
def test_malformed_limit_setting_fails_at_construction(bad: str) -> None:
    with pytest.raises(ValueError, match="RATE_LIMIT_LOGIN_IP: invalid rate limit"):
        RateLimiter(make_settings(rate_limit_login_ip=bad))


# --- Redis storage ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_test_url(redis_url: str) -> str:
    return f"{redis_url}/15"


@pytest.fixture
def redis_prefix(redis_test_url: str) -> Iterator[str]:
    """A key prefix unique to this test in Redis db 15; its keys are deleted afterwards."""
    client = redis.Redis.from_url(redis_test_url, socket_connect_timeout=1)
    prefix = f"hestami-test:{uuid.uuid4().hex}"
    yield prefix
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def redis_keys(url: str, prefix: str) -> list[str]:
    with redis.Redis.from_url(url, decode_responses=True) as client:
        return sorted(client.scan_iter(match=f"{prefix}:*"))


async def test_two_processes_share_counters_through_redis(
    redis_prefix: str, redis_test_url: str
) -> None:
    settings = make_settings(redis_url=redis_test_url, rate_limit_login_account="5/minute")
    first = RateLimiter(settings, key_prefix=redis_prefix)
    second = RateLimiter(settings, key_prefix=redis_prefix)  # as if in another process

    for _ in range(3):
        await first.hit_login_account("ana", "192.0.2.1")
    await second.hit_login_account("ANA", "192.0.2.1")
    await second.hit_login_account("ana", "192.0.2.1")
    with pytest.raises(RateLimitedError) as caught:
        await second.hit_login_account("ana", "192.0.2.1")
    with pytest.raises(RateLimitedError):
        await first.hit_login_account("ana", "192.0.2.1")

    assert 1 <= retry_after(caught) <= 60
    assert redis_keys(redis_test_url, redis_prefix) == [
        f"{redis_prefix}:LIMITER/login-account/{account_key('ana')}/192.0.2.1/5/1/minute"
    ]


async def test_disabled_limiter_does_not_touch_redis(
    redis_prefix: str, redis_test_url: str
) -> None:
    limiter = RateLimiter(
        make_settings(redis_url=redis_test_url, rate_limit_enabled=False),
        key_prefix=redis_prefix,
    )
    for _ in range(10):
        await limiter.hit("1/minute", "test", "client-a")
    assert redis_keys(redis_test_url, redis_prefix) == []


async def test_unreachable_redis_fails_open_for_default_and_local_for_auth_limits() -> None:
    settings = make_settings(
        redis_url=f"redis://127.0.0.1:{free_port()}/0",
        rate_limit_default="1/minute",
        rate_limit_login_ip="2/minute",
    )
    limiter = RateLimiter(settings)
    with structlog.testing.capture_logs() as logs:
        for _ in range(5):
            await limiter.hit_default("192.0.2.1")  # fails open: no 500, no 429
        await limiter.hit_login_ip("192.0.2.1")
        await limiter.hit_login_ip("192.0.2.1")
        with pytest.raises(RateLimitedError):  # still enforced, with per-process counters
            await limiter.hit_login_ip("192.0.2.1")

    warnings = [entry for entry in logs if entry["event"] == "rate_limit_storage_unavailable"]
    assert warnings
    assert warnings[0]["log_level"] == "warning"
    assert warnings[0]["error"] == "ConnectionError"


async def test_hanging_redis_costs_one_timeout_then_is_skipped() -> None:
    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]
        limiter = RateLimiter(make_settings(redis_url=f"redis://127.0.0.1:{port}/0"))

        started = time.monotonic()
        await limiter.hit_default("192.0.2.1")
        first = time.monotonic() - started
        started = time.monotonic()
        for _ in range(50):
            await limiter.hit_default("192.0.2.1")
        following = time.monotonic() - started

    assert rate_limit_module.REDIS_TIMEOUT_SECONDS * 0.8 <= first < 3
    assert following < 0.2


def test_shared_storage_must_be_redis() -> None:
    with pytest.raises(ValueError, match="REDIS_URL: expected a redis:// or rediss:// URL"):
        RateLimiter(make_settings(redis_url="memcached://127.0.0.1:11211"))


# --- middleware ------------------------------------------------------------------------


async def ok(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


def small_app(limiter_factory: Callable[[], RateLimiter] | None = None) -> RateLimitMiddleware:
    paths = ["/health", "/health/ready", "/docs", "/openapi.json", "/things"]
    app = Starlette(routes=[Route(path, ok) for path in paths])
    if limiter_factory is None:
        return RateLimitMiddleware(app)
    return RateLimitMiddleware(app, limiter_factory=limiter_factory)


async def run(
    scenario: Callable[[Callable[..., Awaitable[httpx.Response]]], Awaitable[None]],
    app: RateLimitMiddleware,
) -> None:
    """Runs ``scenario(get)`` where ``get(path, ip=...)`` requests ``app`` in process."""
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


async def test_middleware_answers_429_problem_after_the_default_limit() -> None:
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

    await run(scenario, small_app(lambda: limiter))


async def test_middleware_never_limits_health_and_docs() -> None:
    limiter = RateLimiter(make_settings(rate_limit_default="1/minute"))

    async def scenario(get: Callable[..., Awaitable[httpx.Response]]) -> None:
        assert (await get("/things")).status_code == 200
        assert (await get("/things")).status_code == 429
        for _ in range(10):
            for path in ("/health", "/health/ready", "/docs", "/openapi.json"):
                assert (await get(path)).status_code == 200, path

    await run(scenario, small_app(lambda: limiter))


async def test_middleware_lets_everything_through_when_disabled() -> None:
    limiter = RateLimiter(make_settings(rate_limit_enabled=False, rate_limit_default="1/minute"))

    async def scenario(get: Callable[..., Awaitable[httpx.Response]]) -> None:
        for _ in range(20):
            assert (await get("/things")).status_code == 200

    await run(scenario, small_app(lambda: limiter))


async def test_middleware_limit_is_shared_between_processes_through_redis(
    redis_prefix: str,
    redis_test_url: str,
) -> None:
    settings = make_settings(redis_url=redis_test_url, rate_limit_default="3/minute")
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

    await run(on_first, first_app)
    await run(on_second, second_app)


@pytest.fixture
def fresh_singletons() -> Iterator[None]:
    config.get_settings.cache_clear()
    get_rate_limiter.cache_clear()
    yield
    config.get_settings.cache_clear()
    get_rate_limiter.cache_clear()


async def test_middleware_reads_the_limiter_lazily_from_settings(
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

    await run(limited_after_two, app)
    monkeypatch.setenv("RATE_LIMIT_ENABLED", "false")
    config.get_settings.cache_clear()
    get_rate_limiter.cache_clear()
    await run(never_limited, app)
