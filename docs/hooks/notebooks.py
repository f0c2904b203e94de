"""Execute the chapters' code, once per change of that code, and hand the executed
notebooks to mkdocs-jupyter to render.

A chapter is written once for all languages, in docs/chapters/<name>.md (see
hooks/chapter_source.py). Before mkdocs-jupyter sees the files, this hook takes the notebook of
the language being built from it, executes its code cells with nbclient and gives MkDocs the
page <name>.md as an executed .ipynb (in .cache/executed/<lang>/) that mkdocs-jupyter renders
without executing again. Why not let mkdocs-jupyter execute:

* Its cache is keyed on the notebook's bytes only: a change to gdbook would be served from
  cache (stale outputs), and a change to a sentence would execute the whole chapter again.
  Here outputs are cached on what they depend on: the code cells (comments aside), and a
  fingerprint of gdbook, the kernel profile, this file and the pinned dependencies. So a
  prose edit re-renders in a second, and a gdbook edit re-executes every chapter.
* Both languages run the same code, so they share one execution: the second build to get
  there waits on a lock and reads the first one's outputs.
* The rules are enforced where the outputs are made: a cell that raises fails the build, and
  so does one that writes to stderr (a warning, a progress bar).
* A chapter's claims about its runs ("larger steps converge faster") are checked by code cells
  tagged ``check``: they run with the chapter, assert the claim and print nothing. A false
  claim fails the build, naming the check. Neither the page nor the downloaded notebook
  shows them.

What mkdocs-jupyter renders is a copy of the executed chapter whose code cells carry their
finished markup (hooks/chapter_markup.py), placed by the book's template
(docs/templates/chapter.html.j2): the page is rendered once, in its final shape.

The kernel runs with a fixed locale, time zone, hash seed and thread count, so no printed
digit depends on the machine, and with the profile in docs/kernel/ (SVG figures with fixed
ids, byte-identical from build to build).
"""

from __future__ import annotations

import copy
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import tokenize
from pathlib import Path

import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

# Plain modules beside the hooks (MkDocs puts this folder on the path while loading hooks).
import bibliography
import chapter_markup
import numbering
import chapter_source
from book import (CACHE, CHECK_TAG, DEFINITION, EXPLORER, ROOT, is_check, last_commit_time, nav_files, words,
                  write_atomically, write_if_changed)

