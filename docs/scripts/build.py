"""Build the whole book: both languages, in parallel, into site/zh/ and site/en/, plus the
site root (a page that sends the reader to the book in their language) and the wheel of gdbook
the pages ran (hooks/gdbook_wheel.py: the pages' install line points at it).

    python docs/scripts/build.py          # what `make build` runs
    python docs/scripts/build.py zh       # one language only
    python docs/scripts/build.py --force  # rebuild even what is up to date
    python docs/scripts/build.py --pdf    # also a PDF of each language (`make pdf`)

Each language is a separate `mkdocs build --strict`, and they run side by side, one per core.
They share only the executed outputs (hooks/notebooks.py: both run the same code, so the
first to need a chapter's outputs makes them and the other waits for them).

A language whose inputs are byte for byte those of its last complete build is not built again
(as `make` would skip it, but by content, so a checkout or a `touch` does not trigger a build):
a digest of every file the build reads, and of the settings from outside it, is kept in
site/<language>/.inputs once the build succeeded, and removed before any build of it starts.

With --pdf, each language's build also makes the PDF of the book in that language
(docs/scripts/pdf.py, from the built pages, as soon as they are built) and its home page links
it (hooks/pdf_link.py); the stamp says so. A site built with its PDF serves a build without
one as well; the other way round the language is built again. Without --pdf (`make build`,
`make serve`) the build stays as fast as it was: printing the book takes Chromium about as long
as the whole build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
sys.path.insert(0, str(ROOT / "docs" / "hooks"))
from book import languages, last_commit_time  # noqa: E402  (one config per language: docs/<code>.yml)
import gdbook_wheel  # noqa: E402

LANGUAGES = tuple(languages())
ROOT_PAGES = ROOT / "docs" / "root"
DOCS = ROOT / "docs"
# Read by the hooks from the environment (the site's address, the repository's; the build date
# is the last commit's, below).
SETTINGS = ("GDBOOK_SITE_URL", gdbook_wheel.REPO_SETTING)


SKIPPED = {"node_modules", "__pycache__"}


def inputs() -> tuple[Path, ...]:
    """What a build reads, besides installed packages (which count by their locks): every
    file in these files and folders but what SKIPPED names."""
    return ROOT / "mkdocs.yml", ROOT / "requirements.lock", ROOT / "pyproject.toml", DOCS, ROOT / "gdbook"


def input_files(tops=None):
    """Every file in ``tops`` (files, or folders searched through; all :func:`inputs` by
    default) that a build reads."""
    for top in tops or inputs():
        paths = [top] if top.is_file() else top.rglob("*")
        yield from (path for path in paths if path.is_file() and not SKIPPED.intersection(path.parts))


def inputs_digest(language: str) -> str:
    """A digest of what building ``language`` reads: the configs, the chapters, this
    language's pages, the hooks, templates, theme overrides, kernel profile and search
    dictionary, gdbook, the pinned dependencies (Temml and the math font by their lock),
    the settings, the last commit's time and the Python running the build."""
    other_pages = {DOCS / code for code in LANGUAGES if code != language}
    return _digest(path for path in input_files() if not other_pages.intersection(path.parents))


def _digest(files) -> str:
    """A digest of ``files`` (names and contents), the settings, the last commit and the
    Python running the build."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(f"{path.relative_to(ROOT)}\0".encode() + path.read_bytes() + b"\0")
    for value in (*(os.environ.get(name, "") for name in SETTINGS), _commit(), sys.version):
        digest.update(value.encode() + b"\0")
    return digest.hexdigest()


def _commit() -> str:
    """The last commit's id and time (empty outside a git checkout)."""
    return subprocess.run(["git", "log", "-1", "--format=%H %ct"], cwd=ROOT, capture_output=True, text=True).stdout


