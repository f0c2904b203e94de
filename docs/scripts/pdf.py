"""Make a PDF of the whole book in each language from the built site: `make pdf` (build.py
makes it after building a language).

    python docs/scripts/pdf.py [language ...]   # from an already built site/

Headless Chromium (Debian's, driven by Playwright, as in the browser tests) opens the built
home page of the language and replaces its text with the whole book (pdf.js: a title page, the
contents, every page of the navigation but the home page and the API reference, each fetched
from the built site); the site's own stylesheets with print media and the book's print
stylesheet (pdf.css) lay it out. Printed once, the PDF tells on which page each contents entry
landed (the contents link their headings, so each is a named destination); those numbers are
written into the contents and the book is printed again.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import re
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
SITE = ROOT / "site"
sys.path.insert(0, str(ROOT / "docs" / "hooks"))
from book import language_config, languages, last_commit_time, nav_files, pdf_name  # noqa: E402

import headless  # noqa: E402  (beside this script)

LEFT_OUT = ("index.md", "reference/")  # the home page (its title is the title page) and the API reference


def pdf_path(language: str) -> Path:
    """Where the PDF of ``language`` is written (the home pages link it by this name)."""
    return SITE / language / pdf_name(language)


def chromium() -> str:
    path = headless.chromium()
    if path is None:
        sys.exit(f"the PDF needs Chromium: {headless.INSTALL}")
    return path


def book_pages(language: str) -> list[str]:
    """The pages that go into the book, as paths relative to the home page, in reading order."""
    return [f"{name.removesuffix('.md')}/" for name in nav_files(language_config(language)["nav"]) if not name.startswith(LEFT_OUT)]


def _serve(directory: Path) -> http.server.ThreadingHTTPServer:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _commit_time() -> datetime.datetime | None:
    """The last commit's time, in UTC (its date is the title page's); None outside a git
    checkout."""
    seconds = int(last_commit_time())
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc) if seconds else None


# Skia writes a date as D:YYYYMMDDHHmmSS and the zone as +HH'mm' (or -HH'mm').
PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[+-]\d\d'\d\d'\)")


def _dated(pdf: bytes, when: datetime.datetime) -> bytes:
    """``pdf`` with ``when`` (UTC) as its creation and modification dates, where Chromium
    writes the clock's: the same built site prints the same bytes. The dates are written at
    the same length, so the offsets in the file's cross-reference table stay right."""
    if when.utcoffset() != datetime.timedelta(0):
        raise ValueError(f"Invalid PDF date: when={when!r} (must be in UTC)")
    stamp = when.strftime("D:%Y%m%d%H%M%S+00'00'").encode()
    dated, count = PDF_DATE.subn(lambda m: b"/" + m[1] + b" (" + stamp + b")", pdf)
    if count != 2:
        raise RuntimeError(f"expected Chromium's /CreationDate and /ModDate in the PDF, found {count} dates")
    return dated


def _landing_pages(pdf: bytes, targets: list[str]) -> dict[str, int]:
    """The page number (from 1) of each of ``targets``, a named destination of ``pdf``."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    # Chromium names each destination by its id, URL-encoded, as a PDF name (/id).
    named = {unquote(name.removeprefix("/")): dest for name, dest in reader.named_destinations.items()}
    return {name: reader.get_destination_page_number(named[name]) + 1 for name in targets if name in named}


def make_pdf(browser, base: str, language: str) -> tuple[Path, float]:
    """Print the book in ``language`` from the site served at ``base``; return the PDF's path
    and the seconds it took."""
    started = time.perf_counter()
    config = language_config(language)
    committed = _commit_time()
    page = browser.new_page()
    try:
        page.emulate_media(media="print", color_scheme="light")
        page.goto(f"{base}{language}/")
        title = page.locator(".md-content__inner h1").first.inner_text().removesuffix("¶").strip()
        targets = page.evaluate((HERE / "pdf.js").read_text(encoding="utf-8"), {
            "pages": book_pages(language), "words": config["extra"]["words"], "title": title,
            "date": committed.date().isoformat() if committed else "",
        })
        page.add_style_tag(content=(HERE / "pdf.css").read_text(encoding="utf-8"))
        options = {"prefer_css_page_size": True, "print_background": True}
        # The first print only tells where the headings land: no outline, no tags (cheaper).
        landed = _landing_pages(page.pdf(**options), targets)
        missing = sorted(set(targets) - landed.keys())
        if missing:
            raise RuntimeError(f"{language}: contents entries not found in the PDF: {missing[:5]}")
        page.evaluate("""(landed) => {
            for (const number of document.querySelectorAll('.pdf-page-number'))
                number.textContent = landed[number.dataset.target];
        }""", landed)
        path = pdf_path(language)
        printed = page.pdf(**options, outline=True, tagged=True)  # bookmarks need tags
        path.write_bytes(_dated(printed, committed) if committed else printed)
    finally:
        page.close()
    return path, time.perf_counter() - started


def make(languages_wanted=None) -> dict[str, tuple[Path, float]]:
    """Make the PDF of each language (all by default) from site/; return each one's path and
    the seconds it took."""
    from playwright.sync_api import sync_playwright

    server = _serve(SITE)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=headless.FLAGS)
            try:
                return {code: make_pdf(browser, base, code) for code in languages_wanted or languages()}
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    for code, (path, seconds) in make(sys.argv[1:] or None).items():
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1024:.0f} KB in {seconds:.1f} s")
