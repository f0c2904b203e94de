"""Citations (hooks/bibliography.py, hooks/citations.py) and glossary entries (hooks/glossary.py)
on small inputs, and the rules of the references list itself (docs/data/references.yml). No
site needed."""

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

import bibliography
import booksite
import citations
import notebooks


EN, ZH = booksite.words("en"), booksite.words("zh")


def test_a_citation_is_short_linked_and_in_the_pages_language():
    assert bibliography.cite("Adam [@kingma2015] combines", "references.md", EN, "p") == (
        "Adam ([Kingma and Ba, 2015](references.md#kingma2015)) combines")
    assert bibliography.cite("Adam[@kingma2015]把", "references.md", ZH, "p") == (
        "Adam（[Kingma 与 Ba，2015](references.md#kingma2015)）把")


def test_three_authors_are_the_first_et_al_and_a_bare_citation_gives_the_year():
    assert bibliography.cite("[@duchi2011]", "r.md", EN, "p") == "([Duchi et al., 2011](r.md#duchi2011))"
    assert bibliography.cite("[@duchi2011]", "r.md", ZH, "p") == "（[Duchi 等，2011](r.md#duchi2011)）"
    assert bibliography.cite("Polyak [-@polyak1964]", "r.md", EN, "p") == "Polyak ([1964](r.md#polyak1964))"


def test_a_locator_and_several_citations():
    assert bibliography.cite("[@nocedal2006, chapter 3]", "r.md", EN, "p") == (
        "([Nocedal and Wright, 2006, chapter 3](r.md#nocedal2006))")
    assert bibliography.cite("[@polyak1964; @nesterov1983]", "r.md", ZH, "p") == (
        "（[Polyak，1964](r.md#polyak1964)；[Nesterov，1983](r.md#nesterov1983)）")


def test_text_that_only_looks_like_a_citation_is_left_alone():
    for text in ("[text](page.md)", "user@example.org", "[@kingma2015](page.md)", "`[@]`"):
        assert bibliography.cite(text, "r.md", EN, "p") == text


def test_an_unknown_key_fails_the_build_naming_it_and_the_page():
    page = SimpleNamespace(file=SimpleNamespace(src_uri="reference/optim.md"))
    config = SimpleNamespace(extra={"words": EN}, theme={"language": "en"})
    with pytest.raises(PluginError, match=r"reference/optim.md: cites \[@nobody2099\]"):
        citations.on_page_markdown("see [@nobody2099]", page, config, None)
    # a page in a folder links the references page beside the language's home
    assert "](../references.md#kingma2015)" in citations.on_page_markdown("[@kingma2015]", page, config, None)


def test_the_references_list_has_every_entry_once_with_its_key_as_id_in_order():
    listed = bibliography.references_list("zh", ZH)
    keys = list(bibliography.entries())
    assert all(listed.count(f"{{ #{key} }}") == 1 for key in keys)
    order = [listed.index(f"{{ #{key} }}") for key in sorted(keys, key=lambda k: bibliography.sort_key((k, bibliography.entries()[k])))]
    assert order == sorted(order)
    assert "第 2 版" in listed and "2nd ed." in bibliography.references_list("en", EN)


def test_every_entry_has_authors_title_year_and_where_it_appeared():
    for key, entry in bibliography.entries().items():
        assert entry["authors"] and all(", " in a for a in entry["authors"]), key
        assert entry["title"] and isinstance(entry["year"], int), key
        assert {"journal", "booktitle", "publisher", "note"} & set(entry), f"{key}: where did it appear?"
        assert set(entry) <= {"authors", "title", "year", "journal", "volume", "number", "pages", "booktitle",
                              "publisher", "edition", "address", "note", "doi", "arxiv"}, key


def test_the_downloaded_notebook_gets_plain_markdown_with_absolute_links():
    prose = notebooks.reader_prose(
        "The *Hessian*{#def-hessian} [@kingma2015], [term](glossary.md#hessian), "
        "[chapter](gd-sgd.md), [API](reference/optim.md#gdbook.optim.gd), [home](index.md)",
        "https://example.org/book/en/", EN, "p")
    assert prose == (
        "The *Hessian* ([Kingma and Ba, 2015](https://example.org/book/en/references/#kingma2015)), "
        "[term](https://example.org/book/en/glossary/#hessian), [chapter](https://example.org/book/en/gd-sgd/), "
        "[API](https://example.org/book/en/reference/optim/#gdbook.optim.gd), [home](https://example.org/book/en/)")


def test_a_glossary_entry_gives_both_languages_terms_its_definition_and_where_it_is_defined():
    import glossary

    chapters = [("gd-update", "The Gradient Update"), ("gd-sgd", "SGD"), ("gd-variants", "Variants"), ("gd-newton", "Newton")]
    page = glossary.glossary("en", chapters, EN)
    assert ("**Hessian** · *海森矩阵*{ lang=zh }: the symmetric matrix" in page
            and "[Chapter 1, The Gradient Update](gd-update.md#def-hessian)\n{ #hessian }" in page)
    zh = glossary.glossary("zh", chapters, ZH)
    assert "**海森矩阵** · *Hessian*{ lang=en }：" in zh and "[第 1 章：The Gradient Update](gd-update.md#def-hessian)" in zh
    with pytest.raises(PluginError, match="not chapters in the nav"):
        glossary.glossary("en", chapters[1:], EN)
