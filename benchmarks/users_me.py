"""Benchmark GET /users/me (token check + user load) against bare FastAPI on this machine.

Prints requests per second for both and the ratio. Needs `wrk` (apt-get install wrk) and a
PostgreSQL server (DATABASE_SERVER_URL, as set by scripts/benchmark). Creates and drops its
own database. Run through `scripts/benchmark`.
"""

import argparse
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

PASSWORD = "benchmark passphrase that is long"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serve(app: str, env: dict[str, str], *, factory: bool, workers: int) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    if factory:
        command.append("--factory")
    process = subprocess.Popen(command, env=os.environ | env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(url + "/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def wrk(url: str, *, seconds: int, connections: int, headers: dict[str, str]) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for name, value in headers.items():
        command[1:1] = ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} failed responses\n{output}")
    latency = re.search(r"99%\s+(\S+)", output)
    rate_line = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rate_line is None:
        raise SystemExit(f"unexpected wrk output:\n{output}")
    rate = float(rate_line.group(1))
    p99 = latency.group(1) if latency else "?"
    print(f"  {url.rsplit('/', 1)[-1]:<10} {rate:>10.0f} req/s   p99 {p99}")
    return rate


@contextmanager
def throwaway_database(server_url: str) -> Iterator[str]:
    url = make_url(server_url)
    name = f"hestami_bench_{secrets.token_hex(4)}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    server_url = os.environ.get(
        "DATABASE_SERVER_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
    )

    with throwaway_database(server_url) as database_url:
        env = {
            "DATABASE_URL": database_url,
            "RATE_LIMIT_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
            "BCRYPT_ROUNDS": "4",
            "ENVIRONMENT": "development",
        }
        subprocess.run(
            [sys.executable, "-m", "hestami_api.cli", "migrate"],
            env=os.environ | env,
            check=True,
            capture_output=True,
        )
        print(
            f"wrk: {arguments.connections} connections, {arguments.seconds} s, "
            f"{arguments.workers} uvicorn worker(s), {os.cpu_count()} cores"
        )
        with serve(
            "benchmarks.baseline_app:app", env, factory=False, workers=arguments.workers
        ) as baseline:
            bare = wrk(
                baseline + "/ping",
                seconds=arguments.seconds,
                connections=arguments.connections,
                headers={},
            )
        with serve(
            "hestami_api.main:create_app", env, factory=True, workers=arguments.workers
        ) as api:
            httpx.post(
                api + "/auth/register",
                json={
                    "username": "loadtester",
                    "email": "loadtester@example.com",
                    "password": PASSWORD,
                    "role": "homeowner",
                },
            ).raise_for_status()
            token = httpx.post(
                api + "/auth/login", data={"username": "loadtester", "password": PASSWORD}
            ).json()["access_token"]
            me = wrk(
                api + "/users/me",
                seconds=arguments.seconds,
                connections=arguments.connections,
                headers={"Authorization": f"Bearer {token}"},
            )
        print(f"GET /users/me serves {me / bare:.1%} of bare FastAPI's rate on this machine")


if __name__ == "__main__":
    main()
