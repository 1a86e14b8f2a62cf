"""/docs and /redoc against a real API process: every page and asset comes from the app, the
pages hold no inline script or style and name no other host, and the documentation paths carry
the strict Content-Security-Policy (tests/core/test_docs_browser.py runs them in a browser)."""

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import PurePosixPath

import httpx
import pytest

from tests.conftest import api_process

PAGES = ("/docs", "/redoc", "/docs/oauth2-redirect")
ASSET_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".png": "image/png",
}


class PageParts(HTMLParser):
    """Collects what a page loads and anything that would need an inline-content CSP."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name in ("src", "href", "spec-url", "data-openapi-url", "data-oauth2-redirect-url"):
            if names.get(name):
                self.urls.append(str(names[name]))
        if tag == "script" and not names.get("src"):
            self.inline.append("<script> without src")
        if tag == "style":
            self.inline.append("<style>")
        self.inline += [f"{name}= attribute" for name in names if name == "style"]
        self.inline += [f"{name}= handler" for name in names if name.startswith("on")]


def page_parts(html: str) -> PageParts:
    parser = PageParts()
    parser.feed(html)
    return parser


def directives(policy: str) -> dict[str, str]:
    parsed: dict[str, str] = {}
    for directive in policy.split(";"):
        name, _, value = directive.strip().partition(" ")
        parsed[name] = value
    return parsed


@pytest.fixture(scope="module")
def api(live_database_url: str) -> Iterator[httpx.Client]:
    with (
        api_process(live_database_url, RATE_LIMIT_ENABLED="false") as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        yield client


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_only_assets_the_app_serves(api: httpx.Client, path: str) -> None:
    page = api.get(path)

    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "http://" not in page.text
    assert "https://" not in page.text
    parts = page_parts(page.text)
    assert parts.urls
    for url in parts.urls:
        assert url.startswith("/"), url
        assert not url.startswith("//"), url  # protocol-relative: another host
    assets = [url for url in parts.urls if PurePosixPath(url).suffix in ASSET_TYPES]
    assert assets
    for url in assets:
        asset = api.get(url)
        assert asset.status_code == 200, url
        assert asset.headers["content-type"].startswith(ASSET_TYPES[PurePosixPath(url).suffix])
        assert asset.content, url


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_inline_script_or_style(api: httpx.Client, path: str) -> None:
    assert page_parts(api.get(path).text).inline == []


def test_swagger_ui_is_configured_for_this_api(api: httpx.Client) -> None:
    page = page_parts(api.get("/docs").text)
    start_script = api.get("/docs/static/swagger-init.js").text
    redirect_script = api.get("/docs/static/oauth2-redirect.js").text

    assert "/openapi.json" in page.urls
    assert "/docs/oauth2-redirect" in page.urls
    assert "persistAuthorization: true" in start_script
    assert "validatorUrl: null" in start_script  # else a badge image from validator.swagger.io
    assert "window.opener.swaggerUIRedirectOauth2" in redirect_script
    assert "<script" not in redirect_script


def test_redoc_bundle_asks_for_its_logo_on_this_origin(api: httpx.Client) -> None:
    bundle = api.get("/redoc/static/redoc.standalone.js").text
    logo = api.get("/redoc/logo-mini.svg")

    assert "cdn.redoc.ly" not in bundle
    assert 'window.location.pathname+"/logo-mini.svg"' in bundle
    assert logo.status_code == 200
    assert logo.headers["content-type"] == "image/svg+xml"


def test_vendor_licenses_are_served_beside_the_bundles(api: httpx.Client) -> None:
    swagger_license = api.get("/docs/static/LICENSE")
    redoc_license = api.get("/redoc/static/redoc.standalone.js.LICENSE.txt")

    assert swagger_license.status_code == 200
    assert "Apache License" in swagger_license.text
    assert redoc_license.status_code == 200
    assert "ReDoc" in redoc_license.text


@pytest.mark.parametrize(
    "path",
    [
        *PAGES,
        "/docs/static/swagger-ui-bundle.js",
        "/docs/static/oauth2-redirect.js",
        "/redoc/static/redoc.standalone.js",
        "/redoc/logo-mini.svg",
        "/docs/static/no-such-file.js",
    ],
)
def test_documentation_csp_is_strict(api: httpx.Client, path: str) -> None:
    response = api.get(path)
    policy = directives(response.headers["content-security-policy"])

    assert policy["default-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    # Scripts only from this origin: script-src is not loosened anywhere.
    assert "script-src" not in policy
    for value in policy.values():
        assert "'unsafe-inline'" not in value
        assert "'unsafe-eval'" not in value
        assert "*" not in value
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_only_redoc_gets_its_style_hashes_and_blob_worker(api: httpx.Client) -> None:
    swagger = directives(api.get("/docs").headers["content-security-policy"])
    redoc = directives(api.get("/redoc").headers["content-security-policy"])

    assert "style-src" not in swagger
    assert "worker-src" not in swagger
    styles = redoc["style-src"].split()
    assert styles[0] == "'self'"
    assert len(styles) == 3
    assert all(source.startswith("'sha256-") for source in styles[1:])
    assert redoc["worker-src"] == "'self' blob:"


@pytest.mark.parametrize("path", ["/health", "/docsearch", "/redocs", "/nope"])
def test_other_paths_keep_the_api_csp(api: httpx.Client, path: str) -> None:
    response = api.get(path)

    assert (
        response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    )
    assert response.headers["cache-control"] == "no-store"


def test_pages_answer_head(api: httpx.Client) -> None:
    for path in PAGES:
        assert api.head(path).status_code == 200, path


def test_links_and_csp_follow_a_root_path(live_database_url: str) -> None:
    # hestami-api serve --root-path, as behind a proxy that strips /api before forwarding.
    with api_process(live_database_url, ROOT_PATH="/api") as url:
        page = httpx.get(f"{url}/docs")
        # What the page links to, as the proxy forwards it: without the prefix.
        asset = httpx.get(f"{url}/docs/static/swagger-init.js")

    assert page.status_code == 200
    urls = page_parts(page.text).urls
    assert urls
    assert all(url.startswith("/api/") for url in urls), urls
    assert directives(page.headers["content-security-policy"])["default-src"] == "'self'"
    assert asset.status_code == 200
