"""The one place the book writes markup that belongs to Material for MkDocs itself.

Material has no documented way to make a code block's copy button at build time; its script
makes one per block in the browser, as the page starts (a long task on a chapter with forty
code blocks: up to seven Lighthouse performance points). So the book writes the same button
into the HTML, and Material's clipboard handler, which serves every ``[data-clipboard-target]``
on a page, does the copying. This markup was checked against the Material version in
``MATERIAL_VERSION``; tests/tooling/test_hooks.py fails when another version is installed, so
that an upgrade re-checks it (and the browser test clicks every button of a chapter).

What a chapter cell's button copies is its code with that of the earlier cells it needs
(hooks/cell_setup.py): assets/cell-setup.js, on the click, sets the ``data-copy`` of the
cell's ``<code>``, which Material's handler copies instead of the element's text (its
``extract``; tests/tooling/test_hooks.py checks the installed bundle still does).
"""

from __future__ import annotations

MATERIAL_VERSION = "9.8.1"


# UPSTREAM MARKUP: Material's copy button (README: where the book depends on another package's markup).


def copy_button(target_id: str, label: str) -> str:
    """Material's copy button for the code element with id ``target_id``: it goes first in
    the block's ``<pre>``, where Material's own script would put it."""
    return (
        f'<nav class="md-code__nav"><button class="md-code__button" title="{label}" '
        f'data-clipboard-target="#{target_id}" data-md-type="copy"></button></nav>'
    )
