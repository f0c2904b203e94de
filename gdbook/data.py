r"""Small generated data sets and the finite-sum objectives built on them.

Everything is generated from a seed, so the book's numbers do not depend on a download.

>>> problem = linear_regression(n=1000, weight=2.0, bias=-1.0, noise=0.5, seed=0)
>>> problem.n, problem.objective.dim
(1000, 2)
>>> print(problem.objective)
least squares, 1000 examples
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from . import _checks
from .functions import Objective


@dataclass(frozen=True)
class LeastSquares:
    r"""Linear least squares as an average over examples,
    :math:`f(w, b) = \frac1n \sum_{i=1}^n f_i(w, b)`,
    :math:`f_i(w, b) = \tfrac12 (w\,x_i + b - y_i)^2`, with parameters :math:`(w, b)`.

    Attributes:
        x: the inputs, shape ``(n,)``.
        y: the targets, shape ``(n,)``.
    """

    x: np.ndarray
    y: np.ndarray
    objective: Objective = field(init=False, repr=False)

    def __post_init__(self):
        inputs = np.asarray(self.x, dtype=float)
        targets = np.asarray(self.y, dtype=float)
        if inputs.ndim != 1 or inputs.shape != targets.shape or inputs.size == 0:
            raise ValueError(
                f"Invalid data: x has shape {inputs.shape} and y {targets.shape} "
                "(must be the same non-empty shape (n,))"
            )
        for name, array in (("x", inputs), ("y", targets)):
            if not np.isfinite(array).all():
                bad = int(np.argmin(np.isfinite(array)))
                raise ValueError(
                    f"Invalid data: {name}[{bad}] = {array[bad]} (every input and target must be "
                    f"finite; {int(np.sum(~np.isfinite(array)))} of {array.size} are not)"
                )
        object.__setattr__(self, "x", inputs)
        object.__setattr__(self, "y", targets)
        # Grid evaluation (contour plots) and single points share one formula: the
        # parameters' last axis holds (w, b).
        mean_x, mean_y = inputs.mean(), targets.mean()
        mean_xx, mean_xy, mean_yy = (inputs**2).mean(), (inputs * targets).mean(), (targets**2).mean()

        def value(theta):
            w, b = theta[..., 0], theta[..., 1]
            return 0.5 * (
                w * w * mean_xx + b * b + mean_yy + 2 * w * b * mean_x - 2 * w * mean_xy - 2 * b * mean_y
            )

        def gradient(theta):
            w, b = theta[..., 0], theta[..., 1]
            return np.stack([w * mean_xx + b * mean_x - mean_xy, w * mean_x + b - mean_y], axis=-1)

        hess = np.array([[mean_xx, mean_x], [mean_x, 1.0]])
        objective = Objective(
            f"least squares, {inputs.size} examples", 2, value, gradient, lambda theta: hess.copy()
        )
        object.__setattr__(self, "objective", objective)

    @property
    def n(self) -> int:
        return self.x.size

    def batch_gradient(self, theta: np.ndarray, indices: np.ndarray) -> np.ndarray:
        r"""The average of :math:`\nabla f_i` over the examples ``indices``.

        Args:
            theta: the parameters :math:`(w, b)`, shape ``(2,)``.
            indices: which examples: an index array (repeats count twice) or a slice.

        Returns:
            The average gradient, shape ``(2,)``.
        """
        w, b = theta
        residual = w * self.x[indices] + b - self.y[indices]
        return np.array([np.mean(residual * self.x[indices]), np.mean(residual)])

    def solution(self) -> np.ndarray:
        """The exact minimizer, by NumPy's least-squares solver.

        Returns:
            :math:`(w, b)`, shape ``(2,)``.
        """
        design = np.column_stack([self.x, np.ones_like(self.x)])
        return np.linalg.lstsq(design, self.y, rcond=None)[0]

    def excess(self, theta: ArrayLike) -> np.ndarray:
        r"""How far ``theta`` is above the least loss, :math:`f(\theta) - f^\star`, computed as
        :math:`\tfrac12 \Delta^\top \mathbf{H} \Delta` with :math:`\Delta = \theta - \theta^\star`
        (exact, since :math:`f` is quadratic).

        Subtracting two losses of about :math:`\tfrac12\sigma^2` each loses every digit of a
        small gap to cancellation, and which digits survive depends on the CPU's rounding; this
        form keeps the gap's leading digits on any machine.

        Args:
            theta: parameters :math:`(w, b)`, shape ``(2,)``, or many of them, shape ``(..., 2)``
                (the points of a run).

        Returns:
            The gap for each parameter pair: a number, or an array of shape ``(...)``.

        Example:
            >>> problem = linear_regression(n=1000, weight=2.0, bias=-1.0, noise=0.5, seed=0)
            >>> best = problem.solution()
            >>> float(problem.excess(best))
            0.0
            >>> gap = problem.excess(best + [1e-6, 0.0])
            >>> print(f"{gap:.2e}")  # half of mean(x**2) times 1e-12
            4.78e-13
        """
        theta = np.asarray(theta, dtype=float)
        if theta.ndim == 0 or theta.shape[-1] != 2:
            raise ValueError(f"Invalid theta: shape {theta.shape} (must be (2,) or (..., 2): pairs (w, b))")
        delta = theta - self.solution()
        hess = self.objective.hess(delta)
        return 0.5 * np.einsum("...i,ij,...j->...", delta, hess, delta)


def linear_regression(*, n: int, weight: float, bias: float, noise: float, seed: int) -> LeastSquares:
    r"""Examples :math:`y_i = w x_i + b + \epsilon_i` with :math:`x_i \sim \mathcal N(0, 1)` and
    :math:`\epsilon_i \sim \mathcal N(0, \sigma^2)`, drawn from a generator seeded with ``seed``.

    Args:
        n: the number of examples, >= 1.
        weight: the true slope :math:`w`.
        bias: the true intercept :math:`b`.
        noise: the noise's standard deviation :math:`\sigma \ge 0`.
        seed: seeds the generator (a whole number >= 0), so the data are the same on every run.

    Returns:
        A :class:`LeastSquares` problem holding the examples and its objective.

    """
    n = _checks.count("number of examples", "n", n, minimum=1)
    weight = _checks.real("weight", "weight", weight)
    bias = _checks.real("bias", "bias", bias)
    noise = _checks.real("noise level", "noise", noise, low=0)
    rng = np.random.default_rng(_checks.seed("seed", seed))
    x = rng.standard_normal(n)
    y = weight * x + bias + noise * rng.standard_normal(n)
    return LeastSquares(x, y)
