"""Properties that hold for every input, checked with hypothesis."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gdbook import functions, optim, run

finite = st.floats(min_value=-50, max_value=50, allow_nan=False)


@st.composite
def convex_quadratics(draw):
    """A random positive-definite Q (so x^T Q x is strictly convex) and its largest curvature."""
    d = draw(st.integers(1, 4))
    entries = draw(st.lists(finite, min_size=d * d, max_size=d * d))
    a = np.array(entries).reshape(d, d) / 10
    q = a @ a.T + 0.5 * np.eye(d)
    curvature = np.linalg.eigvalsh(q + q.T).max()
    return q, curvature


@settings(max_examples=60, deadline=None)
@given(convex_quadratics(), st.floats(min_value=0.01, max_value=0.99), st.data())
def test_gd_below_two_over_L_decreases_a_convex_quadratic_every_step(problem, fraction, draw):
    q, curvature = problem
    objective = functions.quadratic(q)
    x0 = draw.draw(st.lists(finite, min_size=q.shape[0], max_size=q.shape[0]))
    trace = run(optim.gd(eta=fraction * 2 / curvature), objective, x0=x0, steps=25)
    assert np.all(np.diff(trace.values) <= 1e-9 * (1 + trace.values[:-1]))


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=1.01, max_value=3.0), st.floats(min_value=0.5, max_value=50))
def test_gd_above_two_over_L_moves_away_on_x_squared(factor, x0):
    # On x^2 the curvature is L = 2, so eta > 2/L = 1 makes |x| grow at every step.
    trace = run(optim.gd(eta=factor), functions.square, x0=x0, steps=5)
    assert np.all(np.diff(np.abs(trace.points[:, 0])) > 0)
