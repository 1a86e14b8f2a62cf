"""Rate limits (429 problem+json with ``Retry-After``) built on the ``limits`` library.

Storage
    ``REDIS_URL`` set: counters live in Redis and are shared by every API process. Unset:
    process-local memory (fine for one process; with N processes each allows the full limit).

Strategy: fixed window
    Both fixed and moving window cost one Redis round trip (one ``EVALSHA``) per allowed
    request, which matters because the default limit runs on every request. The fixed window
    keeps one integer per key (``INCRBY`` + ``EXPIRE``: O(1) time and memory in Redis); the
    moving window keeps one timestamp per hit in a list, so the default ``300/minute`` would
    store up to 300 entries per client and walk that list on every request. Rejections cost
    one or two more round trips (to read the window's reset time for ``Retry-After``), paid
    only by clients that are already over the limit. The price of the fixed window is a burst
    of up to twice the limit across a window boundary; the sustained rate stays bounded by
    the limit, which is what guards against credential guessing and mail bombing. In
    ``limits`` a window starts at a key's first hit, so ``Retry-After`` is the key's TTL.

When the shared storage fails (Redis down, timeout, auth error)
    No request becomes a 500. Socket timeouts are short (``REDIS_TIMEOUT_SECONDS``) and after
    a failure Redis is not asked again for ``STORAGE_RETRY_SECONDS``, so an outage does not
    add a timeout to every request; a warning is logged on each failure (at most one per
    retry interval) and an info line on recovery.

    - The default limit fails OPEN: the request proceeds. It is a coarse abuse guard; turning
      a Redis outage into an API outage would be worse than briefly losing it.
    - The login, register and reset-password limits do not fail open and do not fail closed
      either: they fall back to process-local memory counters. Failing open would lift the
      brute-force and mail-bombing protection exactly while Redis is down (an attacker able to
      disturb Redis would get unlimited password guesses); failing closed would turn a Redis
      outage into "nobody can log in". The local counters keep each process at the configured
      limit, so the effective limit is at most N times looser with N processes during the
      outage. Callers choose this with ``hit(..., critical=True)``.

Keys
    Every limit is hit with a namespace as its first identifier (``LOGIN_IP``, ...), so two
    limits with the same rate never share counters. Client IPs are normalised by
    ``client_key``: IPv6 addresses count per /64 (one subscriber usually holds a whole /64,
    so per-address limits would be trivial to rotate around), IPv4-mapped IPv6 as IPv4.
    Account names are lower-cased and hashed, so Redis holds no raw emails and no key grows
    with what a client typed.
"""

import hashlib
import ipaddress
import math
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Final
from urllib.parse import urlsplit

import limits
import structlog
from limits import RateLimitItem
from limits.aio.storage import MemoryStorage, RedisStorage
from limits.aio.strategies import FixedWindowRateLimiter
from limits.errors import StorageError
from starlette.types import ASGIApp, Receive, Scope, Send

from hestami_api.core.config import Settings, get_settings
from hestami_api.core.errors import RateLimitedError
from hestami_api.core.metrics import RATE_LIMIT_REJECTIONS

logger = structlog.get_logger(__name__)

KEY_PREFIX: Final = "hestami:rate-limit"
"""Prefix of every Redis key written by the limiter."""
REDIS_TIMEOUT_SECONDS: Final = 0.5
"""Connect and read timeout for Redis; a healthy Redis answers in well under a millisecond."""
STORAGE_RETRY_SECONDS: Final = 5.0
"""After a storage failure, Redis is not asked again for this long."""

# Namespaces: the first identifier of every hit.
LOGIN_IP: Final = "login-ip"
LOGIN_ACCOUNT: Final = "login-account"
LOGIN_ACCOUNT_CEILING: Final = "login-account-ceiling"
PASSWORD_CHECK: Final = "password-check"  # noqa: S105 - a namespace, not a secret
REGISTER: Final = "register"
RESET_REQUEST: Final = "reset-password"
DEFAULT: Final = "default"

UNKNOWN_CLIENT: Final = "unknown"
IPV6_PREFIX_LENGTH: Final = 64

# Never limited by the middleware: probes and the documentation (its assets included).
EXEMPT_PATHS: Final = frozenset(
    {
        "/health",
        "/health/ready",
        "/metrics",
        "/docs",
        "/docs/oauth2-redirect",
        "/redoc",
        "/openapi.json",
    }
)
EXEMPT_PATH_PREFIXES: Final = ("/docs/", "/redoc/")


@lru_cache(maxsize=128)
def parse_limit(limit: str) -> RateLimitItem:
    """Parses one limit in the ``limits`` syntax (``10/minute``) once; ValueError if malformed.

    ``limits.parse`` would silently keep only the first of ``10/minute;100/hour``: refused.
    """
    items = limits.parse_many(limit)
    if len(items) != 1:
        raise ValueError(f"expected exactly one rate limit, got {limit!r}")
    return items[0]


