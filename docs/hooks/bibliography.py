"""The book's references, kept once in docs/data/references.yml, and how a page cites them.

A page cites an entry by its key, in the manner of Pandoc; each citation becomes a short one in
the page's language, linked to the entry on the references page:

    [@kingma2015]              (Kingma and Ba, 2015)        （Kingma 与 Ba，2015）
    Polyak [-@polyak1964]      Polyak (1964)                 the name stays the prose's
    [@nocedal2006, chapter 3]  (Nocedal and Wright, 2006, chapter 3)
    [@polyak1964; @nesterov1983]  (Polyak, 1964; Nesterov, 1983)

One or two authors are named, more are "Duchi et al." (Duchi 等). The punctuation and joining
words are the language's (``extra.words`` of docs/<language>.yml: cite_*). A plain module, not
a hook: hooks/citations.py cites on the pages, hooks/notebooks.py in the downloaded notebooks.
"""

from __future__ import annotations

import functools
import re

import yaml

from book import ROOT

SOURCE = ROOT / "docs" / "data" / "references.yml"
_ITEM = r"-?@[A-Za-z][\w-]*(?:,[^;\]\n]+)?"
CITATION = re.compile(rf"\[(?P<items>{_ITEM}(?:;\s*{_ITEM})*)\](?![(\[])")
_PARTS = re.compile(r"(?P<bare>-?)@(?P<key>[A-Za-z][\w-]*)(?:,\s*(?P<locator>[^;]+))?")


@functools.cache
def entries() -> dict[str, dict]:
    """The references, key -> entry, as docs/data/references.yml has them."""
    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def cited_keys(markdown: str) -> list[str]:
    """The keys ``markdown`` cites, in order (for the test that finds uncited entries)."""
    return [part["key"] for match in CITATION.finditer(markdown) for part in _PARTS.finditer(match["items"])]


def family(author: str) -> str:
    return author.split(",")[0].strip()


def initials(author: str) -> str:
    """'Kingma, Diederik P.' -> 'D. P. Kingma'; 'Cauchy, Augustin-Louis' -> 'A.-L. Cauchy'."""
    last, _, given = (s.strip() for s in author.partition(","))
    parts = [".-".join(p[0] for p in name.split("-")) + "." for name in given.replace(".", " ").split()]
    return " ".join(parts + [last])


def join(names: list[str], w: dict) -> str:
    """'A', 'A and B', 'A, B and C' in English; 'A 与 B', 'A、B 与 C' in Chinese."""
    if len(names) == 1:
        return names[0]
    return w["cite_list"].join(names[:-1]) + w["cite_and"] + names[-1]


def short_names(entry: dict, w: dict) -> str:
    authors = [family(a) for a in entry["authors"]]
    return join(authors, w) if len(authors) <= 2 else authors[0] + w["cite_etal"]


class UnknownKey(ValueError):
    """A citation names a key that docs/data/references.yml does not have."""


def cite(markdown: str, link: str, w: dict, where: str) -> str:
    """``markdown`` with every citation replaced by its short form, linked to ``link#key``
    (the references page). Raises :class:`UnknownKey`, naming ``where``, for a key that is
    not in the list."""
    return CITATION.sub(lambda m: citation(m["items"], link, w, where), markdown)


def citation(items: str, link: str, w: dict, where: str) -> str:
    """The Markdown of one bracketed citation: each item linked to its entry."""
    cites = []
    for part in _PARTS.finditer(items):
        key = part["key"]
        if key not in entries():
            raise UnknownKey(f"{where}: cites [@{key}], which docs/data/references.yml does not have")
        entry = entries()[key]
        text = str(entry["year"]) if part["bare"] else short_names(entry, w) + w["cite_comma"] + str(entry["year"])
        if part["locator"]:
            text += w["cite_comma"] + part["locator"].strip()
        cites.append(f"[{text}]({link}#{key})")
    return w["cite_open"] + w["cite_semicolon"].join(cites) + w["cite_close"]


def reference(key: str, entry: dict, language: str, w: dict) -> str:
    """One entry of the references page, as Markdown with the key as its id:
    authors (year). “Title”. *Journal* volume(number), pages. doi. -- or, for a book,
    authors (year). *Title*, edition. Publisher, address."""
    def local(value):
        return value[language] if isinstance(value, dict) else value

    title = local(entry["title"])
    book = "publisher" in entry
    parts = [join([initials(a) for a in entry["authors"]], w) + w["cite_year"].format(year=entry["year"])]
    parts.append(f"*{title}*" + (f", {local(entry['edition'])}" if "edition" in entry else "") if book else f"“{title}”")
    where = entry.get("journal") or entry.get("booktitle")
    if where:
        volume = f" {entry['volume']}" if "volume" in entry else ""
        number = f"({entry['number']})" if "number" in entry else ""
        pages = f", {entry['pages']}" if "pages" in entry else ""
        parts.append(f"*{where}*{volume}{number}{pages}")
    if "note" in entry:
        parts.append(local(entry["note"]))
    if book:
        parts.append(entry["publisher"] + (f", {entry['address']}" if "address" in entry else ""))
    if "doi" in entry:
        parts.append(f"doi:[{entry['doi']}](https://doi.org/{entry['doi']})")
    if "arxiv" in entry:
        parts.append(f"arXiv:[{entry['arxiv']}](https://arxiv.org/abs/{entry['arxiv']})")
    # A part that ends with a full stop (2nd ed.) takes no second one.
    text = "".join(part + ("" if part.endswith(".") else ".") + " " for part in parts).rstrip()
    return f"{text}\n{{ #{key} }}"


def sort_key(item: tuple[str, dict]) -> tuple:
    key, entry = item
    return tuple(family(a) for a in entry["authors"]), entry["year"], key


def references_list(language: str, w: dict) -> str:
    """Every entry, sorted by authors and year, as the references page lists them."""
    return "\n\n".join(reference(k, e, language, w) for k, e in sorted(entries().items(), key=sort_key))


