r"""Optimizers as small, pure update rules.

Each optimizer is a pair of functions, in the style of optax:

* ``init(x) -> state`` makes the optimizer's state for a start point ``x``;
* ``update(grad, state, x) -> (step, state)`` turns a gradient into a step, and the new
  point is ``x + step``.

Nothing is read from globals and nothing is printed; :func:`gdbook.run` drives the loop.
Later chapters add rules with more state (momentum, Adam, ...) in the same shape.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from . import _checks
from .functions import Objective
from .linesearch import backtracking, backtracking_settings, bisection
from .schedules import LearningRate, as_schedule


class Optimizer(NamedTuple):
    """An ``init``/``update`` pair and a short description of its settings.

    ``update(grad, state, x)`` returns ``(step, state)``. An optimizer that needs more of the
    objective than its gradient (a Hessian, values for a line search) sets ``uses_objective``
    and is called ``update(grad, state, x, objective)``: :func:`gdbook.run` hands it the
    objective it runs on, so it cannot be paired with another one.
    """

    init: Callable
    update: Callable
    name: str
    uses_objective: bool = False


def _no_objective_here(value, name: str) -> None:
    """The optimizers that use the objective used to be built around one of its functions
    (``newton(f.hess)``); say so plainly rather than taking the function for a learning rate."""
    if isinstance(getattr(value, "__self__", None), Objective):
        raise TypeError(
            f"Invalid learning rate: eta={_checks.show(value)} is a function of an objective; "
            f"{name} gets the objective from run(...), so write {name}(eta=...)"
        )


def _hessian(objective, x) -> np.ndarray:
    """The objective's Hessian at ``x``, checked: a finite (d, d) matrix."""
    d = np.asarray(x).size
    h = np.atleast_2d(np.asarray(objective.hess(x), dtype=float))
    if h.shape != (d, d):
        raise ValueError(
            f"the Hessian of {objective.name} returned shape {h.shape} at x = {_checks.show(x)}; "
            f"expected ({d}, {d})"
        )
    if not np.isfinite(h).all():
        raise ValueError(
            f"the Hessian of {objective.name} returned {_checks.show(h)} at x = {_checks.show(x)}: "
            "not finite"
        )
    return h


class GDState(NamedTuple):
    """Gradient descent keeps only the step count ``t`` (for learning-rate schedules)."""

    count: int


def gd(eta: LearningRate) -> Optimizer:
    r"""Gradient descent: :math:`x_{t} = x_{t-1} - \eta_t \nabla f(x_{t-1})`.

    With a stochastic gradient (see :mod:`gdbook.stochastic`) this same rule is stochastic
    gradient descent.

    Args:
        eta: the learning rate :math:`\eta > 0`, a number or a schedule
            (:mod:`gdbook.schedules`) of the step number :math:`t = 1, 2, \ldots`.

    Returns:
        An :class:`Optimizer`.

    Reference: A. Cauchy, *Méthode générale pour la résolution des systèmes d'équations
    simultanées*, 1847.

    Chapter 2's first run: :math:`f(x) = x^2` from :math:`x_0 = 10` with :math:`\eta = 0.2`
    multiplies :math:`x` by :math:`1 - 2\eta = 0.6` at every step, so after ten steps
    :math:`x = 10 \cdot 0.6^{10}`:

    >>> from gdbook import functions, run
    >>> print(run(gd(eta=0.2), functions.square, x0=10.0, steps=10))
    step 10, x: 0.060466
    >>> gd(eta=0)
    Traceback (most recent call last):
    ValueError: Invalid learning rate: eta=0.0 (must be > 0)
    """
    schedule = as_schedule(eta)

    def init(x):
        return GDState(count=0)

    def update(grad, state, x):
        t = state.count + 1
        return -schedule(t) * np.asarray(grad), GDState(count=t)

    return Optimizer(init, update, f"gd(eta={_label(eta)})")


class NewtonState(NamedTuple):
    """Newton's method keeps the step count ``t`` (for learning-rate schedules)."""

    count: int


HESSIAN_FIXES = (None, "abs")


