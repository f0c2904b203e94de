r"""Learning-rate schedules: pure functions of the step number :math:`t = 1, 2, \ldots`.

Wherever an optimizer takes a learning rate ``eta`` it takes a number or one of these.

>>> decay = inverse_sqrt(0.4)
>>> [round(decay(t), 4) for t in (1, 4, 16)]
[0.4, 0.2, 0.1]
"""

from __future__ import annotations

import math
from typing import Callable, Sequence, Union

from . import _checks

Schedule = Callable[[int], float]
LearningRate = Union[float, Schedule]


class _Named:
    """A schedule with a readable repr, so an optimizer's settings print clearly."""

    def __init__(self, text: str, rule: Schedule):
        self._text = text
        self._rule = rule

    def __call__(self, t: int) -> float:
        return self._rule(t)

    def __repr__(self) -> str:
        return self._text


def constant(eta: float) -> Schedule:
    r""":math:`\eta_t = \eta`.

    Args:
        eta: the rate at step 1, :math:`\eta > 0`.

    Returns:
        A schedule: a function of the step number :math:`t = 1, 2, \ldots` giving :math:`\eta_t`.

    >>> constant(0.1)(1000)
    0.1
    """
    eta = _checks.positive("learning rate", "eta", eta)
    return _Named(f"constant({eta:g})", lambda t: eta)


def inverse_sqrt(eta: float) -> Schedule:
    r""":math:`\eta_t = \eta / \sqrt{t}`: the decay suggested for SGD in chapter 2's exercises.

    Args:
        eta: the rate at step 1, :math:`\eta > 0`.

    Returns:
        A schedule: a function of the step number :math:`t = 1, 2, \ldots` giving :math:`\eta_t`.

    """
    eta = _checks.positive("learning rate", "eta", eta)
    return _Named(f"inverse_sqrt({eta:g})", lambda t: eta / math.sqrt(t))


def inverse(eta: float) -> Schedule:
    r""":math:`\eta_t = \eta / t`.

    Args:
        eta: the rate at step 1, :math:`\eta > 0`.

    Returns:
        A schedule: a function of the step number :math:`t = 1, 2, \ldots` giving :math:`\eta_t`.

    >>> inverse(1.0)(4)
    0.25
    """
    eta = _checks.positive("learning rate", "eta", eta)
    return _Named(f"inverse({eta:g})", lambda t: eta / t)


def piecewise_constant(values: Sequence[float], boundaries: Sequence[int]) -> Schedule:
    r"""A step schedule: :math:`\eta_t` = ``values[k]`` for steps after ``boundaries[k-1]``
    and up to ``boundaries[k]``.

    The SIGAI article's schedule, 0.001 for the first 10,000 iterations and 0.0001 after:

    Args:
        values: the rates, each > 0, one more than ``boundaries``.
        boundaries: the last step of each rate but the final one, increasing whole numbers >= 1.

    Returns:
        A schedule: a function of the step number :math:`t = 1, 2, \ldots` giving :math:`\eta_t`.

    >>> step = piecewise_constant([0.001, 0.0001], [10_000])
    >>> step(1), step(10_000), step(10_001)
    (0.001, 0.001, 0.0001)
    """
    values = [_checks.positive("learning rate", f"values[{i}]", v) for i, v in enumerate(values)]
    boundaries = [_checks.count("boundary", f"boundaries[{i}]", b, minimum=1) for i, b in enumerate(boundaries)]
    if len(values) != len(boundaries) + 1:
        raise ValueError(
            f"Invalid schedule: {len(values)} values for {len(boundaries)} boundaries "
            "(there must be one value more than boundaries)"
        )
    if any(b >= c for b, c in zip(boundaries, boundaries[1:])):
        raise ValueError(f"Invalid schedule: boundaries={boundaries} (must increase)")

    def rule(t):
        for boundary, value in zip(boundaries, values):
            if t <= boundary:
                return value
        return values[-1]

    return _Named(f"piecewise_constant({values}, {boundaries})", rule)


def as_schedule(eta: LearningRate) -> Schedule:
    r"""Turn a learning rate given as a number or a schedule into a schedule.

    Args:
        eta: a rate > 0, one of this module's schedules, or a reader's own function of the step
            number (what it returns is then checked at every step: a finite number > 0).

    Returns:
        A schedule: a function of the step number :math:`t = 1, 2, \ldots` giving :math:`\eta_t`.

    >>> as_schedule(-0.1)
    Traceback (most recent call last):
    ValueError: Invalid learning rate: eta=-0.1 (must be > 0)
    """
    if isinstance(eta, _Named):
        return eta
    if callable(eta):
        return _Checked(eta)
    return constant(eta)


class _Checked:
    """A reader's own schedule, with what it returns checked at every step: a string or a
    negative rate would otherwise surface as a NumPy error, or silently climb uphill.

    >>> schedule = as_schedule(lambda t: (10 - t) / 100)
    >>> schedule(1)
    0.09
    >>> schedule(11)
    Traceback (most recent call last):
    ValueError: the learning-rate schedule <lambda> returned -0.01 at step 11; expected a finite number > 0 (a negative rate climbs uphill)
    """

    def __init__(self, rule: Schedule):
        self._rule = rule
        self._name = getattr(rule, "__name__", None) or _checks.show(rule)

    def __call__(self, t: int) -> float:
        value = self._rule(t)
        where = f"the learning-rate schedule {self._name} returned {_checks.show(value)} at step {t}"
        if not _checks._is_real(value):
            raise TypeError(f"{where}; expected a real number > 0")
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"{where}; expected a finite number > 0 (a negative rate climbs uphill)")
        return float(value)

    def __repr__(self) -> str:
        return repr(self._rule)
