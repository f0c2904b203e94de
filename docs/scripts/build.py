"""Build the whole book: both languages, in parallel, into site/zh/ and site/en/, plus the
site root (a page that sends the reader to the book in their language).

    python docs/scripts/build.py          # what `make build` runs
    python docs/scripts/build.py zh       # one language only

Each language is a separate `mkdocs build --strict`; they share no state (each has its own
notebook cache folder), so they run side by side on two cores.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
sys.path.insert(0, str(ROOT / "docs" / "hooks"))
from book import languages  # noqa: E402  (one config per language: docs/<code>.yml)

LANGUAGES = tuple(languages())
ROOT_PAGES = ROOT / "docs" / "root"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"  # a notice printed on every run, not about this book
    return env


def build(languages=LANGUAGES, *, quiet: bool = False) -> bool:
    """Build ``languages`` concurrently; return True if every build succeeded."""
    started = time.perf_counter()
    jobs = {
        lang: subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", f"docs/{lang}.yml"],
            cwd=ROOT,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for lang in languages
    }
    ok = True
    for lang, job in jobs.items():
        log, _ = job.communicate()
        if job.returncode != 0:
            ok = False
            print(f"--- build of {lang} failed ---\n{log}", file=sys.stderr)
        elif not quiet:
            print(f"built {lang}")
    if ok:
        for page in ROOT_PAGES.iterdir():
            shutil.copyfile(page, SITE / page.name)
        if not quiet:
            print(f"site/ ready in {time.perf_counter() - started:.1f} s")
    return ok


if __name__ == "__main__":
    wanted = tuple(sys.argv[1:]) or LANGUAGES
    unknown = set(wanted) - set(LANGUAGES)
    if unknown:
        sys.exit(f"unknown language(s): {', '.join(sorted(unknown))}; choose from {LANGUAGES}")
    sys.exit(0 if build(wanted) else 1)
