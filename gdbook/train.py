r"""The optimization loop: :func:`run` applies an optimizer and returns a :class:`Trace`.

The library never prints. A trace's string form is the line the book prints, so a reader's
``print(trace)`` and the book's pinned outputs are one and the same.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from . import _checks
from .functions import Objective
from .optim import Optimizer

if TYPE_CHECKING:
    from .stochastic import MinibatchGradient, NoisyGradient


class DivergenceWarning(RuntimeWarning):
    """A run produced a non-finite value (it overflowed) and was stopped."""


@dataclass(frozen=True, eq=False)
class Trace:
    """The iterates of one run.

    Attributes:
        points: shape ``(k + 1, d)``: the start point and the point after each of ``k`` steps.
        values: shape ``(k + 1,)``: the exact objective at each point.
        diverged: True if the run was stopped because a value stopped being finite; then
            ``points`` ends at the last finite point.
        state: the optimizer's state after the last step (e.g. the function evaluations a
            line search spent).
    """

    points: np.ndarray
    values: np.ndarray
    diverged: bool = False
    state: object = None

    @property
    def steps(self) -> int:
        """The number of steps taken."""
        return len(self.points) - 1

    @property
    def x(self) -> np.ndarray:
        """The final point."""
        return self.points[-1]

    def __str__(self) -> str:
        return self._line("step")

    def __format__(self, spec: str) -> str:
        """``f"{trace}"`` is ``str(trace)``: ``step 10, x: 0.060466``. ``f"{trace:epoch}"``
        writes the same line as *Dive into Deep Learning* prints it, ``epoch 10, x: 0.060466``,
        for the cells that reproduce that book's output (it calls every update an epoch)."""
        if spec not in ("", "step", "epoch"):
            raise ValueError(f"Invalid format for a Trace: {spec!r} (must be '', 'step' or 'epoch')")
        return self._line(spec or "step")

    def _line(self, word: str) -> str:
        x = self.x
        names = ["x"] if x.size == 1 else [f"x{i + 1}" for i in range(x.size)]
        coords = ", ".join(f"{name}: {_fixed(v)}" for name, v in zip(names, x))
        line = f"{word} {self.steps}, {coords}"
        if self.diverged:
            line += f" (diverged: stopped at step {self.steps + 1}, where a value overflowed)"
        return line

    def __repr__(self) -> str:
        return f"<Trace {self}>"

    def __eq__(self, other) -> bool:
        """Two traces are equal when they visited the same points with the same values (and
        both diverged or neither did); arrays are compared whole, so ``==`` gives one bool."""
        if not isinstance(other, Trace):
            return NotImplemented
        return (
            self.diverged == other.diverged
            and np.array_equal(self.points, other.points, equal_nan=True)
            and np.array_equal(self.values, other.values, equal_nan=True)
            and _same(self.state, other.state)
        )

    __hash__ = None  # mutable arrays inside: not hashable, like a NumPy array


