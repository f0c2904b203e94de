"""The book's PDF in each language (`make pdf`, which `make test` runs; docs/scripts/pdf.py):
it opens; it holds every chapter, with what the chapters print; it embeds every font it uses
(Chinese included, not boxes); every page but the title page shows its number; the contents
give each chapter's page; explorers are links to the site; it is dated by the last commit;
the home page links the PDF.
"""

from __future__ import annotations

import functools
import html
import os
import re

import pytest

import booksite
from book import pdf_name


pytestmark = pytest.mark.book
BOTTOM_MARGIN = 20 / 25.4 * 72  # pt: the page number is printed in it (pdf.css: @page margin)


@functools.cache
def reader(language: str):
    from pypdf import PdfReader

    path = booksite.SITE / language / pdf_name(language)
    assert path.exists(), f"{path} is missing: make the PDFs (`make pdf`; `make test` does it)"
    return PdfReader(path)


@functools.cache
def _read_pages(language: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each page's text, and the texts printed in its bottom margin: read by poppler's
    pdftotext (Debian's poppler-utils, installed by .ci/run), a second for the whole book,
    where pypdf took twenty."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: install Debian's poppler-utils (.ci/run does)")
    path = booksite.SITE / language / pdf_name(language)
    assert path.exists(), f"{path} is missing: make the PDFs (`make pdf`; `make test` does it)"
    box = reader(language).pages[0].mediabox
    width, height = float(box.width), float(box.height)

    def text(*crop: str) -> list[str]:
        out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", *crop, str(path), "-"],
                             capture_output=True, text=True, check=True).stdout
        return out.split("\f")[: len(reader(language).pages)]

    # The bottom margin of each page, in points (pdftotext's pixels at its default 72 dpi).
    bottom = text("-x", "0", "-y", f"{height - BOTTOM_MARGIN:.0f}", "-W", f"{width:.0f}", "-H", f"{BOTTOM_MARGIN:.0f}")
    return tuple((page, tuple(b.split())) for page, b in zip(text(), bottom))


def page_texts(language: str) -> tuple[str, ...]:
    return tuple(text for text, _ in _read_pages(language))


def flat(text: str) -> str:
    """``text`` without white space (a PDF's text breaks lines and spaces where it likes)."""
    return re.sub(r"\s+", "", text)


def title(language: str, chapter: str) -> str:
    """The chapter's title, as its web page shows it."""
    heading = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", booksite.page(language, chapter), re.S).group(1)
    return html.unescape(re.sub(r"<[^>]+>", "", heading)).strip()


@functools.cache
def chapter_pages(language: str) -> dict[str, range]:
    """The pages (from 0) of each chapter, from the PDF's outline: from the page its title is
    on to the page before the next entry's."""
    outline = reader(language).outline
    starts = [(flat(item.title), reader(language).get_destination_page_number(item)) for item in outline if not isinstance(item, list)]
    pages = {}
    for chapter in booksite.chapters():
        heading = flat(title(language, chapter))
        index = next((k for k, (text, _) in enumerate(starts) if text == heading), None)
        assert index is not None, f"{language}: {heading!r} is not in the PDF's outline"
        end = starts[index + 1][1] + 1 if index + 1 < len(starts) else len(reader(language).pages)
        pages[chapter] = range(starts[index][1], end)  # + 1: the next may start on the same page
    return pages


def chapter_text(language: str, chapter: str) -> str:
    texts = page_texts(language)
    return flat("\n".join(texts[k] for k in chapter_pages(language)[chapter]))


def check_the_pdf_holds_every_chapter_with_the_sources_numbers_in_order(language):
    assert len(reader(language).pages) > 20
    for chapter in booksite.chapters():
        heading = flat(title(language, chapter))
        text = chapter_text(language, chapter)
        assert text.startswith(heading) or heading in text[:400], f"{language}: {heading!r} does not open its pages"
        position = 0
        for number in booksite.SOURCE_NUMBERS.get(chapter, []):
            found = text.find(flat(number), position)
            assert found >= 0, f"{language}/{chapter}: {number!r} is not in the PDF (in order)"
            position = found + 1


def _fonts(resources, seen):
    """Every font of ``resources`` and of the forms it draws, recursively."""
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for form in (resources.get("/XObject") or {}).values():
        form = form.get_object()
        if form.get("/Subtype") == "/Form" and id(form) not in seen:
            seen.add(id(form))
            yield from _fonts(form.get("/Resources"), seen)


