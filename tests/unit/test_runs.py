"""The optimization loop and gradient descent: the book's numbers and the loop's contract."""

import warnings

import numpy as np
import pytest

from gdbook import DivergenceWarning, Trace, functions, optim, run, schedules, stochastic


@pytest.mark.parametrize(
    "eta, printed",
    [(0.2, "epoch 10, x: 0.060466"), (0.05, "epoch 10, x: 3.486784"), (1.1, "epoch 10, x: 61.917364")],
)
def test_chapter_two_one_dimensional_runs(eta, printed):
    trace = run(optim.gd(eta=eta), functions.square, x0=10.0, steps=10)
    assert f"{trace:epoch}" == printed  # Dive into Deep Learning's line
    assert str(trace) == f"{trace}" == printed.replace("epoch", "step")
    # x_t = (1 - 2 eta)^t x_0 exactly, for every t.
    expected = 10.0 * (1 - 2 * eta) ** np.arange(11)
    np.testing.assert_allclose(trace.points[:, 0], expected, rtol=1e-12)


def test_chapter_two_two_dimensional_run():
    trace = run(optim.gd(eta=0.1), functions.elliptic, x0=[-5.0, -2.0], steps=20)
    assert f"{trace:epoch}" == "epoch 20, x1: -0.057646, x2: -0.000073"
    np.testing.assert_allclose(trace.x, [-5 * 0.8**20, -2 * 0.6**20], rtol=1e-12)


def test_a_trace_is_written_with_steps_unless_asked_for_epochs():
    trace = run(optim.gd(eta=0.2), functions.square, x0=10.0, steps=10)
    assert f"{trace:step}" == str(trace) == "step 10, x: 0.060466"
    with pytest.raises(ValueError, match=r"Invalid format for a Trace: '\.3f' \(must be '', 'step' or 'epoch'\)"):
        f"{trace:.3f}"


def test_trace_shapes_and_values():
    trace = run(optim.gd(eta=0.1), functions.elliptic, x0=[1.0, 1.0], steps=5)
    assert trace.points.shape == (6, 2) and trace.values.shape == (6,)
    assert trace.steps == 5 and not trace.diverged
    np.testing.assert_allclose(trace.values, functions.elliptic.f(trace.points))


def test_zero_steps_returns_the_start():
    trace = run(optim.gd(eta=0.1), functions.square, x0=3.0, steps=0)
    assert str(trace) == "step 0, x: 3.000000"


def test_no_negative_zero_is_printed():
    trace = Trace(np.array([[-1e-9, -0.0]]), np.array([0.0]))
    assert str(trace) == "step 0, x1: 0.000000, x2: 0.000000"


def test_overflow_stops_the_run_and_says_so():
    with pytest.warns(DivergenceWarning, match=r"run stopped at step \d+ of 1000: the iterates overflowed"):
        trace = run(optim.gd(eta=3.0), functions.square, x0=10.0, steps=1000)
    assert trace.diverged
    assert np.all(np.isfinite(trace.points))
    assert "diverged" in str(trace) and "e+" in str(trace)


def test_a_stable_run_emits_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run(optim.gd(eta=1.1), functions.square, x0=10.0, steps=10)


def test_schedules_are_applied_by_step_number():
    trace = run(optim.gd(eta=schedules.inverse(0.25)), functions.square, x0=1.0, steps=3)
    # x_t = x_{t-1} (1 - 2 * 0.25 / t)
    expected = [1.0, 0.5, 0.5 * 0.75, 0.5 * 0.75 * (1 - 0.5 / 3)]
    np.testing.assert_allclose(trace.points[:, 0], expected, rtol=1e-12)


def test_stochastic_runs_are_reproducible_and_depend_on_the_seed():
    noisy = stochastic.NoisyGradient(functions.elliptic, std=1.0)
    a = run(optim.gd(eta=0.1), noisy, x0=[-5.0, -2.0], steps=20, seed=0)
    b = run(optim.gd(eta=0.1), noisy, x0=[-5.0, -2.0], steps=20, seed=0)
    c = run(optim.gd(eta=0.1), noisy, x0=[-5.0, -2.0], steps=20, seed=1)
    assert np.array_equal(a.points, b.points)
    assert not np.array_equal(a.points, c.points)


def test_noise_of_zero_is_plain_gradient_descent():
    exact = run(optim.gd(eta=0.1), functions.elliptic, x0=[-5.0, -2.0], steps=20)
    silent = run(optim.gd(eta=0.1), stochastic.NoisyGradient(functions.elliptic, std=0.0), x0=[-5.0, -2.0], steps=20, seed=0)
    np.testing.assert_allclose(silent.points, exact.points, rtol=0, atol=0)


