"""Drop the indentation that the theme's templates leave in every page.

Material's templates indent their markup for the reader of the template, not of the page:
about 6 KB of the longest chapter's HTML was line breaks followed by spaces. Outside the
elements where white space is kept as written (``pre``, ``code``, ``textarea``, ``script``,
``style``), a run of white space that holds a line break shows as one space at most, so it is
replaced by a single line break: the page looks and reads the same.
"""

from __future__ import annotations

import re

KEPT = re.compile(r"<(pre|code|textarea|script|style)\b.*?</\1>", re.S | re.I)
INDENT = re.compile(r"[ \t\r\f]*\n\s*")


def collapse(html: str) -> str:
    """``html`` with each white-space run that holds a line break cut to that line break,
    except inside elements that keep their white space."""
    out, end = [], 0
    for kept in KEPT.finditer(html):
        out.append(INDENT.sub("\n", html[end:kept.start()]))
        out.append(kept[0])
        end = kept.end()
    out.append(INDENT.sub("\n", html[end:]))
    return "".join(out)


def on_post_page(output, page, config):
    return collapse(output)