def newton(eta: LearningRate = 1.0, *, fix: str | None = None) -> Optimizer:
    r"""Newton's method, damped by a learning rate:
    :math:`x_t = x_{t-1} - \eta_t H(x_{t-1})^{-1} \nabla f(x_{t-1})`.

    The step minimizes the second-order Taylor model of :math:`f` at :math:`x_{t-1}`; on a
    quadratic with positive-definite Hessian, one step with :math:`\eta = 1` lands on the
    minimum. Where :math:`H` is not positive definite (a nonconvex :math:`f`) the step can go
    uphill; ``fix="abs"`` uses :math:`|H| = V|\Lambda|V^\top` (the absolute values of its
    eigenvalues) instead, which keeps the direction a descent direction.

    The Hessian comes from the objective :func:`gdbook.run` runs it on.

    Args:
        eta: the learning rate :math:`\eta > 0` (1 is the undamped method), or a schedule.
        fix: None, or ``"abs"`` to use :math:`|H|`.

    Returns:
        An :class:`Optimizer` (it uses the objective's Hessian).

    Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., §3.3–3.4.

    >>> import numpy as np
    >>> from gdbook import functions, run
    >>> f = functions.x_cos(0.15 * np.pi)
    >>> print(run(newton(eta=1.0), f, x0=10.0, steps=10))
    step 10, x: 26.834133
    >>> print(run(newton(eta=0.5), f, x0=10.0, steps=10))
    step 10, x: 7.269860
    >>> newton(fix="flip")
    Traceback (most recent call last):
    ValueError: Invalid Hessian fix: fix='flip' (must be one of None, 'abs')
    """
    _no_objective_here(eta, "newton")
    if fix not in HESSIAN_FIXES:
        raise ValueError(f"Invalid Hessian fix: fix={fix!r} (must be one of None, 'abs')")
    schedule = as_schedule(eta)

    def init(x):
        return NewtonState(count=0)

    def update(grad, state, x, objective):
        t = state.count + 1
        h = _hessian(objective, x)
        if fix == "abs":
            values, vectors = np.linalg.eigh((h + h.T) / 2)
            h = (vectors * np.abs(values)) @ vectors.T
        try:
            direction = np.linalg.solve(h, np.asarray(grad))
        except np.linalg.LinAlgError:
            raise ValueError(
                f"Newton step undefined at x={np.asarray(x).tolist()}: the Hessian is singular"
            ) from None
        return -schedule(t) * direction, NewtonState(count=t)

    return Optimizer(init, update, f"newton(eta={_label(eta)}{', fix=' + repr(fix) if fix else ''})", uses_objective=True)


def diagonal_preconditioned_gd(eta: LearningRate) -> Optimizer:
    r"""Gradient descent preconditioned by the Hessian's diagonal:
    :math:`x_t = x_{t-1} - \eta_t\, \mathrm{diag}(|H(x_{t-1})|)^{-1} \nabla f(x_{t-1})`.

    Dividing each coordinate's gradient by its curvature makes the method independent of the units
    of each variable: rescaling a coordinate (millimetres for kilometres) leaves the path the
    same. It cannot undo a rotation: curvature along a diagonal direction is invisible to the
    diagonal.

    Args:
        eta: the learning rate :math:`\eta > 0`, or a schedule.

    Returns:
        An :class:`Optimizer` (it uses the objective's Hessian, from :func:`gdbook.run`).

    >>> from gdbook import functions, run
    >>> f = functions.quadratic([[1000.0, 0.0], [0.0, 0.001]])
    >>> print(run(diagonal_preconditioned_gd(eta=1.0), f, x0=[1.0, 1.0], steps=1))
    step 1, x1: 0.000000, x2: 0.000000

    Chapter 4's bowl in millimetres and kilometres, :math:`10^{-6}y_1^2 + 2\cdot10^6 y_2^2`:
    with :math:`\eta = 0.9` each coordinate shrinks tenfold per step, whatever its units, so three
    steps bring :math:`f` to a millionth of its start, :math:`(1 - 0.9)^6`:

    >>> mm_km = functions.quadratic([[1e-6, 0.0], [0.0, 2e6]])
    >>> trace = run(diagonal_preconditioned_gd(eta=0.9), mm_km, x0=[-5000.0, -0.002], steps=3)
    >>> round(float(trace.values[3] / trace.values[0]) * 1e6, 9)
    1.0
    """
    _no_objective_here(eta, "diagonal_preconditioned_gd")
    schedule = as_schedule(eta)

    def init(x):
        return GDState(count=0)

    def update(grad, state, x, objective):
        t = state.count + 1
        scale = np.abs(np.diag(_hessian(objective, x)))
        if np.any(scale == 0):
            raise ValueError(
                f"Preconditioner undefined at x={np.asarray(x).tolist()}: a diagonal entry of the Hessian is 0"
            )
        return -schedule(t) * np.asarray(grad) / scale, GDState(count=t)

    return Optimizer(init, update, f"diagonal_preconditioned_gd(eta={_label(eta)})", uses_objective=True)


