"""Reading the built book (site/) and its sources (docs/), for the tests and for pin_outputs.py.

A chapter's *outputs* are what its executed code cells show on the page: for each code cell,
its printed text and a ``[figure]`` line per figure, in order. They are pinned in
tests/expected/<chapter>.txt, one file for both languages, since both must print the same.
"""

from __future__ import annotations

import functools
import html
import re
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "hooks"))  # for pin_outputs.py, run as a script
from book import CHECK_TAG, is_check, language_config, languages, nav_files  # noqa: E402  (the build's own rules)
import chapter_source  # noqa: E402
from notebooks import without_comments  # noqa: E402

SITE = ROOT / "site"
DOCS = ROOT / "docs"
EXPECTED = Path(__file__).resolve().parent / "expected"
LANGUAGES = tuple(languages())

OUTPUT = re.compile(r'<pre class="nb-output">(.*?)</pre>|<figure class="nb-figure"[ >]', re.S)


def chapters() -> list[str]:
    """Chapter names (file stems of their sources, docs/chapters/*.md)."""
    return chapter_source.names()


def reading_order(language: str) -> list[str]:
    """The pages of a language's navigation, in order, as file stems (chapters by name)."""
    return [Path(page).stem for page in nav_files(language_config(language)["nav"])]


def words(language: str) -> dict[str, str]:
    """The interface words of ``language`` (its config's ``extra.words``)."""
    return language_config(language)["extra"]["words"]


def pages() -> list[Path]:
    """Every page of the built book, each language's (its index.html files; none if the site
    is not built)."""
    return sorted(
        path for language in LANGUAGES if (SITE / language).exists()
        for path in (SITE / language).rglob("index.html")
        if not {"search", "assets"}.intersection(path.relative_to(SITE / language).parts)
    )


def page(language: str, chapter: str) -> str:
    """The built HTML of a page (a chapter, or any page by its folder: "glossary")."""
    path = SITE / language / chapter / "index.html"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: build the book first (`make build`; `make test` does it)")
    return path.read_text(encoding="utf-8")


