"""Rewrite the pinned outputs (tests/expected/<chapter>.txt) from the built site.

Run it through `make pin` after a change that is meant to alter what a chapter prints, then
review `git diff tests/expected` before committing. The English page is the reference; the
tests separately require the Chinese page to print exactly the same.
"""

from __future__ import annotations

import sys

import booksite


def main() -> int:
    booksite.EXPECTED.mkdir(exist_ok=True)
    for chapter in booksite.chapters():
        text = booksite.format_outputs(booksite.outputs(booksite.page("en", chapter)))
        path = booksite.expected_path(chapter)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(booksite.ROOT)}: {'unchanged' if old == text else 'updated'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