class LineSearchState(NamedTuple):
    """Steps taken, and the evaluations (of f or of its gradient) the line searches spent."""

    count: int
    evaluations: int


def backtracking_gd(*, alpha: float = 1.0, rho: float = 0.5, c: float = 1e-4) -> Optimizer:
    r"""Gradient descent whose step length is chosen by a backtracking line search:
    :math:`x_t = x_{t-1} - \alpha_t \nabla f(x_{t-1})`, with :math:`\alpha_t` the first of
    :math:`\alpha, \rho\alpha, \rho^2\alpha, \ldots` that satisfies the Armijo condition
    (see :func:`gdbook.linesearch.backtracking`). No learning rate to tune; each step costs
    extra evaluations of :math:`f`, counted in the state.

    Args:
        alpha: the first step length tried, > 0.
        rho: the factor that shrinks it, in (0, 1).
        c: the Armijo constant, in (0, 1).

    Returns:
        An :class:`Optimizer` (it uses the objective's values, from :func:`gdbook.run`).

    On :math:`x_1^2 + 2x_2^2` from :math:`(-5, -2)` the first step halves once to
    :math:`\alpha = 1/2`, which zeroes :math:`x_1`; the second takes :math:`\alpha = 1/4`:

    >>> from gdbook import functions, run
    >>> trace = run(backtracking_gd(), functions.elliptic, x0=[-5.0, -2.0], steps=2)
    >>> print(trace)
    step 2, x1: 0.000000, x2: 0.000000
    >>> trace.state.evaluations
    7

    Chapter 4's comparison, on :math:`0.1x_1^2 + 2x_2^2`: 57 steps reach
    :math:`f \le 10^{-8}`, at a cost of 140 evaluations of :math:`f` in the searches:

    >>> bowl = functions.quadratic([[0.1, 0.0], [0.0, 2.0]])
    >>> trace = run(backtracking_gd(), bowl, x0=[-5.0, -2.0], steps=57)
    >>> bool(trace.values[-1] <= 1e-8 < trace.values[-2]), trace.state.evaluations
    (True, 140)
    """
    alpha, rho, c = backtracking_settings(alpha, rho, c)

    def init(x):
        return LineSearchState(count=0, evaluations=0)

    def update(grad, state, x, objective):
        direction = -np.asarray(grad)
        if not float(np.dot(direction, direction)) > 0:  # at a stationary point (or nearly: underflow)
            return np.zeros_like(direction), LineSearchState(state.count + 1, state.evaluations)
        step, spent = backtracking(objective.f, x, direction, grad, alpha=alpha, rho=rho, c=c)
        return step * direction, LineSearchState(state.count + 1, state.evaluations + spent)

    return Optimizer(init, update, f"backtracking_gd(alpha={alpha:g}, rho={rho:g}, c={c:g})", uses_objective=True)


