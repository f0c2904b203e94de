"""Copy buttons on code blocks, written at build time instead of by Material's script.

Material's `content.code.copy` makes each button in the browser as the page starts, a long
task on a chapter with forty code cells (it cost the largest chapter up to seven Lighthouse
performance points). The same markup is written here into the HTML; Material's clipboard
handler, which serves every `[data-clipboard-target]` on the page, does the copying (the
code's text, exactly: the browser test compares it with each cell's source). The button
targets an id of the block's `<code>` element: Material renames a block's `<pre>` only when
it sets the block up, which the `content.lazy` feature leaves until the block is on screen.
"""

from __future__ import annotations

import re

BLOCK = re.compile(r'(<div class="[^"]*\bhighlight\b[^"]*"><pre)>((?:<span></span>)?<code)>')
LABEL = {"zh": "复制", "en": "Copy to clipboard"}  # Material's own words for its button


def on_page_content(content, page, config, files):
    label = LABEL.get(config.theme["language"], LABEL["en"])
    count = iter(range(1, 1_000_000))

    def add_button(match):
        code = f"cell-code-{next(count)}"
        button = (
            f'<nav class="md-code__nav"><button class="md-code__button" title="{label}" '
            f'data-clipboard-target="#{code}" data-md-type="copy"></button></nav>'
        )
        return f'{match[1]}>{button}{match[2]} id="{code}">'

    return BLOCK.sub(add_button, content)
