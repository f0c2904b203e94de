"""Plot helpers draw on the Axes they are given, return it, and leave global style alone."""

import matplotlib

matplotlib.use("Agg")

import itertools  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from colorspacious import deltaE  # noqa: E402

from gdbook import functions, optim, plot, run  # noqa: E402

TRACE_1D = run(optim.gd(eta=0.2), functions.square, x0=10.0, steps=10)
TRACE_2D = run(optim.gd(eta=0.1), functions.elliptic, x0=[-5.0, -2.0], steps=20)


@pytest.fixture(autouse=True)
def close_figures():
    # Before too: a test of another module run earlier in this process may leave a figure open.
    plt.close("all")
    yield
    plt.close("all")


def test_helpers_draw_on_the_given_axes_and_return_it():
    fig, axes = plt.subplots(1, 3)
    assert plot.trace_1d(TRACE_1D, functions.square, ax=axes[0]) is axes[0]
    assert plot.trace_2d(TRACE_2D, functions.elliptic, ax=axes[1]) is axes[1]
    assert plot.values({"GD": TRACE_2D}, ax=axes[2]) is axes[2]
    assert len(plt.get_fignums()) == 1
    # The run's path is drawn point for point.
    path = axes[0].lines[1]
    assert list(path.get_xdata()) == list(TRACE_1D.points[:, 0])


def test_a_new_figure_when_no_axes_is_given():
    ax = plot.trace_2d({"a": TRACE_2D, "b": TRACE_2D}, functions.elliptic)
    assert ax.get_xlabel() == "$x_1$" and ax.get_legend() is not None
    lo, hi = ax.get_xlim()
    assert lo <= TRACE_2D.points[:, 0].min() and hi >= TRACE_2D.points[:, 0].max()


def test_global_style_is_unchanged():
    before = dict(matplotlib.rcParams)
    plot.trace_1d(TRACE_1D, functions.square)
    assert dict(matplotlib.rcParams) == before


def test_values_draws_the_gap_to_the_minimum():
    ax = plot.values({"GD": TRACE_2D}, minimum=0.0)
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "$f - f^\\star$"


def test_surface_3d_draws_the_path_on_3d_axes():
    fig = plt.figure()
    ax = fig.add_subplot(projection="3d")
    assert plot.surface_3d(TRACE_2D, functions.elliptic, ax=ax) is ax
    assert len(ax.lines) == 1 and list(ax.lines[0].get_data_3d()[2]) == list(TRACE_2D.values)
    with pytest.raises(ValueError, match="is not 3D"):
        plot.surface_3d(TRACE_2D, functions.elliptic, ax=fig.add_subplot(2, 2, 4))
    assert plot.surface_3d(TRACE_2D, functions.elliptic).name == "3d"


def test_making_a_figure_keeps_interactive_mode(monkeypatch):
    # In Jupyter the first figure activates the inline backend, which turns interactive mode
    # on; leaving the style context must not turn it off again, or later cells' figures would
    # not be shown. Simulate the activation on figure creation:
    real_figure = plt.figure

    def activating_figure(*args, **kwargs):
        matplotlib.interactive(True)
        return real_figure(*args, **kwargs)

    was = matplotlib.is_interactive()
    monkeypatch.setattr(plt, "figure", activating_figure)
    try:
        matplotlib.interactive(False)
        plot.trace_1d(TRACE_1D, functions.square)
        assert matplotlib.is_interactive()
    finally:
        matplotlib.interactive(was)


def test_trace_1d_span_sets_the_curve_interval_and_must_hold_the_run():
    ax = plot.trace_1d(TRACE_1D, functions.square, span=(-1.0, 11.0))
    curve = ax.lines[0].get_xdata()
    assert curve.min() == -1.0 and curve.max() == 11.0
    with pytest.raises(ValueError, match=r"Invalid span: span=\(0, 5\) leaves out iterates in \[0.0604662, 10\]"):
        plot.trace_1d(TRACE_1D, functions.square, span=(0, 5))
    with pytest.raises(ValueError, match=r"Invalid span: span=\(3, 3\) \(must be two finite numbers, low < high\)"):
        plot.trace_1d(TRACE_1D, functions.square, span=(3, 3))