def exact_line_search_gd(*, tol: float = 1e-10, max_doublings: int = 60) -> Optimizer:
    r"""Steepest descent with an exact line search:
    :math:`x_t = x_{t-1} - \alpha_t \nabla f(x_{t-1})` where :math:`\alpha_t` minimizes
    :math:`\varphi(\alpha) = f(x_{t-1} - \alpha \nabla f(x_{t-1}))`, found by bisection on
    :math:`\varphi'(\alpha) = -\nabla f(x_{t-1} - \alpha g)^\top g` (:math:`\varphi` convex).

    The interval starts at :math:`[0, 1]` and doubles until :math:`\varphi'` turns positive.
    Gradient evaluations spent by the searches are counted in the state (``evaluations``).

    Args:
        tol: the width at which the bisection stops, > 0.
        max_doublings: how often the interval may double before the search gives up.

    Returns:
        An :class:`Optimizer` (it uses the objective's gradient, from :func:`gdbook.run`).

    >>> from gdbook import functions, run
    >>> trace = run(exact_line_search_gd(), functions.elliptic, x0=[-5.0, -2.0], steps=20)
    >>> print(trace)
    step 20, x1: 0.000000, x2: 0.000000
    >>> trace.state.evaluations
    740
    """
    tol = _checks.positive("tolerance", "tol", tol)
    max_doublings = _checks.count("number of doublings", "max_doublings", max_doublings, minimum=1)

    def init(x):
        return LineSearchState(count=0, evaluations=0)

    def update(grad, state, x, objective):
        g = np.asarray(grad)
        if not float(np.dot(g, g)) > 0:  # at a stationary point (or nearly: underflow)
            return np.zeros_like(g), LineSearchState(state.count + 1, state.evaluations)

        def slope(alpha):
            return -float(np.dot(objective.grad(x - alpha * g), g))

        high, spent = 1.0, 1
        while slope(high) <= 0:
            high, spent = 2 * high, spent + 1
            if spent > max_doublings:
                raise RuntimeError(f"exact line search found no upper end for the step (tried up to {high!r}); is f bounded below?")
        result = bisection(slope, 0.0, high, tol=tol)
        return -result.step * g, LineSearchState(state.count + 1, state.evaluations + spent + result.evaluations)

    return Optimizer(init, update, f"exact_line_search_gd(tol={tol:g})", uses_objective=True)


# --- momentum and adaptive learning rates ------------------------------------------------------
#
# Conventions. Momentum is written v <- gamma v + eta g, x <- x - v (as in Dive into Deep
# Learning, 1st ed.); the other common form, v <- beta v + g, x <- x - eta v, is the same
# method with v rescaled by eta (for a constant eta). Where epsilon sits differs between
# sources: AdaGrad and RMSProp here divide by sqrt(s + eps) (as Dive into Deep Learning
# does); torch.optim divides by sqrt(s) + eps; with eps = 0 the two coincide. Adam follows its
# paper: m_hat / (sqrt(v_hat) + eps).


class MomentumState(NamedTuple):
    """State of :func:`momentum` and :func:`nesterov`: the step count and the velocity :math:`v`."""

    count: int
    velocity: np.ndarray


def _start_velocity(x) -> MomentumState:
    return MomentumState(count=0, velocity=_zeros(x))


def momentum(eta: LearningRate, gamma: float = 0.9) -> Optimizer:
    r"""Gradient descent with momentum (Polyak's heavy ball):
    :math:`v_t = \gamma v_{t-1} + \eta_t g_t`, :math:`x_t = x_{t-1} - v_t`.

    The velocity :math:`v` is an exponentially weighted sum of past gradients, so steps
    along a consistent direction grow (up to :math:`1/(1-\gamma)` times) while oscillating
    components cancel.

    Reference: B. T. Polyak, *Some methods of speeding up the convergence of iteration
    methods*, 1964; I. Sutskever et al., *On the importance of initialization and momentum in
    deep learning*, ICML 2013, eq. (1)-(2) (there :math:`v` has the opposite sign).

    Dive into Deep Learning (1st ed.) runs it on :math:`0.1x_1^2 + 2x_2^2` from
    :math:`(-5, -2)` and prints ``x1 -0.062843, x2 0.001202``:

    Args:
        eta: the learning rate :math:`\eta > 0`, or a schedule.
        gamma: the momentum coefficient :math:`\gamma`, in [0, 1).

    Returns:
        An :class:`Optimizer` whose state holds the velocity :math:`v`.

    >>> from gdbook import functions, run
    >>> bowl = functions.quadratic([[0.1, 0], [0, 2]])
    >>> print(run(momentum(eta=0.4, gamma=0.5), bowl, x0=[-5.0, -2.0], steps=20))
    step 20, x1: -0.062843, x2: 0.001202
    """
    schedule = as_schedule(eta)
    gamma = _momentum(gamma)

    def update(grad, state, x):
        t = state.count + 1
        velocity = gamma * state.velocity + schedule(t) * np.asarray(grad)
        return -velocity, MomentumState(count=t, velocity=velocity)

    return Optimizer(_start_velocity, update, f"momentum(eta={_label(eta)}, gamma={gamma:g})")


