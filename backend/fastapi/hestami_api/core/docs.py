"""Swagger UI at /docs and ReDoc at /redoc, served entirely by the app.

FastAPI's own pages load Swagger UI and ReDoc from a CDN and start Swagger UI with an inline
script. Here every byte comes from this origin: the Swagger UI and ReDoc bundles from the
locked ``fastapi-standalone-docs`` package (only its files are used, not its code, which
patches FastAPI's functions process-wide), the start-up script and stylesheet from
``docs_assets/`` beside this module. The pages hold no inline script or style, so the strict
Content-Security-Policy that ``core/middleware.py`` puts on every documentation path applies
(ReDoc's two runtime stylesheets are admitted there by hash).

``docs_assets/swagger-init.js`` also applies the token of the Authorize dialog's password login
(the spec's oauth2 scheme) to the spec's http bearer scheme, which is the one operations
require, and keeps it across reloads (``persistAuthorization``).

Paths (all exempt from the default rate limit, see ``core/rate_limit.py``)::

    /docs                      Swagger UI
    /docs/oauth2-redirect      Swagger UI's OAuth2 redirect page
    /docs/static/...           Swagger UI bundle, stylesheet, start-up script, favicon
    /redoc                     ReDoc
    /redoc/static/...          ReDoc bundle, stylesheet, favicon
    /redoc/logo-mini.svg       the Redocly logo (the vendored bundle asks for it there)
"""

import re
from html import escape
from importlib.resources import files
from typing import Final

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles

DOCS_URL: Final = "/docs"
OAUTH2_REDIRECT_URL: Final = "/docs/oauth2-redirect"
SWAGGER_STATIC_URL: Final = "/docs/static"
REDOC_URL: Final = "/redoc"
REDOC_STATIC_URL: Final = "/redoc/static"
# fastapi-standalone-docs rewrites ReDoc's logo URL (a CDN) to the page's path + this.
REDOC_LOGO_URL: Final = "/redoc/logo-mini.svg"

VENDOR_PACKAGE: Final = "fastapi_standalone_docs"
OWN_ASSETS: Final = ("hestami_api.core", "docs_assets")
# Looked up in order; the favicon comes from the vendor's "fastapi" folder.
SWAGGER_ASSETS: Final[list[str | tuple[str, str]]] = [
    (VENDOR_PACKAGE, "static/swagger"),
    (VENDOR_PACKAGE, "static/fastapi"),
    OWN_ASSETS,
]
REDOC_ASSETS: Final[list[str | tuple[str, str]]] = [
    (VENDOR_PACKAGE, "static/redoc"),
    (VENDOR_PACKAGE, "static/fastapi"),
    OWN_ASSETS,
]

# The page of either viewer: its favicon and stylesheet from its static path, then its body.
VIEWER_PAGE: Final = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" type="image/png" href="{static}/favicon.png">
<link rel="stylesheet" href="{static}/{stylesheet}">
</head>
<body>
{body}</body>
</html>
"""

SWAGGER_BODY: Final = """<div id="swagger-ui"></div>
<script src="{static}/swagger-ui-bundle.js"></script>
<script src="{static}/swagger-init.js" data-openapi-url="{openapi_url}"
  data-oauth2-redirect-url="{oauth2_redirect_url}"></script>
"""

REDOC_BODY: Final = """<noscript>ReDoc needs JavaScript to show the documentation.</noscript>
<redoc spec-url="{openapi_url}"></redoc>
<script src="{static}/redoc.standalone.js"></script>
"""

OAUTH2_REDIRECT_PAGE: Final = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Swagger UI: OAuth2 Redirect</title>
</head>
<body>
<script src="{static}/oauth2-redirect.js"></script>
</body>
</html>
"""


def viewer_page(*, title: str, static: str, stylesheet: str, body: str) -> HTMLResponse:
    """A `VIEWER_PAGE`; ``title``, ``static`` and ``body`` already HTML-escaped."""
    return HTMLResponse(
        VIEWER_PAGE.format(title=title, static=static, stylesheet=stylesheet, body=body)
    )


def oauth2_redirect_script() -> bytes:
    """Swagger UI's OAuth2 redirect script as FastAPI ships it, lifted out of the page FastAPI
    would serve so that it is served as a file (an inline script would break the CSP)."""
    page = bytes(get_swagger_ui_oauth2_redirect_html().body).decode()
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    if len(scripts) != 1:
        raise RuntimeError(
            "FastAPI's OAuth2 redirect page no longer holds exactly one inline script: "
            "update hestami_api.core.docs"
        )
    return str(scripts[0]).encode()


def install_docs(app: FastAPI) -> None:
    """Adds the documentation routes; create the app with docs_url=None and redoc_url=None."""
    openapi_url = app.openapi_url
    if openapi_url is None:
        raise RuntimeError("the documentation pages need the app's openapi_url")
    title = escape(app.title)
    redirect_script = oauth2_redirect_script()
    logo = files(VENDOR_PACKAGE).joinpath("static/redoc/logo-mini.svg").read_bytes()

    def prefixed(request: Request, path: str) -> str:
        # Behind a proxy that strips a path prefix (uvicorn --root-path), links need it back.
        return escape(request.scope.get("root_path", "").rstrip("/") + path)

    async def swagger_ui(request: Request) -> Response:
        static = prefixed(request, SWAGGER_STATIC_URL)
        body = SWAGGER_BODY.format(
            static=static,
            openapi_url=prefixed(request, openapi_url),
            oauth2_redirect_url=prefixed(request, OAUTH2_REDIRECT_URL),
        )
        return viewer_page(
            title=f"{title} - Swagger UI", static=static, stylesheet="swagger-ui.css", body=body
        )

    async def swagger_ui_oauth2_redirect(request: Request) -> Response:
        return HTMLResponse(
            OAUTH2_REDIRECT_PAGE.format(static=prefixed(request, SWAGGER_STATIC_URL))
        )

    async def swagger_ui_oauth2_redirect_script(_request: Request) -> Response:
        return Response(redirect_script, media_type="text/javascript")

    async def redoc(request: Request) -> Response:
        static = prefixed(request, REDOC_STATIC_URL)
        body = REDOC_BODY.format(static=static, openapi_url=prefixed(request, openapi_url))
        return viewer_page(
            title=f"{title} - ReDoc", static=static, stylesheet="redoc.css", body=body
        )

    async def redoc_logo(_request: Request) -> Response:
        return Response(logo, media_type="image/svg+xml")

    # Plain Starlette routes (GET and HEAD), as FastAPI adds its own documentation pages.
    app.add_route(DOCS_URL, swagger_ui, include_in_schema=False)
    app.add_route(OAUTH2_REDIRECT_URL, swagger_ui_oauth2_redirect, include_in_schema=False)
    # Before the static mount below, which would otherwise answer this path with a 404.
    app.add_route(
        f"{SWAGGER_STATIC_URL}/oauth2-redirect.js",
        swagger_ui_oauth2_redirect_script,
        include_in_schema=False,
    )
    app.add_route(REDOC_URL, redoc, include_in_schema=False)
    app.add_route(REDOC_LOGO_URL, redoc_logo, include_in_schema=False)
    app.mount(SWAGGER_STATIC_URL, StaticFiles(packages=SWAGGER_ASSETS), name="swagger-ui-static")
    app.mount(REDOC_STATIC_URL, StaticFiles(packages=REDOC_ASSETS), name="redoc-static")
