"""Objectives: values, gradients and Hessians agree with each other and with finite differences."""

import numpy as np
import pytest

from gdbook import data, functions

OBJECTIVES = {
    "square": functions.square,
    "elliptic": functions.elliptic,
    "general quadratic": functions.quadratic([[3, 1], [1, 6]]),
    "asymmetric Q": functions.quadratic([[1, 2], [0, 1]]),
    "least squares": data.linear_regression(n=50, weight=2.0, bias=-1.0, noise=0.5, seed=3).objective,
    "x cos(cx)": functions.x_cos(0.15 * np.pi),
    "cosh(cx)": functions.cosh(0.5),
    "log-sum-exp": functions.log_sum_exp([1, -2, 0.5], [0, -3, 1]),
    "polynomial": functions.polynomial([0.3, -2.8, 1.91, 2.1567, -1.3175, -0.32, 0.1667]),
    "exp + quadratic": functions.exp_quadratic,
    "saddle": functions.saddle,
}


def numerical_gradient(objective, x, h=1e-6):
    basis = np.eye(x.size)
    return np.array([(objective.f(x + h * e) - objective.f(x - h * e)) / (2 * h) for e in basis])


@pytest.mark.parametrize("name", OBJECTIVES)
def test_gradient_matches_central_differences(name):
    objective = OBJECTIVES[name]
    rng = np.random.default_rng(0)
    for _ in range(5):
        x = rng.normal(size=objective.dim) * 3
        np.testing.assert_allclose(objective.grad(x), numerical_gradient(objective, x), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", OBJECTIVES)
def test_hessian_matches_differences_of_the_gradient(name):
    objective = OBJECTIVES[name]
    x = np.linspace(-1, 2, objective.dim)
    h = 1e-6
    columns = [(objective.grad(x + h * e) - objective.grad(x - h * e)) / (2 * h) for e in np.eye(objective.dim)]
    np.testing.assert_allclose(objective.hess(x), np.array(columns).T, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", OBJECTIVES)
def test_grid_evaluation_matches_pointwise(name):
    objective = OBJECTIVES[name]
    grid = np.random.default_rng(1).normal(size=(4, 3, objective.dim))
    values = objective.f(grid)
    assert values.shape == (4, 3)
    assert values[2, 1] == pytest.approx(float(objective.f(grid[2, 1])))
    np.testing.assert_allclose(objective.grad(grid)[2, 1], objective.grad(grid[2, 1]))


def test_chapter_two_objectives():
    assert str(functions.square) == "x^2"
    assert str(functions.elliptic) == "x1^2 + 2 x2^2"
    assert float(functions.square.f(10.0)) == 100.0
    assert functions.elliptic.grad([-5.0, -2.0]).tolist() == [-10.0, -8.0]
    assert functions.elliptic.hess([0.0, 0.0]).tolist() == [[2.0, 0.0], [0.0, 4.0]]


def test_quadratic_names_write_the_polynomial():
    assert str(functions.quadratic([[3, 1], [1, 6]])) == "3 x1^2 + 2 x1 x2 + 6 x2^2"
    assert str(functions.quadratic([[1, 0], [0, -1]])) == "x1^2 - x2^2"


def test_least_squares_solution_is_the_stationary_point():
    problem = data.linear_regression(n=200, weight=-0.5, bias=3.0, noise=0.1, seed=7)
    best = problem.solution()
    np.testing.assert_allclose(problem.objective.grad(best), 0, atol=1e-12)
    assert abs(best[0] + 0.5) < 0.05 and abs(best[1] - 3.0) < 0.05


def test_excess_is_the_loss_gap_without_its_cancellation():
    problem = data.linear_regression(n=500, weight=1.5, bias=0.2, noise=0.3, seed=3)
    best = problem.solution()
    points = best + np.array([[0.5, -0.2], [1e-3, 2e-3], [0.0, 0.0]])
    gaps = problem.excess(points)
    assert gaps.shape == (3,)
    # Far from the minimizer the plain difference is accurate: the two must agree there.
    np.testing.assert_allclose(gaps[:2], problem.objective.f(points[:2]) - problem.objective.f(best), rtol=1e-9)
    assert gaps[2] == 0.0
    # Near it, the plain difference is round-off; the excess is the quadratic form exactly.
    tiny = best + [1e-8, 0.0]
    assert problem.excess(tiny) == pytest.approx(0.5 * np.mean(problem.x**2) * 1e-16, rel=1e-6)
    with pytest.raises(ValueError, match=r"Invalid theta: shape \(3,\)"):
        problem.excess([1.0, 2.0, 3.0])


def test_batch_gradient_over_all_examples_is_the_full_gradient():
    problem = data.linear_regression(n=64, weight=1.0, bias=0.5, noise=1.0, seed=2)
    theta = np.array([0.3, -0.7])
    np.testing.assert_allclose(problem.batch_gradient(theta, np.arange(64)), problem.objective.grad(theta), rtol=1e-12)


def test_generated_data_is_reproducible():
    a = data.linear_regression(n=10, weight=1.0, bias=0.0, noise=1.0, seed=5)
    b = data.linear_regression(n=10, weight=1.0, bias=0.0, noise=1.0, seed=5)
    assert np.array_equal(a.x, b.x) and np.array_equal(a.y, b.y)


def test_polynomial_stationary_points_are_the_chosen_roots():
    from numpy.polynomial import Polynomial

    roots = [-2, -0.8, 0.5, 1.4, 2.5]
    f = functions.polynomial(Polynomial.fromroots(roots).integ().coef)
    np.testing.assert_allclose([f.grad(r)[0] for r in roots], 0, atol=1e-12)
    # minima (f'' > 0) and maxima (f'' < 0) alternate, and A = -2 is the lowest minimum
    assert [f.hess(r)[0, 0] > 0 for r in roots] == [True, False, True, False, True]
    assert f.f(-2.0) < f.f(2.5) < f.f(0.5)
    assert str(functions.polynomial([1, 0, -3])) == "-3 x^2 + 1"


def test_exp_quadratic_is_strictly_convex_with_a_stationary_point_found_by_newton():
    f = functions.exp_quadratic
    rng = np.random.default_rng(4)
    for x in rng.normal(size=(20, 2)) * 3:
        assert np.linalg.eigvalsh(f.hess(x)).min() > 0
    x = np.zeros(2)
    for _ in range(8):
        x = x - np.linalg.solve(f.hess(x), f.grad(x))
    np.testing.assert_allclose(f.grad(x), 0, atol=1e-14)


def test_saddle_has_zero_gradient_and_an_indefinite_hessian_at_the_origin():
    assert functions.saddle.grad([0.0, 0.0]).tolist() == [0.0, 0.0]
    assert sorted(np.linalg.eigvalsh(functions.saddle.hess([0.0, 0.0]))) == [-2.0, 2.0]


def test_full_batch_reads_every_example_once():
    from gdbook import stochastic

    problem = data.linear_regression(n=64, weight=2.0, bias=-1.0, noise=0.5, seed=3)
    oracle = stochastic.MinibatchGradient(problem, batch_size=64)
    theta = np.array([0.3, -0.2])
    for seed in range(3):
        np.testing.assert_allclose(oracle.sample(theta, np.random.default_rng(seed)),
                                   problem.objective.grad(theta), rtol=1e-12)
