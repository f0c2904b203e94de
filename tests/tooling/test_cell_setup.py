"""The set-up a code cell's copy needs (hooks/cell_setup.py): the earlier cells that bind the
names it reads, those that change their objects in place, and theirs in turn."""

import contextlib
import io

import pytest

from cell_setup import CellSetupError, setups


def needs(*cells):
    """The set-up of the last of ``cells`` (0-based cell numbers)."""
    return setups(list(cells))[-1]


def printed(cells, numbers):
    """What running ``cells[numbers]`` in order in a fresh namespace prints."""
    out, namespace = io.StringIO(), {"__name__": "__main__"}
    with contextlib.redirect_stdout(out):
        for n in numbers:
            exec(cells[n], namespace)
    return out.getvalue()


def test_the_cells_that_bind_what_a_cell_reads_and_theirs_in_turn():
    assert needs("import math", "r = 2", "unused = 1", "area = math.pi * r ** 2", "print(area)") == [0, 1, 3]
    assert needs("x = 1", "x = 2", "print(x)") == [1]  # the last binding before the cell
    assert needs("x = 1", "x = 2\nprint(x)") == []  # bound by the cell before it reads it
    assert needs("x = 1", "y = x\nx = 2") == [0]  # read before the cell binds it
    assert needs("print(len([1]))") == []  # builtins


def test_names_local_to_a_loop_comprehension_lambda_or_function_are_not_read():
    assert needs("a = 1", "print([a for a in range(3)])") == []
    assert needs("i = 5", "for i in range(2):\n    pass\nprint(i)") == []
    assert needs("v = 1", "f = lambda v: v + 1\nprint(f(2))") == []
    assert needs("g = 1", "def h(x):\n    g = x\n    return g\nprint(h(3))") == []


@pytest.mark.parametrize("cells", [
    ("xs = []", "xs.append(1)", "print(xs)"),  # an in-place method
    ("d = {}", "d['a'] = 1", "print(d)"),  # an item stored
    ("n = 1", "n += 1", "print(n)"),  # augmented
    ("import numpy as np\na = np.zeros(2)", "np.add(a, 1, out=a)", "print(a)"),  # out=
    ("xs = [1]\ndef grow(v):\n    v.append(2)", "grow(xs)", "print(xs)"),  # a chapter's function
    # A random generator is advanced by every draw, an iterator by every next, and a
    # matplotlib axes drawn on by every call: a cell that uses one changes it.
    ("import numpy as np\nrng = np.random.default_rng(0)", "a = rng.normal()", "print(rng.normal())"),
    ("import numpy as np\nrng = np.random.default_rng(0)\ndef draw(g):\n    return g.integers(9)",
     "a = draw(rng)", "print(rng.integers(9))"),
    ("it = iter([1, 2])", "first = next(it)", "print(next(it))"),
    ("import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\nfig, ax = plt.subplots()",
     "ax.plot([1])", "print(len(ax.lines))"),
])
def test_a_cell_that_changes_an_object_in_place_is_part_of_the_set_up_of_a_cell_that_reads_it(cells):
    assert needs(*cells) == [0, 1]
    # Without cell 1, cell 2 would print something else (cells 0 and 1 print nothing).
    assert printed(cells, [0, 2]) != printed(cells, [0, 1, 2])


def test_reading_an_object_does_not_make_a_cell_part_of_the_set_up():
    assert needs("import numpy as np\nx = np.array([1.0, 2.0])", "print(x.sum(), np.sort(x), len(x))", "print(x)") == [0]
    assert needs("from math import sqrt\nrng = 3", "print(sqrt(rng))", "print(rng)") == [0]  # not a generator


def test_a_function_reads_its_names_when_it_is_called():
    # scale reads k when called: the copy of the calling cell needs the k bound just before it.
    assert set(needs("k = 2", "def scale(x):\n    return k * x", "k = 3", "print(scale(1))")) >= {1, 2}


def test_a_star_import_hides_what_it_binds():
    with pytest.raises(CellSetupError):
        setups(["from math import *", "print(pi)"])
