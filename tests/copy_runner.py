"""Run copied code cells as a reader would, each in a fresh Python; report what each printed.

    python tests/copy_runner.py < copies.json > results.json

The input is a list of copies, each a list of pieces: the code of the cells it is made of (its
set-up cells, then the cell), whose concatenation is the copied text. The output has the file
gdbook was imported from and, for each copy, what each piece printed, what the copy wrote to
stderr and the traceback if it raised.

Starting Python and importing NumPy and Matplotlib takes most of a second, and a chapter has up
to thirty copies, most of which begin with the same pieces (the imports, a problem later cells
use). So this process imports what the chapters import (numpy, matplotlib with the Agg
backend, gdbook), as a reader's copy would, and runs the copies as a tree: each piece runs once,
in a child forked from the process that ran the pieces before it, in the ``__main__``
namespace they made; a copy that goes on differently goes on in its own child. So every copy
runs in the state a fresh interpreter reaches by running exactly that copy, piece by piece:
the imports done before are ones the copy makes itself (importing a module twice does
nothing), and nothing else of this process reaches it. (tests/book/test_copied_cells.py)
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
import traceback
from pathlib import Path


def _tree(copies: list[list[str]]) -> dict:
    root: dict = {}
    for index, pieces in enumerate(copies):
        node = root
        for depth, piece in enumerate(pieces):
            entry = node.setdefault(piece, {"next": {}, "ends": [], "below": []})
            entry["below"].append(index)
            if depth == len(pieces) - 1:
                entry["ends"].append(index)
            node = entry["next"]
    return root


def _walk(node: dict, namespace: dict, printed: list[str], stderr: str, out: Path) -> None:
    for piece, entry in node.items():
        pid = os.fork()
        if pid == 0:  # the child: run this piece, then what follows it
            try:
                shown, errors, raised = io.StringIO(), io.StringIO(), None
                with contextlib.redirect_stdout(shown), contextlib.redirect_stderr(errors):
                    try:
                        exec(compile(piece, "<copied cell>", "exec"), namespace)
                    except BaseException:  # noqa: BLE001 (reported, whatever it is)
                        raised = traceback.format_exc()
                now_printed, now_stderr = [*printed, shown.getvalue()], stderr + errors.getvalue()
                result = {"printed": now_printed, "stderr": now_stderr, "error": raised}
                for index in entry["below"] if raised else entry["ends"]:
                    (out / f"{index}.json").write_text(json.dumps(result))
                if raised is None:
                    _walk(entry["next"], namespace, now_printed, now_stderr, out)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)


def run(copies: list[list[str]]) -> dict:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import numpy  # noqa: F401

    import gdbook  # noqa: F401
    import gdbook.plot  # noqa: F401

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        _walk(_tree(copies), {"__name__": "__main__"}, [], "", out)
        results = [json.loads((out / f"{i}.json").read_text()) for i in range(len(copies))]
    return {"gdbook": gdbook.__file__, "results": results}


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
