"""Run wrk (closed loop), h2load (fixed offered rate) and paced login clients; read the figures.

wrk's text output has no p95 and lumps errors together, so every wrk run loads a small Lua
script whose ``done`` hook prints the figures as one JSON line; the same script can rotate
requests over several paths or bearer tokens. h2load prints no percentiles at all, so it writes
one line per answered request (``--log-file``) and the percentiles come from those lines.
"""

import json
import math
import re
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

MARKER = "BENCHMARK-JSON "
# The figures of the whole run; latencies in microseconds, at percentiles 0.1, 0.2 ... 100 of
# the answers wrk recorded (it records none slower than its time-out: see LoadResult).
REPORT_LUA = """
function done(summary, latency, requests)
  local e = summary.errors
  local grid = {}
  for i = 1, 1000 do
    grid[i] = string.format("%d", latency:percentile(i / 10))
  end
  io.write(string.format(
    '%s{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"status": %d, "timeout": %d, "grid": [%s]}\\n',
    MARKER, summary.requests, summary.duration, e.connect, e.read, e.write, e.status,
    e.timeout, table.concat(grid, ",")))
end
"""
GRID_STEPS = 1000
# Rotates over the requests made of the items given after "--": paths, or bearer tokens for
# one path (ROTATE_PATHS_LUA, ROTATE_TOKENS_LUA define ``request_of``). Each wrk thread starts
# at its own place in the list, so that the threads do not send the same request at once.
ROTATE_LUA = """
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
local prepared = {}
local next_item = 1
function init(args)
  for i = 1, #args do
    prepared[#prepared + 1] = request_of(args[i])
  end
  next_item = (offset or 0) * 7 % #prepared + 1
end
function request()
  local item = prepared[next_item]
  next_item = next_item % #prepared + 1
  return item
end
"""
ROTATE_PATHS_LUA = """
function request_of(path)
  return wrk.format("GET", path)
end
"""
# wrk.format's headers replace wrk.headers (the Host header and those given with -H).
ROTATE_TOKENS_LUA = """
function request_of(token)
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["Authorization"] = "Bearer " .. token
  return wrk.format("GET", wrk.path, headers)
end
"""


@dataclass(frozen=True, slots=True)
class LoadResult:
    """One closed-loop run. ``requests`` counts 2xx answers, late ones included; ``errors``
    counts socket errors, non-2xx answers and answers slower than ``timeout_ms`` (which wrk
    counts as time-outs). Latency percentiles are over all answers: wrk keeps no latency for
    the late ones, so a percentile that falls among them is ``math.inf`` ("over the time-out")."""

    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    error_detail: str
    timeout_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _all_answers_percentile(grid: Sequence[int], answers: int, late: int, percent: float) -> float:
    """The percentile over every answer, from wrk's percentiles over the answers it recorded
    (all but the ``late`` ones, which are slower than any recorded)."""
    recorded = answers - late
    if recorded <= 0:
        return math.inf if answers else math.nan
    among_recorded = percent * answers / recorded
    if among_recorded > 100:
        return math.inf
    step = max(1, math.ceil(among_recorded * GRID_STEPS / 100 - 1e-9))
    return grid[step - 1] / 1000


def wrk(
    base_url: str,
    paths: Sequence[str],
    *,
    seconds: int,
    connections: int,
    threads: int = 2,
    headers: Mapping[str, str] | None = None,
    bearer_tokens: Sequence[str] = (),
    timeout_seconds: int = 2,
) -> LoadResult:
    """Closed-loop load: ``connections`` connections, each sending its next request as soon as
    the previous one is answered, GETting the ``paths`` in turn, or one path with the
    ``bearer_tokens`` in turn. wrk counts a request that takes longer than
    ``timeout_seconds`` as a time-out."""
    if bearer_tokens and len(paths) != 1:
        raise ValueError("bearer tokens rotate over one path")
    script = f'local MARKER = "{MARKER}"\n' + REPORT_LUA
    items = bearer_tokens or (paths if len(paths) > 1 else ())
    rotate = bool(items)
    if rotate:
        script += (ROTATE_TOKENS_LUA if bearer_tokens else ROTATE_PATHS_LUA) + ROTATE_LUA
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="benchmark-") as lua:
        lua.write(script)
        lua.flush()
        target = base_url + (paths[0] if len(paths) == 1 else "/")
        command = [
            "wrk",
            f"-t{min(threads, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            f"--timeout={timeout_seconds}s",
            "-s",
            lua.name,
        ]
        for name, value in (headers or {}).items():
            command += ["-H", f"{name}: {value}"]
        command.append(target)
        if rotate:
            command += ["--", *items]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in completed.stdout.splitlines() if line.startswith(MARKER)]
    if completed.returncode != 0 or not lines:
        raise SystemExit(f"wrk failed on {target}: {completed.stderr.strip() or completed.stdout}")
    figures = json.loads(lines[-1][len(MARKER) :])
    kinds = ("connect", "read", "write", "status", "timeout")

    def percentile(percent: float) -> float:
        return _all_answers_percentile(
            figures["grid"], figures["requests"], figures["timeout"], percent
        )

    return LoadResult(
        # wrk counts non-2xx answers as "status" errors but also as requests.
        requests=figures["requests"] - figures["status"],
        seconds=figures["duration_us"] / 1e6,
        p50_ms=percentile(50),
        p95_ms=percentile(95),
        p99_ms=percentile(99),
        errors=sum(figures[kind] for kind in kinds),
        error_detail=", ".join(f"{figures[kind]} {kind}" for kind in kinds if figures[kind]),
        timeout_ms=timeout_seconds * 1000,
    )


