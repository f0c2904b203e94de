"""hooks/pdf_link.py: the home page links the book's PDF only in a build that makes it."""

from types import SimpleNamespace

import pytest

import booksite
import pdf_link
from book import pdf_name


def config(language, tmp_path):
    plugins = SimpleNamespace(_current_plugin="pdf_link")
    return SimpleNamespace(theme={"language": language}, site_dir=str(tmp_path), use_directory_urls=True, plugins=plugins)


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_a_build_without_the_pdf_drops_only_the_paragraph_that_links_it(language, tmp_path, monkeypatch):
    home = (booksite.DOCS / language / "index.md").read_text(encoding="utf-8")
    page = SimpleNamespace(file=SimpleNamespace(src_uri="index.md"))
    link = f"]({pdf_name(language)})"
    assert home.count(link) == 1, "the home page links its PDF once"

    monkeypatch.delenv("GDBOOK_PDF", raising=False)
    without = pdf_link.on_page_markdown(home, page, config(language, tmp_path), [])
    assert link not in without
    dropped = [p for p in home.split("\n\n") if p not in without.split("\n\n")]
    assert len(dropped) == 1 and link in dropped[0]
    assert pdf_link.on_files([], config(language, tmp_path)) == []

    monkeypatch.setenv("GDBOOK_PDF", "1")
    assert pdf_link.on_page_markdown(home, page, config(language, tmp_path), []) == home
    [placeholder] = pdf_link.on_files([], config(language, tmp_path))
    assert placeholder.src_uri == pdf_name(language) and placeholder.dest_uri == pdf_name(language)
