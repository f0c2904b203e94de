"""A chapter's one source, and each language's notebook made from it.

A chapter is written once, in docs/chapters/<name>.md: a jupytext Markdown notebook whose
prose comes once per language and whose code comes once for all of them, so an author sees a
chapter's prose and code together, and a change to the code is made in one place::

    <!-- #region lang="en" -->
    ## The learning rate
    <!-- #endregion -->

    <!-- #region lang="zh" -->
    ## 学习率
    <!-- #endregion -->

    ```python
    # en: eta is the step size
    # zh: eta 是步长
    trace = run(optim.gd(eta=0.2), functions.square, x0=10.0, steps=10)
    ```

Each Markdown cell belongs to one language (its ``lang``). Between two code cells every
language has its prose, or none has. A comment line ``# <code>: text`` belongs to language
``<code>`` and is shown to that language as ``# text``; a run of such lines says the same in
every language. Other comments are shown to all. The code itself cannot differ between
languages, so both execute, show and print the same.

A plain module, not a hook: hooks/notebooks.py builds the pages with it, and the tests, the
benchmark and pin_outputs.py read chapters through it.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from book import ROOT, languages

SOURCES = ROOT / "docs" / "chapters"


class ChapterSourceError(ValueError):
    """A chapter's source breaks a rule of this module; the message names the file and cell."""


def names() -> list[str]:
    """The chapters' names (file stems of docs/chapters/*.md), sorted."""
    return sorted(path.stem for path in SOURCES.glob("*.md"))


def path(name: str) -> Path:
    return SOURCES / f"{name}.md"


def read(source: Path):
    """The bilingual notebook in ``source``, checked against the rules above."""
    import jupytext

    where = str(source.relative_to(ROOT) if source.is_relative_to(ROOT) else source)
    text = source.read_text(encoding="utf-8")
    check_fences(text, where)
    notebook = jupytext.reads(text, "md")
    check(notebook, where)
    return notebook


# A fence line: ``` and an optional info string, which names a language (```python,
# ```text), possibly followed by attributes (tags=["check"]).
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(?P<info>.*)$")
_INFO = re.compile(r"^([a-z][a-z0-9+-]*(\s.*)?)?$")


def check_fences(text: str, where: str) -> None:
    """Raise :class:`ChapterSourceError` on a fence line whose info string is prose: text
    typed onto a closing ``` reads as the opening of a block, and jupytext drops it unseen."""
    for number, line in enumerate(text.splitlines(), 1):
        fence = _FENCE.match(line)
        if fence and not _INFO.match(fence["info"].strip()):
            raise ChapterSourceError(
                f"{where}, line {number}: text after a code fence ({line.strip()[:40]!r}); a fence "
                f"line holds only ``` and a language name, prose starts on the next line"
            )


def _language_comment(codes) -> re.Pattern:
    alternatives = "|".join(re.escape(code) for code in codes)
    return re.compile(rf"^(?P<indent>[ \t]*)# (?P<lang>{alternatives}):(?: (?P<text>.*))?$")


def check(notebook, where: str, codes=None) -> None:
    """Raise :class:`ChapterSourceError` if ``notebook`` breaks a rule of this module."""
    codes = list(codes or languages())
    comment = _language_comment(codes)
    gap: set[str] = set()  # the languages with prose since the last code cell ...
    cells: list[int] = []  # ... in these cells
    for number, cell in enumerate([*notebook.cells, None], 1):
        if cell is not None and cell.cell_type == "markdown":
            lang = cell.metadata.get("lang")
            if lang is None and not cell.source.strip():
                continue  # jupytext's reading of blank lines at the end
            if lang not in codes:
                raise ChapterSourceError(
                    f"{where}: Markdown cell {number} has lang={lang!r}; each Markdown cell "
                    f"belongs to one of the book's languages {codes} (<!-- #region lang=\"..\" -->)"
                )
            gap.add(lang)
            cells.append(number)
            continue
        if gap and gap != set(codes):
            missing = ", ".join(sorted(set(codes) - gap))
            span = f"cell {cells[0]}" if len(cells) == 1 else f"cells {cells[0]}-{cells[-1]}"
            raise ChapterSourceError(
                f"{where}: the prose in {span} has no {missing} version; between two code "
                f"cells every language has its prose, or none has"
            )
        gap, cells = set(), []
        if cell is not None and cell.cell_type == "code":
            _check_comments(cell.source, comment, codes, f"{where}: code cell {number}")
        elif cell is not None:
            raise ChapterSourceError(f"{where}: cell {number} is a {cell.cell_type} cell; a chapter has Markdown and code cells")


def _check_comments(source: str, comment: re.Pattern, codes, where: str) -> None:
    run: set[str] = set()
    for line in [*source.splitlines(), ""]:
        match = comment.match(line)
        if match:
            run.add(match["lang"])
        elif run:
            if run != set(codes):
                missing = ", ".join(sorted(set(codes) - run))
                raise ChapterSourceError(
                    f"{where}: a run of language comments has no {missing} line; a comment "
                    f"written per language is written for every language"
                )
            run = set()


def for_language(notebook, language: str, codes=None):
    """The notebook a reader of ``language`` gets: that language's prose, and the code with
    that language's comments (``# text``) and the comments common to all."""
    codes = list(codes or languages())
    if language not in codes:
        raise ChapterSourceError(f"language={language!r}; the book's languages are {codes}")
    comment = _language_comment(codes)
    result = copy.deepcopy(notebook)
    cells = []
    for cell in result.cells:
        # Where jupytext puts the blank lines of the source; it changes with the neighbouring
        # cells of any language, and the book's notebooks have no use for it.
        cell.metadata.pop("lines_to_next_cell", None)
        if cell.cell_type == "markdown":
            if cell.metadata.pop("lang", None) != language:
                continue  # another language's prose, or a blank cell
        else:
            lines = []
            for line in cell.source.splitlines():
                match = comment.match(line)
                if match is None:
                    lines.append(line)
                elif match["lang"] == language:
                    lines.append(f"{match['indent']}# {match['text'] or ''}".rstrip())
            cell.source = "\n".join(lines)
        cells.append(cell)
    result.cells = cells
    return result


def notebook(name: str, language: str):
    """Chapter ``name`` as the notebook of ``language``."""
    return for_language(read(path(name)), language)
