"""What a code cell's copy button copies runs as it is in a fresh Python with gdbook installed,
and prints what the page shows under the cells it copies.

A cell's copy is its set-up (the earlier cells it needs, hooks/cell_setup.py) and itself, as
assets/cell-setup.js makes it from the page (tests/booksite.py: copied_pieces, the same rule in
Python; the browser test clicks the buttons and compares). Every copy of every chapter is run
(tests/copy_runner.py: each copy in the state of a fresh interpreter, sharing the runs of the
pieces copies begin with; gdbook from the wheel the site serves, installed in a new virtual
environment) and must print, piece by piece, each copied cell's text on the page,
write nothing to stderr and raise nothing.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

import booksite
from notebooks import REPRODUCIBLE_ENV

RUNNER = Path(__file__).resolve().parents[1] / "copy_runner.py"
CHAPTERS = booksite.chapters()


def run_copies(python, copies, cwd):
    """Each copy's results, run by ``python`` (isolated: no PYTHONPATH, no user packages)."""
    env = {**os.environ, **REPRODUCIBLE_ENV, "MPLBACKEND": "Agg"}
    done = subprocess.run([str(python), "-I", str(RUNNER)], input=json.dumps(copies), capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=600)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    return answer["gdbook"], answer["results"]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_cells_copy_runs_in_a_fresh_python_and_prints_what_the_page_shows(chapter, reader_python, tmp_path):
    first, *others = booksite.LANGUAGES
    page = booksite.page(first, chapter)
    copies = booksite.copied_pieces(page)
    # Each language's buttons copy the same program: the code is written once; only its
    # comments differ.
    for language in others:
        theirs = booksite.copied_pieces(booksite.page(language, chapter))
        assert [[booksite.without_comments(p) for p in c] for c in theirs] == \
            [[booksite.without_comments(p) for p in c] for c in copies], language
    for number, pieces in enumerate(copies, 1):
        compile("".join(pieces), f"{chapter}: copy of cell {number}", "exec")  # whole, as pasted
    shown = booksite.outputs(page)
    cells = booksite.cell_codes(page)
    assert sum(1 for _, setup in cells if setup) >= len(cells) // 2, "most cells should need set-up"
    # In a Python with the site's wheel installed (tests/book/conftest.py), in an empty folder.
    python, packages = reader_python
    gdbook_file, results = run_copies(python, copies, tmp_path)
    assert gdbook_file.startswith(packages), f"gdbook from {gdbook_file}, not the served wheel"
    failures = []
    for number, ((_, setup), result) in enumerate(zip(cells, results), 1):
        if result["error"]:
            failures.append(f"copy of cell {number} raised:\n{result['error']}")
            continue
        if result["stderr"]:
            failures.append(f"copy of cell {number} wrote to stderr:\n{result['stderr']}")
        for copied, printed in zip([*setup, number], result["printed"]):
            expected = "\n".join(text for text in shown[copied - 1] if text != "[figure]")
            if printed.rstrip() != expected:
                failures.append(f"copy of cell {number}: cell {copied} printed\n{printed.rstrip()}\n"
                                f"where the page shows\n{expected}")
    assert not failures, f"{chapter}:\n" + "\n\n".join(failures)