def _same(a, b) -> bool:
    """Equality of optimizer states: NamedTuples of numbers and arrays."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(a, b, equal_nan=True)
    return a == b


def _fixed(value: float) -> str:
    """Six decimals, as the book prints them, and never a negative zero ("-0.000000").

    A huge value (a run that blew up) is written in scientific notation instead.
    """
    text = f"{value:f}" if abs(value) < 1e9 else f"{value:.6e}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def run(
    optimizer: Optimizer,
    objective: Objective | NoisyGradient | MinibatchGradient,
    x0: ArrayLike,
    steps: int,
    *,
    seed: int | None = None,
) -> Trace:
    r"""Run ``optimizer`` on ``objective`` from ``x0`` for ``steps`` steps.

    Each step asks the objective for a gradient :math:`g_t` at :math:`x_{t-1}`, asks the
    optimizer for a step, and moves: :math:`x_t = x_{t-1} + \mathrm{step}(g_t)`.

    Args:
        optimizer: an :class:`~gdbook.optim.Optimizer`, e.g. ``optim.gd(eta=0.1)``.
        objective: an :class:`~gdbook.functions.Objective` (exact gradients) or a stochastic
            gradient from :mod:`gdbook.stochastic`.
        x0: the start point: a number, or a sequence of ``d`` numbers.
        steps: how many steps to take (0 or more).
        seed: required with a stochastic gradient (seeds its random generator), refused
            otherwise. A stochastic gradient that has a ``sampler`` method (such as
            :class:`~gdbook.stochastic.MinibatchGradient`, which can go through shuffled
            passes) gives the run its gradient function, ``sampler(rng)``; any other is
            asked for ``sample(x, rng)`` at every step.

    Returns:
        A :class:`Trace`: every point visited and the objective's value there.

    Raises:
        ValueError, TypeError: a bad argument, or a gradient, step or schedule of the reader's
            that returned something other than finite numbers of the right shape (each message
            names what was returned, by which function, and what was expected).

    If a value overflows, the run stops there with a :class:`DivergenceWarning` and returns
    the trace so far, marked ``diverged``.

    >>> from gdbook import functions, optim
    >>> print(run(optim.gd(eta=0.05), functions.square, x0=10.0, steps=10))
    step 10, x: 3.486784
    >>> print(run(optim.gd(eta=1.1), functions.square, x0=10.0, steps=10))
    step 10, x: 61.917364
    >>> print(run(optim.gd(eta=0.1), functions.elliptic, x0=[-5.0, -2.0], steps=20))
    step 20, x1: -0.057646, x2: -0.000073
    >>> run(optim.gd(eta=0.1), functions.elliptic, x0=[-5.0, -2.0], steps=2.5)
    Traceback (most recent call last):
    TypeError: Invalid number of steps: steps=2.5 (float); must be a whole number
    """
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"Invalid optimizer: optimizer={_checks.show(optimizer)}; must be made by gdbook.optim, e.g. optim.gd(eta=0.1)"
        )
    stochastic = hasattr(objective, "sample")
    exact = objective.objective if stochastic else objective
    if not isinstance(exact, Objective):
        raise TypeError(
            f"Invalid objective: objective={_checks.show(objective)}; must be a gdbook Objective or stochastic gradient"
        )
    x = _checks.point("start point", "x0", x0, dim=exact.dim)
    steps = _checks.count("number of steps", "steps", steps)
    if stochastic:
        rng = np.random.default_rng(_checks.seed("seed", seed))
        # A stochastic gradient with state from step to step (a pass through shuffled data)
        # offers sampler(rng), a gradient function for this run; the others are stateless.
        if hasattr(objective, "sampler"):
            gradient = objective.sampler(rng)
        else:
            gradient = lambda point: objective.sample(point, rng)  # noqa: E731
    elif seed is not None:
        raise ValueError(
            f"Invalid seed: seed={_checks.show(seed)} (an exact objective has no randomness; pass seed only "
            "with a stochastic gradient)"
        )
    else:
        gradient = exact.grad

    points = [x]
    state = optimizer.init(x)
    stopped_at = None
    source = f"the stochastic gradient {type(objective).__name__} of {exact.name}" if stochastic else f"the gradient of {exact.name}"
    extra = (exact,) if optimizer.uses_objective else ()  # what update needs besides (grad, state, x)
    # An overflow anywhere in a step (the reader's functions included) means the run diverged:
    # it raises here, so that a NaN or inf that arrives *without* one is known to come from
    # the function that returned it, and is reported as such rather than as divergence.
    with np.errstate(over="raise", invalid="ignore", divide="ignore"):
        for t in range(1, steps + 1):
            try:
                g = _checks.returned(source, gradient(x), x, t)
                step, state = _update_result(optimizer, optimizer.update(g, state, x, *extra), x, t)
                x = x + step
            except (FloatingPointError, OverflowError):
                stopped_at = t
                break
            points.append(x)
    with np.errstate(over="ignore", invalid="ignore"):
        points = np.array(points)
        # One vectorized evaluation instead of one per step; a value can overflow even
        # where the point did not.
        values = exact.f(points)
    finite = np.isfinite(values)
    if not finite.all():
        first_bad = int(np.argmin(finite))
        if first_bad == 0:
            raise ValueError(
                f"Invalid start point: x0={_checks.show(x0)} (the objective {exact.name} is not finite there)"
            )
        stopped_at = first_bad if stopped_at is None else min(stopped_at, first_bad)
        points, values = points[:first_bad], values[:first_bad]
    if stopped_at is not None:
        warnings.warn(
            f"run stopped at step {stopped_at} of {steps}: the iterates overflowed "
            f"({optimizer.name} on {exact.name}); try a smaller learning rate",
            DivergenceWarning,
            stacklevel=2,
        )
    return Trace(points, values, diverged=stopped_at is not None, state=state)


def _update_result(optimizer: Optimizer, result, x: np.ndarray, t: int):
    """What ``optimizer.update`` returned, checked: a pair ``(step, state)`` with a finite step
    of ``x``'s shape."""
    who = f"the update of the optimizer {optimizer.name}"
    if not (isinstance(result, tuple) and len(result) == 2):
        raise TypeError(
            f"{who} returned {_checks.show(result)} at step {t}; expected a pair (step, state), "
            "as every gdbook optimizer's update(grad, state, x) returns"
        )
    step, state = result
    return _checks.returned(who + " (its step)", step, x, t), state
