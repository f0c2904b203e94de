"""Argument checks shared by gdbook's public functions.

Each check raises one clear error that names the argument, the value it got and what is
allowed, in the style of ``torch.optim`` (``Invalid learning rate: eta=-0.1 (must be > 0)``),
so that a reader's typo never surfaces as a NumPy traceback from deep inside a loop.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def real(what: str, name: str, value, *, low=None, low_open=False, high=None, high_open=False):
    """Return ``value`` as a float after checking it is a finite real number in range."""
    if not _is_real(value):
        raise TypeError(
            f"Invalid {what}: {name}={value!r} ({type(value).__name__}); must be a real number"
        )
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"Invalid {what}: {name}={value!r} (must be finite)")
    if low is not None and (value <= low if low_open else value < low):
        raise ValueError(f"Invalid {what}: {name}={value!r} (must be {'>' if low_open else '>='} {low})")
    if high is not None and (value >= high if high_open else value > high):
        raise ValueError(
            f"Invalid {what}: {name}={value!r} (must be {'<' if high_open else '<='} {high})"
        )
    return value


def positive(what: str, name: str, value) -> float:
    return real(what, name, value, low=0, low_open=True)


def count(what: str, name: str, value, *, minimum: int = 0) -> int:
    """Return ``value`` after checking it is a whole number (not a bool) >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"Invalid {what}: {name}={value!r} ({type(value).__name__}); must be a whole number"
        )
    if value < minimum:
        raise ValueError(f"Invalid {what}: {name}={value!r} (must be >= {minimum})")
    return int(value)


def point(what: str, name: str, value, *, dim: int | None = None) -> np.ndarray:
    """Return ``value`` as a float vector of shape (d,), finite, of ``dim`` entries if given.

    A scalar becomes a vector of one entry, so one-dimensional problems read naturally
    (``x0=10.0``).
    """
    try:
        array = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            f"Invalid {what}: {name}={value!r}; must be a number or a sequence of numbers"
        ) from None
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(
            f"Invalid {what}: {name}={value!r} (must be a number or a flat, non-empty "
            f"sequence of numbers; got shape {array.shape})"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError(f"Invalid {what}: {name}={value!r} (every entry must be finite)")
    if dim is not None and array.size != dim:
        raise ValueError(
            f"Invalid {what}: {name}={value!r} has {array.size} entries; this objective takes {dim}"
        )
    return array


def seed(name: str, value) -> int:
    """A seed for ``numpy.random.default_rng``: a whole number >= 0, never None.

    None is refused on purpose: every random number in the book is reproducible.
    """
    if value is None:
        raise TypeError(f"Invalid seed: {name}=None; pass a whole number so the run is reproducible")
    return count("seed", name, value)
