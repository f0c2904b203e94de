"""Numbered figures and equations of a chapter, and the text's references to them.

A chapter source marks them with markers of the book's own (README: "How a chapter is
written"):

* a figure's caption is a prose region tagged ``caption``, right after the code cell that
  draws the figure (one per figure, in order)::

      <!-- #region lang="en" tags=["caption"] -->
      {#gd-path} Ten steps of gradient descent on $f(x) = x^2$ from $x = 10$.

      alt: A parabola with eleven dots descending its right branch to the origin.
      <!-- #endregion -->

  The label (``gd-path``) is the same in every language; the text after it is the caption
  (Markdown), the ``alt:`` paragraph the image's alternative text (plain text);
* an equation the text refers to carries ``\\label{name}`` inside its ``$$ … $$``;
* the text refers to them as ``@fig:gd-path`` and ``@eq:name``.

:func:`number` gives each its number, chapter by chapter (Figure 3.2, equation (3.1)), and
rewrites the markers: for the page (references become links; an equation gets Temml's
``\\tag`` and, with Temml's ``\\label``, the anchor they link to; captions go to the figures, see
hooks/chapter_markup.py) or for the downloadable notebook (plain numbers, captions as text).
A marker that names nothing, a figure without a caption or a caption without a figure stops
the build, naming the chapter and the label.

A plain module (not a hook); hooks/notebooks.py calls it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import NamedTuple

from book import is_check

CAPTION_TAG = "caption"
LABEL = r"[a-z0-9][a-z0-9-]*"
CAPTION = re.compile(rf"\A\s*\{{#({LABEL})\}}\s+(.+?)\n\s*\nalt:\s*(.+?)\s*\Z", re.S)
FIGURE_REFERENCE = re.compile(rf"@fig:({LABEL})")
EQUATION_REFERENCE = re.compile(rf"@eq:({LABEL})")
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
EQUATION_LABEL = re.compile(rf"\\label\{{({LABEL})\}}")


class NumberingError(ValueError):
    """A chapter's figures, captions, equation labels or references do not match."""


@dataclass
class Figure:
    label: str
    number: str
    caption: str  # Markdown
    alt: str

    @property
    def anchor(self) -> str:
        return f"fig-{self.label}"


def is_caption(cell) -> bool:
    return cell.cell_type == "markdown" and CAPTION_TAG in cell.get("metadata", {}).get("tags", [])


def figure_count(cell) -> int:
    """How many figures a code cell's outputs hold."""
    return sum(1 for o in cell.get("outputs", []) if "image/svg+xml" in o.get("data", {}))


class Numbered(NamedTuple):
    """A chapter numbered once, in its two copies."""

    page: object  # captions moved to the figures; references are links
    download: object  # captions as text; references are plain numbers


def number(notebook, chapter: str, chapter_number: int, words: dict[str, str]) -> Numbered:
    """``notebook`` (executed, left unchanged) with its figures and equations numbered and its
    references rewritten: a copy for the page and one for the download. On the page's copy,
    each code cell that draws figures carries them in ``metadata.gdbook_figures`` (a list of
    :class:`Figure` as dicts) and the caption cells are gone."""
    figures, drawn_by = _figures(notebook, chapter, chapter_number)
    equations = _equations(notebook, chapter, chapter_number)

    def copy_for(for_page: bool):
        numbered = copy.deepcopy(notebook)
        cells = []
        for index, cell in enumerate(numbered.cells):
            if is_caption(cell):
                if not for_page:
                    figure = figures[CAPTION.match(cell.source)[1]]
                    cell.source = f"**{words['figure']} {figure.number}** {figure.caption}"
                    cells.append(cell)
                continue
            if for_page and index in drawn_by:
                cell.metadata["gdbook_figures"] = [dict(f.__dict__, anchor=f.anchor) for f in drawn_by[index]]
            if cell.cell_type == "markdown":
                cell.source = _references(cell.source, chapter, figures, equations, words, for_page)
            cells.append(cell)
        numbered.cells = cells
        return numbered

    return Numbered(page=copy_for(True), download=copy_for(False))


