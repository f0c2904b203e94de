"""Link each chapter to the API reference for the gdbook functions it is the first to use.

The chapters' code is read in the order of the navigation; every public gdbook name a chapter
uses (``optim.momentum``, ``functions.square``, ``run``) and no earlier chapter did is listed
in a box at the end of that chapter, each linked to its entry in the API reference (one page
per module, reference/<module>.md). The list is computed from the code, so it cannot fall out
of date.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from mkdocs.utils import get_relative_url

from book import ROOT, words  # a plain module beside the hooks

PACKAGE = ROOT / "gdbook"

MODULES = ["data", "functions", "linesearch", "optim", "plot", "schedules", "stochastic"]
USE = re.compile(r"\b(?:(" + "|".join(MODULES) + r")\.([A-Za-z]\w*)|(run)\()")
REFERENCE = "reference/"  # the reference's pages: reference/<module>.md

_FIRST_USES: dict[str, list[tuple[str, str]]] = {}


def _documented() -> dict[str, str]:
    """Each public name a chapter can write, mapped to its reference entry's id. Read from
    the modules' source (importing gdbook.plot would load matplotlib: a quarter second)."""
    package = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    # Names the package re-exports (``from .train import run``) have their entry where defined.
    names = {
        alias.asname or alias.name: f"gdbook.{node.module}.{alias.name}"
        for node in package.body if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    for module_name in MODULES:
        tree = ast.parse((PACKAGE / f"{module_name}.py").read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                defined = [node.name]
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                defined = [t.id for t in targets if isinstance(t, ast.Name)]
            else:
                continue
            for name in defined:
                if not name.startswith("_"):
                    names[f"{module_name}.{name}"] = f"gdbook.{module_name}.{name}"
    return names


def _code(page) -> str:
    path = Path(page.file.abs_src_path or "")
    if path.suffix != ".ipynb":
        return ""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def on_nav(nav, config, files):
    documented = _documented()
    seen: set[str] = set()
    _FIRST_USES.clear()
    for page in nav.pages:
        new = []
        for match in USE.finditer(_code(page)):
            name = match[3] or f"{match[1]}.{match[2]}"
            if name in documented and name not in seen:
                seen.add(name)
                new.append((name, documented[name]))
        if new:
            _FIRST_USES[page.file.src_uri] = new
    return nav


def on_page_content(content, page, config, files):
    uses = _FIRST_USES.get(page.file.src_uri)
    if not uses:
        return content
    def href(target: str) -> str:  # gdbook.optim.gd -> ../reference/optim/#gdbook.optim.gd
        module = target.split(".")[1]
        return f"{get_relative_url(f'{REFERENCE}{module}/', page.url or './')}#{target}"

    links = ", ".join(f'<a href="{href(target)}"><code>{name}</code></a>' for name, target in uses)
    title = words(config)["api_links"]
    return (
        content
        + f'<div class="admonition info api-links"><p class="admonition-title">{title}</p><p>{links}</p></div>'
    )


# UPSTREAM MARKUP: mkdocstrings' stylesheet link.
MKDOCSTRINGS_CSS = re.compile(r'\s*<link rel="stylesheet" href="[./]*assets/_mkdocstrings\.css">')


def on_post_page(output, page, config):
    # mkdocstrings links its stylesheet from every page; only the reference uses it, and on a
    # chapter it would be one more request before the first paint.
    if page.file.src_uri.startswith(REFERENCE):
        return output
    return MKDOCSTRINGS_CSS.sub("", output, count=1)
