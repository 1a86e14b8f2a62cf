"""Prometheus metrics: request counts and durations by route template, database pool use,
rate-limit rejections and the email outbox backlog, served at ``GET /metrics``.

Several worker processes (``hestami-api serve --workers N``) share one view through
prometheus-client's multiprocess mode: ``PROMETHEUS_MULTIPROC_DIR`` names a directory where
each process writes its samples, and a scrape of any worker aggregates all of them. The
serve command creates (and empties) that directory when the operator has not set one.
"""

import os
from typing import Final

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.types import Scope

MULTIPROCESS_DIRECTORY_VARIABLE: Final = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE: Final = CONTENT_TYPE_LATEST
UNMATCHED_ROUTE: Final = "unmatched"
"""The route label of requests no route matched (never the raw path: unbounded labels)."""

HTTP_REQUESTS = Counter(
    "http_requests_total",
    "HTTP requests answered, by method, route template and status code.",
    ["method", "route", "status"],
)
HTTP_REQUEST_DURATION = Histogram(
    "http_request_duration_seconds",
    "Time from receiving a request to the end of its response, by method, route and status.",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DATABASE_POOL_IN_USE = Gauge(
    "database_pool_connections_in_use",
    "Database connections checked out of this process's pool.",
    multiprocess_mode="livesum",
)
DATABASE_POOL_CHECKOUTS = Counter(
    "database_pool_checkouts_total",
    "Connections taken from the pool (not those taken off its shelf, core/db.py).",
)
DATABASE_POOL_SIZE = Gauge(
    "database_pool_connections_size",
    "Connections each process's pool keeps (DATABASE_POOL_SIZE).",
    multiprocess_mode="livesum",
)
CATALOG_CACHE_LOOKUPS = Counter(
    "catalog_cache_lookups_total",
    "Catalog searches by whether this process's cache held the page (hit), another request"
    " was reading it (joined) or this one read it (miss).",
    ["result"],
)
RATE_LIMIT_REJECTIONS = Counter(
    "rate_limit_rejections_total",
    "Requests refused with 429, by limit.",
    ["limit"],
)
EMAIL_OUTBOX_PENDING = Gauge(
    "email_outbox_pending",
    "Emails in the outbox not yet delivered nor given up (read from the database).",
    multiprocess_mode="mostrecent",
)
EMAIL_OUTBOX_FAILED = Gauge(
    "email_outbox_failed",
    "Emails given up after EMAIL_MAX_ATTEMPTS attempts (read from the database).",
    multiprocess_mode="mostrecent",
)


def render_metrics() -> bytes:
    """The text exposition of every series, aggregated over worker processes if several."""
    if os.environ.get(MULTIPROCESS_DIRECTORY_VARIABLE):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def record_request(scope: Scope, status: int, seconds: float) -> None:
    """Counts and times one HTTP request by its route template (set by the router)."""
    template = getattr(scope.get("route"), "path", None) or UNMATCHED_ROUTE
    labels = (scope["method"], template, str(status))
    HTTP_REQUESTS.labels(*labels).inc()
    HTTP_REQUEST_DURATION.labels(*labels).observe(seconds)
