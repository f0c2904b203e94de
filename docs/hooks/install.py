"""The line that installs gdbook, on the pages that offer it.

The site serves the wheel of gdbook it was built with (docs/scripts/build.py; hooks/gdbook_wheel.py);
``pip install <its URL>`` is the one line a reader needs. This hook puts the wheel's absolute
URL (under GDBOOK_SITE_URL) and the book's repository (GDBOOK_REPO_URL, when the build names
one) in the config for the chapters' pages (hooks/notebooks.py writes the line under each
chapter's title), and writes the line where a Markdown page (the home pages) places
:data:`MARKER`: as a code block with its copy button, then the repository's address.
"""

from __future__ import annotations

from book import words  # plain modules beside the hooks
import gdbook_wheel

MARKER = "<!-- gdbook-install -->"


def on_config(config):
    # After hooks/languages.py, which sets the site's address.
    config.extra["wheel_url"] = gdbook_wheel.url(config.extra["site_base"])
    config.extra["repository"] = gdbook_wheel.repository()
    return config


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    block = f"```sh\npip install {config.extra['wheel_url']}\n```"
    if config.extra["repository"]:
        block += "\n\n" + words(config)["repository_home"].format(url=config.extra["repository"])
    return markdown.replace(MARKER, block)
