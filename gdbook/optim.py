r"""Optimizers as small, pure update rules.

Each optimizer is a pair of functions, in the style of optax:

* ``init(x) -> state`` makes the optimizer's state for a start point ``x``;
* ``update(grad, state, x) -> (step, state)`` turns a gradient into a step, and the new
  point is ``x + step``.

Nothing is read from globals and nothing is printed; :func:`gdbook.run` drives the loop.
Later chapters add rules with more state (momentum, Adam, ...) in the same shape.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from .schedules import LearningRate, as_schedule


class Optimizer(NamedTuple):
    """An ``init``/``update`` pair and a short description of its settings."""

    init: Callable
    update: Callable
    name: str


class GDState(NamedTuple):
    """Gradient descent keeps only the step count ``t`` (for learning-rate schedules)."""

    count: int


def gd(eta: LearningRate) -> Optimizer:
    r"""Gradient descent: :math:`x_{t} = x_{t-1} - \eta_t \nabla f(x_{t-1})`.

    With a stochastic gradient (see :mod:`gdbook.stochastic`) this same rule is stochastic
    gradient descent.

    Args:
        eta: the learning rate :math:`\eta > 0`, a number or a schedule
            (:mod:`gdbook.schedules`) of the step number :math:`t = 1, 2, \ldots`.

    Reference: A. Cauchy, *Méthode générale pour la résolution des systèmes d'équations
    simultanées*, 1847.

    Chapter 1's first run: :math:`f(x) = x^2` from :math:`x_0 = 10` with :math:`\eta = 0.2`
    multiplies :math:`x` by :math:`1 - 2\eta = 0.6` at every step, so after ten steps
    :math:`x = 10 \cdot 0.6^{10}`:

    >>> from gdbook import functions, run
    >>> print(run(gd(eta=0.2), functions.square, x0=10.0, steps=10))
    epoch 10, x: 0.060466
    >>> gd(eta=0)
    Traceback (most recent call last):
    ValueError: Invalid learning rate: eta=0.0 (must be > 0)
    """
    schedule = as_schedule(eta)

    def init(x):
        return GDState(count=0)

    def update(grad, state, x):
        t = state.count + 1
        return -schedule(t) * np.asarray(grad), GDState(count=t)

    label = repr(eta) if callable(eta) else f"{float(eta):g}"
    return Optimizer(init, update, f"gd(eta={label})")
