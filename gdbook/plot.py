"""Figures of runs: each helper draws on the Axes it is given (or on a new figure) and
returns that Axes. Nothing draws on "the current axes", and no global style is changed.

Labels are mathematical symbols only, so one figure serves every language of the book.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .functions import Objective
from .train import Trace

PATH_COLOR = "#e8710a"
CURVE_COLOR = "#1a73e8"
# Several runs in one figure: matplotlib's default hues without its blue (the contours' colour),
# darkened where they were too light to read on white (at least 3:1 against white, and against
# the book's dark page once its stylesheet inverts the figure's lightness). Its brown and pink
# gave way to a magenta and an olive, and its purple is deeper: as drawn or inverted, no two of
# these (nor a run and the contours) are closer than 18 in CAM02-UCS (tests/unit/test_plot.py),
# where red and pink were 14 apart, and red and brown 13 on the dark page.
RUN_COLORS = ["#c06800", "#2b8a3e", "#d62728", "#6f42c1", "#d23cb4", "#5a5a00", "#0b7285", "#6b6b6b"]
FIGSIZE = (4.8, 3.2)
MAX_MARKED_STEPS = 60
# The book's look, applied only while a helper makes its figure.
STYLE = {
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.markersize": 4,
    "axes.prop_cycle": matplotlib.cycler(color=RUN_COLORS),
}


def _new_figure():
    """A new figure in the book's style.

    The first figure of a Jupyter session activates the inline backend, which switches on
    interactive mode; leaving the style context would switch it off again with the rest of
    the rcParams, and later cells' figures would not be shown. So that one setting is kept.
    """
    with plt.rc_context(STYLE):
        fig = plt.figure(figsize=FIGSIZE, layout="constrained")
        interactive = matplotlib.is_interactive()
    matplotlib.interactive(interactive)
    return fig


def _new_axes(ax):
    return _new_figure().add_subplot() if ax is None else ax


def _span(low: float, high: float, margin: float = 0.15, at_least: float = 1.0):
    """An interval around [low, high], padded, and never narrower than ``at_least``."""
    centre, half = (low + high) / 2, max((high - low) / 2 * (1 + margin), at_least / 2)
    return centre - half, centre + half


def trace_1d(
    traces: Trace | Mapping[str, Trace], objective: Objective, ax: Axes | None = None, *,
    span: tuple[float, float] | None = None,
) -> Axes:
    """The curve of a one-variable ``objective`` and one run's iterates on it (or several
    runs', by label).

    By default the curve spans the runs symmetrically about 0 (at least [-10, 10]), so that
    runs with different learning rates are drawn on the same scale; ``span=(low, high)``
    draws it on that interval instead (it must hold every iterate).

    Args:
        traces: a :class:`~gdbook.Trace` of a one-variable run, or several by label.
        objective: the objective the runs minimized (its curve is drawn).
        ax: the Axes to draw on; None makes a new figure.
        span: ``(low, high)``, the curve's interval; it must hold every iterate.

    Returns:
        The Axes drawn on.

    """
    runs = {None: traces} if isinstance(traces, Trace) else dict(traces)
    for run in runs.values():
        _require_dim(run, objective, 1)
    reached = [float(v) for run in runs.values() for v in (run.points.min(), run.points.max())]
    if span is None:
        reach = max(10.0, *(abs(v) for v in reached))
        low, high = -reach, reach
    else:
        low, high = _interval("span", span)
        if min(reached) < low or max(reached) > high:
            raise ValueError(
                f"Invalid span: span={span!r} leaves out iterates in [{min(reached):g}, {max(reached):g}]"
            )
    ax = _new_axes(ax)
    grid = np.linspace(low, high, 161)
    with plt.rc_context(STYLE):
        ax.plot(grid, objective.f(grid[:, None]), color=CURVE_COLOR, linewidth=1.5)
        for color, width, (label, run) in zip(_path_colors(len(runs)), _path_widths(len(runs)), runs.items()):
            ax.plot(run.points[:, 0], run.values, _path_style(run), color=color, label=label, linewidth=width)
        ax.set_xlabel("$x$")
        ax.set_ylabel("$f(x)$")
        if len(runs) > 1:
            ax.legend()
    return ax


def _path_style(run: Trace) -> str:
    """Dots show single steps on short runs; on long ones they would hide the path."""
    return "-o" if run.steps <= MAX_MARKED_STEPS else "-"


def _path_widths(count: int) -> list[float]:
    """Line widths of ``count`` paths drawn in order: each is drawn over the ones before, so
    the earlier are wider, and a path that runs under a later one still shows at its edges."""
    if count == 1:
        return [1.5]
    return [1.0 + 1.5 * (count - 1 - i) / (count - 1) for i in range(count)]


def _path_colors(count: int) -> list[str]:
    """The book's path colour for one run; the book's run colours for more."""
    if count == 1:
        return [PATH_COLOR]
    return [RUN_COLORS[i % len(RUN_COLORS)] for i in range(count)]


def trace_2d(
    traces: Trace | Mapping[str, Trace], objective: Objective, ax: Axes | None = None, *, levels: int = 12,
    aspect: str = "equal",
) -> Axes:
    """Contours of a two-variable ``objective`` and one run's path (or several, by label).

    Args:
        traces: a :class:`~gdbook.Trace` of a two-variable run, or several by label.
        objective: the objective the runs minimized (its contours are drawn).
        ax: the Axes to draw on; None makes a new figure.
        levels: how many contour lines.
        aspect: ``"equal"`` (default) draws one unit the same length on both axes, so that
            circles look round and a step is seen to leave its contour at a right angle;
            ``"auto"`` stretches the view to the figure (for variables of very different
            scales).

    Returns:
        The Axes drawn on. The view fits every path with a margin.
    """
    runs = {None: traces} if isinstance(traces, Trace) else dict(traces)
    for run in runs.values():
        _require_dim(run, objective, 2)
    if aspect not in ("equal", "auto"):
        raise ValueError(f"Invalid aspect: aspect={aspect!r} (must be 'equal' or 'auto')")
    ax = _new_axes(ax)
    every = np.concatenate([run.points for run in runs.values()])
    # 64 x 64 samples draw smooth contours of these smooth functions, in few bytes.
    x1 = np.linspace(*_span(every[:, 0].min(), every[:, 0].max()), 64)
    x2 = np.linspace(*_span(every[:, 1].min(), every[:, 1].max()), 64)
    grid = np.stack(np.meshgrid(x1, x2), axis=-1)
    with plt.rc_context(STYLE):
        ax.contour(x1, x2, objective.f(grid), levels=levels, colors=CURVE_COLOR, linewidths=0.8)
        for color, width, (label, run) in zip(_path_colors(len(runs)), _path_widths(len(runs)), runs.items()):
            ax.plot(run.points[:, 0], run.points[:, 1], _path_style(run), color=color, label=label, linewidth=width)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_aspect(aspect, adjustable="box")
        if len(runs) > 1:
            ax.legend()
    return ax


def surface_3d(trace: Trace, objective: Objective, ax: Axes | None = None, *, samples: int = 24) -> Axes:
    """The surface of a two-variable ``objective`` with the run's path on it, in 3D.

    The view fits the path with a margin, like :func:`trace_2d`; ``samples`` per axis keep
    the figure light (each is a drawn facet). ``ax`` must be a 3D Axes
    (``fig.add_subplot(projection="3d")``), or None for a new figure.

    Args:
        trace: a :class:`~gdbook.Trace` of a two-variable run.
        objective: the objective the run minimized (its surface is drawn).
        ax: a 3D Axes to draw on; None makes a new figure.
        samples: grid points per axis of the surface.

    Returns:
        The 3D Axes drawn on.

    """
    _require_dim(trace, objective, 2)
    if ax is None:
        ax = _new_figure().add_subplot(projection="3d")
    elif getattr(ax, "name", "") != "3d":
        raise ValueError(f"Invalid axes: ax={ax!r} is not 3D; make it with projection='3d'")
    x1 = np.linspace(*_span(trace.points[:, 0].min(), trace.points[:, 0].max()), samples)
    x2 = np.linspace(*_span(trace.points[:, 1].min(), trace.points[:, 1].max()), samples)
    grid = np.stack(np.meshgrid(x1, x2), axis=-1)
    with plt.rc_context(STYLE):
        ax.plot_surface(grid[..., 0], grid[..., 1], objective.f(grid), cmap="viridis",
                        alpha=0.6, linewidth=0, antialiased=True)
        ax.plot(trace.points[:, 0], trace.points[:, 1], trace.values, "-o", color=PATH_COLOR,
                markersize=3, zorder=10)
        ax.set_xlabel("$x_1$")
        ax.set_ylabel("$x_2$")
        ax.set_zlabel("$f$")
    return ax


def values(
    traces: Trace | Mapping[str, Trace],
    ax: Axes | None = None,
    *,
    per_step: float | Mapping[str, float] | None = None,
    minimum: float | None = None,
    xlabel: str = "step",
) -> Axes:
    """The objective's value along one run, or along each of several by label, on a log scale.

    Args:
        traces: a :class:`~gdbook.Trace`, or several by label (a legend names them).
        ax: the Axes to draw on; None makes a new figure.
        per_step: scales the horizontal axis (for instance by the examples one step reads), so
            runs of different cost share one axis: a number, or one per label.
        minimum: the optimal value :math:`f^\\star`; with it, the gap :math:`f - f^\\star` is
            drawn instead of :math:`f`.
        xlabel: the horizontal axis' label.

    Returns:
        The Axes drawn on.
    """
    single = isinstance(traces, Trace)
    traces = {None: traces} if single else dict(traces)
    for run in traces.values():
        if not isinstance(run, Trace):
            raise TypeError(f"Invalid trace: {run!r}; must be a gdbook Trace (from gdbook.run)")
    if per_step is not None and not isinstance(per_step, Mapping):
        per_step = {label: per_step for label in traces}
    ax = _new_axes(ax)
    offset = 0.0 if minimum is None else float(minimum)
    with plt.rc_context(STYLE):
        # The colours trace_2d gives the same runs, so one run has one colour in a figure
        # that shows both.
        for color, (label, run) in zip(_path_colors(len(traces)), traces.items()):
            scale = 1.0 if per_step is None else per_step[label]
            ax.plot(np.arange(run.steps + 1) * scale, run.values - offset, label=label, color=color)
        ax.set_yscale("log")
        # At most six labelled ticks: long runs (20,000 examples read) would crowd the axis.
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
        ax.set_xlabel(xlabel)
        ax.set_ylabel("$f - f^\\star$" if minimum is not None else "$f$")
        if not single:
            ax.legend()
    return ax


def _interval(name: str, value) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        low = high = float("nan")
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise ValueError(f"Invalid {name}: {name}={value!r} (must be two finite numbers, low < high)")
    return low, high


def _require_dim(trace: Trace, objective: Objective, dim: int):
    if not isinstance(trace, Trace):
        raise TypeError(f"Invalid trace: {trace!r}; must be a gdbook Trace (from gdbook.run)")
    if objective.dim != dim or trace.points.shape[1] != dim:
        raise ValueError(
            f"Invalid objective: {objective.name} takes {objective.dim} variables and the trace "
            f"has {trace.points.shape[1]}; this plot draws {dim}-variable runs"
        )
