"""Interactive learning-rate explorers, computed by gdbook at build time.

A chapter places ``<div class="gd-explorer" data-name="NAME"></div>`` in a Markdown cell. This
hook runs gdbook for every setting the explorer offers (each learning rate on its slider, each
start, each optimizer), writes the runs to ``assets/explorer/NAME.json`` and replaces the
placeholder with the controls, labelled in the page's language. ``assets/explorer.js`` draws
the chosen run and shows its final point. The browser needs no network and no Python, and
the numbers have one implementation: gdbook's ``run`` (the page shows ``str(trace)``).
"""

from __future__ import annotations

import html
import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import contourpy
import numpy as np
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from gdbook import functions, optim, run
from gdbook.functions import Objective

from book import EXPLORER as PLACEHOLDER  # a plain module beside the hooks
from book import words, write_if_changed

SCRIPT = "assets/explorer.js"


def _grid(low: float, high: float, step: float) -> list[float]:
    return [round(v, 4) for v in np.arange(low, high + step / 2, step)]


@dataclass(frozen=True)
class Explorer:
    objective: Objective
    optimizers: dict[str, Callable[[float], optim.Optimizer]]
    etas: list[float]
    eta: float  # shown first
    starts: list  # start points; the first is shown first
    steps: int
    view: tuple[float, float, float, float]  # x-range, then y-range (f for 1D, x2 for 2D)


BOWL = functions.quadratic([[0.1, 0], [0, 2]])

EXPLORERS = {
    "gd-square": Explorer(
        functions.square, {"GD": lambda eta: optim.gd(eta=eta)},
        etas=_grid(0.02, 1.1, 0.02), eta=0.2, starts=[10.0, -6.0], steps=10,
        view=(-15.0, 15.0, -5.0, 225.0),
    ),
    "x-cos": Explorer(
        functions.x_cos(0.15 * np.pi), {"GD": lambda eta: optim.gd(eta=eta)},
        etas=_grid(0.05, 2.0, 0.05), eta=2.0, starts=[10.0, 3.0, -3.0, -10.0], steps=10,
        view=(-20.0, 20.0, -20.0, 20.0),
    ),
    "variants": Explorer(
        BOWL,
        {
            "GD": lambda eta: optim.gd(eta=eta),
            "momentum (γ=0.5)": lambda eta: optim.momentum(eta=eta, gamma=0.5),
            "NAG (γ=0.5)": lambda eta: optim.nesterov(eta=eta, gamma=0.5),
            "AdaGrad": lambda eta: optim.adagrad(eta=eta),
            "RMSProp (γ=0.9)": lambda eta: optim.rmsprop(eta=eta, gamma=0.9),
            "Adam": lambda eta: optim.adam(eta=eta),
        },
        etas=_grid(0.05, 1.0, 0.05), eta=0.4, starts=[[-5.0, -2.0], [4.0, 1.5]], steps=20,
        view=(-6.0, 6.0, -3.0, 3.0),
    ),
}

# The figure's coordinates: a 480 x 300 viewBox with a small margin. Points are sent already
# in these coordinates, as SVG "points" strings, so the browser only inserts them.
WIDTH, HEIGHT, PAD = 480, 300, 8


def _polyline(points: np.ndarray, view) -> str:
    """``points`` (x, y pairs in the objective's units) as an SVG polyline's points, to a
    tenth of a pixel; far-away points of a diverging run are clamped, still off the figure."""
    x0, x1, y0, y1 = view
    px = PAD + (points[:, 0] - x0) / (x1 - x0) * (WIDTH - 2 * PAD)
    py = HEIGHT - PAD - (points[:, 1] - y0) / (y1 - y0) * (HEIGHT - 2 * PAD)
    with np.errstate(invalid="ignore"):
        pixels = np.clip(np.column_stack([px, py]), -1e4, 1e4)
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in pixels).replace(".0,", ",").replace(".0 ", " ")


def _background(ex: Explorer) -> list[str]:
    x0, x1, y0, y1 = ex.view
    if ex.objective.dim == 1:
        xs = np.linspace(x0, x1, 241)
        return [_polyline(np.column_stack([xs, ex.objective.f(xs[:, None])]), ex.view)]
    xs, ys = np.linspace(x0, x1, 97), np.linspace(y0, y1, 97)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1)
    values = ex.objective.f(grid)
    generator = contourpy.contour_generator(xs, ys, values)
    lines = []
    for level in np.geomspace(0.05, values.max(), 10):
        lines += [_polyline(line, ex.view) for line in generator.lines(level)]
    return lines