def _figures(notebook, chapter: str, chapter_number: int) -> tuple[dict[str, Figure], dict[int, list[Figure]]]:
    """Each figure's caption, from the caption cells after the code cell that draws it, by
    label; and the figures each drawing cell draws, by the cell's index."""
    figures: dict[str, Figure] = {}
    drawn_by: dict[int, list[Figure]] = {}
    owed = 0  # figures of the last drawing cell still without a caption
    drawn = 0
    for index, cell in enumerate(notebook.cells):
        if is_check(cell):  # not shown: a figure's caption may follow the check of its claim
            continue
        if cell.cell_type == "code":
            if owed:
                raise NumberingError(f"{chapter}: figure {drawn} has no caption (a region tagged caption after its cell)")
            owed = figure_count(cell)
            if owed:
                drawing = drawn_by[index] = []
            drawn += owed
            continue
        if not is_caption(cell):
            if owed and cell.cell_type == "markdown":
                raise NumberingError(f"{chapter}: figure {drawn} has no caption (a region tagged caption after its cell)")
            continue
        found = CAPTION.match(cell.source)
        if found is None:
            raise NumberingError(
                f"{chapter}: a caption must be '{{#label}} caption', a blank line, 'alt: text'; got {cell.source[:80]!r}"
            )
        label, caption, alt = found.groups()
        if not owed:
            raise NumberingError(f"{chapter}: caption {label!r} follows no figure")
        if label in figures:
            raise NumberingError(f"{chapter}: two figures are labelled {label!r}")
        figure = Figure(label, f"{chapter_number}.{len(figures) + 1}", caption.strip(), " ".join(alt.split()))
        figures[label] = figure
        drawing.append(figure)
        owed -= 1
    if owed:
        raise NumberingError(f"{chapter}: figure {drawn} has no caption (a region tagged caption after its cell)")
    return figures, drawn_by


def _equations(notebook, chapter: str, chapter_number: int) -> dict[str, str]:
    """Each labelled display equation's number, in the order the text shows them."""
    equations: dict[str, str] = {}
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for formula in DISPLAY_MATH.finditer(cell.source):
            labels = EQUATION_LABEL.findall(formula[1])
            if len(labels) > 1:
                raise NumberingError(f"{chapter}: one equation has two labels: {labels}")
            for label in labels:
                if label in equations:
                    raise NumberingError(f"{chapter}: two equations are labelled {label!r}")
                equations[label] = f"{chapter_number}.{len(equations) + 1}"
    return equations


def _references(text: str, chapter: str, figures, equations, words, for_page: bool) -> str:
    def equation(match):
        body = match[1]
        found = EQUATION_LABEL.search(body)
        if found is None:
            return match[0]
        body = EQUATION_LABEL.sub("", body).strip()
        if for_page:  # the link's target: Temml's \label sets the row's id (strict mode forbids \id)
            body = f"{body}\\label{{eq-{found[1]}}}"
        return f"$${body}\\tag{{{equations[found[1]]}}}$$"

    def figure(match):
        found = figures.get(match[1])
        if found is None:
            raise NumberingError(f"{chapter}: @fig:{match[1]} names no figure (labels: {sorted(figures)})")
        shown = f"{words['figure']} {found.number}"
        return f"[{shown}](#{found.anchor})" if for_page else shown

    def reference(match):
        found = equations.get(match[1])
        if found is None:
            raise NumberingError(f"{chapter}: @eq:{match[1]} names no equation (labels: {sorted(equations)})")
        return f"[({found})](#eq-{match[1]})" if for_page else f"({found})"

    text = DISPLAY_MATH.sub(equation, text)
    text = FIGURE_REFERENCE.sub(figure, text)
    return EQUATION_REFERENCE.sub(reference, text)
