"""Headless Chromium (Debian's package, driven by Playwright) on the built site, served from
127.0.0.1:8000: the address the site is built for, so the language switch can find pages in
the other language's sitemap.

Where Chromium is missing the browser tests skip, saying how to install it; with
GDBOOK_REQUIRE_BROWSER=1 (set by .ci/run) a missing browser fails them instead.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
import urllib.request

import pytest

import booksite
import notebooks

HOST, PORT = "127.0.0.1", 8000
BASE = f"http://{HOST}:{PORT}"
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serves_this_site() -> bool:
    """Whether something on the port already serves this very build (e.g. `make serve`)."""
    try:
        with urllib.request.urlopen(f"{BASE}/en/gd-sgd/", timeout=2) as response:
            text = response.read().decode("utf-8", "replace")
    except OSError:
        return False
    found = re.search(r'name="gdbook-fingerprint" content="([0-9a-f]+)"', text)
    return bool(found) and found.group(1) == notebooks.fingerprint()


@pytest.fixture(scope="session")
def site_url():
    assert (booksite.SITE / "index.html").exists(), "build the book first: `make build`"
    handler = functools.partial(_QuietHandler, directory=str(booksite.SITE))
    try:
        server = http.server.ThreadingHTTPServer((HOST, PORT), handler)
    except OSError:
        if _serves_this_site():
            yield BASE
            return
        pytest.fail(f"port {PORT} is taken by something that does not serve this build; free it")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield BASE
    server.shutdown()
    server.server_close()


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
