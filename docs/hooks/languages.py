"""Make the language builds one book.

Each language is its own MkDocs site (docs/<code>.yml) in a sibling folder of the output
(site/zh/, site/en/). Its pages link their counterparts in every other language through the
book's language menu (overrides/partials/languages.html: relative links, made at build time)
and, for search engines, through hreflang alternates in the sitemap (overrides/sitemap.xml).

site_url, which only the sitemap and canonical links use, is set per language from one base
address: GDBOOK_SITE_URL (default http://127.0.0.1:8000/, where `make serve` serves the book).
Nothing a reader clicks depends on it.
"""

from __future__ import annotations

from book import languages, site_base  # a plain module beside the hooks


def on_config(config):
    language = config.theme["language"]
    base = site_base()
    config.site_url = f"{base}{language}/"
    config.extra["site_base"] = base
    config.extra["languages"] = [{"code": code, "name": name} for code, name in languages().items()]
    return config