def nesterov(eta: LearningRate, gamma: float = 0.9) -> Optimizer:
    r"""Nesterov's accelerated gradient, in the form that needs only the gradient at the
    current point: :math:`v_t = \gamma v_{t-1} + g_t`,
    :math:`x_t = x_{t-1} - \eta_t (g_t + \gamma v_t)`.

    This is Sutskever et al.'s NAG (:math:`v \leftarrow \mu v - \epsilon \nabla f(\theta +
    \mu v)`, :math:`\theta \leftarrow \theta + v`) written for the look-ahead point
    :math:`x = \theta + \mu v` (for a constant learning rate), as optax's ``trace(nesterov=True)``
    does: the iterates here are the points where NAG evaluates its gradients.

    Reference: Y. Nesterov, 1983; I. Sutskever et al., ICML 2013, eq. (3)-(4).

    Args:
        eta: the learning rate :math:`\eta > 0`, or a schedule.
        gamma: the momentum coefficient :math:`\gamma`, in [0, 1).

    Returns:
        An :class:`Optimizer`; the points a run records are NAG's look-ahead points.

    >>> from gdbook import functions, run
    >>> bowl = functions.quadratic([[0.1, 0], [0, 2]])
    >>> print(run(nesterov(eta=0.2, gamma=0.5), bowl, x0=[-5.0, -2.0], steps=20))
    step 20, x1: -0.916953, x2: 0.000000
    """
    schedule = as_schedule(eta)
    gamma = _momentum(gamma)

    def update(grad, state, x):
        t = state.count + 1
        g = np.asarray(grad)
        velocity = gamma * state.velocity + g
        return -schedule(t) * (g + gamma * velocity), MomentumState(count=t, velocity=velocity)

    return Optimizer(_start_velocity, update, f"nesterov(eta={_label(eta)}, gamma={gamma:g})")


class AccumulatorState(NamedTuple):
    """State of :func:`adagrad` and :func:`rmsprop`: the step count and the (summed or
    averaged) squared gradients :math:`s`."""

    count: int
    squares: np.ndarray


def _start_squares(x) -> AccumulatorState:
    return AccumulatorState(count=0, squares=_zeros(x))


def adagrad(eta: LearningRate, eps: float = 1e-6) -> Optimizer:
    r"""AdaGrad: a learning rate per coordinate, shrinking with the gradients seen so far:
    :math:`s_t = s_{t-1} + g_t^2`, :math:`x_t = x_{t-1} - \eta_t\, g_t / \sqrt{s_t + \epsilon}`
    (elementwise).

    Reference: J. Duchi, E. Hazan and Y. Singer, *Adaptive subgradient methods for online
    learning and stochastic optimization*, JMLR 2011 (diagonal version; there :math:`\delta`
    is added outside the square root).

    Dive into Deep Learning (1st ed.) prints ``x1 -2.382563, x2 -0.158591`` for
    :math:`\eta = 0.4` on the bowl :math:`0.1x_1^2 + 2x_2^2`:

    Args:
        eta: the learning rate :math:`\eta > 0`, or a schedule.
        eps: :math:`\epsilon \ge 0`, which keeps the division finite.

    Returns:
        An :class:`Optimizer` whose state holds the running sum :math:`s`.

    >>> from gdbook import functions, run
    >>> bowl = functions.quadratic([[0.1, 0], [0, 2]])
    >>> print(run(adagrad(eta=0.4), bowl, x0=[-5.0, -2.0], steps=20))
    step 20, x1: -2.382563, x2: -0.158591
    """
    schedule = as_schedule(eta)
    eps = _checks.real("epsilon", "eps", eps, low=0)

    def update(grad, state, x):
        t = state.count + 1
        g = np.asarray(grad)
        squares = state.squares + g * g
        return -schedule(t) * g / np.sqrt(squares + eps), AccumulatorState(count=t, squares=squares)

    return Optimizer(_start_squares, update, f"adagrad(eta={_label(eta)}, eps={eps:g})")