def client_key(host: str | None) -> str:
    """The identifier a client IP counts under (IPv6 per /64, IPv4-mapped as IPv4)."""
    if not host:
        return UNKNOWN_CLIENT
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host  # not an IP (a test client or a unix socket peer): count it as given
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, IPV6_PREFIX_LENGTH), strict=False))
    return str(address)


def account_key(username: str) -> str:
    """The identifier a login name counts under: the name as typed, lower-cased, hashed."""
    return hashlib.sha256(username.lower().encode()).hexdigest()


def _shared_storage(url: str, key_prefix: str) -> RedisStorage:
    """Redis through redis-py's asyncio client (``redis://`` or ``rediss://`` URLs)."""
    scheme = urlsplit(url).scheme
    if scheme not in {"redis", "rediss"}:
        raise ValueError(f"REDIS_URL: expected a redis:// or rediss:// URL, got {scheme}://")
    return RedisStorage(
        f"async+{url}",
        implementation="redispy",
        wrap_exceptions=True,
        key_prefix=key_prefix,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
    )


class RateLimiter:
    """Applies rate limits; shared through Redis when ``settings.redis_url`` is set.

    Used from one event loop per process; the outage bookkeeping only has benign races (two
    requests may both probe a recovering Redis or both log the same failure).
    """

    def __init__(self, settings: Settings, *, key_prefix: str = KEY_PREFIX) -> None:
        self.enabled: Final = settings.rate_limit_enabled
        self.login_ip_limit: Final = settings.rate_limit_login_ip
        self.login_account_limit: Final = settings.rate_limit_login_account
        self.login_account_ceiling: Final = settings.rate_limit_login_account_ceiling
        self.register_limit: Final = settings.rate_limit_register
        self.reset_password_limit: Final = settings.rate_limit_reset
        self.default_limit: Final = settings.rate_limit_default
        configured = {
            "RATE_LIMIT_LOGIN_IP": self.login_ip_limit,
            "RATE_LIMIT_LOGIN_ACCOUNT": self.login_account_limit,
            "RATE_LIMIT_LOGIN_ACCOUNT_CEILING": self.login_account_ceiling,
            "RATE_LIMIT_REGISTER": self.register_limit,
            "RATE_LIMIT_RESET": self.reset_password_limit,
            "RATE_LIMIT_DEFAULT": self.default_limit,
        }
        for variable, limit in configured.items():
            try:  # a malformed RATE_LIMIT_* fails at startup, not on some request
                parse_limit(limit)
            except ValueError as exc:
                raise ValueError(f"{variable}: invalid rate limit {limit!r} ({exc})") from exc

        self._local = FixedWindowRateLimiter(MemoryStorage())
        self._shared: FixedWindowRateLimiter | None = None
        self._shared_errors: tuple[type[Exception], ...] = ()
        if settings.redis_url:
            storage = _shared_storage(settings.redis_url, key_prefix)
            base = storage.base_exceptions
            self._shared = FixedWindowRateLimiter(storage)
            self._shared_errors = (
                StorageError,
                OSError,
                *(base if isinstance(base, tuple) else (base,)),
            )
        self._shared_retry_at = 0.0  # time.monotonic() before which Redis is not asked
        self._shared_healthy = True

    async def hit(
        self, limit: str, *identifiers: str, critical: bool = False, cost: int = 1
    ) -> None:
        """Counts one request against ``limit`` for ``identifiers`` (``cost=0``: only checks
        that the limit is not already exceeded).

        Raises RateLimitedError (with the seconds until the window resets) when the limit is
        exceeded; does nothing when rate limiting is disabled. The first identifier should be
        a namespace (``LOGIN_IP``, ...). If the shared storage fails, a ``critical`` limit is
        enforced with process-local counters and any other limit lets the request through.
        """
        if not self.enabled:
            return
        item = parse_limit(limit)
        if self._shared is not None:
            if time.monotonic() >= self._shared_retry_at:
                try:
                    await self._enforce(self._shared, item, identifiers, self._shared_errors, cost)
                except RateLimitedError:
                    self._shared_answered()
                    raise
                except self._shared_errors as exc:
                    self._shared_failed(exc)
                else:
                    self._shared_answered()
                    return
            if not critical:
                return  # fail open
        await self._enforce(self._local, item, identifiers, (), cost)

    async def hit_login_ip(self, client_ip: str | None) -> None:
        await self.hit(self.login_ip_limit, LOGIN_IP, client_key(client_ip), critical=True)

    async def hit_login_account(self, account: str, client_ip: str | None) -> None:
        """Attempts on one account from one client (``account``: its id, or the login name
        as typed when no account has it). Counted per client so that a stranger guessing
        from elsewhere cannot lock the owner out; `hit_login_account_ceiling` bounds the
        total."""
        await self.hit(
            self.login_account_limit,
            LOGIN_ACCOUNT,
            account_key(account),
            client_key(client_ip),
            critical=True,
        )

    async def hit_login_account_ceiling(self, account: str) -> None:
        """Attempts on one account from every client together: a distributed guess."""
        await self.hit(
            self.login_account_ceiling, LOGIN_ACCOUNT_CEILING, account_key(account), critical=True
        )

    async def check_password_failures(self, user_id: str) -> None:
        """429 when the user's failed current-password checks used up RATE_LIMIT_LOGIN_ACCOUNT
        (checked before hashing, so a guess past the limit costs no bcrypt)."""
        await self.hit(
            self.login_account_limit, PASSWORD_CHECK, account_key(user_id), critical=True, cost=0
        )

    async def hit_password_failure(self, user_id: str) -> None:
        await self.hit(
            self.login_account_limit, PASSWORD_CHECK, account_key(user_id), critical=True
        )

    async def hit_register(self, client_ip: str | None) -> None:
        await self.hit(self.register_limit, REGISTER, client_key(client_ip), critical=True)

    async def hit_reset_password(self, client_ip: str | None) -> None:
        await self.hit(
            self.reset_password_limit, RESET_REQUEST, client_key(client_ip), critical=True
        )

    async def hit_default(self, client_ip: str | None) -> None:
        await self.hit(self.default_limit, DEFAULT, client_key(client_ip))

    @staticmethod
    async def _enforce(
        strategy: FixedWindowRateLimiter,
        item: RateLimitItem,
        identifiers: tuple[str, ...],
        storage_errors: tuple[type[Exception], ...],
        cost: int = 1,
    ) -> None:
        # cost 0 only looks: allowed while the count is still under the limit.
        allowed = (
            await strategy.test(item, *identifiers)
            if cost == 0
            else await strategy.hit(item, *identifiers, cost=cost)
        )
        if allowed:
            return
        try:
            reset_at = (await strategy.get_window_stats(item, *identifiers)).reset_time
            retry_after = math.ceil(reset_at - time.time())
        except storage_errors:
            retry_after = item.get_expiry()  # the counter is known to be over: reject anyway
        RATE_LIMIT_REJECTIONS.labels(identifiers[0]).inc()
        raise RateLimitedError(retry_after)

    def _shared_answered(self) -> None:
        if not self._shared_healthy:
            self._shared_healthy = True
            logger.info("rate_limit_storage_recovered")

    def _shared_failed(self, exc: Exception) -> None:
        self._shared_retry_at = time.monotonic() + STORAGE_RETRY_SECONDS
        self._shared_healthy = False
        cause = exc.storage_error if isinstance(exc, StorageError) else exc
        logger.warning(
            "rate_limit_storage_unavailable",
            error=type(cause).__name__,
            detail=str(cause),
            retry_in_seconds=STORAGE_RETRY_SECONDS,
            default_limit="not enforced",
            auth_limits="enforced per process",
        )