def _embedded(font) -> bool:
    if font["/Subtype"] == "/Type3":
        return "/CharProcs" in font  # its glyphs are drawings in the file
    descriptor = (font["/DescendantFonts"][0].get_object() if font["/Subtype"] == "/Type0" else font).get("/FontDescriptor")
    return descriptor is not None and any(key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _characters(font) -> set[str]:
    """The characters a font's ToUnicode map gives its glyphs (a character only the box glyph
    drew would share that one glyph with the others)."""
    if "/ToUnicode" not in font:
        return set()
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    found = set()
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        found.update(chr(int(target[:4], 16)) for _, target in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, start in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            first = int(start[:4], 16)
            found.update(chr(first + k) for k in range(int(high, 16) - int(low, 16) + 1))
    return found


def check_every_font_is_embedded_and_chinese_has_glyphs(language):
    fonts, seen = {}, set()
    for page in reader(language).pages:
        for font in _fonts(page.get("/Resources"), seen):
            fonts[id(font)] = font
    not_embedded = sorted(str(font.get("/BaseFont")) for font in fonts.values() if not _embedded(font))
    assert fonts and not not_embedded, f"{language}: fonts not embedded: {not_embedded}"
    # The Chinese pages' text (and the English pages' quoted titles) drawn with real glyphs:
    # hundreds of distinct Chinese characters, each its own glyph of an embedded font.
    chinese = {c for font in fonts.values() for c in _characters(font) if "\u4e00" <= c <= "\u9fff"}
    assert len(chinese) >= (300 if language == "zh" else 5), f"{language}: {len(chinese)} Chinese characters have glyphs"


def check_every_page_but_the_title_shows_its_number_at_the_bottom(language):
    missing = []
    for number, (_, bottom) in enumerate(_read_pages(language), start=1):
        if (number > 1) != (str(number) in bottom):
            missing.append(number)
    assert not missing, f"{language}: pages with a wrong page number (or one on the title page): {missing}"


def check_the_contents_and_the_outline_give_each_chapters_page(language):
    texts = page_texts(language)
    contents = flat(texts[1] + texts[2])
    assert flat(booksite.words(language)["pdf_contents"]) in contents
    for chapter in booksite.chapters():
        heading = flat(title(language, chapter))
        entry = re.search(re.escape(heading) + r"(\d+)", contents)
        assert entry, f"{language}: no contents entry with a page number for {heading!r}"
        page = int(entry.group(1))
        assert page == chapter_pages(language)[chapter].start + 1, f"{language}: {heading!r} is not on page {page}"
        assert heading in flat(texts[page - 1]), f"{language}: {heading!r} is not on page {page}, as the contents say"


def check_each_explorer_is_a_link_to_its_place_on_the_site(language):
    site = os.environ.get("GDBOOK_SITE_URL", "http://127.0.0.1:8000/").rstrip("/") + "/"
    explorers = sum(booksite.page(language, chapter).count('<figure class="gd-explorer"') for chapter in booksite.chapters())
    links = [
        annotation.get_object()["/A"].get("/URI", "")
        for page in reader(language).pages for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    chapters = "|".join(map(re.escape, booksite.chapters()))
    to_explorers = {uri for uri in links if re.fullmatch(rf"{re.escape(site)}{language}/({chapters})/#.+", uri)}
    assert explorers >= 3 and len(to_explorers) == explorers, f"{language}: {explorers} explorers, links {to_explorers}"


def _plain(markup: str) -> str:
    return flat(html.unescape(re.sub(r"<[^>]+>", "", markup)))


def check_each_solution_is_printed_at_the_end_of_its_chapter(language):
    solutions = 0
    for chapter in booksite.chapters():
        text, page = chapter_text(language, chapter), booksite.page(language, chapter)
        article = page[: page.index("</article>")]
        last_paragraph = _plain(re.findall(r"<p>(.*?)(?:</p>|<math)", article, re.S)[-1])[:30]
        after = text.index(last_paragraph)  # the last words of the web page
        for block in re.findall(r'<details class="example">\s*<summary>.*?</summary>(.*?)</details>', page, re.S):
            opening = _plain(re.search(r"<p>(.*?)(</p>|<math)", block, re.S).group(1))[:30]
            assert text.find(opening) > after, f"{language}/{chapter}: solution {opening!r} is not at its end"
            solutions += 1
    assert solutions >= 3


def check_each_explorer_is_a_sentence(language):
    text = flat("\n".join(page_texts(language)))
    explorers = sum(booksite.page(language, chapter).count('<figure class="gd-explorer"') for chapter in booksite.chapters())
    assert text.count(flat(booksite.words(language)["pdf_explorer"])) == explorers, f"{language}: not a sentence per explorer"


def check_it_is_dated_by_the_last_commit_not_the_clock(language):
    """The same commit prints the same PDF: its dates are the commit's (Chromium writes the
    clock's; docs/scripts/pdf.py replaces them)."""
    import datetime

    from book import last_commit_time

    committed = datetime.datetime.fromtimestamp(int(last_commit_time()), datetime.timezone.utc)
    metadata = reader(language).metadata
    assert metadata.creation_date == metadata.modification_date == committed, (metadata.creation_date, committed)


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_the_pdf(language):
    """The checks that read the PDF, in one test per language (each test process would read it
    again)."""
    check_the_pdf_holds_every_chapter_with_the_sources_numbers_in_order(language)
    check_every_page_but_the_title_shows_its_number_at_the_bottom(language)
    check_the_contents_and_the_outline_give_each_chapters_page(language)
    check_each_solution_is_printed_at_the_end_of_its_chapter(language)
    check_each_explorer_is_a_sentence(language)
    check_each_explorer_is_a_link_to_its_place_on_the_site(language)
    check_every_font_is_embedded_and_chinese_has_glyphs(language)
    check_it_is_dated_by_the_last_commit_not_the_clock(language)


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_the_home_page_links_the_pdf(language):
    assert f'href="{pdf_name(language)}"' in booksite.page(language, "")
