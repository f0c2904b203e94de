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

from . import _checks
from .linesearch import backtracking, backtracking_settings, bisection
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


class NewtonState(NamedTuple):
    """Newton's method keeps the step count ``t`` (for learning-rate schedules)."""

    count: int


HESSIAN_FIXES = (None, "abs")


def newton(hessian: Callable, eta: LearningRate = 1.0, *, fix: str | None = None) -> Optimizer:
    r"""Newton's method, damped by a learning rate:
    :math:`x_t = x_{t-1} - \eta_t H(x_{t-1})^{-1} \nabla f(x_{t-1})`.

    The step minimizes the second-order Taylor model of :math:`f` at :math:`x_{t-1}`; on a
    quadratic with positive-definite Hessian, one step with :math:`\eta = 1` lands on the
    minimum. Where :math:`H` is not positive definite (a nonconvex :math:`f`) the step can go
    uphill; ``fix="abs"`` uses :math:`|H| = V|\Lambda|V^\top` (the absolute values of its
    eigenvalues) instead, which keeps the direction a descent direction.

    Args:
        hessian: ``x -> H(x)``, e.g. ``objective.hess``.
        eta: the learning rate :math:`\eta > 0` (1 is the undamped method), or a schedule.
        fix: None, or ``"abs"`` to use :math:`|H|`.

    Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., §3.3–3.4.

    >>> import numpy as np
    >>> from gdbook import functions, run
    >>> f = functions.x_cos(0.15 * np.pi)
    >>> print(run(newton(f.hess, eta=1.0), f, x0=10.0, steps=10))
    epoch 10, x: 26.834133
    >>> print(run(newton(f.hess, eta=0.5), f, x0=10.0, steps=10))
    epoch 10, x: 7.269860
    >>> newton(f.hess, fix="flip")
    Traceback (most recent call last):
    ValueError: Invalid Hessian fix: fix='flip' (must be one of None, 'abs')
    """
    if not callable(hessian):
        raise TypeError(f"Invalid Hessian: hessian={hessian!r}; must be a function x -> H(x), e.g. objective.hess")
    if fix not in HESSIAN_FIXES:
        raise ValueError(f"Invalid Hessian fix: fix={fix!r} (must be one of None, 'abs')")
    schedule = as_schedule(eta)

    def init(x):
        return NewtonState(count=0)

    def update(grad, state, x):
        t = state.count + 1
        h = np.atleast_2d(hessian(x))
        if fix == "abs":
            values, vectors = np.linalg.eigh((h + h.T) / 2)
            h = (vectors * np.abs(values)) @ vectors.T
        try:
            direction = np.linalg.solve(h, np.asarray(grad))
        except np.linalg.LinAlgError:
            raise ValueError(
                f"Newton step undefined at x={np.asarray(x).tolist()}: the Hessian is singular"
            ) from None
        return -schedule(t) * direction, NewtonState(count=t)

    label = repr(eta) if callable(eta) else f"{float(eta):g}"
    return Optimizer(init, update, f"newton(eta={label}{', fix=' + repr(fix) if fix else ''})")


def diagonal_preconditioned_gd(hessian: Callable, eta: LearningRate) -> Optimizer:
    r"""Gradient descent preconditioned by the Hessian's diagonal:
    :math:`x_t = x_{t-1} - \eta_t\, \mathrm{diag}(|H(x_{t-1})|)^{-1} \nabla f(x_{t-1})`.

    Dividing each coordinate's gradient by its curvature makes the method blind to the units
    of each variable: rescaling a coordinate (millimetres for kilometres) leaves the path the
    same. It cannot undo a rotation: curvature along a diagonal direction is invisible to the
    diagonal.

    >>> from gdbook import functions, run
    >>> f = functions.quadratic([[1000.0, 0.0], [0.0, 0.001]])
    >>> print(run(diagonal_preconditioned_gd(f.hess, eta=1.0), f, x0=[1.0, 1.0], steps=1))
    epoch 1, x1: 0.000000, x2: 0.000000
    """
    if not callable(hessian):
        raise TypeError(f"Invalid Hessian: hessian={hessian!r}; must be a function x -> H(x), e.g. objective.hess")
    schedule = as_schedule(eta)

    def init(x):
        return GDState(count=0)

    def update(grad, state, x):
        t = state.count + 1
        scale = np.abs(np.diag(np.atleast_2d(hessian(x))))
        if np.any(scale == 0):
            raise ValueError(
                f"Preconditioner undefined at x={np.asarray(x).tolist()}: a diagonal entry of the Hessian is 0"
            )
        return -schedule(t) * np.asarray(grad) / scale, GDState(count=t)

    label = repr(eta) if callable(eta) else f"{float(eta):g}"
    return Optimizer(init, update, f"diagonal_preconditioned_gd(eta={label})")


