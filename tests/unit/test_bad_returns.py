"""What a reader's own function returns is checked as carefully as what a reader types: a
gradient, a schedule, an update, the parts of an Objective, the data. Each error names what
was returned, by which function, and what was expected; a NaN from the reader's code is told
apart from an overflow; no message grows with the size of the value."""

import re
import warnings

import numpy as np
import pytest

from gdbook import DivergenceWarning, data, functions, optim, run, schedules
from gdbook.functions import Objective
from gdbook.optim import Optimizer

GD = optim.gd(eta=0.1)


def objective(gradient, dim=2, value=None):
    return Objective("my f", dim, value or (lambda x: np.sum(x**2, axis=-1)), gradient)


def only_the_step(grad, state, x):
    return -0.1 * grad  # forgot the state


CASES = [
    (lambda: run(GD, objective(lambda x: x[:1]), x0=[1.0, 2.0], steps=3), ValueError,
     "the gradient of my f returned shape (1,) at step 1 (x = array([1., 2.])); expected 2 finite number(s), one per coordinate (shape (2,))"),
    (lambda: run(GD, objective(lambda x: "up"), x0=[1.0, 2.0], steps=3), TypeError,
     "the gradient of my f returned 'up' at step 1"),
    (lambda: run(GD, objective(lambda x: np.sqrt(x - 2.5)), x0=[2.0, 3.0], steps=5), ValueError,
     "the gradient of my f returned array([ nan, 0.707]) at step 1 (x = array([2., 3.])): not finite, and no value overflowed"),
    (lambda: run(Optimizer(lambda x: (), only_the_step, "mine"), functions.elliptic, x0=[1.0, 2.0], steps=2), TypeError,
     "the update of the optimizer mine returned array([-0.2, -0.8]) at step 1; expected a pair (step, state)"),
    (lambda: run(optim.gd(lambda t: "0.1"), functions.elliptic, x0=[1.0, 2.0], steps=2), TypeError,
     "the learning-rate schedule <lambda> returned '0.1' at step 1; expected a real number > 0"),
    (lambda: run(optim.gd(lambda t: 0.3 - 0.1 * t), functions.elliptic, x0=[1.0, 2.0], steps=5), ValueError,
     "the learning-rate schedule <lambda> returned"),
    (lambda: Objective("f", "2", np.sum, np.sum), TypeError,
     "Invalid dimension: dim='2' (str); must be a whole number"),
    (lambda: Objective("f", 2, "x**2", np.sum), TypeError,
     "Invalid value: value='x**2'; must be a function of x"),
    (lambda: Objective("f", 2, np.sum, np.sum, hessian=np.eye(2)), TypeError,
     "Invalid hessian: hessian=array([[1., 0.],"),
    (lambda: Objective(None, 2, np.sum, np.sum), TypeError,
     "Invalid name: name=None; must be a string"),
    (lambda: data.LeastSquares(np.array([1.0, np.nan, 3.0]), np.zeros(3)), ValueError,
     "Invalid data: x[1] = nan (every input and target must be finite; 1 of 3 are not)"),
]


@pytest.mark.parametrize("call, error, message", CASES, ids=[c[2][:50] for c in CASES])
def test_a_bad_return_is_named_in_the_error(call, error, message):
    with pytest.raises(error, match="^" + re.escape(message)):
        call()


def test_a_negative_rate_is_refused_before_it_climbs_uphill():
    decaying = optim.gd(lambda t: 0.3 - 0.1 * t)  # 0.2, 0.1, 0.0, ...
    with pytest.raises(ValueError, match=r"returned -?[0-9.e-]+ at step 3; expected a finite number > 0 \(a negative rate climbs uphill\)"):
        run(decaying, functions.elliptic, x0=[1.0, 2.0], steps=5)


def test_nan_from_the_readers_gradient_is_not_called_an_overflow():
    with pytest.raises(ValueError) as error:
        run(GD, objective(lambda x: np.log(x)), x0=[0.5, -1.0], steps=1)
    assert "no value overflowed, so it comes from the function itself" in str(error.value)
    assert "smaller learning rate" not in str(error.value)


def test_an_overflow_in_the_readers_gradient_is_divergence():
    # sinh overflows for large x: that is the run blowing up, reported as such.
    exploding = objective(lambda x: np.sinh(x), value=lambda x: np.sum(np.cosh(x), axis=-1))
    with pytest.warns(DivergenceWarning, match="overflowed"):
        trace = run(optim.gd(eta=10.0), exploding, x0=[3.0, 3.0], steps=5)
    assert trace.diverged and np.isfinite(trace.points).all()


def test_a_huge_value_gives_a_short_message():
    x0 = np.arange(3000.0)
    with pytest.raises(ValueError) as error:
        run(GD, functions.elliptic, x0=x0, steps=1)
    assert len(str(error.value)) < 250 and "3000" in str(error.value)
    with pytest.raises(ValueError) as error:
        run(GD, objective(lambda x: np.full(3000, np.nan)), x0=[1.0, 2.0], steps=1)
    assert len(str(error.value)) < 300


def test_a_readers_schedule_that_is_right_runs_as_before():
    mine = run(optim.gd(lambda t: 0.4 / t), functions.elliptic, x0=[1.0, 2.0], steps=10)
    built_in = run(optim.gd(schedules.inverse(0.4)), functions.elliptic, x0=[1.0, 2.0], steps=10)
    assert mine == built_in


def test_traces_compare_as_whole_runs():
    a = run(GD, functions.elliptic, x0=[1.0, 2.0], steps=3)
    b = run(GD, functions.elliptic, x0=[1.0, 2.0], steps=3)
    c = run(GD, functions.elliptic, x0=[1.0, 2.0], steps=4)
    assert a == b and not (a != b)
    assert a != c and a != "step 3"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert (a == c) is False
