"""The references (docs/data/references.yml): every entry is cited somewhere in the book, each
language's references page lists them all, and no citation marker is left unresolved on a page
or in a downloaded notebook."""

from __future__ import annotations

import re

import pytest

import booksite
import chapter_source
from bibliography import cited_keys, entries


def sources() -> dict[str, str]:
    """Every text a citation can be written in: the chapters and each language's pages."""
    texts = {f"docs/chapters/{p.name}": p.read_text(encoding="utf-8") for p in (booksite.DOCS / "chapters").glob("*.md")}
    for language in booksite.LANGUAGES:
        texts |= {str(p.relative_to(booksite.ROOT)): p.read_text(encoding="utf-8")
                  for p in (booksite.DOCS / language).rglob("*.md")}
    return texts


def test_every_entry_is_cited():
    cited = {key for text in sources().values() for key in cited_keys(text)}
    uncited = sorted(set(entries()) - cited)
    assert not uncited, f"docs/data/references.yml has entries no page cites: {uncited}"


def test_every_language_cites_the_same_entries_in_each_chapter():
    for chapter in booksite.chapters():
        keys = {language: sorted(k for cell in booksite.notebook(chapter, language).cells
                                 if cell.cell_type == "markdown" for k in cited_keys(cell.source))
                for language in booksite.LANGUAGES}
        assert len({tuple(k) for k in keys.values()}) == 1, f"{chapter} cites differently by language: {keys}"


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_the_references_page_lists_every_entry(language):
    """Each entry gives its year in Western parentheses, like the title and journal it heads,
    whatever the page's language: "authors (year). “Title”. ...", not the Chinese text's
    full-width "（year）" before a Western full stop."""
    html = booksite.page(language, "references")
    for key, entry in entries().items():
        found = re.search(rf'<p id="{key}">(.*?)</p>', html, re.S)
        assert found, f"the {language} references page lacks {key}"
        assert f" ({entry['year']}). " in found[1], f"{language} {key}: {found[1][:80]!r}"


MARKER = re.compile(r"\[-?@[A-Za-z]|\{#def-")


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_no_marker_is_left_on_a_page_or_in_a_notebook(language):
    built = [p for p in booksite.pages() if p.is_relative_to(booksite.SITE / language)]
    built += sorted((booksite.SITE / language).glob("*/*.ipynb"))
    assert built
    for path in built:
        text = path.read_text(encoding="utf-8")
        assert not MARKER.search(text), f"{path}: an unresolved marker: {MARKER.search(text)[0]!r}"


def test_citations_link_to_entries_on_the_chapter_pages():
    """A chapter that cites shows linked short citations (the link test checks they resolve)."""
    for language in booksite.LANGUAGES:
        linked = {key for chapter in booksite.chapters()
                  for key in re.findall(r'href="\.\./references/#([\w-]+)"', booksite.page(language, chapter))}
        in_sources = {key for chapter in booksite.chapters()
                      for key in cited_keys(chapter_source.path(chapter).read_text(encoding="utf-8"))}
        assert linked == in_sources, (language, linked ^ in_sources)
