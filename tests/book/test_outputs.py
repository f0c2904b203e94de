"""Every printed output of every chapter, in both languages, is the pinned one.

The outputs are read from the built pages (what a reader sees). After an intended change,
`make pin` rewrites tests/expected/ from the site; see README.
"""

import difflib
import html
import json
import re

import pytest

import booksite

CHAPTERS = booksite.chapters()


def test_there_are_chapters():
    assert "gd-sgd" in CHAPTERS


@pytest.mark.parametrize("language", booksite.LANGUAGES)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_outputs_are_the_pinned_ones(chapter, language):
    expected = booksite.expected_path(chapter)
    assert expected.exists(), f"no pinned outputs for {chapter}: run `make pin` and review them"
    shown = booksite.format_outputs(booksite.outputs(booksite.page(language, chapter)))
    pinned = expected.read_text(encoding="utf-8")
    if shown != pinned:
        diff = "".join(
            difflib.unified_diff(
                pinned.splitlines(keepends=True), shown.splitlines(keepends=True), "pinned", "page"
            )
        )
        pytest.fail(
            f"{language}/{chapter} prints something else than tests/expected/{chapter}.txt "
            f"(if the change is intended, run `make pin` and review the diff):\n{diff}"
        )


@pytest.mark.parametrize("language", booksite.LANGUAGES)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_language_shows_the_code_with_its_own_comments(chapter, language):
    # The code is written once (docs/chapters/); a page shows its language's comments only,
    # without the markers that say which language a comment is in.
    marker = re.compile(rf"^\s*# ({'|'.join(booksite.LANGUAGES)}):", re.M)
    han = re.compile(r"[\u4e00-\u9fff]")
    for number, (code, _) in enumerate(booksite.code_cells(language, chapter, checks=True, comments=True), 1):
        assert not marker.search(code), f"code cell {number} shows a language marker"
        if language == "en":
            assert not han.search(code), f"code cell {number} shows Chinese in the English book"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_both_languages_print_the_same(chapter):
    first, *others = (booksite.outputs(booksite.page(language, chapter)) for language in booksite.LANGUAGES)
    assert all(other == first for other in others)


@pytest.mark.parametrize("language", booksite.LANGUAGES)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_claims_are_checked_by_cells_the_reader_does_not_see(chapter, language):
    """Every chapter asserts its claims in check cells (README: "How a chapter's claims are checked"); they
    run with the build but are neither on the page nor in the downloaded notebook."""
    checks = [code for code, tags in booksite.code_cells(language, chapter, checks=True)
              if booksite.CHECK_TAG in tags]
    assert checks, f"{chapter} has no check cell"
    assert all("assert" in code for code in checks), "a check cell that asserts nothing"
    page = booksite.page(language, chapter)
    notebook = (booksite.SITE / language / chapter / f"{chapter}.ipynb").read_text(encoding="utf-8")
    for code in checks:
        line = next(line for line in code.splitlines() if "assert" in line).strip()
        assert html.escape(line, quote=False) not in page and line not in page
        assert json.dumps(line)[1:-1] not in notebook


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_code_cell_is_shown_with_its_outputs(chapter):
    cells = booksite.code_cells("en", chapter)
    assert len(booksite.outputs(booksite.page("en", chapter))) == len(cells)


@pytest.mark.parametrize("language", booksite.LANGUAGES)
@pytest.mark.parametrize("chapter", sorted(booksite.SOURCE_NUMBERS))
def test_the_sources_numbers_are_printed_in_order(chapter, language):
    printed = [text for cell in booksite.outputs(booksite.page(language, chapter)) for text in cell]
    lines = [line for text in printed for line in text.splitlines()]
    position = 0
    for number in booksite.SOURCE_NUMBERS[chapter]:
        assert number in lines[position:], f"{language}/{chapter} does not print {number!r} (in order)"
        position = lines.index(number, position) + 1


@pytest.mark.parametrize("language", booksite.LANGUAGES)
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_figures(chapter, language):
    figures = sum(cell.count("[figure]") for cell in booksite.outputs(booksite.page(language, chapter)))
    assert figures >= 1
