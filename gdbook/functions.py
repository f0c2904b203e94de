r"""Objective functions that carry their own derivatives.

An :class:`Objective` bundles :math:`f`, its gradient :math:`\nabla f` and, where known, its
Hessian :math:`H`, so that no book cell types a derivative by hand. Every function takes
points of shape ``(..., d)``: a single point ``x`` of shape ``(d,)`` gives a number, and a
grid of points (for a contour plot) gives a grid of values.

>>> elliptic = quadratic([[1, 0], [0, 2]])
>>> print(elliptic)
x1^2 + 2 x2^2
>>> float(elliptic.f([-5.0, -2.0]))
33.0
>>> elliptic.grad([-5.0, -2.0]).tolist()
[-10.0, -8.0]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike

from . import _checks

ArrayFunction = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Objective:
    """A differentiable function :math:`f:\\mathbb{R}^d\\to\\mathbb{R}` with its derivatives.

    Attributes:
        name: how the book writes the function (plain text, used in labels and messages).
        dim: the number of variables ``d``.
        value: ``x -> f(x)``, for ``x`` of shape ``(..., d)``.
        gradient: ``x -> grad f(x)``, same shape as ``x``.
        hessian: ``x -> H(x)`` of shape ``(d, d)``, or None where not provided.
    """

    name: str
    dim: int
    value: ArrayFunction
    gradient: ArrayFunction
    hessian: ArrayFunction | None = None

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError(f"Invalid name: name={_checks.show(self.name)}; must be a string such as 'x^2'")
        object.__setattr__(self, "dim", _checks.count("dimension", "dim", self.dim, minimum=1))
        for field_name in ("value", "gradient", "hessian"):
            function = getattr(self, field_name)
            if not callable(function) and not (field_name == "hessian" and function is None):
                raise TypeError(
                    f"Invalid {field_name}: {field_name}={_checks.show(function)}; must be a function "
                    f"of x (an array whose last axis has length dim)"
                    + (", or None" if field_name == "hessian" else "")
                )

    def f(self, x: ArrayLike) -> np.ndarray:
        """The value :math:`f(x)`.

        Args:
            x: a point, shape ``(d,)`` (a number when ``d`` is 1), or many, shape ``(..., d)``.

        Returns:
            A number for one point; an array of shape ``(...)`` for many.
        """
        return self.value(self._points(x))

    def grad(self, x: ArrayLike) -> np.ndarray:
        r"""The gradient :math:`\nabla f(x)`.

        Args:
            x: a point, shape ``(d,)``, or many, shape ``(..., d)``.

        Returns:
            An array of the same shape as ``x``.
        """
        return self.gradient(self._points(x))

    def hess(self, x: ArrayLike) -> np.ndarray:
        """The Hessian :math:`H(x)`.

        Args:
            x: a point, shape ``(d,)``.

        Returns:
            The matrix, shape ``(d, d)``.

        Raises:
            NotImplementedError: the objective provides no Hessian.
        """
        if self.hessian is None:
            raise NotImplementedError(f"the objective {self.name} has no Hessian")
        return self.hessian(self._points(x))

    def _points(self, x) -> np.ndarray:
        # A bare number is a point of a one-variable objective: f(10.0) means f([10.0]).
        x = np.asarray(x, dtype=float)
        if x.ndim == 0 and self.dim == 1:
            x = x.reshape(1)
        if x.shape[-1:] != (self.dim,):
            raise ValueError(
                f"Invalid point: shape {x.shape} for {self.name}, which takes {self.dim} "
                f"variable(s) (the last axis must have length {self.dim})"
            )
        return x

    def __str__(self) -> str:
        return self.name


def _quadratic_name(q: np.ndarray) -> str:
    """Write x^T Q x as a polynomial, e.g. ``3 x1^2 + 2 x1 x2 + 6 x2^2``."""
    d = q.shape[0]
    names = ["x"] if d == 1 else [f"x{i + 1}" for i in range(d)]
    terms = []
    for i in range(d):
        for j in range(i, d):
            c = q[i, i] if i == j else q[i, j] + q[j, i]
            if c == 0:
                continue
            monomial = f"{names[i]}^2" if i == j else f"{names[i]} {names[j]}"
            coefficient = "" if c == 1 else "-" if c == -1 else f"{c:g} "
            terms.append(f"{coefficient}{monomial}")
    text = " + ".join(terms) or "0"
    return text.replace("+ -", "- ")


def quadratic(q: ArrayLike) -> Objective:
    r"""The quadratic form :math:`f(x) = x^\top Q x`.

    Its gradient is :math:`(Q + Q^\top)x` and its Hessian the constant :math:`Q + Q^\top`.

    Args:
        q: a square matrix ``Q`` (a number for the one-variable :math:`q x^2`).

    Returns:
        An :class:`Objective` of ``d`` variables, ``d`` the size of ``Q``, with its gradient and
        Hessian.

    >>> square = quadratic(1)
    >>> print(square)
    x^2
    >>> float(square.f(10.0)), square.grad(10.0).tolist()
    (100.0, [20.0])
    >>> print(quadratic([[3, 1], [1, 6]]))
    3 x1^2 + 2 x1 x2 + 6 x2^2
    >>> quadratic([[1, 2, 3]])
    Traceback (most recent call last):
    ValueError: Invalid matrix: q=[[1, 2, 3]] (must be square, got shape (1, 3))
    """
    matrix = np.atleast_2d(np.array(q, dtype=float))
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"Invalid matrix: q={q!r} (must be square, got shape {matrix.shape})")
    if not np.all(np.isfinite(matrix)):
        raise ValueError(f"Invalid matrix: q={q!r} (every entry must be finite)")
    symmetric = matrix + matrix.T

    def value(x):
        return np.einsum("...i,ij,...j->...", x, matrix, x)

    def gradient(x):
        return x @ symmetric.T

    def hessian(x):
        return symmetric.copy()

    return Objective(_quadratic_name(matrix), matrix.shape[0], value, gradient, hessian)


square = quadratic(1)
"""The book's first example, :math:`f(x) = x^2`, minimized at 0."""

