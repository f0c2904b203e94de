r"""Line searches: choosing the step length along a direction :math:`d` from :math:`x`, by
looking at :math:`\varphi(\alpha) = f(x + \alpha d)`.

* :func:`bisection` minimizes a convex :math:`\varphi` on an interval, by halving the
  interval on the sign of :math:`\varphi'`.
* :func:`backtracking` shrinks a trial step until it decreases :math:`f` enough (the Armijo
  condition); :func:`gdbook.optim.backtracking_gd` uses it at every step.

Each returns the step and how many evaluations it spent, the cost to compare with a
fixed step.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from . import _checks


class SearchResult(NamedTuple):
    """What a line search returns: the ``step`` it chose and the ``evaluations`` it spent."""

    step: float
    evaluations: int


def _interval(low, high, tol) -> tuple[float, float, float]:
    """Check an interval search's settings: low < high, both finite, tol > 0."""
    low = _checks.real("interval end", "low", low)
    high = _checks.real("interval end", "high", high)
    if not low < high:
        raise ValueError(f"Invalid interval: low={low!r}, high={high!r} (must have low < high)")
    return low, high, _checks.positive("tolerance", "tol", tol)


def bisection(dphi: Callable[[float], float], low: float, high: float, *, tol: float = 1e-8,
              max_iterations: int = 200) -> SearchResult:
    r"""The minimizer of a convex :math:`\varphi` on ``[low, high]``, from its derivative.

    Needs :math:`\varphi'(\text{low}) < 0 < \varphi'(\text{high})`; each iteration evaluates
    :math:`\varphi'` at the midpoint and keeps the half where the sign changes, so the
    interval halves until it is shorter than ``tol``.

    Args:
        dphi: the derivative :math:`\varphi'`, a function of one number.
        low: the interval's left end.
        high: its right end; :math:`\varphi'` must be < 0 at ``low`` and > 0 at ``high``.
        tol: the interval width at which the search stops, > 0.
        max_iterations: a bound on the halvings.

    Returns:
        A :class:`SearchResult`: the step and the evaluations of ``dphi`` it cost.

    >>> result = bisection(lambda a: 2 * (a - 0.3), 0.0, 1.0, tol=1e-6)
    >>> round(result.step, 6), result.evaluations
    (0.3, 22)

    Chapter 4's exercise: the minimizer of :math:`\log(e^x + e^{-2x-3})` on :math:`[-5, 5]`:

    >>> from gdbook import functions
    >>> h = functions.log_sum_exp([1, -2], [0, -3])
    >>> result = bisection(lambda a: h.grad(a)[0], -5.0, 5.0, tol=1e-10)
    >>> f"{result.step:.8f}", result.evaluations
    ('-0.76895094', 39)
    """
    low, high, tol = _interval(low, high, tol)
    at_low, at_high = dphi(low), dphi(high)
    evaluations = 2
    if not (at_low < 0 < at_high):
        raise ValueError(
            f"Invalid interval: the derivative must change sign from - to + on [{low!r}, {high!r}]; "
            f"got {at_low!r} and {at_high!r}"
        )
    for _ in range(max_iterations):
        if high - low <= tol:
            break
        middle = (low + high) / 2
        slope = dphi(middle)
        evaluations += 1
        if slope > 0:
            high = middle
        elif slope < 0:
            low = middle
        else:
            return SearchResult(middle, evaluations)
    return SearchResult((low + high) / 2, evaluations)


def armijo(f: Callable, x: ArrayLike, direction: ArrayLike, grad: ArrayLike, step: float, *, c: float = 1e-4,
           value_at_x: float | None = None) -> bool:
    r"""Whether ``step`` satisfies the Armijo (sufficient decrease) condition
    :math:`f(x + \alpha d) \le f(x) + c\,\alpha\,\nabla f(x)^\top d`.

    Args:
        f: the objective's value, ``x -> f(x)``.
        x: the current point.
        direction: the search direction :math:`d`.
        grad: the gradient at ``x``.
        step: the step length :math:`\alpha` to test.
        c: the Armijo constant, in (0, 1).
        value_at_x: :math:`f(x)`, if already known (saves an evaluation).

    Returns:
        True if :math:`f` falls by at least :math:`c\,\alpha\,|\nabla f(x)^\top d|`.

    """
    fx = f(x) if value_at_x is None else value_at_x
    return bool(f(np.asarray(x) + step * np.asarray(direction)) <= fx + c * step * float(np.dot(grad, direction)))


