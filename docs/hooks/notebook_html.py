"""Turn mkdocs-jupyter's notebook HTML into light, plain book HTML.

mkdocs-jupyter (markdown_cell_processor: mkdocs) renders Markdown cells through MkDocs, but
wraps the page in JupyterLab's markup and inlines about 576 KB of JupyterLab CSS, a copy
widget and a math loader. This hook keeps the content and drops the rest:

* Markdown cells become their rendered HTML, as on any MkDocs page;
* code cells become Material code blocks (``pre > code``: Material's copy button copies the
  cell's source exactly, with no prompt and no output) followed by their outputs;
* text outputs become ``<pre class="nb-output">``, SVG figures ``<figure class="nb-figure">``;
* cells tagged ``solution`` are gathered into a collapsed "Solution" block.

It keeps mkdocs-jupyter's conversion cache working, which a custom template would turn off.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag
from mkdocs.exceptions import PluginError

WRAPPER = '<div class="jupyter-wrapper"'
HEAD_JUNK = re.compile(r"<style\b.*?</style>|<script\b.*?</script>", re.S)
SVG_PROLOG = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<metadata>.*?</metadata>|<!--.*?-->", re.S)
# matplotlib writes coordinates in points with six decimals; a tenth of a point (1/720 inch)
# is below what a screen shows, and the shorter numbers halve a figure's size.
SVG_DIGITS = re.compile(r"(\d\.\d)\d+")
SOLUTION_LABEL = {"zh": "解答", "en": "Solution"}
FIGURE_LABEL = {"zh": "图", "en": "Figure"}


def on_page_content(content, page, config, files):
    if WRAPPER not in content:
        return content
    head, body = content.split(WRAPPER, 1)
    if HEAD_JUNK.sub("", head).strip():
        raise PluginError(f"{page.file.src_path}: unexpected notebook header content")
    language = config.theme["language"]
    soup = BeautifulSoup(WRAPPER + body, "lxml")
    notebook = soup.find("div", class_="jp-Notebook")
    blocks = []
    for index, cell in enumerate(notebook.find_all("div", class_="jp-Cell", recursive=False), 1):
        tags = [c[len("celltag_"):] for c in cell.get("class", []) if c.startswith("celltag_")]
        if "jp-MarkdownCell" in cell["class"]:
            rendered = cell.find("div", class_="jp-RenderedMarkdown")
            html = rendered.decode_contents()
        else:
            html = _code_cell(cell, index, page.file.src_path)
        blocks.append((tags, html))
    out = _group_solutions(blocks, SOLUTION_LABEL.get(language, "Solution"))
    out = _number_figures(out, FIGURE_LABEL.get(language, "Figure"))
    return out


def _code_cell(cell: Tag, index: int, src: str) -> str:
    parts = []
    code = cell.find("div", class_="highlight-ipynb")
    if code is not None:  # absent when the input is hidden by a tag
        pre = code.find("pre")
        spans = "".join(str(child) for child in pre.children).strip("\n")
        if spans.startswith("<span></span>"):
            spans = spans[len("<span></span>"):]
        parts.append(
            f'<div class="language-python highlight"><pre><span></span><code>{spans}</code></pre></div>'
        )
    for output in cell.find_all("div", class_="jp-OutputArea-output"):
        mime = output.get("data-mime-type", "")
        if mime == "image/svg+xml":
            svg = SVG_PROLOG.sub("", output.decode_contents()).strip()
            svg = SVG_DIGITS.sub(r"\1", svg).replace(" \n", " ")
            parts.append(f'<figure class="nb-figure">{svg}</figure>')
        elif output.find("pre") is not None and "jp-RenderedText" in output["class"]:
            text = output.find("pre").decode_contents().rstrip()
            parts.append(f'<pre class="nb-output">{text}</pre>')
        elif output.find("img") is not None:
            parts.append(f'<figure class="nb-figure">{output.find("img")}</figure>')
        else:
            raise PluginError(f"{src}: code cell {index} has an output of unsupported type {mime!r}")
    return f'<div class="nb-cell">{"".join(parts)}</div>'


def _group_solutions(blocks, label: str) -> str:
    """Join the blocks, wrapping each run of cells tagged "solution" in a collapsed block."""
    out, run = [], []
    for tags, html in blocks + [([], "")]:
        if "solution" in tags:
            run.append(html)
            continue
        if run:
            out.append(
                f'<details class="example"><summary>{label}</summary>{"".join(run)}</details>'
            )
            run = []
        out.append(html)
    return "\n".join(out)


def _number_figures(html: str, label: str) -> str:
    """Give each figure an accessible name ("Figure 3") for screen readers."""
    count = 0

    def name(match):
        nonlocal count
        count += 1
        return f'{match.group(1)} role="img" aria-label="{label} {count}"'

    return re.sub(r'(<figure class="nb-figure"><svg)', name, html)


def on_post_page(output, page, config):
    # mkdocs-jupyter appends a MathJax loader (pointing at a CDN) to every page. The book's
    # math is typeset at build time (hooks/katex_math.py), so the loader is dead weight.
    start = output.find("<script data-mkdocs-jupyter-mathjax=")
    if start == -1:
        return output
    end = output.index("</script>", start) + len("</script>")
    return output[:start] + output[end:]