def test_noisy_gradient_is_unbiased_only_with_mean_zero():
    rng = np.random.default_rng(0)
    x = np.array([1.0, -1.0])
    for mean, shift in [(0.0, 0.0), (0.1, 0.1)]:
        noisy = stochastic.NoisyGradient(functions.elliptic, std=1.0, mean=mean)
        average = np.mean([noisy.sample(x, rng) for _ in range(40_000)], axis=0)
        np.testing.assert_allclose(average, functions.elliptic.grad(x) + shift, atol=0.02)


def test_minibatch_gradient_is_unbiased():
    from gdbook import data

    problem = data.linear_regression(n=100, weight=2.0, bias=-1.0, noise=0.5, seed=0)
    oracle = stochastic.MinibatchGradient(problem, batch_size=4)
    rng = np.random.default_rng(0)
    theta = np.array([0.5, 0.5])
    average = np.mean([oracle.sample(theta, rng) for _ in range(50_000)], axis=0)
    np.testing.assert_allclose(average, problem.objective.grad(theta), atol=0.02)


def test_minibatch_without_replacement_uses_every_example_once_per_pass():
    from gdbook import data

    problem = data.linear_regression(n=10, weight=2.0, bias=-1.0, noise=0.5, seed=0)
    for size, lengths in [(1, [1] * 10), (5, [5, 5]), (4, [4, 4, 2])]:
        oracle = stochastic.MinibatchGradient(problem, batch_size=size, replace=False)
        batches = oracle.batches(np.random.default_rng(0))
        passes = [[next(batches) for _ in lengths] for _ in range(3)]
        for one_pass in passes:
            assert [len(batch) for batch in one_pass] == lengths
            assert sorted(np.concatenate(one_pass).tolist()) == list(range(10))
        # a fresh shuffle every pass
        orders = {tuple(np.concatenate(one_pass)) for one_pass in passes}
        assert len(orders) == 3


def test_minibatch_with_replacement_repeats_and_misses_examples():
    from gdbook import data

    problem = data.linear_regression(n=1000, weight=2.0, bias=-1.0, noise=0.5, seed=0)
    batches = stochastic.MinibatchGradient(problem, batch_size=1).batches(np.random.default_rng(0))
    touched = np.unique(np.concatenate([next(batches) for _ in range(1000)])).size
    assert 600 < touched < 660  # about 1 - 1/e of the examples


def test_a_run_reads_the_batches_in_order():
    from gdbook import data

    problem = data.linear_regression(n=12, weight=2.0, bias=-1.0, noise=0.5, seed=0)
    for replace in [True, False]:
        oracle = stochastic.MinibatchGradient(problem, batch_size=5, replace=replace)
        trace = run(optim.gd(eta=0.1), oracle, x0=[0.0, 0.0], steps=7, seed=3)
        batches = oracle.batches(np.random.default_rng(3))
        x = np.zeros(2)
        for point in trace.points[1:]:
            x = x - 0.1 * problem.batch_gradient(x, next(batches))
            np.testing.assert_array_equal(point, x)
        # the same seed is the same run
        again = run(optim.gd(eta=0.1), oracle, x0=[0.0, 0.0], steps=7, seed=3)
        np.testing.assert_array_equal(trace.points, again.points)


def test_a_run_with_replacement_draws_as_sample_does():
    from gdbook import data

    problem = data.linear_regression(n=50, weight=2.0, bias=-1.0, noise=0.5, seed=0)
    oracle = stochastic.MinibatchGradient(problem, batch_size=3)
    trace = run(optim.gd(eta=0.1), oracle, x0=[0.0, 0.0], steps=20, seed=1)
    rng = np.random.default_rng(1)
    x = np.zeros(2)
    for point in trace.points[1:]:
        x = x - 0.1 * oracle.sample(x, rng)
        np.testing.assert_array_equal(point, x)


def test_minibatch_without_replacement_is_unbiased():
    from gdbook import data

    problem = data.linear_regression(n=100, weight=2.0, bias=-1.0, noise=0.5, seed=0)
    oracle = stochastic.MinibatchGradient(problem, batch_size=4, replace=False)
    rng = np.random.default_rng(0)
    theta = np.array([0.5, 0.5])
    average = np.mean([oracle.sample(theta, rng) for _ in range(50_000)], axis=0)
    np.testing.assert_allclose(average, problem.objective.grad(theta), atol=0.02)
    # over whole passes the average of the batch gradients is the exact gradient
    gradient = oracle.sampler(rng)
    epoch = np.mean([gradient(theta) for _ in range(25)], axis=0)
    np.testing.assert_allclose(epoch, problem.objective.grad(theta), rtol=1e-12, atol=1e-12)
