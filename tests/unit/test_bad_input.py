"""Bad input gets one clear error naming the argument, its value and what is allowed."""

import re

import numpy as np
import pytest

from gdbook import data, functions, optim, run, schedules, stochastic

GD = optim.gd(eta=0.1)
PROBLEM = data.linear_regression(n=10, weight=1.0, bias=0.0, noise=1.0, seed=0)

CASES = [
    (lambda: optim.gd(eta=-0.1), ValueError, "Invalid learning rate: eta=-0.1 (must be > 0)"),
    (lambda: optim.gd(eta=0), ValueError, "Invalid learning rate: eta=0.0 (must be > 0)"),
    (lambda: optim.gd(eta="0.1"), TypeError, "Invalid learning rate: eta='0.1' (str); must be a real number"),
    (lambda: optim.gd(eta=float("nan")), ValueError, "Invalid learning rate: eta=nan (must be finite)"),
    (lambda: optim.gd(eta=True), TypeError, "Invalid learning rate: eta=True (bool); must be a real number"),
    (lambda: schedules.inverse_sqrt(-1), ValueError, "Invalid learning rate: eta=-1.0 (must be > 0)"),
    (lambda: run(GD, functions.square, x0=1.0, steps=-1), ValueError, "Invalid number of steps: steps=-1 (must be >= 0)"),
    (lambda: run(GD, functions.square, x0=1.0, steps=2.5), TypeError, "Invalid number of steps: steps=2.5 (float); must be a whole number"),
    (lambda: run(GD, functions.elliptic, x0=[1.0, 2.0, 3.0], steps=1), ValueError, "Invalid start point: x0=[1.0, 2.0, 3.0] has 3 entries; this objective takes 2"),
    (lambda: run(GD, functions.elliptic, x0=[1.0, np.inf], steps=1), ValueError, "Invalid start point: x0=[1.0, inf] (every entry must be finite)"),
    (lambda: run(GD, functions.elliptic, x0="ab", steps=1), TypeError, "Invalid start point: x0='ab'; must be a number or a sequence of numbers"),
    (lambda: run(GD, functions.elliptic, x0=[[1.0, 2.0]], steps=1), ValueError, "Invalid start point: x0=[[1.0, 2.0]] (must be a number or a flat, non-empty sequence of numbers; got shape (1, 2))"),
    (lambda: run("gd", functions.square, x0=1.0, steps=1), TypeError, "Invalid optimizer: optimizer='gd'; must be made by gdbook.optim, e.g. optim.gd(eta=0.1)"),
    (lambda: run(GD, lambda x: x**2, x0=1.0, steps=1), TypeError, "Invalid objective: objective=<function"),
    (lambda: run(GD, functions.square, x0=1.0, steps=1, seed=0), ValueError, "Invalid seed: seed=0 (an exact objective has no randomness"),
    (lambda: run(GD, stochastic.NoisyGradient(functions.square), x0=1.0, steps=1), TypeError, "Invalid seed: seed=None; pass a whole number so the run is reproducible"),
    (lambda: run(GD, stochastic.NoisyGradient(functions.square), x0=1.0, steps=1, seed=-3), ValueError, "Invalid seed: seed=-3 (must be >= 0)"),
    (lambda: stochastic.NoisyGradient(functions.square, std=-1.0), ValueError, "Invalid noise standard deviation: std=-1.0 (must be >= 0)"),
    (lambda: stochastic.NoisyGradient("x^2"), TypeError, "Invalid objective: objective='x^2'; must be a gdbook Objective"),
    (lambda: stochastic.MinibatchGradient(PROBLEM, batch_size=0), ValueError, "Invalid batch size: batch_size=0 (must be >= 1)"),
    (lambda: stochastic.MinibatchGradient(PROBLEM, batch_size=11), ValueError, "Invalid batch size: batch_size=11 (must be <= the 10 examples)"),
    (lambda: stochastic.MinibatchGradient(PROBLEM, replace="no"), ValueError, "Invalid sampling: replace='no' (must be True, to draw with replacement, or False, to draw shuffled passes)"),
    (lambda: data.linear_regression(n=0, weight=1.0, bias=0.0, noise=1.0, seed=0), ValueError, "Invalid number of examples: n=0 (must be >= 1)"),
    (lambda: data.linear_regression(n=5, weight=1.0, bias=0.0, noise=-1.0, seed=0), ValueError, "Invalid noise level: noise=-1.0 (must be >= 0)"),
    (lambda: run(GD, functions.square, x0=1e200, steps=1), ValueError, "Invalid start point: x0=1e+200 (the objective x^2 is not finite there)"),
    (lambda: functions.polynomial([]), ValueError, "Invalid coefficients: coefficients=[] (must be a non-empty list of finite numbers, c0 first)"),
    (lambda: functions.polynomial([1, float("inf")]), ValueError, "Invalid coefficients: coefficients=[1, inf]"),
    (lambda: functions.polynomial("x^2"), ValueError, "Invalid coefficients: coefficients='x^2'"),
    (lambda: functions.quadratic([[1, 2, 3]]), ValueError, "Invalid matrix: q=[[1, 2, 3]] (must be square, got shape (1, 3))"),
    (lambda: functions.elliptic.f([1.0, 2.0, 3.0]), ValueError, "Invalid point: shape (3,) for x1^2 + 2 x2^2, which takes 2 variable(s)"),
]


@pytest.mark.parametrize("call, error, message", CASES, ids=[c[2][:60] for c in CASES])
def test_bad_input_is_named_in_the_error(call, error, message):
    with pytest.raises(error, match="^" + re.escape(message)):
        call()


def test_plot_refuses_a_trace_of_the_wrong_dimension():
    from gdbook import plot

    trace = run(GD, functions.elliptic, x0=[1.0, 1.0], steps=1)
    with pytest.raises(ValueError, match=r"^Invalid objective: x\^2 takes 1 variables and the trace has 2"):
        plot.trace_1d(trace, functions.square)
