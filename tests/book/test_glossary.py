"""The glossary (docs/data/glossary.yml, hooks/glossary.py) and the chapters' links to it, in the
built book: both languages have the same entries, each entry's "defined in" link reaches the
place a chapter marks, and in each chapter the first use of every glossary term links to its
entry.

A *use* is found in the page's prose as a chapter reader meets it, in reading order: headings,
code, printed output, formulas, figures, the explorers' controls and the text of other links
are not prose. Uses are matched by each term's ``forms`` in the page's language, longest
first and without overlaps (so 随机梯度下降 is a use of SGD, not of 梯度下降), English ones as
whole words, case aside; a listed compound (非凸) is a use of nothing.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import yaml

import booksite

GLOSSARY = yaml.safe_load((booksite.DOCS / "data" / "glossary.yml").read_text(encoding="utf-8"))
TERMS = GLOSSARY["terms"]
NOT_PROSE = {"h1", "h2", "h3", "h4", "h5", "h6", "pre", "code", "math", "figure", "script", "style", "svg", "label", "select", "button"}
NOT_PROSE_CLASSES = {"gd-explorer", "admonition-title", "headerlink", "nb-output"}
VOID = {"br", "img", "input", "hr", "meta", "link", "source", "wbr", "col", "area"}
# Text in different ones of these is never one phrase.
BLOCKS = {"p", "li", "td", "th", "div", "details", "summary", "blockquote", "dd", "dt", "table", "ul", "ol"}


def matcher(language: str) -> re.Pattern:
    """Every form of every term in ``language`` and its compounds, longest first."""
    forms = {form for term in TERMS.values() for form in term[language]["forms"]}
    forms |= set(GLOSSARY["compounds"][language])
    # a space in a form matches any run of white space (a line break in the source)
    alternatives = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))
    if language == "zh":
        return re.compile(f"(?:{alternatives})")
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I)


def term_of(language: str) -> dict[str, str]:
    """Form (lower case) -> the key of its term; compounds map to None."""
    found = {c.lower(): None for c in GLOSSARY["compounds"][language]}
    for key, term in TERMS.items():
        found.update({form.lower(): key for form in term[language]["forms"]})
    return found


BREAK = object()  # the boundary of a block


class Prose(HTMLParser):
    """The prose of a page's article in order, as runs of text each with the glossary key of
    the link it is in (None outside one). Text that is not prose is left out; inline markup
    (the <em> of "*quadratic* convergence") does not split a run, a new block or link does."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, str | None]] = []
        self.stack: list[tuple[str, bool, str | None]] = []  # tag, prose?, glossary key
        self.in_article = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.in_article = True
        if tag in BLOCKS:
            self.pieces.append(("\n\n", BREAK))
        if tag in VOID or not self.in_article:
            return
        prose, key = (self.stack[-1][1], self.stack[-1][2]) if self.stack else (True, None)
        classes = set((attrs.get("class") or "").split())
        if tag in NOT_PROSE or classes & NOT_PROSE_CLASSES:
            prose = False
        if tag == "a":
            href = urlsplit(attrs.get("href") or "")
            if href.path.rstrip("/").endswith("glossary") and href.fragment in TERMS:
                key = href.fragment
            else:
                prose = False  # another link's text is that link's, not a use of a term
        self.stack.append((tag, prose, key))

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.pieces.append(("\n\n", BREAK))
        if tag == "article":
            self.in_article = False
        if not self.in_article or tag in VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.in_article and (not self.stack or self.stack[-1][1]):
            self.pieces.append((data, self.stack[-1][2] if self.stack else None))


def first_uses(html: str, language: str) -> dict[str, tuple[str | None, str]]:
    """For each term used on the page: the glossary key of the link its first use is in
    (None if it is in none) and the text around that use."""
    parser = Prose()
    parser.feed(html)
    runs: list[tuple[str, str | None]] = []
    for text, link in parser.pieces:
        if runs and link is not BREAK and runs[-1][1] == link:
            runs[-1] = (runs[-1][0] + text, link)
        elif link is not BREAK:
            runs.append((text, link))
        else:
            runs.append(("", BREAK))
    terms, pattern, firsts = term_of(language), matcher(language), {}
    for text, link in runs:
        for match in pattern.finditer(text):
            key = terms[re.sub(r"\s+", " ", match[0]).lower()]
            if key is not None and key not in firsts:
                firsts[key] = (link, text[max(0, match.start() - 30):match.end() + 30].replace("\n", " "))
    return firsts


