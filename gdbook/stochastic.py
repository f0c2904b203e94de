r"""Stochastic gradients: unbiased but noisy estimates of :math:`\nabla f`.

A stochastic gradient wraps an exact objective and draws an estimate of its gradient at a
point from a random generator. :func:`gdbook.run` owns the generator and seeds it, so a
run with the same ``seed`` is the same run, to the last digit. Gradient descent fed with one
of these is stochastic gradient descent.

* :class:`NoisyGradient` adds Gaussian noise to the exact gradient: chapter 1's simulation.
* :class:`MinibatchGradient` averages the gradients of a few examples of a finite sum
  :math:`f(x) = \frac1n \sum_i f_i(x)`: SGD as it is used in practice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _checks
from .data import LeastSquares
from .functions import Objective


@dataclass(frozen=True)
class NoisyGradient:
    r"""The exact gradient plus independent Gaussian noise in every coordinate:
    :math:`g = \nabla f(x) + \xi`, :math:`\xi \sim \mathcal{N}(\mu, \sigma^2 I)`.

    With ``mean=0`` (the default) the estimate is unbiased, :math:`\mathbb{E}[g] = \nabla f(x)`.
    """

    objective: Objective
    std: float = 1.0
    mean: float = 0.0

    def __post_init__(self):
        if not isinstance(self.objective, Objective):
            raise TypeError(
                f"Invalid objective: objective={self.objective!r}; must be a gdbook Objective"
            )
        _checks.real("noise standard deviation", "std", self.std, low=0)
        _checks.real("noise mean", "mean", self.mean)

    def sample(self, x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        return self.objective.grad(x) + rng.normal(self.mean, self.std, size=x.shape)


@dataclass(frozen=True)
class MinibatchGradient:
    r"""The average gradient of ``batch_size`` examples drawn uniformly, with replacement:
    :math:`g = \frac1b \sum_{i \in B} \nabla f_i(x)`, so :math:`\mathbb{E}[g] = \nabla f(x)`.

    A step costs :math:`O(b)` example gradients instead of the :math:`O(n)` of a full one.
    A batch the size of the data set (``batch_size=problem.n``) is the data set itself: every
    example once, the exact gradient, computed example by example so that it costs what a
    full pass costs (the seed is then unused).

    >>> from gdbook import data
    >>> problem = data.linear_regression(n=100, weight=2.0, bias=-1.0, noise=0.5, seed=0)
    >>> rng = np.random.default_rng(0)
    >>> full = MinibatchGradient(problem, batch_size=100).sample(np.zeros(2), rng)
    >>> bool(np.allclose(full, problem.objective.grad(np.zeros(2))))
    True
    """

    problem: LeastSquares
    batch_size: int = 1

    def __post_init__(self):
        if not isinstance(self.problem, LeastSquares):
            raise TypeError(
                f"Invalid problem: problem={self.problem!r}; must be a gdbook.data.LeastSquares"
            )
        size = _checks.count("batch size", "batch_size", self.batch_size, minimum=1)
        if size > self.problem.n:
            raise ValueError(
                f"Invalid batch size: batch_size={size} (must be <= the {self.problem.n} examples)"
            )

    @property
    def objective(self) -> Objective:
        return self.problem.objective

    def sample(self, x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        if self.batch_size == self.problem.n:
            return self.problem.batch_gradient(x, slice(None))
        indices = rng.integers(0, self.problem.n, size=self.batch_size)
        return self.problem.batch_gradient(x, indices)
