"""Copy buttons on the Markdown pages' code blocks (the API reference's examples), written at
build time like the chapters' (hooks/chapter_markup.py), with the markup of
hooks/material_markup.py: Material's script would otherwise make them in the browser as the
page starts. The blocks are pymdownx.highlight's (``<div class="…highlight"><pre><span></span>
<code>``); a chapter's code cells already carry their buttons and are left alone.
"""

from __future__ import annotations

import re

from book import words  # plain modules beside the hooks
from material_markup import copy_button

# UPSTREAM MARKUP: pymdownx.highlight's code block.
BLOCK = re.compile(r'(<div class="[^"]*\bhighlight\b[^"]*"><pre)>((?:<span></span>)?<code)>')


def on_page_content(content, page, config, files):
    label = words(config)["copy"]
    count = iter(range(1, 1_000_000))

    def add_button(match):
        code = f"code-{next(count)}"
        return f"{match[1]}>{copy_button(code, label)}{match[2]} id=\"{code}\">"

    return BLOCK.sub(add_button, content)
