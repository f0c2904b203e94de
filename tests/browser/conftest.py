"""Headless Chromium (Debian's package, driven by Playwright) on the built site, served from
127.0.0.1:8000, the address it is built for (tests/conftest.py serves it; the language-switch
test serves it at another address too).

Where Chromium is missing the browser tests skip, saying how to install it; with
GDBOOK_REQUIRE_BROWSER=1 (set by .ci/run) a missing browser fails them instead.
"""

from __future__ import annotations

import os
import shutil

import pytest

import booksite
from site_server import BASE, PORT, serves_this_site

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return os.environ.get("GDBOOK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium():
    path = chromium_path()
    if path is None:
        reason = (
            "Chromium not found: install Debian's packages `apt-get install chromium "
            "fonts-wqy-microhei` (or set GDBOOK_CHROMIUM to a Chromium binary)"
        )
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
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    yield context
    context.close()
