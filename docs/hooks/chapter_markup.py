"""The markup of a chapter's code cells, written by the book when the chapter is executed.

hooks/notebooks.py hands mkdocs-jupyter a copy of each executed chapter whose code cells carry
the HTML they are shown as (``cell.metadata.gdbook.html``), and the book's template
(docs/templates/chapter.html.j2) places it. So a page is rendered once, in its final shape:

* the code as a Material code block (``pre > code``) with its copy button, highlighted with
  only the spans that colour something; a cell that needs earlier cells (hooks/cell_setup.py)
  lists their numbers in its ``<code>``'s ``data-setup``, and its copy button copies their code
  and its own (assets/cell-setup.js), so that what it copies runs on its own;
* each printed text as ``<pre class="nb-output">``;
* each figure as an SVG file beside the page (named by its content, so it is cached as long
  as it does not change), shown by a lazy ``<img>`` whose size is reserved before it loads.

A plain module (not a hook); hooks/notebooks.py calls it.
"""

from __future__ import annotations

import copy
import hashlib
import html
import re

from mkdocs.exceptions import PluginError
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from book import is_check
from cell_setup import CellSetupError, setups
from material_markup import copy_button

SVG_PROLOG = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<metadata>.*?</metadata>|<!--.*?-->", re.S)
# matplotlib writes coordinates in points with six decimals; a tenth of a point (1/720 inch)
# is below what a screen shows, and the shorter numbers halve a figure's size.
# Only inside tags: a label's text ("eta = 0.001") is the reader's, not a coordinate.
SVG_DIGITS = re.compile(r"(\d\.\d)\d+")
SVG_TAG = re.compile(r"<[^>]*>")

# Pygments wraps every token in a span, and Material colours the token classes in a dozen
# groups. Names (and True/False/None), operators and punctuation are drawn here in the code's
# own colour and a few classes in none, so their spans change nothing; neighbouring tokens of
# one group (with only spaces between them) need one span. (Leaving out the operators' and
# punctuation's 1,100 spans halved the longest chapter's code markup, 51 KB to 25 KB.)
_GROUPS = {
    "s": "cpf l s s1 s2 sb sc si ss", "se": "cp se sh sr sx", "m": "il m mb mf mh mi mo",
    "k": "k kd kn kp kr kt nd ni nl nt", "nb": "bp nb no", "nf": "nc ne nf nn",
    "c": "c c1 ch cm cs sd", "nv": "na nv vc vg vi", "go": "ge gh go gp gr gs gt gu",
}
# "n", "kc", "o" and "p" (names, True/False/None, operators, punctuation) are absent: drawn in
# the code's own colour.
GROUP = {cls: canonical for canonical, members in _GROUPS.items() for cls in members.split()}
GROUP["ow"] = "ow"  # operator words: a colour of their own (assets/gdbook.css)
# Material leaves other classes (e.g. "sa", the f of an f-string) uncoloured.
TOKEN = re.compile(r'(<span class="([\w-]+)">([^<]*)</span>)')


class Figures:
    """A chapter's figures: each becomes an SVG file (kept in ``files`` until the build
    writes them beside the page) and the ``<figure>`` that shows it, with its number,
    caption and alternative text (hooks/numbering.py)."""

    def __init__(self, label: str):
        self.label = label
        self.files: dict[str, str] = {}

    def add(self, svg: str, figure: dict) -> str:
        svg = SVG_PROLOG.sub("", svg).strip()
        svg = SVG_TAG.sub(lambda tag: SVG_DIGITS.sub(r"\1", tag[0]), svg).replace(" \n", " ")
        if "xmlns=" not in svg:
            svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
        # Labels typeset by mathtext name DejaVu Sans alone; where a reader lacks it, a sans
        # font, not the browser's default serif, should stand in.
        svg = svg.replace("font-family: 'DejaVu Sans';", "font-family: 'DejaVu Sans', sans-serif;")
        name = f"figure-{hashlib.sha256(svg.encode()).hexdigest()[:12]}.svg"
        self.files[name] = svg
        # The viewBox is in points; the <img> size in CSS pixels (4/3 of a point) reserves the
        # figure's space before it loads, so nothing shifts when it arrives.
        box = re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"', svg).groups()
        width, height = (round(float(v) * 4 / 3) for v in box)
        return (
            f'<figure class="nb-figure" id="{figure["anchor"]}"><img src="{name}" '
            f'alt="{html.escape(figure["alt"])}" width="{width}" height="{height}" loading="lazy">'
            f'<figcaption><b>{self.label} {figure["number"]}</b> '
            f'{caption_html(figure["caption"])}</figcaption></figure>'
        )


def caption_html(caption: str) -> str:
    """A caption's Markdown as inline HTML, its formulas marked as arithmatex marks them in
    the rest of the page (hooks/mathml.py typesets them with the page's)."""
    import markdown

    rendered = markdown.markdown(caption, extensions=["pymdownx.arithmatex"],
                                 extension_configs={"pymdownx.arithmatex": {"generic": True}})
    return rendered.removeprefix("<p>").removesuffix("</p>")


