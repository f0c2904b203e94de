"""Turn mkdocs-jupyter's notebook HTML into light, plain book HTML.

mkdocs-jupyter (markdown_cell_processor: mkdocs) renders Markdown cells through MkDocs, but
wraps the page in JupyterLab's markup and inlines about 576 KB of JupyterLab CSS, a copy
widget and a math loader. This hook keeps the content and drops the rest:

* Markdown cells become their rendered HTML, as on any MkDocs page;
* code cells become Material code blocks (``pre > code``: Material's copy button copies the
  cell's source exactly, with no prompt and no output) followed by their outputs;
* text outputs become ``<pre class="nb-output">``; SVG figures become files beside the page,
  shown by ``<figure class="nb-figure"><img …></figure>``;
* cells tagged ``solution`` are gathered into a collapsed "Solution" block.

It keeps mkdocs-jupyter's conversion cache working, which a custom template would turn off.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from mkdocs.exceptions import PluginError

WRAPPER = '<div class="jupyter-wrapper"'
HEAD_JUNK = re.compile(r"<style\b.*?</style>|<script\b.*?</script>", re.S)
SVG_PROLOG = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<metadata>.*?</metadata>|<!--.*?-->", re.S)
# matplotlib writes coordinates in points with six decimals; a tenth of a point (1/720 inch)
# is below what a screen shows, and the shorter numbers halve a figure's size.
# Only inside tags: a label's text ("eta = 0.001") is the reader's, not a coordinate.
SVG_DIGITS = re.compile(r"(\d\.\d)\d+")
SVG_TAG = re.compile(r"<[^>]*>")
SOLUTION_LABEL = {"zh": "解答", "en": "Solution"}
DOWNLOAD_LABEL = {"zh": "下载本章的 Jupyter 笔记本（含输出）", "en": "Download this chapter as a Jupyter notebook (with outputs)"}
FIGURE_LABEL = {"zh": "图", "en": "Figure"}


# The slimmed page and its figures, by a hash of what produced them: a rebuild with an
# unchanged chapter skips the parse (about half a second per language).
CACHE = Path(__file__).resolve().parents[2] / ".cache" / "notebook_html"


def on_page_content(content, page, config, files):
    if WRAPPER not in content:
        return content
    language = config.theme["language"]
    key = hashlib.sha256(
        "\0".join([Path(__file__).read_text(encoding="utf-8"), language, page.file.src_uri, content]).encode()
    ).hexdigest()[:24]
    cached = CACHE / f"{key}.json"
    if cached.exists():
        saved = json.loads(cached.read_text(encoding="utf-8"))
        Figures(page, config).restore(saved["figures"])
        return saved["html"]
    figures = Figures(page, config)
    html = _slim(content, page, language, figures)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps({"html": html, "figures": figures.written}), encoding="utf-8")
    return html


def _slim(content, page, language, figures):
    head, body = content.split(WRAPPER, 1)
    if HEAD_JUNK.sub("", head).strip():
        raise PluginError(f"{page.file.src_path}: unexpected notebook header content")
    soup = BeautifulSoup(WRAPPER + body, "lxml")
    notebook = soup.find("div", class_="jp-Notebook")
    blocks = []
    for index, cell in enumerate(notebook.find_all("div", class_="jp-Cell", recursive=False), 1):
        markdown = "jp-MarkdownCell" in cell["class"]
        # nbconvert puts a code cell's tags on the cell, a Markdown cell's on its rendered text.
        tagged = cell.find("div", class_="jp-RenderedMarkdown") if markdown else cell
        tags = [c[len("celltag_"):] for c in tagged.get("class", []) if c.startswith("celltag_")]
        html = tagged.decode_contents() if markdown else _code_cell(cell, index, page.file.src_path, figures)
        blocks.append((tags, markdown, html))
    out = _group_solutions(blocks, SOLUTION_LABEL.get(language, "Solution"))
    return _after_title(out, _download_link(page, language))


class Figures:
    """A page's figures, each written next to the page as its own SVG file (named by its
    content, so it is cached as long as it does not change) and shown with a lazy <img>:
    the page's HTML stays small, and figures below the fold load only when scrolled to."""

    def __init__(self, page, config):
        self.folder = (Path(config.site_dir) / page.file.dest_uri).parent
        self.label = FIGURE_LABEL.get(config.theme["language"], "Figure")
        self.count = 0
        self.written: dict[str, str] = {}

    def restore(self, written: dict[str, str]) -> None:
        """Write the figures a cached page refers to."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, svg in written.items():
            (self.folder / name).write_text(svg, encoding="utf-8")

    def add(self, svg: str) -> str:
        self.count += 1
        svg = SVG_PROLOG.sub("", svg).strip()
        svg = SVG_TAG.sub(lambda tag: SVG_DIGITS.sub(r"\1", tag[0]), svg).replace(" \n", " ")
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1) if "xmlns=" not in svg else svg
        # The HTML parser lowercased this SVG attribute; an SVG file needs the real name.
        svg = svg.replace(" viewbox=", " viewBox=")
        # Labels typeset by mathtext name DejaVu Sans alone; where a reader lacks it, a sans
        # font, not the browser's default serif, should stand in.
        svg = svg.replace("font-family: 'DejaVu Sans';", "font-family: 'DejaVu Sans', sans-serif;")
        name = f"figure-{hashlib.sha256(svg.encode()).hexdigest()[:12]}.svg"
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / name).write_text(svg, encoding="utf-8")
        self.written[name] = svg
        # The viewBox is in points; the <img> size in CSS pixels (4/3 of a point) reserves the
        # figure's space before it loads, so nothing shifts when it arrives.
        box = re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) ([\d.]+)"', svg).groups()
        width, height = (round(float(v) * 4 / 3) for v in box)
        return (
            f'<figure class="nb-figure"><img src="{name}" alt="{self.label} {self.count}" '
            f'width="{width}" height="{height}" loading="lazy" decoding="async"></figure>'
        )


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


def _lighter_highlighting(spans: str) -> str:
    out: list[str] = []  # plain text pieces and [group, text] spans
    for i, piece in enumerate(TOKEN.split(spans)):
        kind = i % 4
        if kind == 0:
            if piece:
                out.append(piece)
        elif kind == 2:
            cls, text = piece, None
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


def _code_cell(cell: Tag, index: int, src: str, figures: Figures) -> str:
    parts = []
    code = cell.find("div", class_="highlight-ipynb")
    if code is not None:  # absent when the input is hidden by a tag
        pre = code.find("pre")
        spans = "".join(str(child) for child in pre.children).strip("\n")
        if spans.startswith("<span></span>"):
            spans = spans[len("<span></span>"):]
        spans = _lighter_highlighting(spans)
        parts.append(
            f'<div class="language-python highlight"><pre><span></span><code>{spans}</code></pre></div>'
        )
    for output in cell.find_all("div", class_="jp-OutputArea-output"):
        mime = output.get("data-mime-type", "")
        if mime == "image/svg+xml":
            parts.append(figures.add(output.decode_contents()))
        elif output.find("pre") is not None and "jp-RenderedText" in output["class"]:
            text = output.find("pre").decode_contents().rstrip()
            parts.append(f'<pre class="nb-output">{text}</pre>')
        elif output.find("img") is not None:
            parts.append(f'<figure class="nb-figure">{output.find("img")}</figure>')
        else:
            raise PluginError(f"{src}: code cell {index} has an output of unsupported type {mime!r}")
    return f'<div class="nb-cell">{"".join(parts)}</div>'


def _download_link(page, language: str) -> str:
    """A link to the chapter's executed notebook, which hooks/notebooks.py writes beside the page."""
    name = Path(page.file.src_uri).stem
    label = DOWNLOAD_LABEL.get(language, DOWNLOAD_LABEL["en"])
    return f'<p class="nb-download"><a href="{name}.ipynb" download>{label}</a></p>'


def _after_title(html: str, block: str) -> str:
    end = html.find("</h1>")
    return html if end == -1 else html[: end + 5] + "\n" + block + html[end + 5 :]


def _group_solutions(blocks, label: str) -> str:
    """Join the blocks, wrapping each solution (cells tagged "solution": its explanation, then
    its code) in a collapsed block. A tagged Markdown cell after tagged code starts the next
    solution."""
    out, run = [], []

    def close():
        if run:
            out.append(f'<details class="example"><summary>{label}</summary>{"".join(h for _, h in run)}</details>')
            run.clear()

    for tags, markdown, html in blocks:
        if "solution" not in tags:
            close()
            out.append(html)
            continue
        if markdown and any(not is_text for is_text, _ in run):
            close()
        run.append((markdown, html))
    close()
    return "\n".join(out)


def on_post_page(output, page, config):
    # mkdocs-jupyter appends a MathJax loader (pointing at a CDN) to every page. The book's
    # math is typeset at build time (hooks/mathml.py), so the loader is dead weight.
    start = output.find("<script data-mkdocs-jupyter-mathjax=")
    if start == -1:
        return output
    end = output.index("</script>", start) + len("</script>")
    return output[:start] + output[end:]
