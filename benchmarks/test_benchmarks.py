"""Tests of the benchmark's own parts: `uv run python -m pytest benchmarks -q`.

The load generators run against a small threaded HTTP server in the test process; the seed
writes into a throwaway database migrated to head on the tests' PostgreSQL server.
"""

import contextlib
import http.server
import random
import re
import shutil
import threading
import uuid
from collections import Counter
from collections.abc import Iterator

import psycopg2  # type: ignore[import-untyped]  # no stubs are published
import pytest
from sqlalchemy.engine import make_url

from benchmarks import catalog, loadgen, run
from hestami_api.core.migrations import upgrade_to_head
from tests.databases import throwaway_database


@pytest.fixture(scope="module")
def http_server() -> Iterator[tuple[str, Counter[str]]]:
    """A local server answering 200 to GET, 201 to POST /created and 404 elsewhere; counts
    paths and Authorization headers."""
    hits: Counter[str] = Counter()
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self, status: int) -> None:
            with lock:
                hits[self.path] += 1
                if token := self.headers.get("Authorization"):
                    hits[token] += 1
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def do_GET(self) -> None:
            self._answer(404 if self.path == "/missing" else 200)

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            self._answer(201 if self.path == "/created" else 404)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()


def test_percentile_over_all_answers_counts_the_late_ones_as_slowest() -> None:
    grid = list(range(1000, 1_000_001, 1000))  # percentile i/10 of the recorded answers: i ms
    assert loadgen._all_answers_percentile(grid, answers=100, late=0, percent=50) == 500
    # 10 of 100 answers were late: the median of all is the 55.6th percentile of the recorded.
    assert loadgen._all_answers_percentile(grid, answers=100, late=10, percent=50) == 556
    assert loadgen._all_answers_percentile(grid, answers=100, late=10, percent=95) == float("inf")
    assert loadgen._all_answers_percentile(grid, answers=5, late=5, percent=50) == float("inf")


def test_nearest_rank_percentile() -> None:
    values = [float(n) for n in range(1, 101)]
    assert loadgen._percentile(values, 99) == 99
    assert loadgen._percentile(values, 100) == 100
    assert loadgen._percentile([7.0], 50) == 7


needs_wrk = pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed")


@needs_wrk
def test_wrk_rotates_paths_and_counts_non_2xx_as_errors(
    http_server: tuple[str, Counter[str]],
) -> None:
    url, hits = http_server
    result = loadgen.wrk(url, ["/a", "/b", "/c"], seconds=1, connections=2)
    assert result.requests > 0
    assert result.errors == 0
    assert min(hits["/a"], hits["/b"], hits["/c"]) > 0
    assert result.p50_ms <= result.p99_ms < 1000

    missing = loadgen.wrk(url, ["/missing"], seconds=1, connections=1, threads=1)
    assert missing.requests == 0
    assert missing.errors > 0
    assert "status" in missing.error_detail


@needs_wrk
def test_wrk_rotates_bearer_tokens_over_one_path(http_server: tuple[str, Counter[str]]) -> None:
    url, hits = http_server
    result = loadgen.wrk(
        url, ["/mine"], seconds=1, connections=2, bearer_tokens=["one", "two", "three"]
    )
    assert result.requests > 0
    assert result.errors == 0
    assert min(hits["Bearer one"], hits["Bearer two"], hits["Bearer three"]) > 0
    assert hits["/mine"] >= result.requests


@pytest.mark.skipif(not shutil.which("h2load"), reason="h2load is not installed")
def test_h2load_paces_requests_and_reads_its_log(http_server: tuple[str, Counter[str]]) -> None:
    url, hits = http_server
    result = loadgen.h2load(
        url + "/paced", connections=4, rate_per_connection=5, seconds=2, headers={"X-Test": "1"}
    )
    assert result.offered == 40
    assert 36 <= result.answered <= result.sent
    assert result.errors == 0
    assert hits["/paced"] >= result.answered
    assert 0 < result.p50_ms <= result.p99_ms <= result.max_ms