def lighter_highlighting(spans: str) -> str:
    """Pygments' spans with those that colour nothing dropped and neighbours of one colour
    group merged."""
    out: list = []  # plain text pieces and [group, text] spans
    for i, piece in enumerate(TOKEN.split(spans)):
        kind = i % 4
        if kind == 0:
            if piece:
                out.append(piece)
        elif kind == 2:
            cls = piece
        elif kind == 3:
            text = piece
            group = GROUP.get(cls)
            if group is None:
                out.append(text)
                continue
            between = ""
            if len(out) >= 2 and isinstance(out[-2], list) and isinstance(out[-1], str) and not out[-1].strip():
                between = out[-1]
                previous = out[-2]
            elif out and isinstance(out[-1], list):
                previous = out[-1]
            else:
                previous = None
            if previous is not None and previous[0] == group:
                if between:
                    out.pop()
                previous[1] += between + text
            else:
                out.append([group, text])
    return "".join(p if isinstance(p, str) else f'<span class="{p[0]}">{p[1]}</span>' for p in out)


def code_block(source: str, number: int, copy_label: str, setup: list[int] = ()) -> str:
    """A code cell's source as a Material code block with its copy button; ``setup``: the
    numbers of the earlier cells whose code its copy button copies first."""
    spans = highlight(source, PythonLexer(), HtmlFormatter(nowrap=True)).rstrip("\n")
    code_id = f"cell-code-{number}"
    needs = f' data-setup="{" ".join(map(str, setup))}"' if setup else ""
    return (
        f'<div class="language-python highlight"><pre>{copy_button(code_id, copy_label)}'
        f'<code id="{code_id}"{needs}>{lighter_highlighting(spans)}</code></pre></div>'
    )


def shown_setups(code_cells, chapter: str) -> list[list[int]]:
    """For each code cell shown (not a check), the numbers of the shown cells its copy needs
    first (cell_setup.setups). A cell that needs a check cell, which the page does not show,
    fails the build."""
    try:
        needs = setups([cell.source for cell in code_cells])
    except (CellSetupError, SyntaxError) as error:
        raise PluginError(f"{chapter}: {error}") from None
    shown = [i for i, cell in enumerate(code_cells) if not is_check(cell)]
    number = {index: n for n, index in enumerate(shown, 1)}
    result = []
    for index in shown:
        hidden = [i + 1 for i in needs[index] if i not in number]
        if hidden:
            raise PluginError(
                f"{chapter}: code cell {index + 1} needs the check cell(s) {hidden} (a name they bind "
                f"or change); a check must not bind or change what later cells use"
            )
        result.append([number[i] for i in needs[index]])
    return result


def outputs(cell, figures: Figures, where: str) -> list[str]:
    """A code cell's outputs as the page shows them."""
    shown = []
    numbered = iter(cell.metadata.get("gdbook_figures", []))
    for output in cell.outputs:
        if output.output_type == "stream":
            shown.append(f'<pre class="nb-output">{html.escape(output.text.rstrip(), quote=False)}</pre>')
        elif output.output_type in ("display_data", "execute_result") and "image/svg+xml" in output.data:
            shown.append(figures.add(output.data["image/svg+xml"], next(numbered)))
        else:
            kinds = sorted(output.get("data", {})) or [output.output_type]
            raise PluginError(f"{where} has an output the book cannot show: {kinds}")
    return shown


# The script that copies a cell with its set-up (relative to a chapter's page, <language>/<chapter>/).
COPY_SCRIPT = "../assets/cell-setup.js"


def page_copy(notebook, chapter: str, words: dict[str, str], wheel_url: str, repository: str | None = None):
    """The executed ``notebook`` as mkdocs-jupyter is to render it, and its figures.

    Each code cell carries its shown HTML; the link to the chapter's notebook follows the
    title, then the line that installs gdbook from ``wheel_url`` (with a link to the book's
    ``repository``, if any) and what the copy buttons copy; the check cells (the claims'
    checks) are left out; the solutions' label is in the notebook's metadata for the template.
    """
    rendered = copy.deepcopy(notebook)
    figures = Figures(words["figure"])
    setup = iter(shown_setups([c for c in rendered.cells if c.cell_type == "code"], chapter))
    cells, number = [], 0
    for cell in rendered.cells:
        if is_check(cell):
            continue
        if cell.cell_type == "code":
            number += 1
            where = f"{chapter}: code cell {number}"
            block = code_block(cell.source, number, words["copy"], next(setup))
            parts = [block, *outputs(cell, figures, where)]
            cell.metadata["gdbook"] = {"html": f'<div class="nb-cell">{"".join(parts)}</div>'}
            cell.outputs = []
        cells.append(cell)
    rendered.cells = cells
    install = words["install"].format(
        command=f"<code>pip install {html.escape(wheel_url)}</code>",
        repository=words["repository"].format(url=html.escape(repository)) if repository else "",
    )
    _link_after_title(
        rendered,
        f'<p class="nb-download"><a href="{chapter}.ipynb" download>{words["download"]}</a></p>\n'
        f'<p class="nb-install">{install}</p>\n'
        f'<script src="{COPY_SCRIPT}" defer></script>',
    )
    rendered.metadata["gdbook"] = {"solution_label": words["solution"]}
    return rendered, figures.files


def _link_after_title(notebook, link: str) -> None:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            title = re.search(r"^# .*$", cell.source, re.M)
            if title:
                cell.source = cell.source[: title.end()] + f"\n\n{link}\n" + cell.source[title.end():]
                return
    raise PluginError("a chapter needs a title: a Markdown line starting with '# '")

