"""The Hestami API benchmark: four loads next to bare FastAPI, one table with the issue's targets.

1. ``GET /users/me`` at 100 connections (wrk), as a share of bare FastAPI's ``/ping``.
2. Catalog search ``GET /services`` over a seeded catalog (selective, typical and broad queries,
   each with and without a city): one client's latency and 100 connections' throughput.
3. 1,000 users each sending one ``GET /users/me`` a second (h2load, fixed offered rate).
4. Logins at bcrypt cost 12 (closed loop) against the bound the cores allow, and ``/users/me``
   latency at a fixed rate with and without the logins running.

Both servers run under uvicorn with the same number of workers on this machine, with the load
generators beside them. The benchmark creates, migrates and seeds its own database (direct
COPY, no API calls) on the server of ``DATABASE_SERVER_URL`` and drops it at the end. Run it
through ``scripts/benchmark``; how to read the table: docs/backend/fastapi/PERFORMANCE.md.
"""

import argparse
import contextlib
import math
import os
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode

import bcrypt
import httpx
import psycopg2  # type: ignore[import-untyped]  # no stubs are published
from sqlalchemy.engine import URL, make_url

from benchmarks import catalog
from benchmarks.loadgen import LoadResult, RateResult, form_posts, h2load, wrk
from hestami_api.core.config import Settings

PASSWORD = "benchmark passphrase that is long"
ME_USER = "bench_me"
LOGIN_USERS = 64  # more accounts than login clients: two logins rarely wait on one user's row
LOGIN_CLIENTS = 16
CONNECTIONS = 100
# Part 1 again with this many sessions' tokens in turn: what the API does per caller (the
# token check, the session lookup) is not made cheaper by every request being one caller's.
SESSIONS_IN_TURN = 100
PACED_CONNECTIONS, PACED_RATE = 20, 5  # /users/me at 100 requests a second during part 4
API = "hestami_api.main:create_app"  # served by `hestami-api serve` (see `serve`)
PARTS = {"1": "users-me", "2": "search", "3": "users", "4": "logins"}
# The uncached search rotates this many times more queries than each process's catalog cache
# holds pages (CATALOG_CACHE_ENTRIES, its default): an LRU cache then never holds the next one.
CACHE_ENTRIES: int = Settings.model_fields["catalog_cache_entries"].default
UNCACHED_PER_CACHE = 4


# ---------------------------------------------------------------- the table


@dataclass(slots=True)
class Table:
    rows: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # printed under the table

    def figure(self, part: str, measurement: str, figure: str) -> None:
        self.rows.append((part, measurement, figure, "", ""))

    def target(self, part: str, measurement: str, figure: str, target: str, met: bool) -> None:
        self.rows.append((part, measurement, figure, target, "PASS" if met else "FAIL"))

    def render(self) -> str:
        header = ("part", "measurement", "figure", "target", "result")
        widths = [max(len(row[i]) for row in [header, *self.rows]) for i in range(5)]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in [header, *self.rows]
        ]
        lines.insert(1, "  ".join("-" * width for width in widths))
        return "\n".join(lines + self.notes)


def ms(value: float, timeout_ms: float | None = None) -> str:
    if math.isinf(value):  # a percentile among answers later than wrk's time-out
        return f"> {timeout_ms:,.0f} ms" if timeout_ms else "over the time-out"
    if math.isnan(value):
        return "n/a (no answers)"
    return f"{value:.1f} ms" if value < 100 else f"{value:,.0f} ms"


def rate(value: float, unit: str = "req/s") -> str:
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:,.1f} {unit}"


def closed_loop(result: LoadResult, unit: str = "req/s") -> str:
    errors = f"{result.errors:,} errors" + (f" ({result.error_detail})" if result.errors else "")
    p50, p99 = ms(result.p50_ms, result.timeout_ms), ms(result.p99_ms, result.timeout_ms)
    return f"{rate(result.rate, unit)}  p50 {p50}  p99 {p99}  {errors}"


