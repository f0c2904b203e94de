"""The headless Chromium that prints the PDF (pdf.py), measures the pages (bench.py) and runs
the browser tests (tests/browser): the binary GDBOOK_CHROMIUM names, else the first of
Debian's `chromium`, `chromium-browser` and Google Chrome on the PATH (the hosting workflow's
runner has Chrome), started the same way by all three.
"""

from __future__ import annotations

import os
import shutil

# In a container: no sandbox (it needs user namespaces) and no GPU; nothing that reaches the
# network or competes for the CPU while a page is printed or measured.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

INSTALL = "`apt-get install chromium fonts-wqy-microhei` (or set GDBOOK_CHROMIUM to a Chromium binary)"


def chromium() -> str | None:
    """The Chromium binary to run, or None when there is none."""
    names = ("chromium", "chromium-browser", "google-chrome")
    return os.environ.get("GDBOOK_CHROMIUM") or next(filter(None, map(shutil.which, names)), None)
