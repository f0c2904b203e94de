"""Serving the built site to the browser tests: at the address it is built for, and at
another (a mirror under a sub-path, on a free port)."""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
import urllib.request

import book
import booksite
import notebooks

HOST = "127.0.0.1"
PORT = book.local_port()  # where the book is built for, when that is this machine
BASE = f"http://{HOST}:{PORT}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that navigates away mid-transfer (the language switch does) closes the
        # connection; that is not an error of the site.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serves_this_site() -> bool:
    """Whether the server at BASE serves this very build (this session's, or `make serve`'s)."""
    try:
        with urllib.request.urlopen(f"{BASE}/en/gd-sgd/", timeout=2) as response:
            text = response.read().decode("utf-8", "replace")
    except OSError:
        return False
    found = re.search(r'name="gdbook-fingerprint" content="([0-9a-f]+)"', text)
    return bool(found) and found.group(1) == notebooks.fingerprint()


def start() -> _Server | None:
    """Serve site/ at BASE from a thread of this process; None if the port is taken."""
    if not (booksite.SITE / "index.html").exists():
        return None
    handler = functools.partial(_QuietHandler, directory=str(booksite.SITE))
    try:
        server = _Server((HOST, PORT), handler)
    except OSError:
        return None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class _MirrorHandler(_QuietHandler):
    """site/ under ``prefix`` (the class is made per prefix by :func:`start_mirror`)."""
    prefix = ""

    def translate_path(self, path):
        if not path.startswith(self.prefix + "/"):
            return str(booksite.SITE / "does-not-exist")
        return super().translate_path(path[len(self.prefix):])


def start_mirror(prefix: str) -> tuple[_Server, str]:
    """Serve site/ under ``prefix`` on a free port of this machine; return the server and the
    address of the site's root (without a final slash)."""
    handler = type("Mirror", (_MirrorHandler,), {"prefix": prefix})
    server = _Server((HOST, 0), functools.partial(handler, directory=str(booksite.SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{HOST}:{server.server_address[1]}{prefix}"
