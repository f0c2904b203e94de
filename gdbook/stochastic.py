r"""Stochastic gradients: unbiased but noisy estimates of :math:`\nabla f`.

A stochastic gradient wraps an exact objective and draws an estimate of its gradient at a
point from a random generator. :func:`gdbook.run` owns the generator and seeds it, so a
run with the same ``seed`` is the same run, to the last digit. Gradient descent fed with one
of these is stochastic gradient descent.

* :class:`NoisyGradient` adds Gaussian noise to the exact gradient: chapter 2's simulation.
* :class:`MinibatchGradient` averages the gradients of a few examples of a finite sum
  :math:`f(x) = \frac1n \sum_i f_i(x)`: SGD as it is used in practice, drawing its examples
  with replacement or, with ``replace=False``, one shuffled pass (epoch) after another.

A stochastic gradient may also offer ``sampler(rng)``, a gradient function for one run that
keeps state from step to step (the position in the current pass); :func:`gdbook.run` uses it
when it is there, and ``sample(x, rng)`` otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
        """The exact gradient at ``x`` plus one draw of the noise.

        Args:
            x: the point, shape ``(d,)``.
            rng: the generator the noise is drawn from (:func:`gdbook.run` seeds it).

        Returns:
            The noisy gradient, shape ``(d,)``.
        """
        return self.objective.grad(x) + rng.normal(self.mean, self.std, size=x.shape)


@dataclass(frozen=True)
class MinibatchGradient:
    r"""The average gradient of a batch :math:`B` of ``batch_size`` examples,
    :math:`g = \frac1{|B|} \sum_{i \in B} \nabla f_i(x)`, with :math:`\mathbb{E}[g] = \nabla f(x)`.

    A step costs :math:`O(b)` example gradients instead of the :math:`O(n)` of a full one.
    How the batches are drawn:

    * ``replace=True`` (the default): every index uniformly and independently, *with
      replacement*. An example can come up twice in a row and another never: :math:`n`
      single draws touch about :math:`1 - (1 - 1/n)^n \approx 1 - 1/e \approx 63\%` of the
      examples.
    * ``replace=False``: *without replacement*, by passes. A run shuffles the indices, takes
      them ``batch_size`` at a time in that order (the last batch of a pass is smaller when
      ``batch_size`` does not divide :math:`n`) and shuffles again after the last one, so each
      pass, an *epoch*, uses every example exactly once. A single
      :meth:`~gdbook.stochastic.MinibatchGradient.sample` is the first batch of a fresh
      pass: ``batch_size`` distinct examples.

    A batch the size of the data set (``batch_size=problem.n``) is the data set itself: every
    example once, the exact gradient, computed example by example so that it costs what a
    full pass costs (the seed is then unused).

    Args:
        problem: the finite sum, a :class:`~gdbook.data.LeastSquares`.
        batch_size: :math:`b`, from 1 to ``problem.n``.
        replace: True to draw with replacement, False to draw shuffled passes.

    >>> from gdbook import data
    >>> problem = data.linear_regression(n=100, weight=2.0, bias=-1.0, noise=0.5, seed=0)
    >>> rng = np.random.default_rng(0)
    >>> full = MinibatchGradient(problem, batch_size=100).sample(np.zeros(2), rng)
    >>> bool(np.allclose(full, problem.objective.grad(np.zeros(2))))
    True
    >>> batches = MinibatchGradient(problem, batch_size=30, replace=False).batches(rng)
    >>> one_epoch = [next(batches) for _ in range(4)]
    >>> [len(batch) for batch in one_epoch], sorted(np.concatenate(one_epoch)) == list(range(100))
    ([30, 30, 30, 10], True)
    """

    problem: LeastSquares
    batch_size: int = 1
    replace: bool = True

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
        if not isinstance(self.replace, bool):
            raise ValueError(
                f"Invalid sampling: replace={self.replace!r} (must be True, to draw with "
                "replacement, or False, to draw shuffled passes)"
            )

    @property
    def objective(self) -> Objective:
        return self.problem.objective

    def sample(self, x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """One batch's gradient at ``x``, drawn on its own from ``rng``.

        Args:
            x: the parameters :math:`(w, b)`, shape ``(2,)``.
            rng: the generator the batch is drawn from.

        Returns:
            The batch's average gradient, shape ``(2,)``.
        """
        return self.sampler(rng)(x)  # the first batch of a run drawn from rng

    def batches(self, rng: np.random.Generator) -> Iterator[np.ndarray]:
        """The index batches of one run, in order, drawn from ``rng`` (an endless iterator).

        With ``replace=True`` these are the indices that
        :meth:`~gdbook.stochastic.MinibatchGradient.sample` draws, one batch per call; with
        ``replace=False``, one shuffled pass after another. A run seeded with ``seed``
        reads ``batches(np.random.default_rng(seed))`` (unless ``batch_size == problem.n``).

        Args:
            rng: the random generator the run draws from.

        Returns:
            An iterator of integer arrays, one batch of indices into the examples each.
        """
        n, size = self.problem.n, self.batch_size
        while True:
            if self.replace:
                yield rng.integers(0, n, size=size)
                continue
            order = rng.permutation(n)
            for start in range(0, n, size):
                yield order[start : start + size]

    def sampler(self, rng: np.random.Generator) -> Callable[[np.ndarray], np.ndarray]:
        """The gradient function of one run: ``point -> gradient``, each call reading the next
        batch of :meth:`~gdbook.stochastic.MinibatchGradient.batches` (so with
        ``replace=False`` it goes on with the current pass).

        Args:
            rng: the random generator the run draws from.

        Returns:
            A function of the point that returns the next batch's gradient there.
        """
        if self.batch_size == self.problem.n:
            return lambda x: self.problem.batch_gradient(x, slice(None))
        batches = self.batches(rng)
        return lambda x: self.problem.batch_gradient(x, next(batches))
