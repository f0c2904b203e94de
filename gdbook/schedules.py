r"""Learning-rate schedules: pure functions of the step number :math:`t = 1, 2, \ldots`.

Wherever an optimizer takes a learning rate ``eta`` it takes a number or one of these.

>>> decay = inverse_sqrt(0.4)
>>> [round(decay(t), 4) for t in (1, 4, 16)]
[0.4, 0.2, 0.1]
"""

from __future__ import annotations

import math
from typing import Callable, Union

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


def constant(eta) -> Schedule:
    r""":math:`\eta_t = \eta`.

    >>> constant(0.1)(1000)
    0.1
    """
    eta = _checks.positive("learning rate", "eta", eta)
    return _Named(f"constant({eta:g})", lambda t: eta)


def inverse_sqrt(eta) -> Schedule:
    r""":math:`\eta_t = \eta / \sqrt{t}`: the decay suggested for SGD in chapter 1's exercises."""
    eta = _checks.positive("learning rate", "eta", eta)
    return _Named(f"inverse_sqrt({eta:g})", lambda t: eta / math.sqrt(t))


def inverse(eta) -> Schedule:
    r""":math:`\eta_t = \eta / t`.

    >>> inverse(1.0)(4)
    0.25
    """
    eta = _checks.positive("learning rate", "eta", eta)
    return _Named(f"inverse({eta:g})", lambda t: eta / t)


def as_schedule(eta) -> Schedule:
    """Turn a learning rate given as a number or a schedule into a schedule.

    >>> as_schedule(-0.1)
    Traceback (most recent call last):
    ValueError: Invalid learning rate: eta=-0.1 (must be > 0)
    """
    if callable(eta):
        return eta
    return constant(eta)
