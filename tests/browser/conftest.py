"""Headless Chromium (Debian's package, driven by Playwright) on the built site, served from
the address it is built for (127.0.0.1:8000 unless GDBOOK_SITE_URL names another port here;
tests/conftest.py serves it; the page test serves it at another address too).

Where Chromium is missing the browser tests skip, saying how to install it; with
GDBOOK_REQUIRE_BROWSER=1 (set by .ci/run) a missing browser fails them instead.
"""

from __future__ import annotations

import os
import sys

import pytest

import booksite
from site_server import BASE, PORT, serves_this_site

sys.path.insert(0, str(booksite.ROOT / "docs" / "scripts"))
import headless  # noqa: E402  (the Chromium the PDF and the benchmark use too)


@pytest.fixture(scope="session")
def chromium():
    path = headless.chromium()
    if path is None:
        reason = f"Chromium not found: install Debian's packages {headless.INSTALL}"
        if os.environ.get("GDBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def site_url():
    """The address of the built site. The test session serves it (tests/conftest.py: once,
    from the process that outlives the parallel workers); `make serve` may serve it instead."""
    assert (booksite.SITE / "index.html").exists(), "build the book first: `make build`"
    if not serves_this_site():
        pytest.fail(f"{BASE} does not serve this build (is port {PORT} taken by something else? free it)")
    return BASE


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=headless.FLAGS)
        yield browser
        browser.close()


DESKTOP = {"width": 1280, "height": 720}


@pytest.fixture(scope="session")
def tab(browser):
    """One browser tab per worker, which every test navigates: a page load in a tab that
    already shows this site reuses its renderer process, which a new tab would start (about
    a quarter of a chapter's load, measured in core-seconds)."""
    context = browser.new_context(viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


@pytest.fixture
def page(tab):
    """The worker's tab, handed to one test and set back afterwards: blank (so the next
    test's first address is a new page load, not a jump within this one; the renderer
    stays), the screen and media a desktop's with a light system scheme, nothing remembered
    by the site (the reader's colour scheme), and what the test listened to (with ``listen``)
    forgotten."""
    yield tab
    if tab.url.startswith("http"):
        tab.evaluate("localStorage.clear()")
    tab.goto("about:blank")
    tab.set_viewport_size(DESKTOP)
    tab.emulate_media(media="screen", color_scheme="light")


@pytest.fixture
def listen(page):
    """``listen(event, handler)``: ``page.on(event, handler)`` for this test only."""
    added = []

    def on(event, handler):
        page.on(event, handler)
        added.append((event, handler))

    yield on
    for event, handler in added:
        page.remove_listener(event, handler)
