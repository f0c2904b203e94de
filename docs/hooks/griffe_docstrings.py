"""Let the API reference read gdbook's docstrings as they are written.

gdbook's docstrings follow the Python convention a reader sees in ``help()``: Sphinx roles for
math and cross-references (``:math:`\\eta```, ``:func:`run```) and bare doctest blocks
(``>>> ...``), which are also its tests. This Griffe extension, used by mkdocstrings when it
builds the reference, turns them into what the book's Markdown understands: ``$\\eta$`` (typeset
as MathML like the chapters' math), links to the reference's own entries, and fenced ``pycon``
code blocks. The docstrings themselves stay unchanged.
"""

from __future__ import annotations

import re

import griffe

MATH = re.compile(r":math:`([^`]+)`")
REFERENCE = re.compile(r":(?:func|class|mod|meth|attr):`~?([\w.]+)`")


def _target(name: str, obj: griffe.Object) -> str | None:
    """The reference entry a role points to, or None for a name outside gdbook."""
    if "." not in name:
        scope = obj if obj.is_module else obj.module
        name = f"{scope.path}.{name}"
    elif not name.startswith("gdbook"):
        return None
    return _documented_at(name, obj)


def _documented_at(path: str, obj: griffe.Object) -> str:
    """Where ``path`` has its entry: a name the package re-exports (``gdbook.run``) is
    documented in the module that defines it (``gdbook.train.run``)."""
    try:
        member = obj.package[path.split(".", 1)[1]] if "." in path else obj.package
    except KeyError:
        return path
    return member.target_path if member.is_alias else path


def _fence_doctests(text: str) -> str:
    out, in_example = [], False
    for line in text.splitlines():
        starts = line.startswith(">>>")
        if starts and not in_example:
            out += ["```pycon"]
            in_example = True
        elif in_example and not line.strip():
            out += ["```"]
            in_example = False
        out.append(line)
    if in_example:
        out.append("```")
    return "\n".join(out)


def markdown(text: str, obj: griffe.Object) -> str:
    """The docstring ``text`` of ``obj`` in the book's Markdown."""
    text = _fence_doctests(text)
    # Math and roles only outside the examples (their output is literal text).
    parts = re.split(r"(```pycon\n.*?\n```)", text, flags=re.S)
    for i in range(0, len(parts), 2):
        part = MATH.sub(lambda m: f"${m[1]}$", parts[i])

        def link(match):
            name = match[1]
            target = _target(name, obj)
            short = name.rsplit(".", 1)[-1] if "~" in match[0] else name
            return f"[`{short}`][{target}]" if target else f"`{name}`"

        parts[i] = REFERENCE.sub(link, part)
    return "".join(parts)


class BookDocstrings(griffe.Extension):
    def on_object(self, *, obj: griffe.Object, **kwargs) -> None:
        if obj.docstring is not None and obj.path.startswith("gdbook"):
            obj.docstring.value = markdown(obj.docstring.value, obj)
