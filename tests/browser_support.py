"""Browser fixtures any test module can use: Playwright driving Debian's Chromium, and axe.

Use in a test module:

    from tests.browser_support import assert_accessible, browser, page  # noqa: F401

    @pytest.mark.browser
    def test_something(page, live_server):
        page.goto(live_server.url + "/")
        assert_accessible(page)

`playwright install` is never run: Chromium comes from Debian (apt-get install chromium).
axe-core comes from the axe-playwright-python wheel (its bundled axe.min.js); it is injected
through the DevTools protocol, which the pages' Content-Security-Policy does not block.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MARKETPLACE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Several pages are open at once in one browser; a page Chromium thinks is in the
    # background gets its timers paused, and axe-core (which runs on timers) never finishes.
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]


def _chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


_shared: dict = {}


def _shared_browser():
    """One Playwright and one Chromium for the whole test run, however many conftest files
    import these fixtures: Playwright's sync API cannot run twice in one thread."""
    if "browser" not in _shared:
        from playwright.sync_api import sync_playwright

        assert _chromium_available(), (
            f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium "
            "(scripts/ensure_test_system_packages.py); install it with apt-get."
        )
        # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests
        # make between page actions are still synchronous.
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        _shared["playwright"] = playwright
        _shared["browser"] = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        atexit.register(_stop_shared_browser)
    return _shared["browser"]


def _stop_shared_browser():
    browser = _shared.pop("browser", None)
    playwright = _shared.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()


@pytest.fixture(scope="session")
def browser():
    return _shared_browser()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    tab.console_errors = errors
    yield tab
    context.close()


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def axe_violations(page, tags: list[str] | None = None) -> list[dict]:
    """Runs axe-core on the current page; returns its violations for the WCAG tags.

    axe-core runs on timers, which never fire in a page whose JavaScript is switched off. For
    such a page, the same HTML is served again at the same address to a JavaScript-enabled
    page (stylesheets and images still come from the server) and checked there.
    """
    # A click on a link starts the next page; on a loaded machine axe could otherwise read
    # the blank document between the two (no <title>, no lang).
    page.wait_for_load_state("load")
    if not getattr(page, "javascript_enabled", True):
        html, url = page.content(), page.url
        context = page.context.browser.new_context(locale="en-US")
        try:
            replay = context.new_page()
            replay.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
            replay.goto(url)
            return _run_axe(replay, tags)
        finally:
            context.close()
    return _run_axe(page, tags)


def _run_axe(page, tags: list[str] | None) -> list[dict]:
    page.bring_to_front()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    options = {
        "runOnly": {"type": "tag", "values": tags or WCAG_TAGS},
        "resultTypes": ["violations"],
    }
    result = page.evaluate(f"async () => await axe.run(document, {json.dumps(options)})")
    return result["violations"]


def assert_accessible(page, tags: list[str] | None = None) -> None:
    violations = axe_violations(page, tags)
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in violations
    ]
    assert not violations, f"{page.url}: " + "\n".join(summary)


@pytest.fixture
def page_factory(browser):
    """Make pages in their own contexts: `page_factory(javascript=False, locale="es-ES")`.

    Added for window shopping (issue 4): journeys with JavaScript off, and Spanish.
    """
    contexts = []

    def make(javascript: bool = True, locale: str = "en-US"):
        context = browser.new_context(locale=locale, java_script_enabled=javascript)
        context.set_default_timeout(10_000)
        contexts.append(context)
        tab = context.new_page()
        tab.javascript_enabled = javascript
        return tab

    yield make
    for context in contexts:
        context.close()


def sign_in(tab, base, email, code_for=None, password=None):
    """The sign-in form, by field name (the labels change with the language); `code_for`: the
    staff user whose second factor to type. The test people's password by default."""
    import re

    from marketplace.accounts import totp
    from tests.verifications.households import PASSWORD

    tab.goto(base + "/account/login/")
    assert_accessible(tab)
    tab.fill("input[name=email]", email)
    tab.fill("input[name=password]", password or PASSWORD)
    tab.locator("main form button[type=submit]").first.click()
    if code_for is not None:
        tab.wait_for_url(base + "/account/login/code/")
        assert_accessible(tab)
        tab.fill("input[name=code]", totp.code_at(code_for.totp_secret, totp.current_step()))
        tab.locator("main form button[type=submit]").first.click()
    tab.wait_for_url(re.compile(r".*/account/$"))


def main_text(tab) -> str:
    """The page's main text, white space folded."""
    return " ".join(tab.locator("main").inner_text().split())


# --- The live server with the demo catalog (each tests/<area>/browser/conftest.py) -------


@pytest.fixture(scope="package", autouse=True)
def demo_catalog():
    """Overrides the package-wide catalog: a transactional test flushes what it loads."""
    yield


def live_with_demo(live_server, tmp_path, years: list[int]):
    """The live server's URL, its (transactional) database holding the demo catalog of
    `years`; the catalog caches are cleared before and after (a generator for a fixture)."""
    from io import StringIO

    from django.core.management import call_command

    from tests.shopping.support import clear_caches

    call_command("load-demo", out=tmp_path, year=years, stdout=StringIO(), stderr=StringIO())
    clear_caches()
    yield live_server.url
    clear_caches()


@pytest.fixture
def live(live_server, transactional_db, tmp_path):
    """The live server with the demo catalog of the plan year on offer."""
    from tests.shopping.support import DEMO_YEAR

    yield from live_with_demo(live_server, tmp_path, [DEMO_YEAR])