def test_form_posts_counts_answers_and_failures(http_server: tuple[str, Counter[str]]) -> None:
    url, _ = http_server
    ok = loadgen.form_posts(
        url, "/created", [{"a": "1"}], clients=2, seconds=1.0, stagger_seconds=0.1
    )
    assert ok.requests > 0
    assert ok.errors == 0
    assert ok.seconds == pytest.approx(0.8)
    failing = loadgen.form_posts(
        url, "/nowhere", [{"a": "1"}], clients=1, seconds=0.5, stagger_seconds=0
    )
    assert failing.requests == 0
    assert failing.errors > 0
    assert "status 404" in failing.error_detail


def test_queries_come_from_the_generated_text() -> None:
    providers = [uuid.uuid4() for _ in range(3)]
    generated, rows = catalog._service_rows(random.Random(1), 3000, providers)  # noqa: S311
    queries = catalog.pick_queries(generated)
    # Words as the full-text search sees them: without the sentences' punctuation.
    texts = [
        (" ".join(re.findall(r"[a-z]+", f"{row[2]} {row[3]}".lower())), row[8]) for row in rows
    ]
    assert set(queries.kinds) == {
        "selective",
        "selective + city",
        "typical",
        "typical + city",
        "broad",
        "broad + city",
    }
    for kind, kind_queries in queries.kinds.items():
        assert kind_queries, kind
        for query in kind_queries:
            words = query.q.split()
            # Some service holds every word (in the query's city, when it has one).
            assert any(
                all(word in text.split() for word in words)
                and (query.city is None or query.city == city)
                for text, city in texts
            ), (kind, query)
    assert queries.kinds["broad"][0].q == catalog.HEAD_WORDS[0]
    assert {row[4] for row in rows} <= set(catalog.categories())
    distinct = catalog.distinct_typical_city(generated, 500)
    assert len(set(distinct)) == len(distinct) == 500
    for query in distinct:
        words = query.q.split()
        assert len(words) == 2
        assert any(
            all(word in text.split() for word in words) and query.city == city
            for text, city in texts
        ), query


def test_head_words_are_distinct() -> None:
    assert len(set(catalog.HEAD_WORDS)) == len(catalog.HEAD_WORDS)


def test_arguments() -> None:
    quick = run.parse_arguments(["--quick"])
    assert (quick.seconds, quick.services, quick.users_seconds) == (2, 10_000, 4)
    full = run.parse_arguments(["--only", "search,4", "--workers", "3"])
    assert full.parts == {"2", "4"}
    assert (full.workers, full.seconds, full.services) == (3, 10, 100_000)
    with pytest.raises(SystemExit):
        run.parse_arguments(["--only", "5"])
    with pytest.raises(SystemExit):
        run.parse_arguments(["--seconds", "0"])


def test_table_aligns_columns_and_keeps_notes_last() -> None:
    table = run.Table()
    table.figure("1", "a measurement", "12 req/s")
    table.target("1", "a ratio", "5.0%", "≥ 25 %", met=False)
    table.target("2", "another", "1 ms", "< 20 ms", met=True)
    table.notes.append("a note")
    lines = table.render().splitlines()
    assert lines[0].split() == ["part", "measurement", "figure", "target", "result"]
    assert lines[3].endswith("FAIL")
    assert lines[4].endswith("PASS")
    assert lines[-1] == "a note"
    assert lines[2].index("12 req/s") == lines[0].index("figure")


def test_seed_fills_a_migrated_database() -> None:
    """The seed works against the schema as the migrations leave it (its indexes, rebuilt
    after the COPY, and its triggers)."""
    with throwaway_database("hestami_test_bench") as url:
        upgrade_to_head(url)
        database = make_url(url)
        libpq = run.libpq_url(database, str(database.database))
        with contextlib.closing(psycopg2.connect(libpq)) as db:
            seeded = catalog.seed(
                db,
                services=300,
                providers=3,
                password_hash="not a hash",  # noqa: S106 - nobody logs in here
                homeowners=["someone"],
            )
            with db.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM marketplace.services")
                assert cursor.fetchone() == (300,)
                cursor.execute(
                    "SELECT count(*) FROM pg_indexes WHERE tablename = 'services'"
                    " AND indexname = 'ix_services_city_search_vector'"
                )
                assert cursor.fetchone() == (1,)
                cursor.execute("SELECT version FROM marketplace.catalog_version")
                assert cursor.fetchone() == (1,)  # the catalog changed: one transaction
    assert len(seeded.service_words) == 300
