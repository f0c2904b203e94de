"""Every internal link and anchor of the built site resolves, in both languages.

External links (other hosts) are not followed: the tests run without the network.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

import booksite


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "link", "script", "img", "source"):
                self.links.append(attrs[key])


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def html_files():
    return sorted(booksite.SITE.rglob("*.html")) if booksite.SITE.exists() else []


PARSED: dict[Path, Page] = {}


def parsed(path: Path) -> Page:
    if path not in PARSED:
        PARSED[path] = parse(path)
    return PARSED[path]


def resolve(source: Path, link: str) -> tuple[Path, str] | None:
    """The file and anchor an internal link points to; None for other hosts and schemes."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "javascript:", "data:")):
        return None
    if not parts.path:
        target = source
    elif parts.path.startswith("/"):  # from the site's root (404 pages link this way)
        target = (booksite.SITE / unquote(parts.path).lstrip("/")).resolve()
    else:
        target = (source.parent / unquote(parts.path)).resolve()
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


@pytest.mark.parametrize("path", html_files(), ids=lambda p: str(p.relative_to(booksite.SITE)))
def test_internal_links_and_anchors_resolve(path):
    broken = []
    for link in parsed(path).links:
        resolved = resolve(path, link)
        if resolved is None:
            continue
        target, anchor = resolved
        if not target.is_file():
            broken.append(f"{link} (no file {target})")
        elif anchor and target.suffix == ".html" and anchor not in parsed(target).ids:
            broken.append(f"{link} (no anchor #{anchor})")
    assert not broken, f"broken links on {path.relative_to(booksite.SITE)}: {broken}"


def test_the_checker_finds_a_broken_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<a href="b.html#here">x</a><a href="b.html#gone">y</a>')
    (tmp_path / "b.html").write_text('<h2 id="here">h</h2>')
    page = parse(tmp_path / "a.html")
    outcomes = []
    for link in page.links:
        target, anchor = resolve(tmp_path / "a.html", link)
        outcomes.append(anchor in parse(target).ids)
    assert outcomes == [True, False]


LANGUAGE_LINK = re.compile(r'<a href="([^"]+)" hreflang="([\w-]+)"[^>]*class="md-select__link"')


@pytest.mark.parametrize("path", booksite.pages(),
                         ids=lambda p: str(p.relative_to(booksite.SITE)))
def test_the_language_menu_links_this_pages_counterpart_in_every_language(path):
    relative = path.relative_to(booksite.SITE)
    links = dict((code, href) for href, code in LANGUAGE_LINK.findall(path.read_text(encoding="utf-8")))
    assert list(links) == list(booksite.LANGUAGES)
    for code, href in links.items():
        assert "://" not in href and not href.startswith("/"), f"{href}: not relative"
        target = (path.parent / href).resolve() / "index.html"
        assert target == (booksite.SITE / code / Path(*relative.parts[1:])).resolve(), href
        assert target.exists(), f"{relative}: the {code} link {href} leads to no page"


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_the_sitemap_gives_every_page_its_counterparts(language):
    sitemap = (booksite.SITE / language / "sitemap.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<url>(.*?)</url>", sitemap, re.S)
    assert len(entries) == len([p for p in (booksite.SITE / language).rglob("index.html") if "search" not in p.parts])
    for entry in entries:
        page = re.search(r"<loc>([^<]+)</loc>", entry).group(1)
        alternates = dict(re.findall(r'hreflang="([\w-]+)" href="([^"]+)"', entry))
        assert list(alternates) == list(booksite.LANGUAGES)
        assert alternates[language] == page
        for code, url in alternates.items():
            assert url == page.replace(f"/{language}/", f"/{code}/", 1)
