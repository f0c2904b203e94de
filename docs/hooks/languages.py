"""Make the two language builds one book.

Each language is its own MkDocs site (docs/zh.yml, docs/en.yml) in a sibling folder of the
output (site/zh/, site/en/). Material's language switch keeps the reader on the same page
when it finds that page in the other language's sitemap.xml, whose addresses come from
site_url; so site_url is set here, per language, from one base address:
GDBOOK_SITE_URL (default http://127.0.0.1:8000/, where `make serve` serves the book).

The switch's links are relative (../en/), so the built site works under any path.
"""

from __future__ import annotations

import os

LANGUAGES = {"zh": "简体中文", "en": "English"}
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_LABEL = {"zh": "搜索", "en": "Search"}


def on_config(config):
    language = config.theme["language"]
    base = os.environ.get("GDBOOK_SITE_URL", "http://127.0.0.1:8000/").rstrip("/") + "/"
    config.site_url = f"{base}{language}/"
    config.extra["alternate"] = [
        {"name": name, "link": f"../{code}/", "lang": code} for code, name in LANGUAGES.items()
    ]
    return config


def on_post_page(output, page, config):
    # Material's search dialog has no accessible name (axe: aria-dialog-name); give it one in
    # the page's language. tests/browser checks the result with axe's rule through Lighthouse.
    label = SEARCH_LABEL[config.theme["language"]]
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1)