KERNEL_CONFIG = ROOT / "docs" / "kernel" / "ipython_kernel_config.py"
TIMEOUT = 600  # seconds a cell may run
REPRODUCIBLE_ENV = {
    "TZ": "UTC",
    "LC_ALL": "C.UTF-8",
    "LANG": "C.UTF-8",
    "PYTHONHASHSEED": "0",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    # The debugger's "frozen modules" notice would otherwise reach the build log.
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


# --- what outputs depend on ----------------------------------------------------------------

def output_inputs() -> list[Path]:
    """Every file besides a chapter's code that can change what the chapter prints."""
    files = sorted((ROOT / "gdbook").rglob("*.py"))
    files += [KERNEL_CONFIG, Path(__file__).resolve(), ROOT / "requirements.lock", ROOT / "pyproject.toml"]
    return [f for f in files if f.exists()]


def fingerprint(paths: list[Path] | None = None, root: Path = ROOT) -> str:
    """A short hash of the names (relative to ``root``) and bytes of ``paths``."""
    digest = hashlib.sha256()
    for path in paths if paths is not None else output_inputs():
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def without_comments(source: str) -> str:
    """Code with comments and blank lines removed: comments may be translated, and they do
    not change what the code prints."""
    tokens = tokenize.generate_tokens(io.StringIO(source + "\n").readline)
    code = tokenize.untokenize(t for t in tokens if t.type != tokenize.COMMENT)
    return "\n".join(line.rstrip() for line in code.splitlines() if line.strip())


def code_key(notebook, fingerprint_: str) -> str:
    """What a chapter's outputs are cached under: its code (comments aside), which cells are
    checks (the rules for a check are applied where outputs are made, so tagging a cell
    must make them anew), and ``fingerprint_``."""
    digest = hashlib.sha256(fingerprint_.encode())
    for cell in notebook.cells:
        if cell.cell_type == "code":
            kind = b"\0check\0" if is_check(cell) else b"\0cell\0"
            digest.update(kind + without_comments(cell.source).encode())
    return digest.hexdigest()[:24]


# --- execution -----------------------------------------------------------------------------

def _coalesce(outputs: list) -> list:
    """One stream output per run of prints: the kernel flushes wherever it likes, even
    mid-line, and the page must not depend on where."""
    merged = []
    for output in outputs:
        if merged and output.output_type == "stream" and merged[-1].output_type == "stream" and merged[-1].name == output.name:
            merged[-1].text += output.text
        else:
            merged.append(output)
    return merged


def execute(notebook, source: str, cwd: Path) -> list[list]:
    """Run the code cells in a fresh kernel; return each code cell's outputs.

    Raises PluginError, naming the cell, if a cell raises or writes to stderr.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    runnable = copy.deepcopy(notebook)
    client = NotebookClient(
        runnable, timeout=TIMEOUT, kernel_name="python3", allow_errors=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    code_cells = [c for c in runnable.cells if c.cell_type == "code"]
    try:
        client.execute()
    except CellExecutionError as error:
        failed = next((n for n, c in enumerate(code_cells, 1)
                       if any(o.output_type == "error" for o in c.get("outputs", []))), None)
        if failed is not None and is_check(code_cells[failed - 1]):
            raise PluginError(
                f"{source}: the check in code cell {failed} failed: a claim of the text is not "
                f"what the code does:\n{error}"
            ) from None
        raise PluginError(f"{source}: a code cell raised an exception:\n{error}") from None
    outputs = []
    for number, cell in enumerate(code_cells, 1):
        cell_outputs = _coalesce(cell.outputs)
        for output in cell_outputs:
            if output.output_type == "stream" and output.name == "stderr":
                raise PluginError(
                    f"{source}: code cell {number} wrote to stderr (a warning?); the book's "
                    f"cells must not:\n{output.text.strip()}"
                )
        if is_check(cell) and cell_outputs:
            raise PluginError(
                f"{source}: code cell {number} is a check (tagged {CHECK_TAG!r}) and showed "
                f"output; a check asserts and shows nothing (readers never see it)"
            )
        outputs.append(cell_outputs)
    return outputs


def executed_outputs(notebook, source: str, cwd: Path, key: str) -> list[list]:
    """The outputs for this code, from the cache or by executing it (once, even when both
    language builds ask at the same time)."""
    store = CACHE / "executed" / "outputs"
    store.mkdir(parents=True, exist_ok=True)
    cached = store / f"{key}.json"
    with open(store / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if cached.exists():
            return [[nbformat.from_dict(o) for o in cell] for cell in json.loads(cached.read_text(encoding="utf-8"))]
        outputs = execute(notebook, source, cwd)
        write_atomically(cached, json.dumps(outputs))
        return outputs


def executed_notebook(notebook, source: str, fingerprint_: str) -> nbformat.NotebookNode:
    """``notebook`` (from ``source``) with its outputs filled in."""
    outputs = executed_outputs(notebook, source, chapter_source.SOURCES, code_key(notebook, fingerprint_))
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    for count, (cell, cell_outputs) in enumerate(zip(code_cells, outputs), 1):
        cell.outputs = cell_outputs
        cell.execution_count = count
    # jupytext gives cells random ids on every read; fixed ones keep the notebook's bytes the
    # same from build to build.
    for number, cell in enumerate(notebook.cells, 1):
        cell.id = f"cell-{number}"
    return notebook


# --- MkDocs events -------------------------------------------------------------------------

def on_config(config):
    os.environ.update(REPRODUCIBLE_ENV)
    os.environ.setdefault("SOURCE_DATE_EPOCH", last_commit_time())
    profile = CACHE / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(KERNEL_CONFIG, profile / "ipython_kernel_config.py")
    os.environ["IPYTHONDIR"] = str(profile.parent)
    # Pages carry it (overrides/main.html), so a test can tell a stale site from a fresh one.
    config.extra["gdbook_fingerprint"] = fingerprint()
    return config


@event_priority(50)  # before mkdocs-jupyter, which decides which files are notebooks
def on_files(files, config):
    current = fingerprint()
    language = config.theme["language"]
    out_dir = CACHE / "executed" / language
    out_dir.mkdir(parents=True, exist_ok=True)
    names = chapter_source.names()
    # The two language builds run side by side and share outputs: taking the chapters in
    # opposite orders, each executes half of them (on its own core) and reads the rest.
    if language == "en":
        names.reverse()
    DOWNLOADS.clear()
    FIGURES.clear()
    numbers = chapter_numbers(config, names)
    for name in names:
        page_uri = f"{name}.md"
        if files.get_file_from_path(page_uri) is not None:
            raise PluginError(
                f"docs/{language}/{page_uri} and docs/chapters/{page_uri} are both the page "
                f"{page_uri}: a chapter is written in docs/chapters/ only"
            )
        source = f"{chapter_source.path(name).relative_to(ROOT)} ({language})"
        try:
            notebook = chapter_source.notebook(name, language)
        except chapter_source.ChapterSourceError as error:
            raise PluginError(str(error)) from None
        notebook = executed_notebook(notebook, source, current)
        try:
            shown, notebook = numbering.number(notebook, name, numbers[name], words(config))
        except numbering.NumberingError as error:
            raise PluginError(f"{source}: {error}") from None
        page, FIGURES[name] = chapter_markup.page_copy(
            shown, name, words(config), config.extra["wheel_url"], config.extra["repository"]
        )
        target = out_dir / f"{name}.ipynb"
        write_if_changed(target, nbformat.writes(page))
        files.append(File.generated(config, page_uri, abs_src_path=str(target)))
        try:
            DOWNLOADS[name] = download_copy(
                notebook, words(config)["explorer_note"], f"{config.site_url}{name}/",
                prose=lambda text: reader_prose(text, config.site_url, words(config), source))
        except bibliography.UnknownKey as error:
            raise PluginError(str(error)) from None
    return files


def chapter_numbers(config, names: list[str]) -> dict[str, int]:
    """Each chapter's number: its place among the chapters in the language's nav."""
    order = [Path(page).stem for page in nav_files(config["nav"]) if Path(page).stem in names]
    missing = sorted(set(names) - set(order))
    if missing:
        raise PluginError(f"chapters missing from the nav of docs/{config.theme['language']}.yml: {missing}")
    return {name: i for i, name in enumerate(order, 1)}


# Each chapter's executed notebook, as readers download it from the chapter's page (the page
# links to it), and the figures the page shows, keyed by chapter name.
DOWNLOADS: dict[str, str] = {}
FIGURES: dict[str, dict[str, str]] = {}


def download_copy(notebook, explorer_note: str, page_url: str, prose=None) -> str:
    """The notebook as a reader gets it: outputs kept, the build's jupytext metadata and the
    check cells left out, each explorer (drawn by the site's script, which a notebook does
    not have) replaced by ``explorer_note`` with the address of the page that has it, and
    each Markdown cell passed through ``prose`` (:func:`reader_prose`) if given."""
    reader = copy.deepcopy(notebook)
    reader.cells = [cell for cell in reader.cells if not is_check(cell)]
    note = explorer_note.format(url=page_url)
    for cell in reader.cells:
        if cell.cell_type == "markdown":
            cell.source = EXPLORER.sub(note, cell.source)
            if prose is not None:
                cell.source = prose(cell.source)
    reader.metadata = nbformat.from_dict(
        {"kernelspec": notebook.metadata.get("kernelspec", {}), "language_info": {"name": "python"}}
    )
    return nbformat.writes(reader)


# A Markdown link to a page of the book (gd-sgd.md#the-learning-rate, reference/optim.md).
PAGE_LINK = re.compile(r"\]\((?P<page>[\w/-]+)\.md(?P<anchor>#[^)\s]*)?\)")


def reader_prose(markdown: str, site_url: str, w: dict, where: str) -> str:
    """A chapter's Markdown as the downloaded notebook has it, where there is no site around
    it: citations linked to the references page and links to the book's pages (the glossary,
    other chapters) made absolute, at ``site_url``; the glossary's marks of where a term is
    defined left out (a notebook would show them as text)."""
    markdown = bibliography.cite(markdown, f"{site_url}references/", w, where)
    markdown = DEFINITION.sub("", markdown)

    def absolute(link: re.Match) -> str:
        page = link["page"]
        path = page.removesuffix("index") if page == "index" or page.endswith("/index") else f"{page}/"
        return f"]({site_url}{path}{link['anchor'] or ''})"

    return PAGE_LINK.sub(absolute, markdown)


# mkdocs-jupyter 0.27 appends to every .ipynb page it converts, whatever the template, the
# Pygments stylesheet of nbconvert's notebook markup (a <style> block, indented, so Markdown
# would show it as code). The book's pages use none of it. Its exact form, checked against
# MKDOCS_JUPYTER_VERSION by tests/tooling/test_hooks.py, is cut from the end of the Markdown.
# UPSTREAM MARKUP: mkdocs-jupyter's appended stylesheet.
MKDOCS_JUPYTER_VERSION = "0.27.0"
APPENDED_STYLE = re.compile(r"\n\s*<style>\n.*?</style>\s*\Z", re.S)


@event_priority(50)  # after mkdocs-jupyter (100) has put the converted notebook in its place
def on_page_markdown(markdown, page, config, files):
    if Path(page.file.src_uri).stem not in DOWNLOADS:  # not a chapter
        return markdown
    return APPENDED_STYLE.sub("\n", markdown, count=1)


def on_post_build(config):
    for chapter, text in DOWNLOADS.items():
        folder = Path(config.site_dir) / chapter
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{chapter}.ipynb").write_text(text, encoding="utf-8")
        for name, svg in FIGURES.get(chapter, {}).items():
            write_if_changed(folder / name, svg)