def build_wheel() -> None:
    """The wheel of gdbook into site/, unless the one there was built from the same sources,
    settings and commit time (site/.wheel-inputs)."""
    digest = _digest(input_files([ROOT / name for name in gdbook_wheel.SOURCES]))
    stamp = SITE / ".wheel-inputs"
    if (SITE / gdbook_wheel.file_name()).exists() and stamp.exists() and stamp.read_text() == digest:
        return
    stamp.unlink(missing_ok=True)
    gdbook_wheel.build(SITE, last_commit_time())
    stamp.write_text(digest)


def _stamp(language: str) -> Path:
    return SITE / language / ".inputs"


def forget(language: str) -> None:
    """Mark ``language``'s site as not matching any inputs (call before building it)."""
    _stamp(language).unlink(missing_ok=True)


def remember(language: str, digest: str, pdf: bool = False) -> None:
    """Record that site/<language>/ is the complete build of inputs with ``digest`` (with
    the language's PDF, if ``pdf``)."""
    _stamp(language).write_text(digest + ("\npdf" if pdf else ""))


def is_current(language: str, digest: str, pdf: bool = False) -> bool:
    """Whether site/<language>/ is the complete build of inputs with ``digest`` (and has
    its PDF, if ``pdf``)."""
    stamp = _stamp(language).read_text().split("\n") if _stamp(language).exists() else [""]
    return stamp[0] == digest and (not pdf or "pdf" in stamp[1:])


def _env(pdf: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"  # a notice printed on every run, not about this book
    env.pop("GDBOOK_PDF", None)
    if pdf:
        env["GDBOOK_PDF"] = "1"  # hooks/pdf_link.py: the home page links the PDF
    return env


def _run(command: list[str], pdf: bool = False) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=_env(pdf), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def build(languages=LANGUAGES, *, quiet: bool = False, force: bool = False, pdf: bool = False) -> bool:
    """Build ``languages`` concurrently, those whose inputs changed since their last build
    (all with ``force``), each with its PDF if ``pdf``; return True if every build succeeded."""
    started = time.perf_counter()
    digests = {lang: inputs_digest(lang) for lang in languages}
    if not force:
        current = [lang for lang in languages if is_current(lang, digests[lang], pdf)]
        if current and not quiet:
            print(f"up to date (inputs unchanged since their last build): {', '.join(current)}")
        languages = [lang for lang in languages if lang not in current]
    for lang in languages:
        forget(lang)
    jobs = {lang: _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", f"docs/{lang}.yml"], pdf) for lang in languages}
    printing = {}
    ok = True
    for lang, job in jobs.items():
        log, _ = job.communicate()
        if job.returncode != 0:
            ok = False
            print(f"--- build of {lang} failed ---\n{log}", file=sys.stderr)
        elif pdf:  # printed as soon as its pages are built, while the other language builds
            printing[lang] = _run([sys.executable, "docs/scripts/pdf.py", lang])
        else:
            remember(lang, digests[lang])
            if not quiet:
                print(f"built {lang}")
    for lang, job in printing.items():
        log, _ = job.communicate()
        if job.returncode != 0:
            ok = False
            print(f"--- PDF of {lang} failed ---\n{log}", file=sys.stderr)
        else:
            remember(lang, digests[lang], pdf=True)
            if not quiet:
                print(f"built {lang} and {log.strip()}")
    if ok:
        for page in ROOT_PAGES.iterdir():
            shutil.copyfile(page, SITE / page.name)
        build_wheel()
        if not quiet:
            print(f"site/ ready in {time.perf_counter() - started:.1f} s")
    return ok


if __name__ == "__main__":
    arguments = sys.argv[1:]
    force, pdf = "--force" in arguments, "--pdf" in arguments
    wanted = tuple(a for a in arguments if a not in ("--force", "--pdf")) or LANGUAGES
    unknown = set(wanted) - set(LANGUAGES)
    if unknown:
        sys.exit(f"unknown language(s): {', '.join(sorted(unknown))}; choose from {LANGUAGES}")
    sys.exit(0 if build(wanted, force=force, pdf=pdf) else 1)