def one_client(result: LoadResult, matches: float) -> str:
    errors = f"  {result.errors:,} errors" if result.errors else ""
    return (
        f"p50 {ms(result.p50_ms, result.timeout_ms)}  p95 {ms(result.p95_ms, result.timeout_ms)}  "
        f"{result.requests:,} requests, "
        f"{matches:,.0f} matches{errors}"
    )


def fixed_rate(result: RateResult) -> str:
    return (
        f"{result.answered:,}/{result.offered:,} answered ({result.sent:,} sent), "
        f"{result.errors:,} errors, mean {ms(result.mean_ms)}, p50 {ms(result.p50_ms)}, "
        f"p99 {ms(result.p99_ms)}, max {ms(result.max_ms)}"
    )


def progress(message: str) -> None:
    print(f"[benchmark {datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- servers and database


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def serve(app: str, env: dict[str, str], *, workers: int) -> Iterator[str]:
    """A server on a free loopback port; its output goes to a log shown on failure. The API
    runs as it is deployed (`hestami-api serve`); a baseline app on plain uvicorn."""
    port = free_port()
    if app == API:
        command = [sys.executable, "-m", "hestami_api.cli", "serve", "--port", str(port)]
    else:
        command = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
        command += ["--log-level", "warning", "--no-access-log"]
    command += ["--workers", str(workers)]
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(command, env=os.environ | env, stdout=log, stderr=log)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(url + "/", timeout=2)
                    break
                except httpx.TransportError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        raise SystemExit(f"{app} did not start:\n{log.read()[-3000:]}") from None
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def libpq_url(url: URL, database: str) -> str:
    """The same server for psycopg2, whichever driver the URL names."""
    plain = url.set(drivername="postgresql", database=database)
    return plain.render_as_string(hide_password=False)


@contextlib.contextmanager
def throwaway_database(server_url: str) -> Iterator[URL]:
    url = make_url(server_url)
    name = f"hestami_bench_{secrets.token_hex(4)}"
    admin = psycopg2.connect(libpq_url(url, "postgres"))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            yield url.set(database=name)
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


# ---------------------------------------------------------------- the parts


@dataclass(frozen=True, slots=True)
class Settings:
    workers: int
    seconds: int
    users: int
    users_seconds: int
    services: int
    providers: int
    parts: frozenset[str]
    quick: bool


@dataclass(frozen=True, slots=True)
class Api:
    """The running API: its URL, the benchmark user's bearer header and a client with it."""

    url: str
    auth: dict[str, str]
    client: httpx.Client
    quiet_seconds: float  # what a lone GET /users/me takes when the server has nothing else to do

    def check_ok(self, path: str) -> httpx.Response:
        """One request before a load: a setup mistake (401, 422) must stop the run, not be timed."""
        response = self.client.get(path)
        if response.status_code != httpx.codes.OK:
            raise SystemExit(f"GET {path} answered {response.status_code}: {response.text[:300]}")
        return response

    def settle(self, limit_seconds: float = 120) -> None:
        """Wait until the server has worked off what the last load left behind: a client that
        gives up (wrk's time-out, the end of a run) does not stop the server's work on its
        request, and the next figure must not pay for it."""
        deadline = time.monotonic() + limit_seconds
        quick_in_a_row = 0
        while quick_in_a_row < 2:
            if time.monotonic() > deadline:
                progress(f"the server was still busy after {limit_seconds:.0f} s: measuring anyway")
                return
            started = time.perf_counter()
            self.client.get("/users/me", timeout=limit_seconds)
            quick = time.perf_counter() - started < max(0.05, 3 * self.quiet_seconds)
            quick_in_a_row = quick_in_a_row + 1 if quick else 0
            time.sleep(0.2)


def start_api(url: str) -> Api:
    client = httpx.Client(base_url=url, timeout=30)
    token = access_token(url, {"username": ME_USER, "password": PASSWORD})
    auth = {"Authorization": f"Bearer {token}"}
    client.headers.update(auth)
    warm_up(url, "/users/me", auth)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        Api(url, auth, client, 0).check_ok("/users/me")
        times.append(time.perf_counter() - started)
    return Api(url, auth, client, statistics.median(times))


def access_token(url: str, form: dict[str, str]) -> str:
    """The access token of one login with ``form``; a failed login stops the run."""
    login = httpx.post(url + "/auth/login", data=form, timeout=60)
    if login.status_code != httpx.codes.OK:
        raise SystemExit(f"login failed: {login.status_code} {login.text[:300]}")
    token: str = login.json()["access_token"]
    return token


def log_in_many(api: Api, sessions: int) -> list[str]:
    """The access tokens of ``sessions`` logins, over the login accounts in turn."""
    with ThreadPoolExecutor(max_workers=2 * len(os.sched_getaffinity(0))) as pool:
        forms = (login_form(number % LOGIN_USERS) for number in range(sessions))
        return list(pool.map(lambda form: access_token(api.url, form), forms))


def warm_up(url: str, path: str, headers: dict[str, str] | None = None) -> None:
    """A second of load, not measured: workers finish importing, pools open their connections."""
    wrk(url, [path], seconds=1, connections=CONNECTIONS // 4, headers=headers)


@contextlib.contextmanager
def one_query_server(settings: Settings, database: URL) -> Iterator[str]:
    """Bare FastAPI reading one row through a plain asyncpg pool: what the machine leaves for
    an endpoint with one query, before any of the API's own work."""
    env = {
        "BASELINE_DATABASE_URL": libpq_url(database, str(database.database)),
        "BASELINE_USERNAME": ME_USER,
    }
    with serve("benchmarks.baseline_app:app", env, workers=settings.workers) as url:
        warm_up(url, "/one-query")
        yield url


def part_one_query(settings: Settings, table: Table, database: URL) -> LoadResult:
    progress(f"part 1: bare FastAPI + one asyncpg query, {CONNECTIONS} connections")
    with one_query_server(settings, database) as url:
        floor = wrk(url, ["/one-query"], seconds=settings.seconds, connections=CONNECTIONS)
    table.figure("1", f"bare FastAPI + one query, wrk c{CONNECTIONS}", closed_loop(floor))
    return floor


def part_users_me(
    settings: Settings, table: Table, api: Api, bare: LoadResult | None, floor: LoadResult | None
) -> LoadResult:
    progress(f"part 1: GET /users/me, {CONNECTIONS} connections, {settings.seconds} s")
    me = wrk(
        api.url, ["/users/me"], seconds=settings.seconds, connections=CONNECTIONS, headers=api.auth
    )
    api.settle()
    table.figure("1", f"GET /users/me, wrk c{CONNECTIONS}", closed_loop(me))
    progress(f"part 1: GET /users/me with {SESSIONS_IN_TURN} sessions' tokens in turn")
    tokens = log_in_many(api, SESSIONS_IN_TURN)
    callers = wrk(
        api.url,
        ["/users/me"],
        seconds=settings.seconds,
        connections=CONNECTIONS,
        bearer_tokens=tokens,
    )
    api.settle()
    table.figure(
        "1",
        f"GET /users/me, {SESSIONS_IN_TURN} sessions in turn, wrk c{CONNECTIONS}",
        closed_loop(callers),
    )
    if bare is not None:
        share = me.rate / bare.rate
        table.target("1", "/users/me ÷ bare FastAPI req/s", f"{share:.1%}", "≥ 25 %", share >= 0.25)
        if floor is not None:
            ceiling = floor.rate / bare.rate
            table.figure("1", "bare FastAPI + one query ÷ bare FastAPI", f"{ceiling:.1%}")
            table.figure("1", "/users/me ÷ bare FastAPI + one query", f"{me.rate / floor.rate:.1%}")
        table.target(
            "1",
            f"/users/me p99 at {CONNECTIONS} connections",
            ms(me.p99_ms, me.timeout_ms),
            "< 100 ms",
            me.p99_ms < 100 and me.errors == 0,
        )
    return me


def alone_then_loaded(
    settings: Settings, api: Api, paths: list[str]
) -> tuple[LoadResult, LoadResult]:
    """``paths`` in turn from one client (latency), then from 100 connections (throughput)."""
    alone = wrk(
        api.url, paths, seconds=settings.seconds, connections=1, threads=1, headers=api.auth
    )
    api.settle()
    loaded = wrk(
        api.url, paths, seconds=settings.seconds, connections=CONNECTIONS, headers=api.auth
    )
    api.settle()
    return alone, loaded


def part_search(
    settings: Settings,
    table: Table,
    api: Api,
    queries: catalog.QuerySet,
    uncached: list[catalog.Query],
    me: LoadResult | None,
) -> None:
    table.notes.append(
        "Search queries (matches: the median `total` the API gives for them); each kind's few"
        " queries are served from the catalog cache after their first round:"
    )
    for kind, kind_queries in queries.kinds.items():
        paths = [f"/services?{urlencode(query.params())}" for query in kind_queries]
        matches = [api.check_ok(path).json()["total"] for path in paths]
        example = kind_queries[0]
        shown = f"q={example.q!r}" + (f" city={example.city!r}" if example.city else "")
        table.notes.append(f"  {kind}: {len(paths)} queries in turn, e.g. {shown}")
        progress(f"part 2: {kind} ({len(paths)} queries), 1 client then {CONNECTIONS} connections")
        alone, loaded = alone_then_loaded(settings, api, paths)
        table.figure("2", f"search {kind}, 1 client", one_client(alone, statistics.median(matches)))
        table.figure("2", f"search {kind}, wrk c{CONNECTIONS}", closed_loop(loaded))
        if kind == "typical + city":
            table.target(
                "2",
                "typical + city p95, 1 client",
                ms(alone.p95_ms, alone.timeout_ms),
                "< 20 ms",
                alone.p95_ms < 20 and alone.errors == 0,
            )
            table.target(
                "2",
                f"typical + city errors at {CONNECTIONS} connections",
                f"{loaded.errors:,}",
                "0",
                loaded.errors == 0,
            )
            if me is not None:
                share = loaded.rate / me.rate
                table.target(
                    "2", "typical + city ÷ /users/me req/s", f"{share:.1%}", "≥ 50 %", share >= 0.5
                )
    part_uncached_search(settings, table, api, uncached, me)


def part_uncached_search(
    settings: Settings, table: Table, api: Api, queries: list[catalog.Query], me: LoadResult | None
) -> None:
    """The rows above rotate a few queries, which after the first round each API process
    serves from its catalog cache. These rotate more queries than the caches hold, so every
    search is answered by PostgreSQL: what a search costs when nobody asked it just before."""
    paths = [f"/services?{urlencode(query.params())}" for query in queries]
    progress(f"part 2: typical + city uncached ({len(paths):,} queries), 1 client then c100")
    alone, loaded = alone_then_loaded(settings, api, paths)
    matches = statistics.median(api.check_ok(path).json()["total"] for path in paths[:8])
    label = f"search typical + city, {len(paths):,} queries (uncached)"
    table.figure("2", f"{label}, 1 client", one_client(alone, matches))
    table.figure("2", f"{label}, wrk c{CONNECTIONS}", closed_loop(loaded))
    if me is not None:
        table.figure(
            "2", "uncached typical + city ÷ /users/me req/s", f"{loaded.rate / me.rate:.1%}"
        )
    table.notes.append(
        f"  typical + city (uncached): {len(paths):,} different queries in turn,"
        f" {UNCACHED_PER_CACHE}x the {CACHE_ENTRIES:,} pages each process's catalog cache holds"
    )


def part_users(settings: Settings, table: Table, api: Api, database: URL) -> None:
    label = f"{settings.users:,} users x 1 req/s x {settings.users_seconds} s, h2load"
    # The same load on bare FastAPI + one query first (the API's server idles meanwhile): h2load
    # sends each second's requests together, so the mean is set by how fast the machine drains
    # such a burst, and this yardstick shows what it allows an endpoint with one query.
    progress(f"part 3: bare FastAPI + one query, {settings.users:,} users (h2load)")
    with one_query_server(settings, database) as url:
        floor = users_at_one_request_a_second(settings, url + "/one-query", {})
    table.figure("3", f"bare FastAPI + one query, {label}", fixed_rate(floor))
    progress(f"part 3: {settings.users:,} users x 1 req/s for {settings.users_seconds} s (h2load)")
    result = users_at_one_request_a_second(settings, api.url + "/users/me", api.auth)
    api.settle()
    table.figure("3", f"GET /users/me, {label}", fixed_rate(result))
    # h2load stops at the deadline: a request sent in the run's last moments may still be in
    # flight, and clients start over the first moments, so 1 % of the offered load is slack.
    table.target(
        "3",
        "answered (of offered), errors",
        f"{result.answered / result.offered:.1%}, {result.errors:,}",
        "≥ 99 %, 0",
        result.answered >= 0.99 * result.offered and result.errors == 0,
    )
    table.target("3", "mean", ms(result.mean_ms), "< 200 ms", result.mean_ms < 200)
    table.target("3", "p99", ms(result.p99_ms), "< 500 ms", result.p99_ms < 500)
    table.figure(
        "3", "mean ÷ bare FastAPI + one query's mean", f"{result.mean_ms / floor.mean_ms:.2f}x"
    )


def users_at_one_request_a_second(
    settings: Settings, url: str, headers: dict[str, str]
) -> RateResult:
    return h2load(
        url,
        connections=settings.users,
        rate_per_connection=1,
        seconds=settings.users_seconds,
        headers=headers,
    )


def bcrypt_seconds(samples: int) -> float:
    """The median time of one bcrypt cost-12 hash on one core (what a login's check costs)."""
    salt = bcrypt.gensalt(rounds=12)
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        bcrypt.hashpw(b"benchmark", salt)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def in_background(work: Callable[[], RateResult]) -> Callable[[], RateResult]:
    """Start ``work`` in a thread now; the returned function waits for and returns its result."""
    results: list[RateResult] = []
    thread = threading.Thread(target=lambda: results.append(work()), daemon=True)
    thread.start()

    def wait() -> RateResult:
        thread.join()
        if not results:
            raise SystemExit("the paced /users/me load failed (see above)")
        return results[0]

    return wait


def login_form(number: int) -> dict[str, str]:
    """The login form of the ``number``-th login account (all share one password)."""
    return {"username": f"bench_login_{number:02d}", "password": PASSWORD}


def part_logins(settings: Settings, table: Table, api: Api) -> None:
    check = api.client.post("/auth/login", data=login_form(0))
    if check.status_code != httpx.codes.OK:
        raise SystemExit(f"POST /auth/login answered {check.status_code}: {check.text[:300]}")
    cores = len(os.sched_getaffinity(0))
    hash_seconds = bcrypt_seconds(3 if settings.quick else 7)
    bound = cores / hash_seconds
    table.figure(
        "4",
        "bcrypt cost 12, one hash (bcrypt package)",
        f"{ms(hash_seconds * 1000)} → bound {cores} cores ÷ {hash_seconds:.3f} s = "
        f"{bound:.1f} logins/s",
    )

    # The login clients start one hash time apart (see loadgen.form_posts) and the rate counts
    # from the last one's start, so the load runs that much longer than --seconds.
    stagger = hash_seconds / cores
    seconds = math.ceil(settings.seconds + LOGIN_CLIENTS * stagger)

    def paced() -> RateResult:
        return h2load(
            api.url + "/users/me",
            connections=PACED_CONNECTIONS,
            rate_per_connection=PACED_RATE,
            seconds=seconds,
            headers=api.auth,
            threads=1,
        )

    pace = f"{PACED_CONNECTIONS * PACED_RATE} req/s"
    progress(f"part 4: /users/me at {pace} alone, {seconds} s")
    quiet = paced()
    api.settle()
    progress(f"part 4: {LOGIN_CLIENTS} login clients next to /users/me at {pace}")
    wait_paced = in_background(paced)
    logins = form_posts(
        api.url,
        "/auth/login",
        [login_form(n) for n in range(LOGIN_USERS)],
        clients=LOGIN_CLIENTS,
        seconds=seconds,
        stagger_seconds=stagger,
    )
    busy = wait_paced()
    api.settle()
    table.figure(
        "4",
        f"logins, {LOGIN_CLIENTS} clients closed loop",
        f"{closed_loop(logins, 'logins/s')}  ({logins.requests} in {logins.seconds:.0f} s)",
    )
    share = logins.rate / bound
    table.target(
        "4", "logins ÷ bound", f"{share:.1%}", "≥ 80 %", share >= 0.8 and logins.errors == 0
    )
    table.figure("4", f"/users/me at {pace} alone (h2load)", fixed_rate(quiet))
    table.figure("4", f"/users/me at {pace} during logins", fixed_rate(busy))
    growth = busy.p99_ms / quiet.p99_ms
    table.target(
        "4",
        "/users/me p99 during logins ÷ alone",
        f"{growth:.2f}x",
        "< 2x",
        growth < 2 and busy.errors == 0 and busy.answered >= 0.99 * busy.offered,
    )


# ---------------------------------------------------------------- main


def parse_arguments(argv: Sequence[str] | None = None) -> Settings:
    parser = argparse.ArgumentParser(
        prog="scripts/benchmark", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers of each server")
    parser.add_argument("--seconds", type=int, help="length of each load (default 10; quick 2)")
    parser.add_argument("--users", type=int, default=1000, help="part 3's users (default 1000)")
    parser.add_argument("--services", type=int, help="catalog size (default 100000; quick 10000)")
    parser.add_argument("--providers", type=int, default=100, help="providers owning the services")
    parser.add_argument(
        "--only",
        default="1,2,3,4",
        help="parts to run, comma-separated numbers or names: 1 users-me, 2 search, 3 users, "
        "4 logins (default all)",
    )
    parser.add_argument(
        "--quick", action="store_true", help="every part briefly, to prove the script works"
    )
    arguments = parser.parse_args(argv)
    names = {name: number for number, name in PARTS.items()}
    parts = set()
    for item in arguments.only.split(","):
        item = item.strip()
        if item not in PARTS and item not in names:
            parser.error(f"unknown part {item!r}: choose from {', '.join(PARTS)} or their names")
        parts.add(names.get(item, item))
    seconds = arguments.seconds if arguments.seconds is not None else 2 if arguments.quick else 10
    services = arguments.services
    if services is None:
        services = 10_000 if arguments.quick else 100_000
    if min(arguments.workers, seconds, arguments.users, services, arguments.providers) < 1:
        parser.error("--workers, --seconds, --users, --services and --providers must be positive")
    return Settings(
        workers=arguments.workers,
        seconds=seconds,
        users=arguments.users,
        users_seconds=2 * seconds,  # 20 s by default, as the run
        services=services,
        providers=arguments.providers,
        parts=frozenset(parts),
        quick=arguments.quick,
    )


def raise_open_file_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed <= hard or (soft < needed and hard == resource.RLIM_INFINITY):
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
    elif soft < needed:
        raise SystemExit(f"{needed} open files are needed, the limit is {hard} (ulimit -n)")


def app_environment(database: URL) -> dict[str, str]:
    return {
        "DATABASE_URL": database.render_as_string(hide_password=False),
        "ENVIRONMENT": "development",
        "RATE_LIMIT_ENABLED": "false",
        "BCRYPT_ROUNDS": "12",  # part 4 measures logins at the production cost
        "LOG_LEVEL": "WARNING",
        "EMAIL_BACKEND": "console",
        "ACCESS_TOKEN_TTL_SECONDS": "3600",  # outlives the longest run
    }


def main(argv: Sequence[str] | None = None) -> None:
    settings = parse_arguments(argv)
    for tool, package in (("wrk", "wrk"), ("h2load", "nghttp2-client")):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed: apt-get install -y {package}")
    # Every connection is a socket on both ends, plus the servers' own files.
    raise_open_file_limit(2 * settings.users + 1000)
    server_url = os.environ.get(
        "DATABASE_SERVER_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
    )
    table = Table()
    started = datetime.now(UTC)
    bare: LoadResult | None = None
    if "1" in settings.parts:
        progress(f"part 1: bare FastAPI GET /ping, {CONNECTIONS} connections, {settings.seconds} s")
        with serve("benchmarks.baseline_app:app", {}, workers=settings.workers) as url:
            warm_up(url, "/ping")
            bare = wrk(url, ["/ping"], seconds=settings.seconds, connections=CONNECTIONS)
        table.figure("1", f"bare FastAPI GET /ping, wrk c{CONNECTIONS}", closed_loop(bare))

    with throwaway_database(server_url) as database:
        env = app_environment(database)
        os.environ.update(env)  # the seed hashes with the app's hasher at the app's cost
        subprocess.run(
            [sys.executable, "-m", "hestami_api.cli", "migrate"],
            env=os.environ,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        from hestami_api.auth.passwords import get_password_hasher  # reads the env just set

        services = settings.services if "2" in settings.parts else 0
        progress(f"seeding {services:,} services from {settings.providers} providers")
        seeding = time.monotonic()
        homeowners = [ME_USER] + [login_form(n)["username"] for n in range(LOGIN_USERS)]
        with contextlib.closing(
            psycopg2.connect(libpq_url(database, str(database.database)))
        ) as db:
            seeded = catalog.seed(
                db,
                services=services,
                providers=settings.providers,
                password_hash=get_password_hasher().hash(PASSWORD),
                homeowners=homeowners,
            )
        progress(f"seeded in {time.monotonic() - seeding:.0f} s")
        floor: LoadResult | None = None
        if "1" in settings.parts:
            floor = part_one_query(settings, table, database)
        with serve(API, env, workers=settings.workers) as url:
            api = start_api(url)
            with contextlib.closing(api.client):
                me = None
                if settings.parts & {"1", "2"}:
                    me = part_users_me(settings, table, api, bare, floor)
                if "2" in settings.parts:
                    uncached = catalog.distinct_typical_city(
                        seeded, UNCACHED_PER_CACHE * CACHE_ENTRIES
                    )
                    queries = catalog.pick_queries(seeded)
                    part_search(settings, table, api, queries, uncached, me)
                if "3" in settings.parts:
                    part_users(settings, table, api, database)
                if "4" in settings.parts:
                    part_logins(settings, table, api)

    cores = len(os.sched_getaffinity(0))
    print(
        f"Hestami API benchmark, {started:%Y-%m-%d %H:%M} UTC: {settings.workers} uvicorn "
        f"worker(s) per server, {cores} cores shared with the load generators, "
        f"{settings.seconds} s per load"
        + (f", {settings.services:,} services" if "2" in settings.parts else "")
        + (
            " (--quick: proves the script works; figures are not comparable)"
            if settings.quick
            else ""
        )
    )
    print(table.render())


if __name__ == "__main__":
    main()
