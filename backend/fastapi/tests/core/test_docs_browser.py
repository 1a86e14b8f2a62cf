"""/docs and /redoc in a real headless Chromium against a real API process: Swagger UI's
password-flow login and a "Try it out" call work, every request the pages make goes to the
app's own origin (so the docs work with the network cut), and the browser reports no
Content-Security-Policy violation.

Needs Debian's ``chromium`` and ``chromium-driver`` (``apt-get install -y chromium
chromium-driver``). Without them the tests fail under CI (``CI`` set) and skip elsewhere.
"""

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.common.exceptions import (
    ElementClickInterceptedException,
    NoSuchElementException,
    TimeoutException,
)
from selenium.webdriver import Chrome
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.conftest import api_process
from tests.factories import DEFAULT_PASSWORD, register_live

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# No network besides loopback is used or wanted: no updates, sync, QUIC probes or first-run.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1600",
)
# The bundles are large and the machine is shared: generous, but a hang still ends.
TIMEOUT_SECONDS = 60


@pytest.fixture(scope="module")
def chromium() -> None:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        reason = f"{' and '.join(missing)} missing: apt-get install -y chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def base_url(chromium: None, live_database_url: str) -> Iterator[str]:
    # After the Chromium check, so a machine without it skips before an API process starts.
    with api_process(live_database_url, BCRYPT_ROUNDS="4", RATE_LIMIT_ENABLED="false") as url:
        yield url


