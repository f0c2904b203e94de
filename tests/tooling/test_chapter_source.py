"""A chapter's one bilingual source and the notebook each language gets from it
(docs/hooks/chapter_source.py), on small sources."""

import jupytext
import pytest

import chapter_source
from chapter_source import ChapterSourceError

LANGUAGES = ["en", "zh"]
HEADER = "---\njupyter:\n  kernelspec:\n    display_name: Python 3\n    language: python\n    name: python3\n---\n\n"


def region(lang, text):
    return f'<!-- #region lang="{lang}" -->\n{text}\n<!-- #endregion -->\n\n'


def source(*parts):
    return jupytext.reads(HEADER + "".join(parts), "md")


def code(text):
    return f"```python\n{text}\n```\n\n"


CHAPTER = source(
    region("en", "# Steps\n\nThe step halves x."),
    region("zh", "# 步长\n\n这一步把 x 减半。"),
    code("# en: start far away\n# zh: 从远处出发\nx = 10.0  # x0\nx = x / 2\nprint(x)"),
    region("en", "It prints 5."),
    region("zh", "打印 5。"),
)


def test_each_language_gets_its_prose_and_comments_and_the_same_code():
    english = chapter_source.for_language(CHAPTER, "en", LANGUAGES)
    chinese = chapter_source.for_language(CHAPTER, "zh", LANGUAGES)
    assert [c.source for c in english.cells] == [
        "# Steps\n\nThe step halves x.",
        "# start far away\nx = 10.0  # x0\nx = x / 2\nprint(x)",
        "It prints 5.",
    ]
    assert [c.source for c in chinese.cells] == [
        "# 步长\n\n这一步把 x 减半。",
        "# 从远处出发\nx = 10.0  # x0\nx = x / 2\nprint(x)",
        "打印 5。",
    ]
    assert all("lang" not in c.metadata for c in english.cells + chinese.cells)
    # The source is left as it was: one chapter gives every language its notebook.
    assert [c.metadata.get("lang") for c in CHAPTER.cells if c.source] == ["en", "zh", None, "en", "zh"]


def test_a_comment_that_only_looks_like_a_language_is_shown_to_all():
    chapter = source(code("# de: not a language of the book\n# en:\n# zh:\nx = 1"))
    assert chapter_source.for_language(chapter, "en", LANGUAGES).cells[0].source == "# de: not a language of the book\n#\nx = 1"


def test_prose_without_a_language_is_refused_naming_the_cell():
    chapter = source(region("en", "Text."), region("zh", "文字。"), code("x = 1"), "Untagged prose.\n")
    with pytest.raises(ChapterSourceError, match=r"chapter.md: Markdown cell 4 has lang=None"):
        chapter_source.check(chapter, "chapter.md", LANGUAGES)


def test_a_language_that_is_not_the_books_is_refused():
    chapter = source(region("en", "Text."), region("fr", "Texte."), code("x = 1"))
    with pytest.raises(ChapterSourceError, match=r"Markdown cell 2 has lang='fr'"):
        chapter_source.check(chapter, "chapter.md", LANGUAGES)


def test_prose_missing_in_one_language_is_refused():
    chapter = source(region("en", "Text."), region("zh", "文字。"), code("x = 1"), region("en", "More text."))
    with pytest.raises(ChapterSourceError, match=r"the prose in cell 4 has no zh version"):
        chapter_source.check(chapter, "chapter.md", LANGUAGES)


def test_a_comment_missing_in_one_language_is_refused():
    chapter = source(code("x = 1\n# en: then double it\ny = 2 * x"))
    with pytest.raises(ChapterSourceError, match=r"code cell 1: a run of language comments has no zh line"):
        chapter_source.check(chapter, "chapter.md", LANGUAGES)


def test_an_unknown_language_is_refused():
    with pytest.raises(ChapterSourceError, match=r"language='fr'; the book's languages are \['en', 'zh'\]"):
        chapter_source.for_language(CHAPTER, "fr", LANGUAGES)


def test_every_chapter_of_the_book_keeps_the_rules():
    # read() checks; a chapter that broke a rule would fail here before it failed the build.
    assert chapter_source.names()
    for name in chapter_source.names():
        chapter_source.read(chapter_source.path(name))


def test_prose_typed_onto_a_code_fence_is_refused(tmp_path):
    # jupytext reads "``` Rates that shrink" as the opening of a block and the sentence is
    # lost from the page without a word: it happened to a sentence of chapter 3.
    source = tmp_path / "chapter.md"
    source.write_text(HEADER + region("en", "Text.") + region("zh", "文字。")
                      + "```python\nx = 1\n``` Rates that shrink, with\n", encoding="utf-8")
    with pytest.raises(ChapterSourceError, match=r"chapter.md, line 19: text after a code fence"):
        chapter_source.read(source)
    source.write_text(HEADER + code("x = 1") + region("en", "```text\nok\n```") + region("zh", "好"), encoding="utf-8")
    chapter_source.read(source)  # a fence naming a language is fine
