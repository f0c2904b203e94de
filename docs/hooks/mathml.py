"""Typeset every formula at build time as MathML, so no page loads a math script.

pymdownx.arithmatex (generic mode) marks formulas as ``<span class="arithmatex">\\(…\\)</span>``
and ``<div class="arithmatex">\\[…\\]</div>``, in Markdown pages, notebook Markdown cells and
the API reference alike. This hook sends a page's formulas to Temml (node, docs/node_modules)
in one call and puts its MathML in their place. Browsers lay MathML out themselves (MathML
Core); a math font gives them the glyphs and the layout data (the OpenType MATH table) for
fractions, roots and stretchy brackets. The book ships STIX Two Math, subset with fontTools
to the characters its formulas use (about a tenth of the font), and Temml's stylesheet.

Why MathML rather than KaTeX's HTML: the same formulas weigh a fifth as much, and the page
carries one copy of each formula, the one screen readers read, instead of two.
"""

from __future__ import annotations

import atexit
import hashlib
import html
import io
import json
import re
import subprocess
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from book import cached_bytes, cached_json  # a plain module beside the hooks

DOCS = Path(__file__).resolve().parents[1]
MODULES = DOCS / "node_modules"
TEMML = MODULES / "temml"
FONT = MODULES / "@fontsource" / "stix-two-math" / "files" / "stix-two-math-latin-400-normal.woff"
RENDERER = Path(__file__).with_name("temml_render.js")
ASSET_DIR = "assets/math"
FONT_FILE = "stix-two-math.woff2"
# The book's stylesheet (overrides/assets/gdbook.css, on every page): Temml's rules are
# appended to it, so that a page makes one request for both.
BOOK_STYLESHEET = "assets/gdbook.css"

MATH = re.compile(
    r'<span class="arithmatex">\\\((?P<inline>.*?)\\\)</span>'
    r'|<div class="arithmatex">\\\[(?P<display>.*?)\\\]</div>',
    re.S,
)
TEXT = re.compile(r">([^<]+)<")
SLOT = '<span class="math-slot" data-i="{}"></span>'
SLOT_PATTERN = re.compile(r'<span class="math-slot" data-i="(\d+)"></span>')
# Always in the font, so that a new formula rarely changes the font file (and its cache):
# ASCII, Greek, and the usual operators and brackets.
BASE = set(range(0x20, 0x7F)) | set(range(0x391, 0x3CA)) | set(map(ord, "∇∂∑∏∫√∞≤≥≠≈−±×·∘→←⊤‖∣⟨⟩ϵϑϕϱ"))


def _version(package: Path) -> str:
    return json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]