def split_cells(page_html: str) -> list[str]:
    """The HTML of each code cell, in page order."""
    starts = [m.start() for m in re.finditer(r'<div class="nb-cell">', page_html)]
    cells = []
    for start in starts:
        depth, i = 0, start
        for tag in re.finditer(r"<(/?)div\b", page_html[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                i = start + tag.end()
                break
        cells.append(page_html[start:i])
    return cells


def outputs(page_html: str) -> list[list[str]]:
    """For each code cell: its outputs, text blocks unescaped and each figure as "[figure]"."""
    result = []
    for cell in split_cells(page_html):
        shown = []
        for match in OUTPUT.finditer(cell):
            shown.append("[figure]" if match.group(1) is None else html.unescape(match.group(1)))
        result.append(shown)
    return result


def format_outputs(cells: list[list[str]]) -> str:
    blocks = []
    for number, shown in enumerate(cells, 1):
        body = "\n".join(shown) if shown else "(no output)"
        blocks.append(f"## cell {number}\n{body}\n")
    return "\n".join(blocks)


def expected_path(chapter: str) -> Path:
    return EXPECTED / f"{chapter}.txt"


def code_cells(language: str, chapter: str, checks: bool = False, comments: bool = False) -> list[tuple[str, tuple[str, ...]]]:
    """Each code cell of a chapter's notebook in ``language``: its code (without comments
    unless ``comments``), and its tags. The check cells (run by the build, not shown) only
    with ``checks=True``."""
    cells = []
    for cell in notebook(chapter, language).cells:
        if cell.cell_type == "code" and (checks or not is_check(cell)):
            tags = tuple(cell.metadata.get("tags", ()))
            cells.append((cell.source if comments else without_comments(cell.source), tags))
    return cells


@functools.cache
def notebook(chapter: str, language: str):
    """Chapter ``chapter`` as the notebook of ``language`` (read once per test session; do
    not change it)."""
    return chapter_source.notebook(chapter, language)



# --- what a code cell's copy button copies (assets/cell-setup.js, hooks/cell_setup.py) ---

CODE = re.compile(r'<code ([^>]*\bid="cell-code-(\d+)"[^>]*)>(.*?)</code>', re.S)
SETUP = re.compile(r'\bdata-setup="([\d ]*)"')


def cell_codes(page_html: str) -> list[tuple[str, list[int]]]:
    """Each code cell's code as the browser reads it (the text of its ``<code>``) and the
    numbers of the earlier cells its copy button copies with it, in page order."""
    cells = []
    for number, (attributes, n, inner) in enumerate(CODE.findall(page_html), 1):
        assert int(n) == number, f"code cells out of order at {n}"
        setup = SETUP.search(attributes)
        cells.append((html.unescape(re.sub(r"<[^>]*>", "", inner)), [int(k) for k in setup[1].split()] if setup else []))
    return cells


def copied_pieces(page_html: str) -> list[list[str]]:
    """For each code cell, what its copy button copies, cut at the cells it is made of: the
    set-up cells' code, then its own, each but the first after a blank line. Joined, they are
    the copied text (as cell-setup.js makes it, and Material trims its end)."""
    cells = cell_codes(page_html)
    copies = []
    for code, setup in cells:
        parts = [cells[k - 1][0].rstrip() for k in setup] + [code.rstrip()]
        copies.append([parts[0], *("\n\n" + part for part in parts[1:])])
    return copies


def copied_text(page_html: str, number: int) -> str:
    """What the copy button of code cell ``number`` (from 1) copies."""
    return "".join(copied_pieces(page_html)[number - 1]).rstrip()


def served_wheel() -> Path:
    """The wheel of gdbook the site serves (docs/scripts/build.py builds it)."""
    import gdbook_wheel

    path = SITE / gdbook_wheel.file_name()
    if not path.exists():
        raise FileNotFoundError(f"site/ serves no {path.name}: build the book first (`make build`)")
    return path


# The numbers printed by the source texts, which the book must reproduce.
SOURCE_NUMBERS = {
    "gd-sgd": [
        "epoch 10, x: 0.060466",  # f(x) = x^2, x0 = 10, eta = 0.2
        "epoch 10, x: 3.486784",  # eta = 0.05: too small
        "epoch 10, x: 61.917364",  # eta = 1.1: diverges
        "epoch 20, x1: -0.057646, x2: -0.000073",  # x1^2 + 2 x2^2 from (-5, -2), eta = 0.1
    ],
    "gd-newton": [
        "eta=0.2: epoch 10, x: 0.060466",  # the recap of chapter 2
        "eta=0.05: epoch 10, x: 3.486784",
        "eta=1.1: epoch 10, x: 61.917364",
        "epoch 10, x: -1.528166",  # x cos(cx), c = 0.15 pi, x0 = 10, eta = 2
        "epoch 20, x1: -0.057646, x2: -0.000073",
        "epoch 10, x: 0.000000",  # Newton on cosh(0.5 x) from 10
        "epoch 10, x: 26.834133",  # Newton on x cos(cx), eta = 1 (the source shows 26.8341)
        "eta=0.5, fix=None: epoch 10, x: 7.269860, f''(x) = 1.813913",  # eta = 0.5 (7.2699)
    ],
    "gd-variants": [
        # Dive into Deep Learning (1st ed.), "Optimization Algorithms": 0.1 x1^2 + 2 x2^2 from
        # (-5, -2), 20 steps: gradient descent (eta 0.4 and the diverging 0.6), momentum, AdaGrad,
        # RMSProp as printed there.
        "epoch 20, x1: -0.943467, x2: -0.000073",
        "epoch 20, x1: -0.387814, x2: -1673.365109",
        "epoch 20, x1: -0.062843, x2: 0.001202",
        "epoch 20, x1: 0.007188, x2: 0.002553",
        "epoch 20, x1: -2.382563, x2: -0.158591",
        "epoch 20, x1: -0.002295, x2: 0.000000",
        "epoch 20, x1: -0.010599, x2: 0.000000",
    ],
    "gd-update": [
        # 3 x1^2 + 2 x1 x2 + 6 x2^2 from (5, 5), eta = 0.05, 100 steps, 5 decimals, no "-0.00000"
        "after 100 steps: x1 = 0.00000, x2 = 0.00000, f = 0.00000",
    ],
}
