"""What the build hooks share: the book's own markers, the interface words of a language, and
the one way every hook caches a result. A plain module, not a hook (mkdocs.yml lists the
hooks): hooks import it, never each other, so MkDocs loads each hook once.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"

# A code cell that asserts a claim of the text: run with the chapter, never shown.
CHECK_TAG = "check"


def is_check(cell) -> bool:
    """Whether a notebook cell is a check (tagged :data:`CHECK_TAG`)."""
    return CHECK_TAG in cell.get("metadata", {}).get("tags", [])

# Where a chapter marks the place that defines a glossary term (``*term*{#def-<key>}``; the
# glossary links it). In a downloaded notebook, which has no attribute lists, it is dropped.
DEFINITION = re.compile(r"\{#def-[\w-]+\}")

# Where a chapter places a learning-rate explorer (hooks/explorer.py draws it).
EXPLORER = re.compile(r'<div class="gd-explorer" data-name="(?P<name>[\w-]+)"></div>')


def pdf_name(language: str) -> str:
    """The file name of the book's PDF in ``language``, beside its home page (`make pdf`)."""
    return f"gradient-descent-{language}.pdf"


@functools.cache
def language_config(code: str) -> dict:
    """The config of language ``code``, docs/<code>.yml, as written (not as MkDocs completes
    it): for the scripts and tests that read its nav, words or palette. Shared: do not change it."""
    import yaml

    return yaml.safe_load((ROOT / "docs" / f"{code}.yml").read_text(encoding="utf-8"))


@functools.cache
def languages() -> dict[str, str]:
    """The book's languages, code -> name, in the order the language menu lists them: one per
    config docs/<code>.yml. Adding a language is adding its config (with its words) and its
    pages; nothing else lists the languages."""
    found = []
    for path in (ROOT / "docs").glob("*.yml"):
        extra = language_config(path.stem).get("extra", {})
        found.append((extra["language_order"], path.stem, extra["language_name"]))
    return {code: name for _, code, name in sorted(found)}


def nav_files(nav) -> list[str]:
    """The page files of a config's ``nav`` (as docs/<language>.yml writes it: nested lists of
    files and ``{title: file or list}``), in reading order."""
    files = []
    for entry in nav or []:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        files += nav_files(value) if isinstance(value, list) else [value]
    return files


def words(config) -> dict[str, str]:
    """The interface words of the language being built: ``extra.words`` of its config
    (docs/<language>.yml), the one place a language's words are kept."""
    return config.extra["words"]


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never a
    part: a build killed mid-write leaves no half-written cache entry to break the next one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    binary = isinstance(data, bytes)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless it already holds it: an unchanged output keeps its
    time stamp, so what watches the site (a browser's live reload) sees no change."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def cached_json(kind: str, key: str, make: Callable[[], object]):
    """The JSON value cached as ``.cache/<kind>/<key>.json``, made by ``make()`` and stored
    (atomically) when absent. ``key`` must change whenever what ``make`` returns would."""
    path = CACHE / kind / f"{key}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    value = make()
    write_atomically(path, json.dumps(value))
    return value


def cached_bytes(kind: str, name: str, make: Callable[[], bytes]) -> bytes:
    """Like :func:`cached_json`, for bytes (a font), stored as ``.cache/<kind>/<name>``."""
    path = CACHE / kind / name
    if path.exists():
        return path.read_bytes()
    value = make()
    write_atomically(path, value)
    return value


def site_base() -> str:
    """The address the site is built for, ending in "/": GDBOOK_SITE_URL, by default where
    `make serve` serves the book."""
    return os.environ.get("GDBOOK_SITE_URL", "http://127.0.0.1:8000/").rstrip("/") + "/"


def local_port() -> int:
    """The port of this machine that serves the book locally: GDBOOK_SITE_URL's when it names
    this machine (two checkouts served at once build for two ports), else 8000."""
    from urllib.parse import urlsplit

    built_for = urlsplit(os.environ.get("GDBOOK_SITE_URL", ""))
    return built_for.port if built_for.hostname in ("127.0.0.1", "localhost") and built_for.port else 8000


def last_commit_time() -> str:
    """The time of the last commit (seconds), as the build's date: the same for every build of
    a commit (the sitemaps' dates, the wheel's file times), unlike the clock. "0" outside a git
    checkout."""
    import subprocess

    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True, check=True)
        return out.stdout.strip() or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"