class LineSearchState(NamedTuple):
    """Steps taken, and the evaluations (of f or of its gradient) the line searches spent."""

    count: int
    evaluations: int


def backtracking_gd(value: Callable, *, alpha: float = 1.0, rho: float = 0.5, c: float = 1e-4) -> Optimizer:
    r"""Gradient descent whose step length is chosen by a backtracking line search:
    :math:`x_t = x_{t-1} - \alpha_t \nabla f(x_{t-1})`, with :math:`\alpha_t` the first of
    :math:`\alpha, \rho\alpha, \rho^2\alpha, \ldots` that satisfies the Armijo condition
    (see :func:`gdbook.linesearch.backtracking`). No learning rate to tune; each step costs
    extra evaluations of :math:`f`, counted in the state.

    Args:
        value: ``x -> f(x)``, e.g. ``objective.f``.

    On :math:`x_1^2 + 2x_2^2` from :math:`(-5, -2)` the first step halves once to
    :math:`\alpha = 1/2`, which zeroes :math:`x_1`; the second takes :math:`\alpha = 1/4`:

    >>> from gdbook import functions, run
    >>> trace = run(backtracking_gd(functions.elliptic.f), functions.elliptic, x0=[-5.0, -2.0], steps=2)
    >>> print(trace)
    epoch 2, x1: 0.000000, x2: 0.000000
    >>> trace.state.evaluations
    7
    """
    if not callable(value):
        raise TypeError(f"Invalid objective value: value={value!r}; must be a function x -> f(x), e.g. objective.f")
    alpha, rho, c = backtracking_settings(alpha, rho, c)

    def init(x):
        return LineSearchState(count=0, evaluations=0)

    def update(grad, state, x):
        direction = -np.asarray(grad)
        if not float(np.dot(direction, direction)) > 0:  # at a stationary point (or nearly: underflow)
            return np.zeros_like(direction), LineSearchState(state.count + 1, state.evaluations)
        step, spent = backtracking(value, x, direction, grad, alpha=alpha, rho=rho, c=c)
        return step * direction, LineSearchState(state.count + 1, state.evaluations + spent)

    return Optimizer(init, update, f"backtracking_gd(alpha={alpha:g}, rho={rho:g}, c={c:g})")


def exact_line_search_gd(gradient: Callable, *, tol: float = 1e-10, max_doublings: int = 60) -> Optimizer:
    r"""Steepest descent with an exact line search:
    :math:`x_t = x_{t-1} - \alpha_t \nabla f(x_{t-1})` where :math:`\alpha_t` minimizes
    :math:`\varphi(\alpha) = f(x_{t-1} - \alpha \nabla f(x_{t-1}))`, found by bisection on
    :math:`\varphi'(\alpha) = -\nabla f(x_{t-1} - \alpha g)^\top g` (:math:`\varphi` convex).

    The interval starts at :math:`[0, 1]` and doubles until :math:`\varphi'` turns positive.
    Gradient evaluations spent by the searches are counted in the state (``evaluations``).

    Args:
        gradient: ``x -> grad f(x)``, e.g. ``objective.grad``.

    >>> from gdbook import functions, run
    >>> trace = run(exact_line_search_gd(functions.elliptic.grad), functions.elliptic, x0=[-5.0, -2.0], steps=20)
    >>> print(trace)
    epoch 20, x1: 0.000000, x2: 0.000000
    >>> trace.state.evaluations
    740
    """
    if not callable(gradient):
        raise TypeError(f"Invalid gradient: gradient={gradient!r}; must be a function x -> grad f(x), e.g. objective.grad")
    tol = _checks.positive("tolerance", "tol", tol)

    def init(x):
        return LineSearchState(count=0, evaluations=0)

    def update(grad, state, x):
        g = np.asarray(grad)
        if not float(np.dot(g, g)) > 0:  # at a stationary point (or nearly: underflow)
            return np.zeros_like(g), LineSearchState(state.count + 1, state.evaluations)

        def slope(alpha):
            return -float(np.dot(gradient(x - alpha * g), g))

        high, spent = 1.0, 1
        while slope(high) <= 0:
            high, spent = 2 * high, spent + 1
            if spent > max_doublings:
                raise RuntimeError(f"exact line search found no upper end for the step (tried up to {high!r}); is f bounded below?")
        result = bisection(slope, 0.0, high, tol=tol)
        return -result.step * g, LineSearchState(state.count + 1, state.evaluations + spent + result.evaluations)

    return Optimizer(init, update, f"exact_line_search_gd(tol={tol:g})")