@pytest.fixture
def browser(chromium: None) -> Iterator[Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    with tempfile.TemporaryDirectory(prefix="hestami-chromium-") as profile:
        options.add_argument(f"--user-data-dir={profile}")
        # Both paths given, so Selenium Manager (which would download drivers) never runs.
        driver = Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        try:
            yield driver
        finally:
            driver.quit()


def console_messages(browser: Chrome) -> list[str]:
    """What the page logged since the last call (Chromium hands each entry out once)."""
    entries: list[dict[str, Any]] = browser.get_log("browser")  # type: ignore[no-untyped-call]
    return [str(entry["message"]) for entry in entries]


def wait_for(browser: Chrome, condition: Any, what: str) -> WebElement:
    try:
        element: WebElement = WebDriverWait(
            browser, TIMEOUT_SECONDS, ignored_exceptions=[NoSuchElementException]
        ).until(condition)
        return element
    except TimeoutException:
        pass  # failed below, outside the handler, so the report is not a chain of tracebacks
    console = console_messages(browser)
    pytest.fail(f"{what} within {TIMEOUT_SECONDS} s; browser console: {console}")


def visible(browser: Chrome, locator: str, by: str = By.CSS_SELECTOR) -> WebElement:
    condition = expected_conditions.visibility_of_element_located((by, locator))
    return wait_for(browser, condition, f"nothing visible matches {locator!r}")


def click(browser: Chrome, locator: str, by: str = By.CSS_SELECTOR) -> None:
    def clicked(_: Chrome) -> bool:
        element = browser.find_element(by, locator)
        if not (element.is_displayed() and element.is_enabled()):
            return False
        # Scrolled into the middle, so Swagger UI's sticky header never covers it.
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        try:
            element.click()
        except ElementClickInterceptedException:
            return False  # the page is still laying itself out (after a reload): try again
        return True

    wait_for(browser, clicked, f"nothing clickable matches {locator!r}")


def open_authorize_dialog(browser: Chrome) -> None:
    """Clicks Authorize until its dialog shows. After a reload Swagger UI scrolls to the
    deep-linked operation once the spec is in: a click made while the page moves lands on
    whatever is under the pointer then (an operation's summary, seen here), not the button."""
    dialog = ".modal-ux"

    def opened(_: Chrome) -> bool:
        if any(
            element.is_displayed() for element in browser.find_elements(By.CSS_SELECTOR, dialog)
        ):
            return True
        button = browser.find_element(By.CSS_SELECTOR, ".auth-wrapper .btn.authorize")
        if button.is_displayed() and button.is_enabled():
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
            with contextlib.suppress(ElementClickInterceptedException):
                button.click()
        return False  # the next poll looks for the dialog

    wait_for(browser, opened, "the Authorize dialog did not open")


def assert_stayed_on_origin(browser: Chrome, base_url: str) -> None:
    """Every document and resource the page loaded came from the app's own origin."""
    urls: list[str] = browser.execute_script(
        "return [location.href, ...performance.getEntriesByType('resource').map(e => e.name)]"
    )
    foreign = [url for url in urls if not url.startswith(f"{base_url}/")]
    assert not foreign, f"requests left {base_url}: {foreign}"


def assert_no_csp_violation(browser: Chrome) -> None:
    """The console holds no CSP report since the last look (Chromium logs each violation)."""
    violations = [
        message
        for message in console_messages(browser)
        if "Content Security Policy" in message or "Content-Security-Policy" in message
    ]
    assert not violations, f"CSP violations: {violations}"


def password_flow_scheme(base_url: str) -> str:
    """The spec's OAuth2 scheme whose password flow logs in at POST /auth/login."""
    schemes = httpx.get(f"{base_url}/openapi.json").json()["components"]["securitySchemes"]
    names: list[str] = [
        name
        for name, scheme in schemes.items()
        if scheme["type"] == "oauth2"
        and scheme["flows"].get("password", {}).get("tokenUrl") == "/auth/login"
    ]
    assert len(names) == 1, f"expected one OAuth2 password flow at /auth/login: {schemes}"
    return names[0]


def test_swagger_ui_logs_in_with_the_password_flow_and_calls_me(
    browser: Chrome, base_url: str
) -> None:
    username = register_live(base_url)["username"]
    # The Authorize dialog has one section per scheme; this is the password login's.
    oauth2 = (
        "//div[contains(@class, 'auth-container')]"
        f"[.//h4[contains(normalize-space(.), '{password_flow_scheme(base_url)}')]]"
    )
    browser.get(f"{base_url}/docs")
    server = visible(browser, ".servers select")
    origin = browser.execute_script(
        "return new URL(arguments[0], location.href).origin", server.get_attribute("value")
    )
    assert origin == base_url, (
        f"Swagger UI would call {origin}, not the app serving /docs: "
        "the spec's servers need a relative URL"
    )

    open_authorize_dialog(browser)
    visible(browser, "#oauth_username").send_keys(username)
    visible(browser, "#oauth_password").send_keys(DEFAULT_PASSWORD)
    click(browser, f"{oauth2}//button[@aria-label='Apply given OAuth2 credentials']", By.XPATH)
    # The section offers Logout once the token endpoint answered with a token.
    visible(browser, f"{oauth2}//button[@aria-label='Remove authorization']", By.XPATH)
    click(browser, ".modal-ux .close-modal")

    click(browser, ".opblock-get .opblock-summary-path[data-path='/users/me']")
    operation = ".opblock-get.is-open"
    click(browser, f"{operation} .try-out__btn")
    click(browser, f"{operation} .btn.execute")
    status = visible(browser, f"{operation} .live-responses-table .response .response-col_status")
    body = visible(browser, f"{operation} .live-responses-table .response-col_description pre")

    assert status.text.split()[0] == "200", body.text
    assert f'"username": "{username}"' in body.text
    assert_stayed_on_origin(browser, base_url)
    assert_no_csp_violation(browser)

    # persistAuthorization: the token survives a reload, so the lock stays closed.
    browser.refresh()
    visible(browser, ".auth-wrapper .btn.authorize.locked")
    # Logging out of the password login drops the token everywhere it was applied.
    open_authorize_dialog(browser)
    click(browser, f"{oauth2}//button[@aria-label='Remove authorization']", By.XPATH)
    click(browser, ".modal-ux .close-modal")
    visible(browser, ".auth-wrapper .btn.authorize.unlocked")
    assert_no_csp_violation(browser)


def test_redoc_renders_the_spec_from_the_app_alone(browser: Chrome, base_url: str) -> None:
    browser.get(f"{base_url}/redoc")

    heading = visible(browser, ".api-info h1")
    # Search answers from the index ReDoc builds in a web worker.
    visible(browser, "[role='search'] input").send_keys("login")
    visible(browser, "[data-role='search:results'] li[role='menuitem']")

    assert heading.text.startswith("Hestami API")
    assert_stayed_on_origin(browser, base_url)
    assert_no_csp_violation(browser)
