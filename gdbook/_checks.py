"""Argument checks shared by gdbook's public functions.

Each check raises one clear error that names the argument, the value it got and what is
allowed, in the style of ``torch.optim`` (``Invalid learning rate: eta=-0.1 (must be > 0)``),
so that a reader's typo never surfaces as a NumPy traceback from deep inside a loop.
"""

from __future__ import annotations

import math
import numbers
import reprlib
from typing import Callable

import numpy as np

SHOWN = 100  # characters of a value a message shows, however large the value


def _short_repr() -> reprlib.Repr:
    short = reprlib.Repr()
    short.maxlist = short.maxtuple = short.maxset = short.maxdict = 6
    short.maxstring = short.maxother = SHOWN
    return short


def show(value) -> str:
    """``repr(value)``, cut to about :data:`SHOWN` characters: a message about a 3,000-entry
    start point names it without printing all of it.

    >>> show(list(range(3000)))
    '[0, 1, 2, 3, 4, 5, ...] (3000 entries)'
    >>> show(np.arange(3000.0))
    'array([0.000e+00, 1.000e+00, 2.000e+00, ..., 2.997e+03, 2.998e+03, 2.999e+03], shape=(3000,))'
    >>> show(0.1)
    '0.1'
    """
    if isinstance(value, np.ndarray):
        with np.printoptions(threshold=6, edgeitems=3, precision=3):
            text = repr(value)
        if value.size > 6 and "shape=" not in text:
            text = text[:-1] + f", shape={value.shape})"
    else:
        text = _short_repr().repr(value)
        size = len(value) if isinstance(value, (list, tuple)) else 0
        if size > 6:
            text += f" ({size} entries)"
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def real(what: str, name: str, value, *, low=None, low_open=False, high=None, high_open=False):
    """Return ``value`` as a float after checking it is a finite real number in range."""
    if not _is_real(value):
        raise TypeError(
            f"Invalid {what}: {name}={show(value)} ({type(value).__name__}); must be a real number"
        )
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"Invalid {what}: {name}={show(value)} (must be finite)")
    if low is not None and (value <= low if low_open else value < low):
        raise ValueError(f"Invalid {what}: {name}={show(value)} (must be {'>' if low_open else '>='} {low})")
    if high is not None and (value >= high if high_open else value > high):
        raise ValueError(
            f"Invalid {what}: {name}={show(value)} (must be {'<' if high_open else '<='} {high})"
        )
    return value


def positive(what: str, name: str, value) -> float:
    return real(what, name, value, low=0, low_open=True)


def count(what: str, name: str, value, *, minimum: int = 0) -> int:
    """Return ``value`` after checking it is a whole number (not a bool) >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"Invalid {what}: {name}={show(value)} ({type(value).__name__}); must be a whole number"
        )
    if value < minimum:
        raise ValueError(f"Invalid {what}: {name}={show(value)} (must be >= {minimum})")
    return int(value)


def _floats(value, message: Callable[[], str]) -> np.ndarray:
    """``value`` as an array of floats, or a TypeError with ``message()`` (made only then:
    writing a value out costs far more than a step of a run)."""
    try:
        return np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(message()) from None


def point(what: str, name: str, value, *, dim: int | None = None) -> np.ndarray:
    """Return ``value`` as a float vector of shape (d,), finite, of ``dim`` entries if given.

    A scalar becomes a vector of one entry, so one-dimensional problems read naturally
    (``x0=10.0``).
    """
    array = _floats(value, lambda: f"Invalid {what}: {name}={show(value)}; must be a number or a sequence of numbers")
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(
            f"Invalid {what}: {name}={show(value)} (must be a number or a flat, non-empty "
            f"sequence of numbers; got shape {array.shape})"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError(f"Invalid {what}: {name}={show(value)} (every entry must be finite)")
    if dim is not None and array.size != dim:
        raise ValueError(
            f"Invalid {what}: {name}={show(value)} has {array.size} entries; this objective takes {dim}"
        )
    return array


def seed(name: str, value) -> int:
    """A seed for ``numpy.random.default_rng``: a whole number >= 0, never None.

    None is refused on purpose: every random number in the book is reproducible.
    """
    if value is None:
        raise TypeError(f"Invalid seed: {name}=None; pass a whole number so the run is reproducible")
    return count("seed", name, value)


def returned(source: str, value, x: np.ndarray, t: int) -> np.ndarray:
    """What a reader's function (named by ``source``) returned at step ``t``, checked: finite
    numbers, one per coordinate of ``x``. A NaN or inf is blamed on that function, not called an
    overflow: the run raises on overflow before it gets here (``run`` sets ``over="raise"``).

    Runs call this twice a step, so the messages are written only when one is raised."""

    def expected() -> str:
        return f"expected {x.size} finite number(s), one per coordinate (shape {x.shape})"

    array = _floats(value, lambda: f"{source} returned {show(value)} at step {t} (x = {show(x)}); {expected()}")
    if array.size != x.size or array.ndim > 1:
        raise ValueError(
            f"{source} returned shape {array.shape} at step {t} (x = {show(x)}); {expected()}"
        )
    if not np.isfinite(array).all():
        raise ValueError(
            f"{source} returned {show(array.reshape(x.shape))} at step {t} (x = "
            f"{show(x)}): not finite, and no value overflowed, so it comes from the "
            f"function itself (0/0, a division by zero, the log or root of a negative number?); "
            f"{expected()}"
        )
    return array.reshape(x.shape)
