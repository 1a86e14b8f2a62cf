"""Application factory: the generated routes wired to the hand-written handlers."""

from fastapi import FastAPI

from hestami_api.admin.handlers import AdminHandlers
from hestami_api.auth.handlers import AuthHandlers
from hestami_api.core.config import Settings, get_settings
from hestami_api.core.docs import install_docs
from hestami_api.core.logging import configure_logging
from hestami_api.core.middleware import (
    BodyLimitMiddleware,
    ProblemCORSMiddleware,
    SecurityHeadersMiddleware,
    UnhandledErrorMiddleware,
)
from hestami_api.core.problems import install_problem_handlers
from hestami_api.core.rate_limit import RateLimitMiddleware
from hestami_api.core.spec import published_spec
from hestami_api.generated.routes import build_router
from hestami_api.health.handlers import HealthHandlers
from hestami_api.marketplace.handlers import (
    CatalogHandlers,
    InquiriesHandlers,
    PropertiesHandlers,
    ProviderProfileHandlers,
    ProviderServicesHandlers,
)
from hestami_api.users.handlers import UsersHandlers

# About ten times the largest valid body (a 5,000-character description, JSON-escaped).
MAX_BODY_BYTES = 256 * 1024


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings)
    spec = published_spec()
    app = FastAPI(
        title=spec["info"]["title"],
        version=spec["info"]["version"],
        # Served by install_docs from locked local assets instead of FastAPI's CDN pages.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    install_docs(app)
    # The hand-written spec is the contract; FastAPI's own schema generation is bypassed.
    app.openapi = published_spec  # type: ignore[method-assign]
    app.include_router(
        build_router(
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
    )
    install_problem_handlers(app)
    # Added innermost first: errors become problems before headers are stamped on them.
    app.add_middleware(UnhandledErrorMiddleware)
    app.add_middleware(BodyLimitMiddleware, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(RateLimitMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            ProblemCORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["Retry-After"],
            max_age=600,
        )
    app.add_middleware(SecurityHeadersMiddleware)
    return app