def test_both_languages_have_every_entry_and_every_entry_is_complete():
    assert TERMS
    for key, term in TERMS.items():
        assert term["defined"] in booksite.chapters(), f"{key}: defined in {term['defined']!r}, not a chapter"
        for language in booksite.LANGUAGES:
            assert {"term", "definition", "forms"} <= set(term.get(language, {})), f"{key} lacks its {language} entry"
            assert all(term[language][k] for k in ("term", "definition", "forms")), f"{key} ({language}) is empty"


# Characters only a formula uses (×, Greek letters, super- and subscripts, arrows, mathematical
# operators, ‖): outside $...$ they would be plain text in the prose font, unlike the same
# symbols in the chapters. (Not the middle dot, which also joins a transliterated name.)
FORMULA_ONLY = re.compile("[\u00d7\u0370-\u03ff\u1d2c-\u1d6a\u2070-\u209f\u2190-\u21ff\u2200-\u22ff\u2016\u2c7c]")


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_formulas_in_definitions_are_typeset_like_the_chapters(language):
    """A definition writes its formulas in TeX, as the chapters do, and the page shows them as
    MathML: one formula per $...$."""
    html = booksite.page(language, "glossary")
    for key, term in TERMS.items():
        definition = term[language]["definition"]
        prose = re.sub(r"\$[^$]+\$", "", definition)
        assert not FORMULA_ONLY.search(prose), f"{key} ({language}): a formula outside $...$: {prose!r}"
        entry = re.search(rf'<p id="{key}">(.*?)</p>', html, re.S)
        assert entry, f"the {language} glossary has no entry {key!r}"
        assert entry[1].count("<math") == definition.count("$") // 2, f"{key} ({language}): {entry[1][:200]!r}"


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_glossary_page_has_every_entry_and_links_where_it_is_defined(language):
    """Each entry is on the page with its key as id, and its link reaches the chapter's mark."""
    html = booksite.page(language, "glossary")
    for key, term in TERMS.items():
        assert f'id="{key}"' in html, f"the {language} glossary has no entry {key!r}"
        link = f'href="../{term["defined"]}/#def-{key}"'
        assert link in html, f"the {language} glossary's entry {key!r} does not link {link}"
        assert term[language]["term"] in html
        chapter = booksite.page(language, term["defined"])
        assert f'id="def-{key}"' in chapter, (
            f"{term['defined']} ({language}) does not mark where it defines {key!r} ({{#def-{key}}})")


@pytest.mark.parametrize("language", booksite.LANGUAGES)
@pytest.mark.parametrize("chapter", booksite.chapters())
def test_first_use_of_each_term_links_to_the_glossary(chapter, language):
    uses = first_uses(booksite.page(language, chapter), language)
    assert len(uses) >= 5, f"{chapter} ({language}): hardly any glossary term found; is the prose still in <article>?"
    unlinked = {key: text for key, (link, text) in uses.items() if link != key}
    assert not unlinked, (
        f"{chapter} ({language}): the first use of these terms does not link to their glossary "
        f"entry ([term](glossary.md#key)): " + "; ".join(f"{k}: …{t}…" for k, t in unlinked.items()))


def test_first_uses_are_found_in_prose_only():
    """The finder itself: headings, code, formulas and other links are not uses; a link to the
    glossary is; the longest form wins (在随机梯度下降中 is SGD, not gradient descent)."""
    html = ('<article><h2>Gradient</h2><p><code>gradient</code> <a href="../gd-sgd/">gradient</a> '
            '<a href="../glossary/#gradient">gradient</a>, then stochastic gradient descent and '
            'gradient descent.</p></article>')
    uses = first_uses(html, "en")
    assert uses["gradient"][0] == "gradient"
    assert uses["sgd"][0] is None and uses["gradient-descent"][0] is None
    zh = first_uses('<article><p>在随机梯度下降中，非凸的函数</p></article>', "zh")
    assert set(zh) == {"sgd"}
    split = first_uses('<article><p>This is <em>quadratic</em>\nconvergence.</p><p>local</p><p>minimum</p></article>', "en")
    assert set(split) == {"quadratic-convergence"}