def test_a_run_has_the_same_colour_in_its_path_and_its_values():
    runs = {"a": TRACE_2D, "b": run(optim.gd(eta=0.05), functions.elliptic, x0=[-5.0, -2.0], steps=20)}
    fig, (left, right) = plt.subplots(1, 2)
    plot.trace_2d(runs, functions.elliptic, ax=left)
    plot.values(runs, ax=right)
    path_colors = [line.get_color() for line in left.lines]
    value_colors = [line.get_color() for line in right.lines]
    assert path_colors == value_colors and len(set(value_colors)) == 2


def test_values_takes_a_single_trace_like_the_other_helpers():
    ax = plot.values(TRACE_2D, per_step=2)
    [line] = ax.lines
    assert list(line.get_xdata()) == [2 * t for t in range(TRACE_2D.steps + 1)]
    assert ax.get_legend() is None
    with pytest.raises(TypeError, match="Invalid trace: 'GD'"):
        plot.values({"a": "GD"})


def test_contours_keep_one_unit_the_same_length_on_both_axes_by_default():
    # A step leaves its contour at a right angle only where circles look round.
    assert plot.trace_2d(TRACE_2D, functions.elliptic).get_aspect() == 1.0
    assert plot.trace_2d(TRACE_2D, functions.elliptic, aspect="auto").get_aspect() == "auto"
    with pytest.raises(ValueError, match=r"Invalid aspect: aspect='square' \(must be 'equal' or 'auto'\)"):
        plot.trace_2d(TRACE_2D, functions.elliptic, aspect="square")


def test_values_labels_a_long_axis_sparsely():
    # 20,000 examples read once gave nine five-digit labels that ran into each other.
    ax = plot.values(TRACE_2D, per_step=1000)
    ax.figure.canvas.draw()
    labels = [t for t in ax.get_xticklabels() if t.get_text() and t.get_visible()]
    assert 2 <= len(labels) <= 7


def test_a_path_drawn_under_a_later_one_is_wider_and_shows():
    # The second run retraces the first: the first is drawn wider, so both show.
    first = run(optim.gd(eta=0.1), functions.square, x0=[1.0], steps=5)
    ax = plot.trace_1d({"a": first, "b": first}, functions.square)
    widths = [line.get_linewidth() for line in ax.get_lines()[1:]]
    assert widths[0] > widths[1] >= 1.0
    plt.close("all")


def _on_the_dark_page(rgb):
    """A colour as the book's dark scheme shows a figure: `filter: invert(1) hue-rotate(180deg)`
    (gdbook.css), with hue-rotate's matrix from the Filter Effects spec (cos = -1, sin = 0),
    applied to sRGB values as Chromium applies the filter shorthands (its canvas, through the
    same filter, gives these colours to within 2/255)."""
    hue_rotate_180 = np.array([[-0.574, 1.430, 0.144], [0.426, 0.430, 0.144], [0.426, 1.430, -0.856]])
    return np.clip(hue_rotate_180 @ (1 - rgb), 0, 1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_runs_drawn_together_have_colours_told_apart_at_a_glance(scheme):
    """Up to eight runs share a figure (chapter 3 draws seven on the contours): every two of
    their colours, and each with the contours', differ by at least 18 in CAM02-UCS (a
    just-noticeable difference is about 1; the former red and pink, 14 apart, read as one run)."""
    colours = {c: np.array(matplotlib.colors.to_rgb(c)) for c in [*plot.RUN_COLORS, plot.CURVE_COLOR]}
    if scheme == "dark":
        colours = {c: _on_the_dark_page(rgb) for c, rgb in colours.items()}
    distances = {(a, b): float(deltaE(colours[a], colours[b], input_space="sRGB1"))
                 for a, b in itertools.combinations(colours, 2)}
    close = {pair: round(d, 1) for pair, d in distances.items() if d < 18}
    assert not close, close