class _Temml:
    """One node process running Temml for the whole build: a page's formulas go in as one
    line of JSON, their MathML comes back as one line (node's start-up, paid once)."""

    def __init__(self):
        self.process = None

    def __call__(self, payload: str) -> list[str]:
        if self.process is None or self.process.poll() is not None:
            self.process = subprocess.Popen(
                ["node", str(RENDERER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                text=True, encoding="utf-8", cwd=DOCS,
            )
            atexit.register(self.close)
        self.process.stdin.write(payload + "\n")
        self.process.stdin.flush()
        reply = json.loads(self.process.stdout.readline() or '{"error": "Temml stopped"}')
        if isinstance(reply, dict):
            raise PluginError(f"Temml could not typeset a formula: {reply['error']}")
        return reply

    def close(self):
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait(timeout=10)
            self.process.stdout.close()
            self.process = None


_temml = _Temml()


def render(formulas: list[tuple[str, bool]]) -> list[str]:
    """MathML for each (tex, display) pair; a page's formulas are cached together, so an
    unchanged page costs no call to Temml on the next build."""
    if not TEMML.is_dir():
        raise PluginError("Temml is missing: run `make setup` (it runs `npm ci` in docs/)")
    payload = json.dumps([{"tex": tex, "display": display} for tex, display in formulas])
    key = hashlib.sha256(f"{_version(TEMML)}\0{RENDERER.read_bytes()!r}\0{payload}".encode()).hexdigest()[:24]
    return cached_json("mathml", key, lambda: _temml(payload))


# UPSTREAM MARKUP: nbconvert's exporter escapes chapter Markdown once more than MkDocs does.
def _source(escaped: str) -> str:
    """The TeX of a formula. A formula in a chapter's Markdown reaches us escaped twice: nbconvert's
    HTML exporter (which mkdocs-jupyter uses) re-serializes the template's output, Markdown
    text included, writing ``<`` as ``&lt;``; arithmatex then escapes that ``&``. (A test of
    the built chapters covers a formula with ``<``.)"""
    tex = html.unescape(escaped)
    return html.unescape(tex) if re.search(r"&(lt|gt|amp);", tex) else tex


_USED: set[int] = set()


def on_pre_build(config):
    _USED.clear()


def on_page_content(content, page, config, files):
    found = list(MATH.finditer(content))
    if not found:
        return content
    formulas = [
        (_source(m["inline"] if m["inline"] is not None else m["display"]), m["display"] is not None)
        for m in found
    ]
    mathml = render(formulas)
    for formula in mathml:
        for text in TEXT.findall(formula):
            _USED.update(ord(c) for c in html.unescape(text))
    page.meta["has_math"] = True
    page.meta["mathml"] = mathml
    # Until the search index is made, a formula is an empty slot of the book's own: the index
    # gets the words around it (a formula's letters, run together, would only be noise) and
    # its parser gets far fewer tags to read (formulas are most of a chapter's markup).
    slots = iter(range(len(found)))

    def slot(match):
        marker = SLOT.format(next(slots))
        return f'<div class="math-display">{marker}</div>' if match["display"] is not None else marker

    return MATH.sub(slot, content)


# A browser may break a line between a formula and the punctuation after it (a formula is
# one unbreakable box to the line breaker, which allows a break on either side of such a
# box): a sentence's full stop would start the next line.
PUNCTUATED = re.compile(SLOT_PATTERN.pattern + r"([.,;:!?)\]’”，。；：！？、）」]+)")


@event_priority(-100)  # after the search plugin has indexed the page
def on_page_context(context, page, config, nav):
    slots = page.meta.pop("mathml", None)
    if slots:
        page.content = restore(page.content, slots)
    return context


def restore(content: str, slots: list[str]) -> str:
    """``content`` with its formulas back in their slots, each one that is followed by
    punctuation kept on one line with it."""
    content = PUNCTUATED.sub(lambda m: f'<span class="nowrap">{slots[int(m[1])]}{m[2]}</span>', content)
    return SLOT_PATTERN.sub(lambda m: slots[int(m[1])], content)


def on_post_page(output, page, config):
    if not page.meta.get("has_math"):
        return output
    font = get_relative_url(f"{ASSET_DIR}/{FONT_FILE}", page.url or ".")
    # The font is small and on every page with math: fetched at once, it is there before the
    # first formula is drawn, so formulas do not shift the text when it arrives.
    link = f'<link rel="preload" href="{font}" as="font" type="font/woff2" crossorigin>\n'
    return output.replace("</head>", link + "</head>", 1)


def subset_font(codepoints: set[int]) -> bytes:
    """STIX Two Math cut down to ``codepoints`` and what laying them out needs (the MATH
    table's size variants and stretchy parts), as woff2. Cached by the set of characters."""
    key = hashlib.sha256(f"{_version(FONT.parents[1])}\0{sorted(codepoints)}".encode()).hexdigest()[:24]

    def make() -> bytes:
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = TTFont(FONT)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(codepoints))
        subsetter.subset(font)
        out = io.BytesIO()
        font.flavor = "woff2"
        font.save(out)
        return out.getvalue()

    return cached_bytes("mathml", f"font-{key}.woff2", make)


def on_post_build(config):
    _temml.close()
    target = Path(config.site_dir) / ASSET_DIR
    target.mkdir(parents=True, exist_ok=True)
    (target / FONT_FILE).write_bytes(subset_font(BASE | _USED))
    # Temml's stylesheet for STIX Two, pointed at the subset ("swap" shows text at once), with
    # its comments and indentation left out, after the book's own rules.
    css = (TEMML / "dist" / "Temml-STIX2.css").read_text(encoding="utf-8")
    css = re.sub(
        r"@font-face \{\s*font-family: STIX2;.*?\}",
        "@font-face { font-family: STIX2; src: url('math/" + FONT_FILE + "') format('woff2'); font-display: swap; }",
        css, count=1, flags=re.S,
    )
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s*\n\s*", "\n", css).strip()
    book = Path(config.site_dir) / BOOK_STYLESHEET
    if "font-family: STIX2" not in book.read_text(encoding="utf-8"):
        with book.open("a", encoding="utf-8") as out:
            out.write("\n/* Temml's rules for MathML in STIX Two Math (hooks/mathml.py) */\n" + css + "\n")
