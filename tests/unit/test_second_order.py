"""Newton's method, diagonal preconditioning and line searches: the defining properties."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gdbook import functions, linesearch, optim, run

C = 0.15 * np.pi
entries = st.floats(min_value=-3, max_value=3, allow_nan=False)


@st.composite
def positive_definite(draw, max_dim=4):
    d = draw(st.integers(1, max_dim))
    a = np.array(draw(st.lists(entries, min_size=d * d, max_size=d * d))).reshape(d, d)
    return a @ a.T + 0.1 * np.eye(d)


@settings(max_examples=60, deadline=None)
@given(positive_definite(), st.data())
def test_newton_is_exact_in_one_step_on_a_positive_definite_quadratic(q, data):
    objective = functions.quadratic(q)
    x0 = data.draw(st.lists(st.floats(-100, 100), min_size=q.shape[0], max_size=q.shape[0]))
    trace = run(optim.newton(), objective, x0=x0, steps=1)
    np.testing.assert_allclose(trace.x, 0, atol=1e-8 * (1 + np.abs(x0).max()))


def test_newton_on_the_chapter_objectives():
    f = functions.x_cos(C)
    assert f"{run(optim.newton(eta=1.0), f, x0=10.0, steps=10):epoch}" == "epoch 10, x: 26.834133"
    assert f"{run(optim.newton(eta=0.5), f, x0=10.0, steps=10):epoch}" == "epoch 10, x: 7.269860"
    g = functions.cosh(0.5)
    assert abs(run(optim.newton(), g, x0=10.0, steps=10).x[0]) < 1e-12


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-20, max_value=20))
def test_newton_with_abs_hessian_always_steps_downhill(x):
    f = functions.x_cos(C)
    assume(abs(f.hess(x)[0, 0]) > 1e-9)  # where f'' = 0 no Newton step exists
    newton = optim.newton(eta=1.0, fix="abs")
    grad = f.grad(x)
    step, _ = newton.update(grad, newton.init(np.array([x])), np.array([x]), f)
    assert float(np.dot(step, grad)) <= 0


def test_newton_quadratic_convergence_doubles_the_correct_digits():
    g = functions.cosh(0.5)
    errors = np.abs(run(optim.newton(), g, x0=1.0, steps=4).points[:, 0])
    # e_{k+1} <= C e_k^2 (here in fact e_{k+1} ~ e_k^3 / 3, cosh being even)
    assert all(errors[k + 1] <= errors[k] ** 2 for k in range(3) if errors[k] > 1e-100)


@settings(max_examples=40, deadline=None)
@given(positive_definite(max_dim=3), st.data())
def test_diagonal_preconditioning_is_blind_to_the_units_of_each_variable(q, data):
    d = q.shape[0]
    scales = np.array(data.draw(st.lists(st.floats(1e-3, 1e3), min_size=d, max_size=d)))
    x0 = np.array(data.draw(st.lists(st.floats(-10, 10), min_size=d, max_size=d)))
    original = functions.quadratic(q)
    # The same problem in other units: x = S y, so f_S(y) = f(S y) = y^T (S Q S) y.
    rescaled = functions.quadratic(np.diag(scales) @ q @ np.diag(scales))
    a = run(optim.diagonal_preconditioned_gd(eta=0.3), original, x0=x0, steps=15)
    b = run(optim.diagonal_preconditioned_gd(eta=0.3), rescaled, x0=x0 / scales, steps=15)
    np.testing.assert_allclose(b.points * scales, a.points, rtol=1e-9, atol=1e-9)


def test_plain_gd_is_not_blind_to_units():
    q = np.diag([1.0, 1.0])
    original, rescaled = functions.quadratic(q), functions.quadratic(np.diag([1e3, 1.0]) @ q @ np.diag([1e3, 1.0]))
    a = run(optim.gd(eta=0.1), original, x0=[1.0, 1.0], steps=3)
    with pytest.warns(Warning):  # in millimetres, the same eta blows up
        b = run(optim.gd(eta=0.1), rescaled, x0=[1e-3, 1.0], steps=200)
    assert b.diverged and not a.diverged


@settings(max_examples=60, deadline=None)
@given(positive_definite(), st.data(), st.floats(0.2, 0.9), st.floats(1e-4, 0.5))
def test_every_backtracking_step_satisfies_armijo(q, data, rho, c):
    objective = functions.quadratic(q)
    x0 = data.draw(st.lists(st.floats(-50, 50), min_size=q.shape[0], max_size=q.shape[0]))
    trace = run(optim.backtracking_gd(alpha=2.0, rho=rho, c=c), objective, x0=x0, steps=10)
    for before, after in zip(trace.points[:-1], trace.points[1:]):
        grad = objective.grad(before)
        if not np.dot(grad, grad) > 0:  # stationary (or its square underflows): no search
            assert np.array_equal(after, before)
            continue
        # The search's step, not one recovered from the points: dividing by |grad|^2 loses
        # most of its digits once that square is subnormal (|grad| below about 1e-154).
        step = linesearch.backtracking(objective.f, before, -grad, grad, alpha=2.0, rho=rho, c=c).step
        assert 0 < step <= 2.0
        assert np.array_equal(after, before + step * -grad)  # the step taken is the search's
        assert linesearch.armijo(objective.f, before, -grad, grad, step, c=c)
        trial = 2.0  # and it is the first of 2, 2 rho, 2 rho^2, ... that qualifies
        while trial > step:
            assert not linesearch.armijo(objective.f, before, -grad, grad, trial, c=c)
            trial *= rho
        assert trial == step


def test_backtracking_counts_its_evaluations():
    f = functions.elliptic
    trace = run(optim.backtracking_gd(), f, x0=[-5.0, -2.0], steps=2)
    assert trace.state.evaluations == 7 and np.allclose(trace.x, 0)


def test_bisection_finds_the_minimizer_of_a_convex_function():
    # phi(a) = log(exp(a) + exp(-2a - 3)): phi'(a) = 0 where exp(3a + 3) = 2, a = (ln 2 - 3) / 3
    dphi = lambda a: (np.exp(a) - 2 * np.exp(-2 * a - 3)) / (np.exp(a) + np.exp(-2 * a - 3))
    result = linesearch.bisection(dphi, -5.0, 5.0, tol=1e-10)
    assert result.step == pytest.approx((np.log(2) - 3) / 3, abs=1e-9)
    assert result.evaluations == 2 + int(np.ceil(np.log2(10 / 1e-10)))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: optim.newton(functions.square.hess), "Invalid learning rate: eta=<bound method Objective.hess"),
        (lambda: optim.backtracking_gd(functions.square.f), "backtracking_gd() takes 0 positional arguments"),
        (lambda: optim.newton(fix="flip"), "Invalid Hessian fix: fix='flip' (must be one of None, 'abs')"),
        (lambda: optim.backtracking_gd(rho=1.0), "Invalid shrink factor: rho=1.0 (must be < 1)"),
        (lambda: optim.backtracking_gd(c=0), "Invalid Armijo constant: c=0.0 (must be > 0)"),
        (lambda: linesearch.backtracking(functions.square.f, [1.0], [1.0], [2.0]), "Invalid direction: direction=[1.0] is not a descent direction"),
        (lambda: linesearch.bisection(lambda a: a, 1.0, 1.0), "Invalid interval: low=1.0, high=1.0 (must have low < high)"),
        (lambda: linesearch.bisection(lambda a: a, 1.0, 2.0), "Invalid interval: the derivative must change sign from - to + on [1.0, 2.0]"),
        (lambda: run(optim.newton(), functions.quadratic([[0.0]]), x0=1.0, steps=1),
         "Newton step undefined at x=[1.0]: the Hessian is singular"),
    ],
)
def test_bad_input_is_named(call, message):
    # (An old-style call, newton(f.hess), is named as such: the objective now comes from run.)
    with pytest.raises((ValueError, TypeError), match="^" + __import__("re").escape(message)):
        call()


def test_exact_line_search_minimizes_along_each_direction():
    f = functions.elliptic
    trace = run(optim.exact_line_search_gd(), f, x0=[-5.0, -2.0], steps=5)
    for before, after in zip(trace.points[:-1], trace.points[1:]):
        # At an exact minimizer along -g, the new gradient is orthogonal to the old one.
        assert abs(float(np.dot(f.grad(after), f.grad(before)))) < 1e-8 * float(np.dot(f.grad(before), f.grad(before)))


def test_golden_section_needs_no_derivative_and_shrinks_by_0618():
    f = functions.log_sum_exp([1, -2], [0, -3])
    result = linesearch.golden_section(lambda a: float(f.f(a)), -5.0, 5.0, tol=1e-8)
    assert result.step == pytest.approx((np.log(2) - 3) / 3, abs=1e-7)
    assert result.evaluations == 2 + int(np.ceil(np.log(1e-8 / 10) / np.log(linesearch.INVERSE_GOLDEN_RATIO)))


def test_second_order_optimizers_use_the_objective_run_gives_them():
    """Built without an objective, Newton cannot be paired with the wrong one: run(newton(), b)
    uses b's Hessian (once, newton(a.hess) run on b silently used a's)."""
    a, b = functions.quadratic([[1.0, 0.0], [0.0, 1.0]]), functions.quadratic([[4.0, 0.0], [0.0, 0.25]])
    assert np.all(run(optim.newton(), b, x0=[3.0, -2.0], steps=1).x == 0)
    assert np.all(run(optim.newton(), a, x0=[3.0, -2.0], steps=1).x == 0)


def test_a_hessian_of_the_wrong_size_is_named():
    from gdbook.functions import Objective

    flat = Objective("my f", 2, lambda x: (x**2).sum(-1), lambda x: 2 * x, lambda x: np.eye(3))
    with pytest.raises(ValueError, match=r"^the Hessian of my f returned shape \(3, 3\) at x = array\(\[1\., 2\.\]\); expected \(2, 2\)"):
        run(optim.newton(), flat, x0=[1.0, 2.0], steps=1)
    broken = Objective("my g", 1, lambda x: (x**2).sum(-1), lambda x: 2 * x, lambda x: np.array([[np.nan]]))
    with pytest.raises(ValueError, match=r"^the Hessian of my g returned array\(\[\[nan\]\]\) at x = array\(\[1\.\]\): not finite"):
        run(optim.diagonal_preconditioned_gd(eta=0.5), broken, x0=1.0, steps=1)
