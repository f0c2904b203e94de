"""The built site as a whole: self-contained, typeset, navigable in both languages."""

import html
import re
from html.parser import HTMLParser

import pytest

import booksite
import notebooks

PAGES = booksite.pages()
CHAPTER_PAGES = [booksite.SITE / lang / ch / "index.html" for lang in booksite.LANGUAGES for ch in booksite.chapters()]


def page_id(path):
    return str(path.relative_to(booksite.SITE))


def test_site_is_built():
    missing = [p for p in CHAPTER_PAGES if not p.exists()]
    assert booksite.SITE.exists() and not missing, "build the book first: `make build` (`make test` does it)"
    assert (booksite.SITE / "index.html").exists()


class Loads(HTMLParser):
    """Every address the page makes the browser load (not links the reader may follow)."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self.scripts = []  # each external script's attributes

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href") and attrs.get("rel") != "canonical":
            self.urls.append(attrs["href"])
        if tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])


@pytest.mark.parametrize("path", PAGES + [booksite.SITE / "index.html"], ids=page_id)
def test_no_page_loads_anything_from_another_host(path):
    text = path.read_text(encoding="utf-8")
    parser = Loads()
    parser.feed(text)
    foreign = [u for u in parser.urls if re.match(r"^(https?:)?//", u)]
    foreign += re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", text)
    foreign += re.findall(r"@import\s+['\"]?((?:https?:)?//[^'\";]+)", text)
    assert not foreign, f"{page_id(path)} loads from other hosts: {foreign}"


def test_no_stylesheet_or_script_loads_anything_from_another_host():
    offenders = []
    for asset in list(booksite.SITE.rglob("*.css")):
        text = asset.read_text(encoding="utf-8", errors="replace")
        offenders += [(asset.name, u) for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", text)]
        offenders += [(asset.name, u) for u in re.findall(r"@import\s+(?:url\()?['\"]?((?:https?:)?//[^'\";)]+)", text)]
    assert not offenders


@pytest.mark.parametrize("path", CHAPTER_PAGES, ids=page_id)
def test_math_is_typeset_at_build_time(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("<math") > 20
    visible = re.sub(r"<(script|style|pre|code|math)\b.*?</\1>", "", text, flags=re.S)
    visible = re.sub(r"<[^>]+>", "", visible)
    for raw in ("\\(", "\\[", "$$", "\\frac", "\\mathbf", "\\eta"):
        assert raw not in visible, f"raw TeX {raw!r} left on {page_id(path)}"
    assert 'class="arithmatex"' not in text
    assert re.search(r'<link rel="preload" href="\.\./assets/math/stix-two-math\.woff2" as="font"', text)
    assert "_mkdocstrings.css" not in text  # the reference's stylesheet, not a chapter's
    book_css = (booksite.SITE / path.parts[-3] / "assets/gdbook.css").read_text(encoding="utf-8")
    assert book_css.count("font-family: STIX2;") == 1 and "math/stix-two-math.woff2" in book_css


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_the_math_font_has_every_character_the_formulas_use(language):
    from fontTools.ttLib import TTFont

    font = TTFont(booksite.SITE / language / "assets/math/stix-two-math.woff2")
    assert "MATH" in font, "the subset lost the layout data for fractions, roots and brackets"
    covered = set(font.getBestCmap())
    used = set()
    for page in (booksite.SITE / language).rglob("index.html"):
        for formula in re.findall(r"<math\b.*?</math>", page.read_text(encoding="utf-8"), re.S):
            for text in re.findall(r">([^<]+)<", formula):
                used.update(ord(c) for c in html.unescape(text) if not c.isspace())
    cjk = {c for c in used if 0x3000 <= c <= 0x9FFF or 0xFF00 <= c <= 0xFFEF}  # from the page's text font
    assert used - cjk - covered == set(), [chr(c) for c in sorted(used - cjk - covered)]
    assert len(used) > 50


class Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.open = [], None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.ids.append(dict(attrs).get("id"))


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_every_heading_has_a_unique_non_empty_anchor(path):
    article = path.read_text(encoding="utf-8")
    article = article[article.find("<article"): article.find("</article>")]
    parser = Headings()
    parser.feed(article)
    assert parser.ids, "no headings"
    assert all(parser.ids), f"a heading without id on {page_id(path)}: {parser.ids}"
    assert len(set(parser.ids)) == len(parser.ids), f"duplicate heading ids on {page_id(path)}"


def test_chinese_headings_keep_their_characters_in_anchors():
    text = booksite.page("zh", "gd-sgd")
    assert 'id="学习率"' in text and 'id="小结"' in text


def test_both_languages_have_the_same_pages():
    # The language menu links every page's counterpart (tests/book/test_links.py).
    pages = {code: sorted(str(p.relative_to(booksite.SITE / code)) for p in (booksite.SITE / code).rglob("*.html"))
             for code in booksite.LANGUAGES}
    first, *others = pages.values()
    assert all(other == first for other in others)


def test_site_root_leads_to_both_languages():
    text = (booksite.SITE / "index.html").read_text(encoding="utf-8")
    assert 'href="zh/"' in text and 'href="en/"' in text


def search_docs(language):
    import json

    return json.loads((booksite.SITE / language / "search" / "search_index.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language, term", [("zh", "学习率"), ("en", "learning")])
def test_search_index_holds_the_term_as_a_word_of_the_learning_rate_chapter(language, term):
    index = search_docs(language)
    assert index["config"]["lang"] == [language]
    separator = re.compile(index["config"]["separator"])
    hits = [d["location"] for d in index["docs"] if term in separator.split(d["title"] + " " + d["text"].lower())]
    assert hits and all(h.startswith(("gd-sgd/", "")) for h in hits)
    assert any(h.startswith("gd-sgd/") for h in hits)
    # Formulas are left out of the index (hooks/mathml.py), so none shows up as doubled text.
    assert not any("f′(x)f′(x)" in d["text"] for d in index["docs"])
    if language == "zh":
        # jieba segmented the Chinese text (zero-width spaces between words).
        assert "\u200b" in "".join(d["text"] for d in index["docs"])


@pytest.mark.parametrize("path", CHAPTER_PAGES, ids=page_id)
def test_pages_were_built_from_the_current_gdbook(path):
    # The notebook cache is keyed on this fingerprint; a page that carries an older one
    # shows outputs of older code.
    text = path.read_text(encoding="utf-8")
    found = re.search(r'<meta name="gdbook-fingerprint" content="([0-9a-f]+)">', text)
    assert found and found.group(1) == notebooks.fingerprint(), "the site is stale: run `make build`"


@pytest.mark.parametrize("path", CHAPTER_PAGES, ids=page_id)
def test_figures_are_svg_files_with_alt_text_and_size(path):
    text = path.read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="nb-figure"[^>]*><img ([^>]*)>', text)
    assert figures
    for attributes in figures:
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', attributes))
        assert attrs["alt"] and attrs["width"].isdigit() and attrs["height"].isdigit(), attributes
        assert attrs["loading"] == "lazy"
        svg = path.parent / attrs["src"]
        content = svg.read_text(encoding="utf-8")
        assert content.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in content and "viewBox=" in content
        assert "<metadata>" not in content and "font-family: 'DejaVu Sans';" not in content
    assert "data:image/png" not in text


EXERCISES = {"zh": "练习", "en": "Exercises"}


@pytest.mark.parametrize("language", booksite.LANGUAGES)
@pytest.mark.parametrize("chapter", booksite.chapters())
def test_every_exercise_has_one_collapsed_executed_solution(chapter, language):
    text = booksite.page(language, chapter)
    heading = re.search(rf'<h2 id="[^"]*">{EXERCISES[language]}<', text)
    if heading is None:
        assert "<details" not in text
        return
    section = text[heading.end():]
    section = section[: section.find("<h2 ")] if "<h2 " in section else section
    exercises = re.search(r"<ol>(.*?)</ol>", section, re.S)[1]
    count = len(re.findall(r"^<li>", exercises, re.M))
    solutions = re.findall(r"<details class=\"example\">(.*?)</details>", section, re.S)
    assert count >= 3 and len(solutions) == count, f"{count} exercises, {len(solutions)} solutions"
    assert "<details open" not in section  # collapsed until the reader opens one
    # Each solution explains, runs code and shows what it printed (pinned with the chapter's
    # outputs); nothing of the answers shows before the reader opens one.
    assert all('<pre class="nb-output">' in s and "<p><strong>" in s for s in solutions)
    outside = re.sub(r"<details.*?</details>", "", section, flags=re.S)
    assert "<p><strong>" not in outside and "nb-output" not in outside


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_no_script_holds_up_the_first_paint(path):
    # A parser-blocking script at the end of a long chapter ran inside the page's first
    # layout and delayed its first paint (docs/overrides/main.html defers Material's).
    parser = Loads()
    parser.feed(path.read_text(encoding="utf-8"))
    assert parser.scripts, f"{page_id(path)}: no scripts found"
    blocking = [s["src"] for s in parser.scripts if "defer" not in s and "async" not in s]
    assert not blocking, f"{page_id(path)}: parser-blocking scripts {blocking}"


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_every_code_block_has_its_copy_button(path):
    """Chapters' cells get theirs from hooks/chapter_markup.py, Markdown pages' blocks (the
    reference's examples) from hooks/copy_buttons.py: if pymdownx.highlight's markup changes,
    the second would silently stop finding its blocks."""
    text = path.read_text(encoding="utf-8")
    blocks = re.findall(r'<div class="[^"]*\bhighlight\b[^"]*"><pre>(.*?)</pre>', text, re.S)
    for block in blocks:
        button = re.match(r'<nav class="md-code__nav"><button class="md-code__button" [^>]*data-clipboard-target="#([\w-]+)"', block)
        assert button, f"a code block without its copy button on {page_id(path)}: {block[:80]}"
        assert f'id="{button[1]}"' in block