@lru_cache
def get_rate_limiter() -> RateLimiter:
    """The process-wide limiter built from the settings."""
    return RateLimiter(get_settings())


class RateLimitMiddleware:
    """Pure ASGI middleware applying ``RATE_LIMIT_DEFAULT`` per client IP to HTTP requests.

    The client IP is ``scope["client"]``: uvicorn's proxy-headers option has already replaced
    it with the forwarded address when the proxy is trusted. Health probes and documentation
    are exempt. The limiter is looked up on every request (``get_rate_limiter`` is cached), so
    clearing the caches reconfigures a running app. Hits are awaited on the event loop
    (redis-py's asyncio client): no worker-thread hop.
    """

    def __init__(
        self, app: ASGIApp, limiter_factory: Callable[[], RateLimiter] = get_rate_limiter
    ) -> None:
        self.app = app
        self.limiter_factory = limiter_factory

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _is_exempt(scope):
            await self.app(scope, receive, send)
            return
        limiter = self.limiter_factory()
        if limiter.enabled:
            client = scope.get("client")
            host = client[0] if client else None
            try:
                await limiter.hit_default(host)
            except RateLimitedError as exc:
                await exc.to_response()(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _is_exempt(scope: Scope) -> bool:
    path: str = scope["path"]
    root_path: str = scope.get("root_path", "")
    if root_path and path.startswith(root_path):
        path = path[len(root_path) :] or "/"
    return path in EXEMPT_PATHS or path.startswith(EXEMPT_PATH_PREFIXES)
