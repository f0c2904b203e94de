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

from book import languages  # a plain module beside the hooks


def on_config(config):
    language = config.theme["language"]
    base = os.environ.get("GDBOOK_SITE_URL", "http://127.0.0.1:8000/").rstrip("/") + "/"
    config.site_url = f"{base}{language}/"
    config.extra["alternate"] = [
        {"name": name, "link": f"../{code}/", "lang": code} for code, name in languages().items()
    ]
    return config
