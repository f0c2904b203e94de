"""Typeset every formula at build time with KaTeX, so no page loads a math script.

pymdownx.arithmatex (generic mode) marks formulas as ``<span class="arithmatex">\\(…\\)</span>``
and ``<div class="arithmatex">\\[…\\]</div>``, in Markdown pages and notebook Markdown cells
alike. This hook sends a page's formulas to KaTeX (node, docs/node_modules) in one call,
replaces them with KaTeX's HTML and MathML, links KaTeX's stylesheet on pages that have math,
and copies the stylesheet and its woff2 fonts into the site.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

DOCS = Path(__file__).resolve().parents[1]
KATEX_DIST = DOCS / "node_modules" / "katex" / "dist"
RENDERER = Path(__file__).with_name("katex_render.js")
CACHE = DOCS.parent / ".cache" / "katex"
ASSET_DIR = "assets/katex"
STYLESHEET = f"{ASSET_DIR}/katex.min.css"
ANNOTATION = re.compile(r'<annotation encoding="application/x-tex">.*?</annotation>', re.S)

MATH = re.compile(
    r'<span class="arithmatex">\\\((?P<inline>.*?)\\\)</span>'
    r'|<div class="arithmatex">\\\[(?P<display>.*?)\\\]</div>',
    re.S,
)


def render(formulas: list[tuple[str, bool]]) -> list[str]:
    """KaTeX HTML for each (tex, display) pair; a page's formulas are cached together, so an
    unchanged page costs no node process on the next build."""
    if not KATEX_DIST.is_dir():
        raise PluginError("KaTeX is missing: run `make setup` (it runs `npm ci` in docs/)")
    payload = json.dumps([{"tex": tex, "display": display} for tex, display in formulas])
    version = json.loads((KATEX_DIST.parent / "package.json").read_text(encoding="utf-8"))["version"]
    key = hashlib.sha256(f"{version}\0{payload}".encode()).hexdigest()[:24]
    cached = CACHE / f"{key}.json"
    if cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    result = subprocess.run(
        ["node", str(RENDERER)], input=payload, capture_output=True, text=True, cwd=DOCS
    )
    if result.returncode != 0:
        raise PluginError(f"KaTeX could not typeset a formula:\n{result.stderr.strip()}")
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(result.stdout, encoding="utf-8")
    return json.loads(result.stdout)


def _source(escaped: str) -> str:
    """The TeX of a formula. A display formula in a notebook's Markdown cell reaches us escaped
    twice (by the notebook's Markdown renderer, then by arithmatex): ``<`` as ``&amp;lt;``."""
    tex = html.unescape(escaped)
    return html.unescape(tex) if re.search(r"&(lt|gt|amp);", tex) else tex


def on_page_content(content, page, config, files):
    found = list(MATH.finditer(content))
    if not found:
        return content
    formulas = [
        (_source(m["inline"] if m["inline"] is not None else m["display"]), m["display"] is not None)
        for m in found
    ]
    rendered = iter(render(formulas))
    page.meta["has_math"] = True

    def replace(match):
        out = next(rendered)
        # The MathML copy of the TeX source is dead weight on the page (screen readers read
        # the MathML itself). Search should index a formula once: the MathML is left out
        # (Material's exclusion works on elements without nested elements of their tag).
        out = ANNOTATION.sub("", out).replace(
            '<span class="katex-mathml">', '<span class="katex-mathml" data-search-exclude>'
        )
        return f'<div class="math-display">{out}</div>' if match["display"] is not None else out

    return MATH.sub(replace, content)


def on_post_page(output, page, config):
    if not page.meta.get("has_math"):
        return output
    href = get_relative_url(STYLESHEET, page.url or ".")
    return output.replace("</head>", f'<link rel="stylesheet" href="{href}">\n</head>', 1)


def on_post_build(config):
    target = Path(config.site_dir) / ASSET_DIR
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    # KaTeX's "swap" stylesheet sets font-display: swap. Keep only the woff2 sources: every
    # browser that runs this site reads woff2, and the other formats would be dead weight.
    css = (KATEX_DIST / "katex-swap.min.css").read_text(encoding="utf-8")
    css = re.sub(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)', "", css)
    (target / "katex.min.css").write_text(css, encoding="utf-8")
    for font in sorted((KATEX_DIST / "fonts").glob("*.woff2")):
        shutil.copyfile(font, target / "fonts" / font.name)