elliptic = quadratic([[1, 0], [0, 2]])
"""The two-variable example of chapter 2, :math:`f(x) = x_1^2 + 2x_2^2`."""


def x_cos(c: float) -> Objective:
    r"""The nonconvex :math:`f(x) = x\cos(cx)`, with infinitely many local minima.

    :math:`f'(x) = \cos(cx) - cx\sin(cx)` and :math:`f''(x) = -2c\sin(cx) - c^2x\cos(cx)`.

    Args:
        c: the frequency :math:`c`, a finite real number.

    Returns:
        An :class:`Objective` of one variable, with its gradient and Hessian.

    >>> f = x_cos(0.15 * np.pi)
    >>> round(float(f.f(1.0)), 6), round(float(f.grad(1.0)[0]), 6)
    (0.891007, 0.677069)
    """
    c = _checks.real("constant", "c", c)

    def value(x):
        return (x * np.cos(c * x))[..., 0]

    def gradient(x):
        return np.cos(c * x) - c * x * np.sin(c * x)

    def hessian(x):
        return np.atleast_2d(-2 * c * np.sin(c * x[0]) - c * c * x[0] * np.cos(c * x[0]))

    return Objective(f"x cos({c:g} x)", 1, value, gradient, hessian)


def cosh(c: float) -> Objective:
    r"""The convex :math:`f(x) = \cosh(cx)`, minimized at 0.

    :math:`f'(x) = c\sinh(cx)` and :math:`f''(x) = c^2\cosh(cx)`.

    Args:
        c: the scale :math:`c`, a finite real number.

    Returns:
        An :class:`Objective` of one variable, with its gradient and Hessian.

    >>> float(cosh(0.5).f(0.0)), float(cosh(0.5).hess(0.0)[0, 0])
    (1.0, 0.25)
    """
    c = _checks.real("constant", "c", c)

    def value(x):
        return np.cosh(c * x)[..., 0]

    def gradient(x):
        return c * np.sinh(c * x)

    def hessian(x):
        return np.atleast_2d(c * c * np.cosh(c * x[0]))

    return Objective(f"cosh({c:g} x)", 1, value, gradient, hessian)


def log_sum_exp(slopes: ArrayLike, intercepts: ArrayLike) -> Objective:
    r"""The smooth, convex :math:`f(x) = \log \sum_i \exp(a_i x + b_i)` of one variable.

    With weights :math:`p_i = e^{a_i x + b_i} / \sum_j e^{a_j x + b_j}`:
    :math:`f'(x) = \sum_i p_i a_i` and :math:`f''(x) = \sum_i p_i (a_i - f'(x))^2`, the
    variance of the slopes under :math:`p`.

    Chapter 4's exercise, :math:`\log(e^x + e^{-2x-3})`, is minimized at
    :math:`x^\star = (\ln 2 - 3)/3`:

    Args:
        slopes: the :math:`a_i`, a number or a list of numbers.
        intercepts: the :math:`b_i`, as many as the slopes.

    Returns:
        An :class:`Objective` of one variable, with its gradient and Hessian, evaluated without
        overflow for large :math:`|x|`.

    >>> f = log_sum_exp([1, -2], [0, -3])
    >>> x_star = (np.log(2) - 3) / 3
    >>> abs(float(f.grad(x_star)[0])) < 1e-15, round(float(f.f(x_star)), 6)
    (True, -0.363486)
    """
    a = np.atleast_1d(np.array(slopes, dtype=float))
    b = np.atleast_1d(np.array(intercepts, dtype=float))
    if a.ndim != 1 or a.shape != b.shape or a.size == 0:
        raise ValueError(
            f"Invalid terms: slopes={slopes!r}, intercepts={intercepts!r} (must be two lists "
            "of the same, non-zero length)"
        )

    def weights(x):
        z = x[..., :1] * a + b
        z = z - z.max(axis=-1, keepdims=True)  # no overflow for large |x|
        e = np.exp(z)
        return e / e.sum(axis=-1, keepdims=True)

    def value(x):
        z = x[..., :1] * a + b
        top = z.max(axis=-1)
        return top + np.log(np.exp(z - top[..., None]).sum(axis=-1))

    def gradient(x):
        return (weights(x) * a).sum(axis=-1, keepdims=True)

    def hessian(x):
        # The variance of the slopes, summed as squares of deviations: no cancellation where
        # one weight is nearly 1 and the curvature nearly 0.
        p = weights(x)
        mean = (p * a).sum(axis=-1, keepdims=True)
        return np.atleast_2d((p * (a - mean) ** 2).sum(axis=-1))

    terms = " + ".join(f"exp({ai:g} x + {bi:g})".replace("+ -", "- ") for ai, bi in zip(a, b))
    return Objective(f"log({terms})", 1, value, gradient, hessian)


