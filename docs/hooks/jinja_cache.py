"""Keep compiled Jinja templates between builds.

Each build compiles about 70 templates afresh (Material's pages, mkdocstrings' reference
entries): some 0.6 s per language, every time. Jinja's own bytecode cache stores them in
.cache/jinja, checked against each template's modification time, so a changed template is
compiled again.
"""

from __future__ import annotations

from jinja2 import FileSystemBytecodeCache

import book  # a plain module beside the hooks

CACHE = book.CACHE / "jinja"


def _cache() -> FileSystemBytecodeCache:
    CACHE.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(CACHE))


def on_pre_build(config):
    # The reference's templates live in mkdocstrings' own environment, which renders while
    # the pages' Markdown is converted (before on_env).
    mkdocstrings = config.plugins.get("mkdocstrings")
    if mkdocstrings is not None:
        mkdocstrings.handlers.get_handler("python").env.bytecode_cache = _cache()


def on_env(env, config, files):
    env.bytecode_cache = _cache()
    return env