@dataclass(frozen=True, slots=True)
class RateResult:
    """One fixed-rate run: what was offered, sent and answered. Latencies in milliseconds,
    over the requests answered with a 2xx."""

    offered: int  # connections x rate x duration: what the clients meant to send
    sent: int  # requests h2load started
    answered: int  # 2xx answers
    errors: int  # failed + errored + timed out requests, as h2load counts them
    mean_ms: float
    p50_ms: float
    p99_ms: float
    max_ms: float


def _percentile(sorted_values: Sequence[float], percent: float) -> float:
    """Nearest-rank percentile: the smallest value with ``percent`` % of values at or below it."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(percent / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def h2load(
    url: str,
    *,
    connections: int,
    rate_per_connection: int,
    seconds: int,
    headers: Mapping[str, str],
    threads: int = 2,
) -> RateResult:
    """Open-loop load over HTTP/1.1: each of ``connections`` clients sends
    ``rate_per_connection`` requests a second for ``seconds`` (a late answer delays that
    client's next request, as a real client on one connection would be delayed)."""
    with tempfile.TemporaryDirectory(prefix="benchmark-h2load-") as directory:
        log = Path(directory) / "requests.tsv"
        command = [
            "h2load",
            "--h1",
            f"-t{min(threads, connections)}",
            f"-c{connections}",
            f"--rps={rate_per_connection}",
            "-D",
            str(seconds),
            f"--log-file={log}",
        ]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        command.append(url)
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        output = completed.stdout
        counts = re.search(
            r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, "
            r"(\d+) errored, (\d+) timeout",
            output,
        )
        if completed.returncode != 0 or counts is None:
            detail = completed.stderr.strip() or output[-2000:]
            raise SystemExit(f"h2load failed on {urlsplit(url).path}: {detail}")
        # start time (µs since the epoch), status, duration (µs); errored requests have no status.
        durations = sorted(
            int(fields[2]) / 1000
            for fields in (line.split("\t") for line in log.read_text().splitlines())
            if len(fields) == 3 and fields[1].startswith("2")
        )
    _total, started, _done, succeeded, failed, errored, timed_out = map(int, counts.groups())
    return RateResult(
        offered=connections * rate_per_connection * seconds,
        sent=started,
        answered=succeeded,
        errors=failed + errored + timed_out,
        mean_ms=statistics.fmean(durations) if durations else math.nan,
        p50_ms=_percentile(durations, 50),
        p99_ms=_percentile(durations, 99),
        max_ms=durations[-1] if durations else math.nan,
    )


def form_posts(
    base_url: str,
    path: str,
    forms: Sequence[Mapping[str, str]],
    *,
    clients: int,
    seconds: float,
    stagger_seconds: float,
) -> LoadResult:
    """Closed loop of form POSTs from ``clients`` threads, client ``i`` starting
    ``i * stagger_seconds`` late and cycling through ``forms``.

    Meant for logins, which cost the server a bcrypt hash each: started together, equal jobs
    sharing the cores all finish together, so answers come in bursts of ``clients`` and a
    count over a window is off by up to a burst. Started one hash time apart they stay apart
    and answers arrive evenly. The rate counts answers from the moment the last client has
    started to the end; an answer after the end is not counted (wrk does the same).
    """
    started = time.monotonic()
    deadline = started + seconds
    window_start = started + clients * stagger_seconds
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        time.sleep(number * stagger_seconds)
        item = number
        with httpx.Client(base_url=base_url, timeout=max(60.0, seconds)) as http:
            while time.monotonic() < deadline:
                sent = time.monotonic()
                try:
                    failure = None
                    status = http.post(path, data=dict(forms[item % len(forms)])).status_code
                    if not 200 <= status < 300:
                        failure = f"status {status}"
                except httpx.HTTPError as error:
                    failure = type(error).__name__
                answered = time.monotonic()
                item += clients
                if answered > deadline or answered < window_start:
                    continue
                with lock:
                    if failure is None:
                        latencies.append((answered - sent) * 1000)
                    else:
                        failures.append(failure)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    kinds = sorted(set(failures))
    return LoadResult(
        requests=len(latencies),
        seconds=max(0.0, deadline - window_start),
        p50_ms=_percentile(latencies, 50),
        p95_ms=_percentile(latencies, 95),
        p99_ms=_percentile(latencies, 99),
        errors=len(failures),
        error_detail=", ".join(f"{failures.count(kind)} {kind}" for kind in kinds),
        timeout_ms=math.inf,
    )