def polynomial(coefficients: ArrayLike) -> Objective:
    r"""The polynomial :math:`f(x) = c_0 + c_1 x + \dots + c_n x^n` of one variable.

    Derivatives come from :mod:`numpy.polynomial`, so a polynomial can be designed by where
    its derivative vanishes: integrate :math:`\prod_k (x - r_k)` and the :math:`r_k` are the
    stationary points. Chapter 3's function with three local minima is made this way:

    Args:
        coefficients: :math:`c_0, c_1, \ldots, c_n`, constant term first; finite numbers.

    Returns:
        An :class:`Objective` of one variable, with its gradient and Hessian.

    >>> from numpy.polynomial import Polynomial
    >>> slope = Polynomial.fromroots([-2, -0.8, 0.5, 1.4, 2.5])
    >>> f = polynomial(slope.integ().coef)
    >>> [round(float(f.f(x)), 4) for x in (-2, 0.5, 2.5)]
    [-4.1867, -0.7427, -3.3893]
    >>> polynomial([])
    Traceback (most recent call last):
    ValueError: Invalid coefficients: coefficients=[] (must be a non-empty list of finite numbers, c0 first)
    """
    try:
        c = np.array(coefficients, dtype=float)
    except (TypeError, ValueError):
        c = np.array([])
    if c.ndim != 1 or c.size == 0 or not np.all(np.isfinite(c)):
        raise ValueError(
            f"Invalid coefficients: coefficients={coefficients!r} (must be a non-empty list of "
            "finite numbers, c0 first)"
        )
    poly = np.polynomial.Polynomial(c)
    slope, curvature = poly.deriv(1), poly.deriv(2)

    def value(x):
        return poly(x[..., 0])

    def gradient(x):
        return slope(x)

    def hessian(x):
        return np.atleast_2d(curvature(x[0]))

    terms = [f"{ci:.4g} x^{i}".replace("x^0", "").replace("x^1", "x").strip()
             for i, ci in enumerate(c) if ci != 0]
    name = " + ".join(reversed(terms)).replace("+ -", "- ") or "0"
    return Objective(name, 1, value, gradient, hessian)


def _exp_quadratic() -> Objective:
    def value(x):
        x1, x2 = x[..., 0], x[..., 1]
        return np.exp(x1) + 2 * np.exp(-x2) + x1 * x1 - x1 * x2 + x2 * x2

    def gradient(x):
        x1, x2 = x[..., 0], x[..., 1]
        return np.stack([np.exp(x1) + 2 * x1 - x2, -2 * np.exp(-x2) - x1 + 2 * x2], axis=-1)

    def hessian(x):
        return np.array([[np.exp(x[0]) + 2, -1.0], [-1.0, 2 * np.exp(-x[1]) + 2]])

    return Objective("exp(x1) + 2 exp(-x2) + x1^2 - x1 x2 + x2^2", 2, value, gradient, hessian)


exp_quadratic = _exp_quadratic()
r"""Chapter 3's :math:`f(x) = e^{x_1} + 2e^{-x_2} + x_1^2 - x_1x_2 + x_2^2`: strictly convex,
with one minimum, where :math:`\nabla f = 0` is a transcendental system,
:math:`e^{x_1} + 2x_1 - x_2 = 0` and :math:`-2e^{-x_2} - x_1 + 2x_2 = 0`, for which no closed-form solution is known."""

saddle = quadratic([[1, 0], [0, -1]])
r"""The saddle :math:`f(x) = x_1^2 - x_2^2`: zero gradient at the origin, which is no minimum."""
