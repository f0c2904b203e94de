"""Measure the book's speed, weight and reproducibility, and print each figure (`make bench`).

Not a test: the numbers depend on the machine. What it measures, and how:

* build: a cold `build.py` (no site, no caches: every chapter executed once, its outputs
  shared by both languages), and as a ratio to its floor: the time to execute every chapter's
  code once in plain Python processes (no kernel, no MkDocs; as many at a time as the build
  runs, one per core); an unchanged rebuild (`build.py` again: cache hits); `make build` with nothing
  changed (Make's up-to-date check); the time from saving an edit to a chapter's prose until
  `make serve` serves the new page; and how the cold build grows with the number of chapters
  (1, 2 and 4 copies of chapter 2 (gd-sgd), each with code of its own, in a scratch copy of the
  repository).
* weight: each chapter page's HTML (raw and gzipped, and how much of it is figures and math);
  the whole first load of a chapter as transferred (HTML, CSS, JS, fonts, images) from a
  server that gzips text, as static hosts do, read from Chromium's network events; and a
  second page of the same language, to show shared assets are served once and cached.
* Lighthouse (npm's lighthouse against Debian's Chromium, mobile defaults): performance and
  accessibility of every chapter page in both languages and both colour schemes (the dark one
  is the system's, set by a Chromium flag; each run's final screenshot is checked to be light
  or dark): performance, median of five runs (Lighthouse's docs/variability.md: "the median
  Lighthouse score of 5 runs is twice as stable as 1 run"; on this two-core machine a single
  run of an unchanged page ranges over ten points); accessibility, the lowest of all runs. A run
  in which headless Chromium held the page's first paint back, loaded and idle, for a second
  or two (held_paint.py; upstream, lighthouse#17148) is made again, and so is a run during
  which the hypervisor took 5% or more of this machine's CPU time for something else (the
  "steal" of /proc/stat; Lighthouse's variability.md names such resource contention as a
  source of variance). The report lists the runs made again with their performance.
* pdf: a cold `build.py --pdf` (`make pdf` from nothing: the build, then each language's
  PDF printed by Chromium from its pages), and for each PDF its pages, size and the time to
  print it alone (docs/scripts/pdf.py, from the built site).
* reproducibility: two clean builds, compared file by file.
* tests: `pytest` on the built site (what `make test` runs after the build).
* hooks: their lines of code, and the places that match another package's markup (each marked
  ``UPSTREAM MARKUP`` in the code, listed in the README).

    python docs/scripts/bench.py [--skip-lighthouse] [--skip-growth] [--only PART]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).parent))
from build import LANGUAGES, ROOT, SITE  # noqa: E402
import headless  # noqa: E402
import held_paint  # noqa: E402

sys.path.insert(0, str(ROOT / "docs" / "hooks"))
import chapter_source  # noqa: E402  (where the chapters are written)
from book import local_port  # noqa: E402

PY = sys.executable
DOCS = ROOT / "docs"
# Lighthouse starts Chromium itself and is told to start it headless; Playwright does so unasked.
LIGHTHOUSE_CHROMIUM_FLAGS = ["--headless=new", *headless.FLAGS]
TEXT_TYPES = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")


def chapters() -> list[str]:
    return chapter_source.names()


def chromium() -> str:
    """Chromium, for the parts that load pages (weight, Lighthouse); the others run without."""
    return headless.chromium() or sys.exit(f"this part of the benchmark needs Chromium: {headless.INSTALL}")


def timed(command: list[str], cwd: Path = ROOT) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def report(label: str, value: str) -> None:
    print(f"  {label:<58} {value}")


# --- build times ---------------------------------------------------------------------------

def clean_build_seconds(root: Path = ROOT, *options: str) -> float:
    shutil.rmtree(root / "site", ignore_errors=True)
    shutil.rmtree(root / ".cache", ignore_errors=True)
    return timed([PY, "docs/scripts/build.py", *options], cwd=root)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, marker: str | None, timeout: float) -> float | None:
    """Seconds until ``url`` answers (and contains ``marker``), or None."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if marker is None or marker in response.read().decode("utf-8", "replace"):
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.05)
    return None