def backtracking_settings(alpha: float, rho: float, c: float) -> tuple[float, float, float]:
    """Check a backtracking search's settings: alpha > 0, 0 < rho < 1, 0 < c < 1.

    Args:
        alpha: the first step length tried, > 0.
        rho: the shrink factor, in (0, 1).
        c: the Armijo constant, in (0, 1).

    Returns:
        The three settings as floats.

    """
    return (
        _checks.positive("initial step", "alpha", alpha),
        _checks.real("shrink factor", "rho", rho, low=0, low_open=True, high=1, high_open=True),
        _checks.real("Armijo constant", "c", c, low=0, low_open=True, high=1, high_open=True),
    )


def backtracking(f: Callable, x: ArrayLike, direction: ArrayLike, grad: ArrayLike, *, alpha: float = 1.0, rho: float = 0.5,
                 c: float = 1e-4, max_shrinks: int = 60) -> SearchResult:
    r"""The first of :math:`\alpha, \rho\alpha, \rho^2\alpha, \ldots` that satisfies the
    Armijo condition :math:`f(x + \alpha d) \le f(x) + c\,\alpha\,\nabla f(x)^\top d`.

    ``direction`` must be a descent direction (:math:`\nabla f(x)^\top d < 0`): then a small
    enough step always qualifies. Evaluations count every value of :math:`f` computed,
    :math:`f(x)` included.

    Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., Algorithm 3.1.

    Args:
        f: the objective's value, ``x -> f(x)``.
        x: the current point.
        direction: a descent direction :math:`d` (:math:`\nabla f(x)^\top d < 0`).
        grad: the gradient at ``x``.
        alpha: the first step length tried, > 0.
        rho: the shrink factor, in (0, 1).
        c: the Armijo constant, in (0, 1).
        max_shrinks: a bound on the shrinks.

    Returns:
        A :class:`SearchResult`: the step length and the evaluations of ``f`` it cost.

    >>> f = lambda x: float(x[0] ** 2)
    >>> backtracking(f, [10.0], [-20.0], [20.0])
    SearchResult(step=0.5, evaluations=3)
    """
    alpha, rho, c = backtracking_settings(alpha, rho, c)
    x, direction, grad = (np.asarray(v, dtype=float) for v in (x, direction, grad))
    slope = float(np.dot(grad, direction))
    if not slope < 0:
        raise ValueError(
            f"Invalid direction: direction={direction.tolist()} is not a descent direction "
            f"(the slope grad . direction = {slope!r} must be < 0)"
        )
    fx = f(x)
    evaluations = 1
    step = alpha
    for _ in range(max_shrinks):
        evaluations += 1
        if f(x + step * direction) <= fx + c * step * slope:
            return SearchResult(step, evaluations)
        step *= rho
    raise RuntimeError(
        f"backtracking found no step satisfying the Armijo condition after {max_shrinks} "
        f"shrinks (last step {step!r}); is the gradient right?"
    )


INVERSE_GOLDEN_RATIO = (5**0.5 - 1) / 2


def golden_section(phi: Callable[[float], float], low: float, high: float, *, tol: float = 1e-8,
                   max_iterations: int = 200) -> SearchResult:
    r"""The minimizer of a unimodal :math:`\varphi` on ``[low, high]``, from values alone.

    Two interior points split the interval in the golden ratio; comparing :math:`\varphi`
    there tells which end to drop. One of the points is reused, so each iteration costs one
    evaluation and shrinks the interval by :math:`(\sqrt5-1)/2 \approx 0.618`: linear
    convergence, like bisection's factor 1/2 per evaluation of :math:`\varphi'`.

    Args:
        phi: the function :math:`\varphi` of one number, unimodal on the interval.
        low: the interval's left end.
        high: its right end.
        tol: the interval width at which the search stops, > 0.
        max_iterations: a bound on the shrinks.

    Returns:
        A :class:`SearchResult`: the step and the evaluations of ``phi`` it cost.

    >>> result = golden_section(lambda a: (a - 0.3) ** 2, 0.0, 1.0, tol=1e-6)
    >>> round(result.step, 5), result.evaluations
    (0.3, 31)
    """
    low, high, tol = _interval(low, high, tol)
    left = high - INVERSE_GOLDEN_RATIO * (high - low)
    right = low + INVERSE_GOLDEN_RATIO * (high - low)
    at_left, at_right = phi(left), phi(right)
    evaluations = 2
    for _ in range(max_iterations):
        if high - low <= tol:
            break
        if at_left < at_right:
            high, right, at_right = right, left, at_left
            left = high - INVERSE_GOLDEN_RATIO * (high - low)
            at_left = phi(left)
        else:
            low, left, at_left = left, right, at_right
            right = low + INVERSE_GOLDEN_RATIO * (high - low)
            at_right = phi(right)
        evaluations += 1
    return SearchResult((low + high) / 2, evaluations)