def rmsprop(eta: LearningRate, gamma: float = 0.9, eps: float = 1e-6) -> Optimizer:
    r"""RMSProp: AdaGrad with a leaky average of squared gradients instead of their sum:
    :math:`s_t = \gamma s_{t-1} + (1-\gamma) g_t^2`,
    :math:`x_t = x_{t-1} - \eta_t\, g_t / \sqrt{s_t + \epsilon}`.

    Reference: T. Tieleman and G. Hinton, *Lecture 6.5, rmsprop*, Coursera: Neural Networks
    for Machine Learning, 2012.

    Dive into Deep Learning (1st ed.) prints ``x1 -0.010599, x2 0.000000``:

    Args:
        eta: the learning rate :math:`\eta > 0`, or a schedule.
        gamma: the decay :math:`\gamma` of the leaky average, in [0, 1).
        eps: :math:`\epsilon \ge 0`, which keeps the division finite.

    Returns:
        An :class:`Optimizer` whose state holds the leaky average :math:`s`.

    >>> from gdbook import functions, run
    >>> bowl = functions.quadratic([[0.1, 0], [0, 2]])
    >>> print(run(rmsprop(eta=0.4, gamma=0.9), bowl, x0=[-5.0, -2.0], steps=20))
    step 20, x1: -0.010599, x2: 0.000000
    """
    schedule = as_schedule(eta)
    gamma = _checks.real("decay rate", "gamma", gamma, low=0, high=1, high_open=True)
    eps = _checks.real("epsilon", "eps", eps, low=0)

    def update(grad, state, x):
        t = state.count + 1
        g = np.asarray(grad)
        squares = gamma * state.squares + (1 - gamma) * g * g
        return -schedule(t) * g / np.sqrt(squares + eps), AccumulatorState(count=t, squares=squares)

    return Optimizer(_start_squares, update, f"rmsprop(eta={_label(eta)}, gamma={gamma:g}, eps={eps:g})")


class AdaDeltaState(NamedTuple):
    r"""State of :func:`adadelta`: the step count and the leaky averages of squared gradients
    :math:`s` and of squared steps :math:`\delta`."""

    count: int
    squares: np.ndarray
    deltas: np.ndarray


def adadelta(rho: float = 0.9, eps: float = 1e-5) -> Optimizer:
    r"""AdaDelta: RMSProp whose learning rate is itself a leaky RMS of past steps, so that
    the step has the units of :math:`x` and no learning rate is needed:
    :math:`s_t = \rho s_{t-1} + (1-\rho) g_t^2`,
    :math:`\Delta x_t = -\sqrt{\delta_{t-1} + \epsilon}\, g_t / \sqrt{s_t + \epsilon}`,
    :math:`\delta_t = \rho \delta_{t-1} + (1-\rho) \Delta x_t^2`,
    :math:`x_t = x_{t-1} + \Delta x_t`.

    Reference: M. D. Zeiler, *ADADELTA: an adaptive learning rate method*, 2012,
    Algorithm 1.

    Args:
        rho: the decay :math:`\rho` of both leaky averages, in [0, 1).
        eps: :math:`\epsilon > 0`, which also sets the size of the first steps.

    Returns:
        An :class:`Optimizer` (no learning rate).

    >>> from gdbook import functions, run
    >>> bowl = functions.quadratic([[0.1, 0], [0, 2]])
    >>> print(run(adadelta(rho=0.9), bowl, x0=[-5.0, -2.0], steps=20))
    step 20, x1: -4.782488, x2: -1.787589
    """
    rho = _checks.real("decay rate", "rho", rho, low=0, high=1, high_open=True)
    eps = _checks.real("epsilon", "eps", eps, low=0, low_open=True)

    def init(x):
        return AdaDeltaState(count=0, squares=_zeros(x), deltas=_zeros(x))

    def update(grad, state, x):
        g = np.asarray(grad)
        squares = rho * state.squares + (1 - rho) * g * g
        step = -np.sqrt(state.deltas + eps) / np.sqrt(squares + eps) * g
        deltas = rho * state.deltas + (1 - rho) * step * step
        return step, AdaDeltaState(count=state.count + 1, squares=squares, deltas=deltas)

    return Optimizer(init, update, f"adadelta(rho={rho:g}, eps={eps:g})")


