"""Authenticated reads on a real API process, through the request contexts the app uses (the
in-process client's tests give every request the test's session instead).

An operation that only reads authenticates before any session opens, in a statement it may
share with other requests (core.prepared.BatchedLookup), on a pooled connection that then
goes onto the pool's shelf; the session, if the operation opens one, takes it from there.
"""

import re
import time

import httpx
import pytest

from tests.conftest import api_process
from tests.factories import bearer, log_in_live, register_live
from tests.marketplace.factories import property_body

pytestmark = pytest.mark.slow


def pool_figures(base_url: str) -> tuple[float, float]:
    """This process's pool checkouts so far and connections checked out now, as GET /metrics
    gives them. The scrape reads the email outbox: its own checkout is among both figures."""
    text = httpx.get(f"{base_url}/metrics", timeout=30).text
    checkouts = re.search(r"^database_pool_checkouts_total (\S+)$", text, re.MULTILINE)
    in_use = re.search(r"^database_pool_connections_in_use (\S+)$", text, re.MULTILINE)
    assert checkouts is not None, "no database_pool_checkouts_total in /metrics"
    assert in_use is not None, "no database_pool_connections_in_use in /metrics"
    return float(checkouts.group(1)), float(in_use.group(1))


def settled_pool_figures(base_url: str) -> tuple[float, float]:
    """`pool_figures` once nothing but the scrapes takes connections (the registration's
    email has gone): two scrapes in a row one checkout apart, each holding only its own."""
    deadline = time.monotonic() + 30
    previous = pool_figures(base_url)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        latest = pool_figures(base_url)
        if latest == (previous[0] + 1, 1):
            return latest
        previous = latest
    raise AssertionError(f"the pool did not settle: {previous}")


# Emails go to the log and the outbox is polled rarely: only the requests below take
# connections while they run.
QUIET = {
    "BCRYPT_ROUNDS": "4",
    "RATE_LIMIT_ENABLED": "false",
    "EMAIL_BACKEND": "console",
    "EMAIL_POLL_SECONDS": "300",
}


def test_each_authenticated_read_takes_one_connection_and_returns_it(
    live_database_url: str,
) -> None:
    with api_process(live_database_url, **QUIET) as url:
        username = register_live(url)["username"]
        headers = bearer(log_in_live(url, username)["access_token"])
        created = httpx.post(
            f"{url}/homeowners/properties", headers=headers, json=property_body(), timeout=30
        )
        assert created.status_code == 201, created.text
        checkouts_before, _ = settled_pool_figures(url)

        for _ in range(3):
            me = httpx.get(f"{url}/users/me", headers=headers, timeout=30)
            assert me.status_code == 200, me.text
            assert me.json()["username"] == username
            # The operation opens a session after authenticating: on the shelved connection.
            listed = httpx.get(f"{url}/homeowners/properties", headers=headers, timeout=30)
            assert listed.status_code == 200, listed.text
            assert [item["id"] for item in listed.json()["items"]] == [created.json()["id"]]

        checkouts_after, in_use = pool_figures(url)

    # One checkout from the pool per pair: GET /users/me's authentication leaves its
    # connection on the pool's shelf (core.db.FairAsyncQueuePool), the listing's authentication
    # and then its session take it from there, and the session's end returns it to the pool.
    assert checkouts_after - checkouts_before == 3 + 1  # and the second scrape's
    assert in_use == 1  # the scrape's own: every request gave its connection back


def test_a_session_ended_elsewhere_is_refused_on_the_next_read(live_database_url: str) -> None:
    with api_process(live_database_url, **QUIET) as url:
        username = register_live(url)["username"]
        kept = bearer(log_in_live(url, username)["access_token"])
        ended = bearer(log_in_live(url, username)["access_token"])
        assert httpx.get(f"{url}/users/me", headers=ended, timeout=30).status_code == 200

        logout = httpx.post(f"{url}/auth/logout", headers=ended, timeout=30)
        assert logout.status_code == 204, logout.text

        refused = httpx.get(f"{url}/users/me", headers=ended, timeout=30)
        listed = httpx.get(f"{url}/homeowners/properties", headers=ended, timeout=30)
        still_signed_in = httpx.get(f"{url}/users/me", headers=kept, timeout=30)
        _, in_use = settled_pool_figures(url)

    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    assert listed.status_code == 401
    assert still_signed_in.status_code == 200
    assert in_use == 1  # the scrape's own