def serve_edit_seconds() -> float | None:
    """Save an edit to chapter 2's (gd-sgd's) English prose; time until `make serve` serves it."""
    port = free_port()
    server = subprocess.Popen(
        [PY, "docs/scripts/serve.py", "--port", str(port)], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    chapter = chapter_source.path("gd-sgd")
    original = chapter.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/en/gd-sgd/"
    try:
        if wait_for(url, None, 120) is None:
            return None
        time.sleep(1.5)  # let the watcher settle after the first build
        marker = f"bench-edit-{time.time_ns()}"
        chapter.write_text(original + f'\n<!-- #region lang="en" -->\n{marker}\n<!-- #endregion -->\n', encoding="utf-8")
        return wait_for(url, marker, 60)
    finally:
        chapter.write_text(original, encoding="utf-8")
        time.sleep(1.0)
        server.terminate()
        server.wait(timeout=30)
        # The server may have been stopped in the middle of rebuilding after the revert.
        subprocess.run([PY, "docs/scripts/build.py"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def growth(counts=(1, 2, 4)) -> list[tuple[int, float]]:
    """Cold build time with chapter 2 (gd-sgd) copied n times, in a scratch copy of the repository."""
    results = []
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for n in counts:
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "book"
            for name in files:
                target = copy / name
                target.parent.mkdir(parents=True, exist_ok=True)
                if (ROOT / name).is_file():
                    shutil.copy2(ROOT / name, target)
            (copy / "docs" / "node_modules").symlink_to(DOCS / "node_modules")
            for k in range(2, n + 1):
                # A cell of its own makes each copy's code differ, so that each copy is
                # executed (outputs are cached on the code).
                text = chapter_source.path("gd-sgd").read_text(encoding="utf-8")
                text += f'\n```python\nprint("copy {k}")\n```\n'
                (copy / "docs" / "chapters" / f"gd-sgd-{k}.md").write_text(text, encoding="utf-8")
            results.append((n, clean_build_seconds(copy)))
    return results


# --- weight --------------------------------------------------------------------------------

class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzipped as static hosts do (once per file, so that compressing does
    not compete with the browser for the CPU while it is measured), cacheable like theirs."""

    compressed: dict[Path, bytes] = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return super().send_head()
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if path.suffix in TEXT_TYPES and "gzip" in self.headers.get("Accept-Encoding", ""):
            if path not in self.compressed:
                self.compressed[path] = gzip.compress(body, 6)
            body = self.compressed[path]
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def start_site_server() -> tuple[http.server.ThreadingHTTPServer, str]:
    port = local_port()  # as the build and the tests: two checkouts can be measured at once
    handler = functools.partial(GzipHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{port}"


def page_weight(language: str, chapter: str) -> dict:
    folder = SITE / language / chapter
    text = (folder / "index.html").read_text(encoding="utf-8")
    figures = [folder / name for name in re.findall(r'<figure class="nb-figure"><img src="([^"]+)"', text)]
    return {
        "html_kb": len(text.encode()) / 1024,
        "html_gz_kb": len(gzip.compress(text.encode(), 6)) / 1024,
        "figures": len(figures),
        "figures_kb": sum(f.stat().st_size for f in figures) / 1024,
        "figures_gz_kb": sum(len(gzip.compress(f.read_bytes(), 6)) for f in figures) / 1024,
        "formulas": text.count("<math"),
    }


def first_load(base: str, language: str, chapter: str) -> dict:
    """Bytes transferred for a chapter's first load, then for the home page right after."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=headless.FLAGS)
        page = browser.new_page()
        transfers = []
        page.on("requestfinished", lambda r: transfers.append((r.url, r.sizes())))
        page.goto(f"{base}/{language}/{chapter}/", wait_until="networkidle")
        first = list(transfers)
        transfers.clear()
        page.goto(f"{base}/{language}/", wait_until="networkidle")
        second = list(transfers)
        browser.close()

    def kinds(entries):
        out = {}
        for url, sizes in entries:
            suffix = Path(url.split("?")[0]).suffix or ".html"
            kind = {".woff2": "fonts", ".css": "css", ".js": "js", ".json": "search index", ".svg": "figures"}.get(suffix, suffix.lstrip("."))
            out[kind] = out.get(kind, 0) + sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return out

    return {"first": kinds(first), "second": kinds(second)}


# --- Lighthouse ----------------------------------------------------------------------------

# Chromium's preferred colour scheme, as the reader's system would set it (0: dark, 1: light).
SCHEME_FLAGS = {"light": "--blink-settings=preferredColorScheme=1", "dark": "--blink-settings=preferredColorScheme=0"}


LIGHTHOUSE_RUNS = 5


def cpu_times() -> tuple[int, int]:
    """This machine's CPU time so far, in all and stolen (/proc/stat: time its virtual CPUs
    were ready to run and the hypervisor ran something else); (0, 0) where there is no
    /proc/stat."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0, 0
    return sum(fields[:8]), fields[7]  # user nice system idle iowait irq softirq steal


def steal_share(before: tuple[int, int], after: tuple[int, int]) -> float:
    """The share of the CPU time between two ``cpu_times()`` that the hypervisor took."""
    total = after[0] - before[0]
    return (after[1] - before[1]) / total if total > 0 else 0.0


# A run during which the hypervisor ran something else for 5% or more of this machine's CPU
# time measures the neighbours, not the page: on this two-core VM, runs of one
# unchanged page with 9-22% of the time stolen scored 78-91, and 98-100 with less than 3%.
STEAL_LIMIT = 0.05


class Runs(NamedTuple):
    """One page's Lighthouse runs: the median performance and the lowest accessibility of the
    kept runs, their performance each, and the performance of the runs made again: those
    whose first paint was held (held_paint.py) and those the host's neighbours disturbed
    (with the share of the CPU time taken from this machine)."""

    performance: float
    accessibility: float
    kept: list[float]
    held: list[float]
    disturbed: list[tuple[float, float]]


def lighthouse(url: str, scheme: str = "light", runs: int = LIGHTHOUSE_RUNS) -> Runs:
    """Lighthouse's runs of ``url`` in ``scheme`` until ``runs`` are kept. A run is made again
    when its first paint was held back in the way headless Chromium's frame throttling holds
    it (held_paint.py), or when the hypervisor took ``STEAL_LIMIT`` or more of the CPU time
    during it; after a disturbed run the next waits for a quiet spell. The accessibility of
    every run counts, as it is not a matter of timing."""
    binary = DOCS / "node_modules" / ".bin" / "lighthouse"
    kept, accessibility, held, disturbed = [], [], [], []
    last_disturbed = False
    while len(kept) < runs:
        if len(held) > 2 * runs:
            raise RuntimeError(f"Lighthouse's runs of {url}: {len(held)} of {len(held) + len(kept)} had their "
                               "first paint held back; too many to trust the others")
        if len(disturbed) > 2 * runs:
            raise RuntimeError(f"Lighthouse's runs of {url}: {len(disturbed)} were disturbed by the host "
                               f"({STEAL_LIMIT:.0%} or more of the CPU time stolen); measure on a quieter machine")
        if last_disturbed:
            wait_for_a_quiet_cpu()
        with tempfile.TemporaryDirectory() as artifacts:
            started = cpu_times()
            out = subprocess.run(
                [str(binary), url, "--quiet", "--output=json", "--only-categories=performance,accessibility",
                 f"-GA={artifacts}", f"--chrome-flags={' '.join(LIGHTHOUSE_CHROMIUM_FLAGS + [SCHEME_FLAGS[scheme]])}"],
                capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chromium()}, check=True,
            ).stdout
            steal = steal_share(started, cpu_times())
            trace = json.loads((Path(artifacts) / "defaultPass.trace.json").read_text())["traceEvents"]
        result = json.loads(out)
        shown = _screenshot_scheme(result["audits"]["final-screenshot"]["details"]["data"])
        if shown != scheme:
            raise RuntimeError(f"Lighthouse's run of {url} in the {scheme} scheme showed a {shown} page")
        categories = result["categories"]
        accessibility.append(categories["accessibility"]["score"] * 100)
        score = categories["performance"]["score"] * 100
        last_disturbed = steal >= STEAL_LIMIT
        if held_paint.held_ms(trace):
            held.append(score)
        elif last_disturbed:
            disturbed.append((score, steal))
        else:
            kept.append(score)
    return Runs(statistics.median(kept), min(accessibility), kept, held, disturbed)


def steal_under_load(seconds: float = 2.0) -> float:
    """The share of the CPU time the hypervisor takes while every core here is busy (an idle
    guest asks for little CPU, so little can be taken from it: measured idle, a busy host
    looks quiet)."""
    spin = f"import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end: pass"
    before = cpu_times()
    for process in [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(os.cpu_count() or 1)]:
        process.wait()
    return steal_share(before, cpu_times())


def wait_for_a_quiet_cpu(patience: float = 120) -> None:
    """Wait (up to ``patience`` seconds) until the hypervisor takes less than ``STEAL_LIMIT``
    of this machine's CPU time while it is busy."""
    deadline = time.monotonic() + patience
    while steal_under_load() >= STEAL_LIMIT and time.monotonic() < deadline:
        time.sleep(10)


def _screenshot_scheme(data_url: str) -> str:
    """"dark" or "light": the page Lighthouse saw last, by its median brightness."""
    import base64

    from PIL import Image

    levels = Image.open(io.BytesIO(base64.b64decode(data_url.split(",", 1)[1]))).convert("L").histogram()
    darker_half = sum(levels[:128]) > sum(levels) / 2
    return "dark" if darker_half else "light"


# --- reproducibility -----------------------------------------------------------------------

def differing_files(a: Path, b: Path) -> list[str]:
    names = {p.relative_to(a) for p in a.rglob("*") if p.is_file()} | {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    return sorted(
        str(n) for n in names
        if not ((a / n).is_file() and (b / n).is_file() and (a / n).read_bytes() == (b / n).read_bytes())
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--only", choices=["build", "pdf", "reproducibility", "weight", "lighthouse", "tests", "hooks"],
                        help="one part only; weight and Lighthouse measure the current site/")
    args = parser.parse_args()
    names = chapters()
    wanted = (lambda part: args.only in (None, part))

    print(f"Machine: {os.cpu_count()} cores; chapters: {', '.join(names)}; languages: {', '.join(LANGUAGES)}")
    if wanted("build"):
        measure_build(args, names)
    if wanted("pdf"):
        measure_pdf()
    if wanted("hooks"):
        measure_hooks()
    if wanted("reproducibility"):
        measure_reproducibility()
    if wanted("weight"):
        measure_weight(args, names)
    if wanted("lighthouse") and not args.skip_lighthouse:
        measure_lighthouse(names)
    if wanted("tests"):
        measure_tests()
    return 0


PLAIN_RUN = """
import io, contextlib, sys, jupytext, matplotlib
matplotlib.use("Agg")
namespace = {}
with contextlib.redirect_stdout(io.StringIO()):
    for cell in jupytext.read(sys.argv[1]).cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, sys.argv[1], "exec"), namespace)
"""


def floor_seconds(names) -> float:
    """Every chapter's code executed once in plain Python processes, one per core at a time:
    what a build cannot go below."""
    started = time.perf_counter()
    waiting = [chapter_source.path(name) for name in names]
    running: list[subprocess.Popen] = []
    while waiting or running:
        while waiting and len(running) < (os.cpu_count() or 1):
            running.append(subprocess.Popen([PY, "-c", PLAIN_RUN, str(waiting.pop())], cwd=chapter_source.SOURCES))
        running[0].wait()
        if running[0].returncode:
            raise RuntimeError("a chapter's code failed in a plain Python process")
        running.pop(0)
    return time.perf_counter() - started


def measure_build(args, names):
    print("\nBuild")
    cold = clean_build_seconds()
    report("cold build (both languages, every notebook executed)", f"{cold:.1f} s")
    floor = floor_seconds(names)
    report("floor: every chapter's code once, plain Python", f"{floor:.1f} s (cold build {cold / floor:.1f}x)")
    report("unchanged rebuild (build.py again: inputs unchanged, nothing built)", f"{timed([PY, 'docs/scripts/build.py']):.1f} s")
    report("forced rebuild of unchanged inputs (build.py --force, notebook cache hits)",
           f"{timed([PY, 'docs/scripts/build.py', '--force']):.1f} s")
    subprocess.run(["make", "-s", "build"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    report("`make build` with nothing changed", f"{timed(['make', '-s', 'build']):.2f} s")
    edit = serve_edit_seconds()
    report("edit to a chapter's prose -> visible in `make serve`", "timed out" if edit is None else f"{edit:.1f} s")
    if not args.skip_growth:
        for n, seconds in growth():
            report(f"cold build, {len(names) + n - 1} chapters per language ({n - 1} extra copies of chapter 2)",
                   f"{seconds:.1f} s")


def measure_pdf():
    import pdf
    from pypdf import PdfReader

    print("\nPDF")
    report("cold build with the PDFs (build.py --pdf, as `make pdf`)", f"{clean_build_seconds(ROOT, '--pdf'):.1f} s")
    for language, (path, seconds) in pdf.make().items():
        pages = len(PdfReader(path).pages)
        report(f"{path.relative_to(SITE)}", f"{pages} pages, {path.stat().st_size / 1024:.0f} KB, printed in {seconds:.1f} s")


def measure_tests():
    print("\nTests")
    subprocess.run(["make", "-s", "build"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    report("`pytest` on the built site (make test after its build)", f"{timed([PY, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-n', 'auto', '--dist', 'worksteal']):.0f} s")


def measure_hooks():
    print("\nHooks")
    files = sorted((DOCS / "hooks").glob("*.py")) + sorted((DOCS / "templates").glob("*"))
    files += sorted((DOCS / "overrides").rglob("*.html")) + sorted((DOCS / "overrides").rglob("*.js"))
    files += sorted((DOCS / "hooks").glob("*.js")) + sorted((DOCS / "scripts").glob("*.js"))
    lines = sum(1 for f in files for line in f.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.strip().startswith(("#", "//")))
    styles = sorted((DOCS / "overrides").rglob("*.css"))  # searched for the marker, not counted as code
    marked = [f"{f.name}" for f in files + styles for line in f.read_text(encoding="utf-8").splitlines() if "UPSTREAM MARKUP" in line]
    report("hook and template code (non-blank, non-comment lines)", str(lines))
    report("places that match another package's markup", f"{len(marked)} ({', '.join(marked)})")


def measure_reproducibility():
    print("\nReproducibility")
    clean_build_seconds()
    first_site = Path(tempfile.mkdtemp()) / "site"
    shutil.copytree(SITE, first_site)
    clean_build_seconds()
    differing = differing_files(first_site, SITE)
    report("files differing between two clean builds", str(len(differing)) + (f": {differing[:10]}" if differing else ""))
    shutil.rmtree(first_site.parent, ignore_errors=True)


def measure_weight(args, names):
    print("\nWeight")
    server, base = start_site_server()
    try:
        for language in LANGUAGES:
            for chapter in names:
                w = page_weight(language, chapter)
                report(
                    f"{language}/{chapter}/ HTML ({w['formulas']} formulas)",
                    f"{w['html_kb']:.0f} KB raw, {w['html_gz_kb']:.0f} KB gzipped",
                )
                report(
                    f"{language}/{chapter}/ figures ({w['figures']} SVG files)",
                    f"{w['figures_kb']:.0f} KB raw, {w['figures_gz_kb']:.0f} KB gzipped; "
                    f"HTML + figures {w['html_kb'] + w['figures_kb']:.0f} KB raw, "
                    f"{w['html_gz_kb'] + w['figures_gz_kb']:.0f} KB gzipped",
                )
                loads = first_load(base, language, chapter)
                first, second = loads["first"], loads["second"]
                detail = ", ".join(f"{k} {v / 1024:.0f}" for k, v in sorted(first.items()))
                report(f"{language}/{chapter}/ first load, transferred", f"{sum(first.values()) / 1024:.0f} KB ({detail})")
                report(f"{language}/ home page next, transferred", f"{sum(second.values()) / 1024:.0f} KB (shared assets from cache)")
        for page in sorted(SITE.glob("*/**/index.html")):
            if page.parent.name not in names:
                raw = page.stat().st_size / 1024
                report(f"{page.parent.relative_to(SITE)}/ HTML", f"{raw:.0f} KB raw, {len(gzip.compress(page.read_bytes())) / 1024:.0f} KB gzipped")
    finally:
        server.shutdown()


def measure_lighthouse(names):
    print(f"\nLighthouse (mobile defaults, median of {LIGHTHOUSE_RUNS}; a run whose first paint headless Chromium held back,"
          f" or during which the host took {STEAL_LIMIT:.0%} or more of the CPU, is made again)")
    server, base = start_site_server()
    try:
        for scheme in SCHEME_FLAGS:
            for language in LANGUAGES:
                for chapter in names:
                    found = lighthouse(f"{base}/{language}/{chapter}/", scheme)
                    again = f"; held, made again: {', '.join(f'{r:.0f}' for r in found.held)}" if found.held else ""
                    if found.disturbed:
                        again += "; disturbed, made again: " + ", ".join(f"{r:.0f} ({steal:.0%} stolen)" for r, steal in found.disturbed)
                    report(f"{language}/{chapter}/, {scheme} scheme",
                           f"performance {found.performance:.0f} (runs {', '.join(f'{r:.0f}' for r in found.kept)}{again}), "
                           f"accessibility {found.accessibility:.0f} (lowest run)")
    finally:
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
