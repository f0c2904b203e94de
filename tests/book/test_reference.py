"""The API reference: generated from gdbook's docstrings, typeset, and linked from the chapters."""

import html as html_module
import importlib
import inspect
import re

import pytest

import api_links
import booksite
import griffe_docstrings


def reference(language):
    """The API reference's pages (one per module), as one text."""
    pages = sorted((booksite.SITE / language / "reference").glob("*/index.html"))
    assert len(pages) == len(api_links.MODULES) + 1  # train, re-exported as gdbook.run, has a page too
    return "\n".join(page.read_text(encoding="utf-8") for page in pages)


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_every_public_function_and_class_has_an_entry(language):
    html = reference(language)
    for target in api_links._documented().values():
        module, _, name = target.rpartition(".")
        value = getattr(importlib.import_module(module), name)
        if inspect.isfunction(value) or inspect.isclass(value):
            assert f'id="{target}"' in html, f"{target} has no entry in {language}/reference"


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_docstrings_are_rendered_not_shown_raw(language):
    html = reference(language)
    text = html_module.unescape(re.sub(r"<[^>]+>", "", html))
    for raw in (":math:`", ":func:`", ":class:`", ":mod:`"):
        assert raw not in text, f"{raw} left in the {language} reference"
    # The update rules are typeset, and each example is a code block (the doctests).
    assert html.count("<math") > 100
    assert "step 20, x1: -0.062843, x2: 0.001202" in text  # momentum's doctest output
    assert text.count(">>> ") >= 40


@pytest.mark.parametrize("language", booksite.LANGUAGES)
def test_each_chapter_links_the_functions_it_uses_first(language):
    listed = {}
    for chapter in booksite.chapters():
        html = booksite.page(language, chapter)
        box = re.search(r'<div class="admonition info api-links">.*?</div>', html, re.S)
        links = re.findall(r'href="\.\./reference/(\w+)/#([\w.]+)"', box[0]) if box else []
        assert all(target.split(".")[1] == module for module, target in links), "linked to the wrong page"
        listed[chapter] = [target for _, target in links]
    # The first chapter of the reading order (docs/<language>.yml) runs gradient descent first.
    first = next(c for c in booksite.reading_order(language) if c in listed)
    assert "gdbook.optim.gd" in listed[first] and "gdbook.train.run" in listed[first]
    assert "gdbook.optim.newton" in listed["gd-variants"] + listed["gd-newton"]
    assert "gdbook.optim.backtracking_gd" in listed["gd-newton"]
    assert "gdbook.optim.adam" in listed["gd-variants"]
    every = [t for targets in listed.values() for t in targets]
    assert len(every) == len(set(every)), "a function is listed by two chapters"


def test_docstring_roles_become_markdown():
    import griffe

    # A docstring of gdbook.optim.momentum, read as mkdocstrings reads it (its re-exports
    # resolved by Griffe: gdbook.run is documented as gdbook.train.run).
    obj = griffe.load("gdbook", search_paths=[str(booksite.ROOT)])["optim.momentum"]
    text = ":math:`\\eta_t` see :func:`gd`, :func:`gdbook.run`, :class:`~gdbook.optim.Optimizer`, :mod:`numpy.polynomial`.\n\n>>> 1 + 1\n2\n"
    out = griffe_docstrings.markdown(text, obj)
    assert out.startswith("$\\eta_t$ see [`gd`][gdbook.optim.gd], [`gdbook.run`][gdbook.train.run], [`Optimizer`][gdbook.optim.Optimizer], `numpy.polynomial`.")
    assert "```pycon\n>>> 1 + 1\n2\n```" in out
