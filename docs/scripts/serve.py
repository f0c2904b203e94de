"""Serve the whole book (both languages) with live reload, at http://127.0.0.1:8000, or at the
port GDBOOK_SITE_URL names when it is this machine (the address the pages are built for).

`mkdocs serve` serves one config, so one language, at a time. This serves site/ as the
reader gets it (site/zh/, site/en/, the root page) with MkDocs' own live-reload server, and
on a change rebuilds only the language(s) the change touches: a page or config of one
language, or one language's prose in a chapter's source, touches that language; a chapter's
code, gdbook, the hooks, the kernel profile or the shared config touch all.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

sys.path.insert(0, str(Path(__file__).parent))
from build import (  # noqa: E402
    DOCS, LANGUAGES, ROOT, SITE, SKIPPED, build, forget, input_files, inputs, inputs_digest, remember,
)
from book import local_port  # noqa: E402  (build.py put the hooks' folder on the path)

# What a build reads (build.py), each folder of docs/ watched on its own so that the watcher
# does not poll docs/node_modules (thousands of files; installed from a lock it does watch).
WATCHED = [top for top in inputs() if top != DOCS] + [p for p in DOCS.iterdir() if p.name not in SKIPPED]
POLL_SECONDS = 0.2  # how often the watcher looks for changes (MkDocs' default is 0.5)


def _snapshot() -> dict[Path, float]:
    return {path: path.stat().st_mtime for path in input_files(WATCHED)}


# What each language's notebook of each chapter was at the last build: a chapter's source
# holds every language, and an edit to one language's prose rebuilds that language only.
_CHAPTER_VIEWS: dict[tuple[Path, str], str] = {}


def _chapter_views(path: Path) -> dict[str, str] | None:
    """What each language's notebook of the chapter at ``path`` holds (its cells' kinds,
    metadata and sources; not the ids jupytext draws at random on every read)."""
    import json

    import chapter_source

    try:
        notebook = chapter_source.read(path)
    except (OSError, ValueError):
        return None  # gone, or broken: the build reports it
    return {
        code: json.dumps([[c.cell_type, c.metadata, c.source] for c in chapter_source.for_language(notebook, code).cells])
        for code in LANGUAGES
    }


def _languages_touched(before, after) -> tuple[str, ...]:
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    touched = set()
    for path in changed:
        parts = path.relative_to(ROOT).parts
        if parts[0] == "docs" and parts[1].removesuffix(".yml") in LANGUAGES:  # docs/zh/…, docs/zh.yml
            touched.add(parts[1].removesuffix(".yml"))
        elif parts[:2] == ("docs", "chapters") and (views := _chapter_views(path)) is not None:
            touched.update(code for code in LANGUAGES if _CHAPTER_VIEWS.get((path, code)) != views[code])
            _CHAPTER_VIEWS.update({(path, code): view for code, view in views.items()})
        else:
            return LANGUAGES
    return tuple(sorted(touched))


def _warm_up() -> None:
    """While the reader looks at the first build: import what an in-process rebuild needs
    (MkDocs, the plugins, the hooks, jieba's dictionary), so that the first edit is shown as
    fast as the next ones (about 1 s instead of 2)."""
    import jieba
    from mkdocs.commands import build as _  # noqa: F401
    from mkdocs.config import load_config

    for language in LANGUAGES:
        load_config(str(DOCS / f"{language}.yml"))
    jieba.initialize()
    importlib.import_module("mkdocstrings_handlers.python")


def build_in_process(language: str) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    digest = inputs_digest(language)
    forget(language)  # build.py must not take a half-made site for an up-to-date one
    config = load_config(str(DOCS / f"{language}.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    remember(language, digest)


def main(host: str = "127.0.0.1", port: int | None = None) -> None:
    port = port or local_port()
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    state = {"files": _snapshot()}
    for path in (DOCS / "chapters").glob("*.md"):
        _CHAPTER_VIEWS.update({(path, code): view for code, view in (_chapter_views(path) or {}).items()})
    if not build():
        sys.exit("the first build failed; fix the error above and run `make serve` again")
    threading.Thread(target=_warm_up, daemon=True).start()

    def rebuild():
        now = _snapshot()
        languages = _languages_touched(state["files"], now)
        state["files"] = now
        if len(languages) == 1:
            # One language (the usual edit): build it in this process, where MkDocs and the
            # plugins are already imported; that saves a second or so per save.
            build_in_process(languages[0])
        elif languages and not build(languages):
            raise RuntimeError("build failed (see above); still serving the last good build")

    server = LiveReloadServer(
        builder=rebuild, host=host, port=port, root=str(SITE), polling_interval=POLL_SECONDS
    )
    for path in WATCHED:
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Serve the book with live reload.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, help="default: the port the site is built for")
    options = parser.parse_args()
    main(options.host, options.port)
