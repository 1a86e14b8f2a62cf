"""The catalog cache on a real API process, whose writes commit (the in-process app searches
uncached, tests/conftest.py): a repeated search is served from the cache, and every committed
change to what it shows is in the next answer."""

import re
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, create_engine, text

from tests.conftest import api_process
from tests.factories import bearer, log_in_live, register_live
from tests.marketplace.factories import profile_body, service_body

pytestmark = pytest.mark.slow

QUIET = {"BCRYPT_ROUNDS": "4", "RATE_LIMIT_ENABLED": "false", "EMAIL_BACKEND": "console"}
# A word of no other test's service: this search sees only the services made here.
WORD = "zephyrine"


def lookups(base_url: str) -> dict[str, float]:
    text = httpx.get(f"{base_url}/metrics", timeout=30).text
    return {
        result: float(value)
        for result, value in re.findall(
            r'^catalog_cache_lookups_total\{result="(\w+)"\} (\S+)$', text, re.MULTILINE
        )
    }


class Catalog:
    def __init__(self, base_url: str, headers: dict[str, str]) -> None:
        self.base_url, self.headers = base_url, headers

    def search(self) -> tuple[dict[str, Any], str]:
        """The page for ``q=WORD``, and whether the cache held it."""
        before = lookups(self.base_url)
        response = httpx.get(
            f"{self.base_url}/services", params={"q": WORD}, headers=self.headers, timeout=30
        )
        assert response.status_code == 200, response.text
        after = lookups(self.base_url)
        [(result, _)] = [(r, n) for r, n in after.items() if n != before.get(r, 0.0)]
        page: dict[str, Any] = response.json()
        return page, result


def test_a_repeated_search_is_served_from_the_cache_until_the_catalog_changes(
    live_database_url: str,
) -> None:
    with api_process(live_database_url, **QUIET) as url:
        provider_name = register_live(url, role="service_provider")["username"]
        provider = bearer(log_in_live(url, provider_name)["access_token"])
        viewer = bearer(log_in_live(url, register_live(url)["username"])["access_token"])
        catalog = Catalog(url, viewer)

        def write(method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
            response = httpx.request(method, url + path, headers=provider, json=body, timeout=30)
            assert response.status_code in (200, 201), response.text
            written: dict[str, Any] = response.json()
            return written

        first, looked_up = catalog.search()
        assert (first["total"], looked_up) == (0, "miss")
        assert catalog.search() == (first, "hit")

        service = write(
            "POST", "/service-providers/services", service_body(title=f"{WORD} gutters")
        )
        page, looked_up = catalog.search()
        assert (page["total"], looked_up) == (1, "miss")  # the new service is in the answer
        assert catalog.search() == (page, "hit")

        path = f"/service-providers/services/{service['id']}"
        write("PUT", path, service_body(title=f"{WORD} roofing"))
        page, _ = catalog.search()
        assert [item["title"] for item in page["items"]] == [f"{WORD} roofing"]

        write("PUT", "/service-providers/profile", profile_body(business_name="Zephyr Works"))
        page, _ = catalog.search()
        assert page["items"][0]["provider"]["business_name"] == "Zephyr Works"

        write("PUT", path, service_body(title=f"{WORD} roofing", is_active=False))
        page, _ = catalog.search()
        assert page["total"] == 0  # taken out of the catalog: gone from the cached search too


def test_searches_for_a_page_being_read_wait_for_it_instead_of_reading_it_again(
    live_database_url: str,
) -> None:
    word = "quillmorrow"  # of no other test's service: the page is not kept yet
    engine = create_engine(live_database_url)
    with api_process(live_database_url, **QUIET) as url, engine.connect() as locker:
        viewer = bearer(log_in_live(url, register_live(url)["username"])["access_token"])
        before = lookups(url)
        # Reads of the services wait behind this lock: the searches below overlap for sure.
        locker.execute(text("LOCK TABLE marketplace.services IN ACCESS EXCLUSIVE MODE"))

        def search() -> tuple[int, str]:
            response = httpx.get(f"{url}/services", params={"q": word}, headers=viewer, timeout=30)
            return response.status_code, response.text

        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = [pool.submit(search) for _ in range(8)]
            waiting = settled_lock_waiters(engine)
            locker.rollback()
            pages = {answer.result() for answer in answers}

        after = lookups(url)
    engine.dispose()

    assert waiting == 1, pages  # one read of the page reached PostgreSQL (else: the answers)
    [(status, _)] = pages  # every request got the same page
    assert status == 200
    assert after["miss"] - before.get("miss", 0.0) == 1
    assert after["joined"] - before.get("joined", 0.0) == 7


def settled_lock_waiters(engine: Engine) -> int:
    """How many statements wait for a lock once the count has held for half a second."""
    query = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
    # Autocommit: a transaction lists the backends of its first read of pg_stat_activity, so a
    # connection the API opens after that read (its pool grows on demand) would never count.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watcher:
        counts = [watcher.execute(query).scalar_one()]
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            time.sleep(0.25)
            counts.append(watcher.execute(query).scalar_one())
            if counts[-1] > 0 and counts[-3:] == [counts[-1]] * 3:
                break
    return counts[-1]
