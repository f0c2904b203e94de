"""The glossary page of each language, from one list: docs/data/glossary.yml.

Each language's glossary page holds the marker ``<!-- glossary -->``, which becomes every entry
of docs/data/glossary.yml: the term in the page's language, the same term in the other languages
(so a reader gets the vocabulary both ways), a one-line definition, and a link to the place
that defines it, ``<chapter>.md#def-<key>`` (the chapter marks that place with
``{#def-<key>}``). An entry's id is its key on every language's page, so a chapter links a
term's first use as ``[term](glossary.md#<key>)`` in every language. Acts on Markdown before
it is rendered.
"""

from __future__ import annotations

import functools

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import chapter_source  # plain modules beside the hooks
from book import ROOT, languages, words

SOURCE = ROOT / "docs" / "data" / "glossary.yml"
MARKER = "<!-- glossary -->"


@functools.cache
def terms() -> dict[str, dict]:
    """The glossary's entries, key -> entry, in the order the book defines them."""
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))["terms"]


def entry(key: str, term: dict, language: str, chapter: tuple[int, str], w: dict) -> str:
    """One entry as a Markdown paragraph with the key as its id."""
    if language not in term:
        raise PluginError(f"docs/data/glossary.yml: the term {key!r} has no {language!r} entry")
    own = term[language]
    others = " · ".join(f"*{term[code]['term']}*{{ lang={code} }}" for code in languages() if code != language)
    number, title = chapter
    where = w["glossary_defined"].format(number=number, title=title)
    return (f"**{own['term']}** · {others}{w['glossary_colon']}{own['definition']} "
            f"[{where}]({term['defined']}.md#def-{key})\n{{ #{key} }}")


def glossary(language: str, chapters: list[tuple[str, str]], w: dict) -> str:
    """Every entry; ``chapters`` are the (name, title) of the chapters in reading order."""
    numbers = {name: (number, title) for number, (name, title) in enumerate(chapters, 1)}
    missing = {t["defined"] for t in terms().values()} - set(numbers)
    if missing:
        raise PluginError(f"docs/data/glossary.yml: 'defined' names {sorted(missing)}, not chapters in the nav")
    return "\n\n".join(entry(k, t, language, numbers[t["defined"]], w) for k, t in terms().items())


# The chapters (name, title) in the reading order of the language being built (its nav), for
# the entries' "Chapter N, title" (set by on_nav, which runs before any page).
CHAPTERS: list[tuple[str, str]] = []


def on_nav(nav, config, files):
    names = set(chapter_source.names())
    CHAPTERS[:] = [(p.file.src_uri[:-3], p.title) for p in nav.pages if p.file.src_uri[:-3] in names]
    return nav


@event_priority(45)  # before hooks/citations.py (40), so that a definition may cite
def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, glossary(config.theme["language"], CHAPTERS, words(config)))