class AdamState(NamedTuple):
    """State of :func:`adam`: the step count and the moment estimates :math:`m` and :math:`v`
    (before bias correction)."""

    count: int
    mean: np.ndarray
    squares: np.ndarray


def adam(eta: LearningRate = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8) -> Optimizer:
    r"""Adam: momentum on the gradient and RMSProp's scaling, both bias-corrected:
    :math:`m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t`,
    :math:`v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2`,
    :math:`\hat m_t = m_t / (1-\beta_1^t)`, :math:`\hat v_t = v_t / (1-\beta_2^t)`,
    :math:`x_t = x_{t-1} - \eta_t\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)`.

    Without the corrections the averages, started at 0, would be too small in the first
    steps (by the factors :math:`1-\beta^t`).

    Reference: D. P. Kingma and J. Ba, *Adam: a method for stochastic optimization*, ICLR
    2015, Algorithm 1.

    Args:
        eta: the learning rate :math:`\eta > 0`, or a schedule.
        beta1: the decay :math:`\beta_1` of the average of gradients, in [0, 1).
        beta2: the decay :math:`\beta_2` of the average of squared gradients, in [0, 1).
        eps: :math:`\epsilon \ge 0`, added to the root.

    Returns:
        An :class:`Optimizer` whose state holds :math:`m` and :math:`v`.

    >>> from gdbook import functions, run
    >>> bowl = functions.quadratic([[0.1, 0], [0, 2]])
    >>> print(run(adam(eta=0.2), bowl, x0=[-5.0, -2.0], steps=20))
    step 20, x1: -1.312557, x2: 0.542308
    """
    schedule = as_schedule(eta)
    beta1 = _checks.real("decay rate", "beta1", beta1, low=0, high=1, high_open=True)
    beta2 = _checks.real("decay rate", "beta2", beta2, low=0, high=1, high_open=True)
    eps = _checks.real("epsilon", "eps", eps, low=0)

    def init(x):
        return AdamState(count=0, mean=_zeros(x), squares=_zeros(x))

    def update(grad, state, x):
        t = state.count + 1
        g = np.asarray(grad)
        mean = beta1 * state.mean + (1 - beta1) * g
        squares = beta2 * state.squares + (1 - beta2) * g * g
        mean_hat = mean / (1 - beta1**t)
        squares_hat = squares / (1 - beta2**t)
        step = -schedule(t) * mean_hat / (np.sqrt(squares_hat) + eps)
        return step, AdamState(count=t, mean=mean, squares=squares)

    return Optimizer(init, update, f"adam(eta={_label(eta)}, beta1={beta1:g}, beta2={beta2:g}, eps={eps:g})")


def _zeros(x) -> np.ndarray:
    """A state vector of zeros shaped like the point ``x``."""
    return np.zeros_like(np.asarray(x, dtype=float))


def _momentum(gamma) -> float:
    return _checks.real("momentum", "gamma", gamma, low=0, high=1, high_open=True)


def _label(eta) -> str:
    return repr(eta) if callable(eta) else f"{float(eta):g}"
