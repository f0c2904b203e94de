"""Citations on the pages, and each language's references page (docs/hooks/bibliography.py
holds the list and the rules: a page cites with ``[@key]``).

Every page's citations become short citations in its language linked to the references page;
an unknown key fails the build, naming it and the page. The references page of each language
holds the marker ``<!-- references -->``, which becomes every entry, each with its key as id.
Acts on Markdown before it is rendered, on every page: a chapter's Markdown here is
mkdocs-jupyter's conversion of its notebook.
"""

from __future__ import annotations

import posixpath

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import bibliography  # plain modules beside the hooks
from book import words

PAGE = "references.md"
LIST_MARKER = "<!-- references -->"


@event_priority(40)  # after mkdocs-jupyter (100) has converted a chapter's notebook to Markdown
def on_page_markdown(markdown, page, config, files):
    w = words(config)
    link = posixpath.relpath(PAGE, posixpath.dirname(page.file.src_uri) or ".")
    where = page.file.src_uri
    try:
        markdown = bibliography.cite(markdown, link, w, where)
    except bibliography.UnknownKey as error:
        raise PluginError(str(error)) from None
    if LIST_MARKER in markdown:
        markdown = markdown.replace(LIST_MARKER, bibliography.references_list(config.theme["language"], w))
    return markdown
