"""Lost updates, retried requests, outages and shutdown, proven on real API processes."""

import re
import signal
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from hestami_api.core.migrations import upgrade_to_head
from tests.conftest import api_process, free_port, start_api
from tests.factories import bearer, log_in_live, register_live
from tests.marketplace.factories import property_body
from tests.postgres_server import private_cluster

pytestmark = pytest.mark.slow


def homeowner(base_url: str) -> dict[str, str]:
    """The Authorization header of a new homeowner of this API process."""
    username = register_live(base_url)["username"]
    return bearer(log_in_live(base_url, username)["access_token"])


def errors_logged(log: Path) -> list[str]:
    """The API's error lines and the exceptions its tracebacks end in: why it answered 500."""
    return [
        line
        for line in log.read_text(errors="replace").splitlines()
        if "[error" in line or re.match(r"[\w.]+(Error|Exception)\b", line)
    ]


def test_two_writers_with_one_if_match_exactly_one_wins(live_database_url: str) -> None:
    with api_process(live_database_url, BCRYPT_ROUNDS="4", RATE_LIMIT_ENABLED="false") as url:
        headers = homeowner(url)
        created = httpx.post(f"{url}/homeowners/properties", headers=headers, json=property_body())
        target = f"{url}/homeowners/properties/{created.json()['id']}"
        tag = httpx.get(target, headers=headers).headers["etag"]

        def write(name: str) -> int:
            return httpx.put(
                target,
                headers=headers | {"If-Match": tag},
                json=property_body(name=name),
                timeout=60,
            ).status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = Counter(pool.map(write, [f"Writer {n}" for n in range(8)]))

        assert statuses == Counter({200: 1, 412: 7})
        assert httpx.get(target, headers=headers).json()["name"].startswith("Writer ")


def test_one_idempotency_key_across_two_processes_creates_one_row(
    live_database_url: str,
) -> None:
    env = {"BCRYPT_ROUNDS": "4", "RATE_LIMIT_ENABLED": "false"}
    with (
        api_process(live_database_url, **env) as first,
        api_process(live_database_url, **env) as second,
    ):
        headers = homeowner(first) | {"Idempotency-Key": f"key-{uuid.uuid4()}"}
        body = property_body(name=f"Once {uuid.uuid4()}")

        def create(index: int) -> httpx.Response:
            base = first if index % 2 else second
            return httpx.post(
                f"{base}/homeowners/properties", headers=headers, json=body, timeout=60
            )

        with ThreadPoolExecutor(max_workers=20) as pool:
            responses = list(pool.map(create, range(20)))

    statuses = Counter(response.status_code for response in responses)
    assert set(statuses) <= {201, 409}, statuses
    created_ids = {response.json()["id"] for response in responses if response.status_code == 201}
    assert len(created_ids) == 1
    engine = create_engine(live_database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT count(*) FROM marketplace.properties WHERE name = :name"),
            {"name": body["name"]},
        ).scalar()
    engine.dispose()
    assert rows == 1


def test_sigterm_lets_a_slow_request_finish_and_exits_0(live_database_url: str) -> None:
    api = start_api(
        live_database_url,
        BCRYPT_ROUNDS="15",  # one login takes seconds: the request in flight at SIGTERM
        RATE_LIMIT_ENABLED="false",
        SHUTDOWN_GRACE_SECONDS="60",
    )
    process, base = api.process, api.base_url
    try:
        outcome: dict[str, int] = {}

        def slow_login() -> None:
            response = httpx.post(
                f"{base}/auth/login",
                data={"username": "nobody-at-all", "password": "wrong password 1234"},
                timeout=120,
            )
            outcome["status"] = response.status_code

        thread = threading.Thread(target=slow_login)
        thread.start()
        time.sleep(1.0)  # the request is hashing now
        process.send_signal(signal.SIGTERM)
        thread.join(timeout=120)
        assert process.wait(timeout=120) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert outcome.get("status") == 401  # answered, not cut off


def test_a_database_outage_is_503_and_recovers_by_itself(tmp_path: Path) -> None:
    with private_cluster(free_port()) as cluster:
        server = create_engine(cluster.url, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.exec_driver_sql("CREATE DATABASE hestami_outage")
        server.dispose()
        database_url = cluster.url.rsplit("/", 1)[0] + "/hestami_outage"
        upgrade_to_head(database_url)
        log = tmp_path / "api.log"
        with api_process(database_url, log, BCRYPT_ROUNDS="4", RATE_LIMIT_ENABLED="false") as url:
            headers = homeowner(url)
            results: list[tuple[float, float, int, str, str, str | None]] = []
            stop = threading.Event()

            def record(started: float, name: str, response: httpx.Response) -> None:
                results.append(
                    (
                        started,
                        time.monotonic() - started,
                        response.status_code,
                        response.headers.get("content-type", ""),
                        name,
                        response.headers.get("retry-after"),
                    )
                )

            def load() -> None:
                """Writes (a session's path) and reads of the caller alone (the shelf's path)."""
                while not stop.is_set():
                    started = time.monotonic()
                    name = f"during-outage-{uuid.uuid4()}"
                    try:
                        written = httpx.post(
                            f"{url}/homeowners/properties",
                            headers=headers,
                            json=property_body(name=name),
                            timeout=20,
                        )
                        record(started, name, written)
                        started = time.monotonic()
                        read = httpx.get(f"{url}/users/me", headers=headers, timeout=20)
                        record(started, "", read)
                    except httpx.TimeoutException:
                        results.append((started, 20.0, 0, "", name, None))
                        continue
                    time.sleep(0.05)

            worker = threading.Thread(target=load)
            worker.start()
            time.sleep(2)
            cluster.stop()
            down_at = time.monotonic()
            time.sleep(3)
            live = httpx.get(f"{url}/health", timeout=10).status_code
            ready = httpx.get(f"{url}/health/ready", timeout=10).status_code
            time.sleep(3)
            cluster.start()
            up_at = time.monotonic()
            deadline = up_at + 30
            while time.monotonic() < deadline:
                if any(started > up_at and status == 201 for started, _, status, *_ in results):
                    break
                time.sleep(0.2)
            stop.set()
            worker.join(timeout=60)

        assert live == 200
        assert ready == 503
        during = [r for r in results if down_at + 0.5 < r[0] < up_at - 0.5]
        assert during, "no request was made during the outage"
        for _, elapsed, status, content_type, _, retry_after in during:
            assert status == 503, status
            assert content_type == "application/problem+json"
            assert retry_after is not None
            assert elapsed < 5
        unexpected = [r for r in results if r[2] not in {200, 201, 503}]
        assert not unexpected, (unexpected, errors_logged(log))
        assert any(started > up_at and status == 201 for started, _, status, *_ in results)
        created = [name for _, _, status, _, name, _ in results if status == 201]
        engine = create_engine(database_url)
        with engine.connect() as connection:
            stored = set(
                connection.execute(text("SELECT name FROM marketplace.properties")).scalars()
            )
        engine.dispose()
        assert set(created) <= stored  # every write that got a 201 is in the database