def data(name: str) -> dict:
    """Every run the explorer ``name`` offers, as its page draws and prints them."""
    ex = EXPLORERS[name]
    runs = []
    for make in ex.optimizers.values():
        per_start = []
        for start in ex.starts:
            per_eta = []
            for eta in ex.etas:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # a diverging run says so in its text
                    trace = run(make(eta), ex.objective, x0=start, steps=ex.steps)
                shown = trace.points if ex.objective.dim == 2 else np.column_stack([trace.points[:, 0], trace.values])
                per_eta.append({"points": _polyline(shown, ex.view), "text": str(trace)})
            per_start.append(per_eta)
        runs.append(per_start)
    return {"etas": ex.etas, "eta": ex.etas.index(ex.eta), "background": _background(ex), "runs": runs}


_CACHE: dict[str, str] = {}


def _json(name: str) -> str:
    if name not in _CACHE:
        _CACHE[name] = json.dumps(data(name), separators=(",", ":"), ensure_ascii=False)
    return _CACHE[name]


def _select(css: str, label: str, options: list[str]) -> str:
    if len(options) < 2:
        return ""
    items = "".join(f'<option value="{i}">{html.escape(o)}</option>' for i, o in enumerate(options))
    return f'<label>{label} <select class="{css}">{items}</select></label>'


def widget(name: str, labels: dict[str, str], src: str) -> str:
    """The explorer's controls and figure, labelled with ``labels`` (the page language's
    words, ``explorer_*``)."""
    ex = EXPLORERS[name]
    words = {key.removeprefix("explorer_"): text for key, text in labels.items() if key.startswith("explorer_")}
    first = data_first_text(name)
    slider = (
        f'<label>{words["eta"]} <input type="range" class="eta" min="0" max="{len(ex.etas) - 1}" step="1" '
        f'value="{ex.etas.index(ex.eta)}"> <output class="eta-value">{ex.eta:g}</output></label>'
    )
    return (
        f'<figure class="gd-explorer" data-src="{src}" data-name="{name}">'
        f'<div class="gd-explorer-controls">{slider}'
        f'{_select("start", words["start"], [str(s) for s in ex.starts])}'
        f'{_select("optimizer", words["optimizer"], list(ex.optimizers))}</div>'
        f'{_figure(name, words["plot"])}'
        f'<figcaption>{words["final"]}<output class="final">{html.escape(first)}</output>'
        f'<noscript> {words["nojs"]}</noscript></figcaption></figure>'
    )


def _figure(name: str, label: str) -> str:
    """The empty figure the script fills: background lines and the path (dots as markers),
    clipped to a frame."""
    frame = f'x="{PAD}" y="{PAD}" width="{WIDTH - 2 * PAD}" height="{HEIGHT - 2 * PAD}"'
    dot = f"url(#dot-{name})"
    return (
        f'<svg class="gd-explorer-plot" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}">'
        f'<defs><clipPath id="clip-{name}"><rect {frame}/></clipPath>'
        f'<marker id="dot-{name}" viewBox="0 0 6 6" refX="3" refY="3" markerWidth="6" markerHeight="6" '
        f'markerUnits="userSpaceOnUse"><circle cx="3" cy="3" r="3" class="point"/></marker></defs>'
        f'<g clip-path="url(#clip-{name})"><g class="background"></g>'
        f'<polyline class="path" marker-start="{dot}" marker-mid="{dot}" marker-end="{dot}"/></g>'
        f'<rect class="frame" {frame}/></svg>'
    )


def data_first_text(name: str) -> str:
    payload = json.loads(_json(name))
    return payload["runs"][0][0][payload["eta"]]["text"]


def on_page_content(content, page, config, files):
    names = [m["name"] for m in PLACEHOLDER.finditer(content)]
    if not names:
        return content
    unknown = sorted(set(names) - set(EXPLORERS))
    if unknown:
        raise PluginError(f"{page.file.src_uri}: no explorer named {unknown}; known: {sorted(EXPLORERS)}")
    site = Path(config.site_dir)
    for name in set(names):
        write_if_changed(site / "assets" / "explorer" / f"{name}.json", _json(name))
    url = lambda path: get_relative_url(path, page.url or ".")  # noqa: E731
    content = PLACEHOLDER.sub(
        lambda m: widget(m["name"], words(config), url(f"assets/explorer/{m['name']}.json")), content
    )
    return content + f'<script src="{url(SCRIPT)}" defer></script>'
