"""Application factory: the generated routes wired to the hand-written handlers."""

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI

from hestami_api.admin.handlers import AdminHandlers
from hestami_api.auth.handlers import AuthHandlers
from hestami_api.core.config import Settings, get_settings
from hestami_api.core.db import get_engine
from hestami_api.core.docs import install_docs
from hestami_api.core.logging import configure_logging
from hestami_api.core.middleware import EdgeMiddleware, GuardMiddleware, ProblemCORSMiddleware
from hestami_api.core.problems import install_problem_handlers
from hestami_api.core.rate_limit import RateLimitMiddleware
from hestami_api.core.spec import published_spec
from hestami_api.generated.routes import add_routes
from hestami_api.health.handlers import HealthHandlers
from hestami_api.inquiries.handlers import InquiriesHandlers
from hestami_api.maintenance import email_delivery
from hestami_api.offerings.handlers import CatalogHandlers, ProviderServicesHandlers
from hestami_api.properties.handlers import PropertiesHandlers
from hestami_api.provider_profiles.handlers import ProviderProfileHandlers
from hestami_api.users.handlers import UsersHandlers

# About ten times the largest valid body (a 5,000-character description, JSON-escaped).
MAX_BODY_BYTES = 256 * 1024


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    """Each serving process delivers the email outbox; its pool closes on shutdown."""
    # What the process built before serving (modules, the app, the spec: most of its objects)
    # lives until it exits; frozen, the collector's full passes no longer walk all of it. A
    # request allocates a few thousand objects, nearly all gone when it ends: collecting the
    # youngest generation every 20,000 allocations instead of 2,000 spends a tenth as often
    # on them (one worker at 100 connections: 1,373 -> 1,645 /users/me a second).
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)
    delivery = asyncio.create_task(email_delivery().run_forever(), name="email-delivery")
    try:
        yield
    finally:
        delivery.cancel()
        with suppress(asyncio.CancelledError):
            await delivery
        await get_engine().dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings)
    spec = published_spec()
    app = FastAPI(
        lifespan=lifespan,
        title=spec["info"]["title"],
        version=spec["info"]["version"],
        # Served by install_docs from locked local assets instead of FastAPI's CDN pages.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        # No OpenTelemetry here (metrics are Prometheus, core/metrics.py): switched off, FastAPI
        # stops asking the global OpenTelemetry providers on every request whether it is on.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    # The hand-written spec is the contract; FastAPI's own schema generation is bypassed.
    app.openapi = published_spec  # type: ignore[method-assign]
    add_routes(
        app.router,
        admin=AdminHandlers(),
        auth=AuthHandlers(),
        catalog=CatalogHandlers(),
        health=HealthHandlers(),
        inquiries=InquiriesHandlers(),
        properties=PropertiesHandlers(),
        provider_profile=ProviderProfileHandlers(),
        provider_services=ProviderServicesHandlers(),
        users=UsersHandlers(),
    )
    # After the operations: a request is matched against the routes in order, and the API's
    # are asked for far more often than the documentation's.
    install_docs(app)
    install_problem_handlers(app)
    # Added innermost first: errors become problems before headers are stamped on them.
    app.add_middleware(GuardMiddleware, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(RateLimitMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            ProblemCORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "If-Match",
                "Idempotency-Key",
                "X-Request-ID",
            ],
            expose_headers=["Retry-After", "ETag", "X-Request-ID"],
            max_age=600,
        )
    # Outermost: every response carries the id and the security headers, every log line of
    # the request has the id, and the metrics time everything inside.
    app.add_middleware(EdgeMiddleware)
    return app
