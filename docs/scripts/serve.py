"""Serve the whole book (both languages) at http://127.0.0.1:8000 with live reload.

`mkdocs serve` serves one config, so one language, at a time. This serves site/ as the
reader gets it (site/zh/, site/en/, the root page) with MkDocs' own live-reload server, and
on a change rebuilds only the language(s) the change touches: a chapter's source touches
its language; gdbook, the hooks, the kernel profile or the shared config touch both.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

sys.path.insert(0, str(Path(__file__).parent))
from build import LANGUAGES, ROOT, SITE, build  # noqa: E402

DOCS = ROOT / "docs"
WATCHED = [ROOT / "gdbook", ROOT / "mkdocs.yml", DOCS]
# Files under docs/ that belong to no single language.
IGNORED = {"node_modules", "__pycache__"}


def _snapshot() -> dict[Path, float]:
    files = {}
    for top in WATCHED:
        paths = [top] if top.is_file() else top.rglob("*")
        for path in paths:
            if path.is_file() and not IGNORED.intersection(path.parts):
                files[path] = path.stat().st_mtime
    return files


def _languages_touched(before, after) -> tuple[str, ...]:
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    touched = set()
    for path in changed:
        parts = path.relative_to(ROOT).parts
        if parts[0] == "docs" and len(parts) > 1 and parts[1] in LANGUAGES:
            touched.add(parts[1])
        elif parts[0] == "docs" and len(parts) > 1 and parts[1].removesuffix(".yml") in LANGUAGES:
            touched.add(parts[1].removesuffix(".yml"))
        else:
            return LANGUAGES
    return tuple(sorted(touched))


def main(host: str = "127.0.0.1", port: int = 8000) -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    state = {"files": _snapshot()}
    if not build():
        sys.exit("the first build failed; fix the error above and run `make serve` again")

    def rebuild():
        now = _snapshot()
        languages = _languages_touched(state["files"], now)
        state["files"] = now
        if languages and not build(languages):
            raise RuntimeError("build failed (see above); still serving the last good build")

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(SITE))
    for path in WATCHED:
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
