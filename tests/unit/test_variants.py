"""Momentum, Nesterov, AdaGrad, RMSProp, AdaDelta and Adam against independent
implementations: each paper's update transcribed as a plain loop (not gdbook's code), with
the convention differences mapped explicitly; and against Dive into Deep Learning's printed
results where it runs the same optimizer on the same objective."""

import re

import numpy as np
import pytest

from gdbook import functions, optim, run

BOWL = functions.quadratic([[0.1, 0], [0, 2]])  # Dive into Deep Learning's test objective
CROSS = functions.quadratic([[3.0, 1.0], [1.0, 6.0]])  # not separable: coordinates interact
START = np.array([-5.0, -2.0])
STEPS = 60


def reference(objective, rule, steps=STEPS):
    """Iterates of ``rule(theta, state, t) -> (theta, state)`` from START."""
    theta, state, points = START.copy(), None, [START.copy()]
    for t in range(1, steps + 1):
        theta, state = rule(theta, state, t, objective.grad)
        points.append(theta.copy())
    return np.array(points)


def sutskever_momentum(mu, lr):
    # Sutskever et al., ICML 2013, eq. (1)-(2): v <- mu v - lr grad(theta); theta <- theta + v
    def rule(theta, v, t, grad):
        v = np.zeros_like(theta) if v is None else v
        v = mu * v - lr * grad(theta)
        return theta + v, v
    return rule


def sutskever_nag(mu, lr):
    # Sutskever et al., ICML 2013, eq. (3)-(4): v <- mu v - lr grad(theta + mu v); theta <- theta + v
    def rule(theta, v, t, grad):
        v = np.zeros_like(theta) if v is None else v
        v = mu * v - lr * grad(theta + mu * v)
        return theta + v, v
    return rule


def duchi_adagrad(lr, delta):
    # Duchi, Hazan & Singer, JMLR 2011, diagonal AdaGrad: G <- G + g^2; theta <- theta - lr g / (delta + sqrt(G))
    def rule(theta, G, t, grad):
        g = grad(theta)
        G = (np.zeros_like(theta) if G is None else G) + g**2
        return theta - lr * g / (delta + np.sqrt(G)), G
    return rule


def torch_rmsprop(lr, alpha, eps):
    # torch.optim.RMSprop's documented algorithm (centered=False, momentum=0):
    # v <- alpha v + (1 - alpha) g^2; theta <- theta - lr g / (sqrt(v) + eps)
    def rule(theta, v, t, grad):
        g = grad(theta)
        v = alpha * (np.zeros_like(theta) if v is None else v) + (1 - alpha) * g**2
        return theta - lr * g / (np.sqrt(v) + eps), v
    return rule


def zeiler_adadelta(rho, eps):
    # Zeiler 2012, Algorithm 1: E[g2] <- rho E[g2] + (1-rho) g^2;
    # dx = -RMS[dx]_{t-1} / RMS[g]_t * g; E[dx2] <- rho E[dx2] + (1-rho) dx^2; x <- x + dx
    def rule(theta, acc, t, grad):
        eg2, edx2 = (np.zeros_like(theta), np.zeros_like(theta)) if acc is None else acc
        g = grad(theta)
        eg2 = rho * eg2 + (1 - rho) * g**2
        dx = -(np.sqrt(edx2 + eps) / np.sqrt(eg2 + eps)) * g
        edx2 = rho * edx2 + (1 - rho) * dx**2
        return theta + dx, (eg2, edx2)
    return rule


def kingma_adam(alpha, beta1, beta2, eps):
    # Kingma & Ba, ICLR 2015, Algorithm 1
    def rule(theta, mv, t, grad):
        m, v = (np.zeros_like(theta), np.zeros_like(theta)) if mv is None else mv
        g = grad(theta)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
        return theta - alpha * m_hat / (np.sqrt(v_hat) + eps), (m, v)
    return rule


@pytest.mark.parametrize("objective", [BOWL, CROSS], ids=["bowl", "cross"])
@pytest.mark.parametrize(
    "ours, theirs",
    [
        (optim.momentum(eta=0.05, gamma=0.8), sutskever_momentum(mu=0.8, lr=0.05)),
        (optim.adagrad(eta=0.7, eps=0.0), duchi_adagrad(lr=0.7, delta=0.0)),  # eps placement: equal at 0
        (optim.rmsprop(eta=0.05, gamma=0.9, eps=0.0), torch_rmsprop(lr=0.05, alpha=0.9, eps=0.0)),
        (optim.adadelta(rho=0.9, eps=1e-4), zeiler_adadelta(rho=0.9, eps=1e-4)),
        (optim.adam(eta=0.1, beta1=0.9, beta2=0.999, eps=1e-8), kingma_adam(0.1, 0.9, 0.999, 1e-8)),
    ],
    ids=["momentum", "adagrad", "rmsprop", "adadelta", "adam"],
)
def test_same_trajectory_as_the_papers_algorithm(objective, ours, theirs):
    mine = run(ours, objective, x0=START, steps=STEPS).points
    np.testing.assert_allclose(mine, reference(objective, theirs), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("objective", [BOWL, CROSS], ids=["bowl", "cross"])
def test_nesterov_iterates_are_nags_look_ahead_points(objective):
    # gdbook's form tracks x = theta + mu v, the point where NAG evaluates its gradient.
    mu, lr = 0.8, 0.05
    theta, v, lookahead = START.copy(), np.zeros(2), [START.copy()]
    for _ in range(STEPS):
        v = mu * v - lr * objective.grad(theta + mu * v)
        theta = theta + v
        lookahead.append(theta + mu * v)
    mine = run(optim.nesterov(eta=lr, gamma=mu), objective, x0=START, steps=STEPS).points
    np.testing.assert_allclose(mine, np.array(lookahead), rtol=1e-12, atol=1e-12)


def test_the_two_momentum_conventions_are_one_method():
    # v <- beta v + g, x <- x - eta v   versus   v <- gamma v + eta g, x <- x - v:
    # with gamma = beta the second's v is eta times the first's, and the iterates agree.
    eta, beta = 0.05, 0.8
    x, v, points = START.copy(), np.zeros(2), [START.copy()]
    for _ in range(STEPS):
        v = beta * v + CROSS.grad(x)
        x = x - eta * v
        points.append(x.copy())
    mine = run(optim.momentum(eta=eta, gamma=beta), CROSS, x0=START, steps=STEPS).points
    np.testing.assert_allclose(mine, np.array(points), rtol=1e-12, atol=1e-12)


def test_epsilon_placement_matters_only_when_epsilon_does():
    inside = run(optim.rmsprop(eta=0.05, gamma=0.9, eps=1e-6), BOWL, x0=START, steps=STEPS).points
    outside = reference(BOWL, torch_rmsprop(lr=0.05, alpha=0.9, eps=1e-6))
    assert not np.allclose(inside, outside, rtol=0, atol=1e-12)
    np.testing.assert_allclose(inside, outside, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize(
    "optimizer, printed",
    [
        # Dive into Deep Learning (1st ed.), chapter "Optimization Algorithms", f = 0.1 x1^2 + 2 x2^2
        # from (-5, -2), 20 steps, as printed there (its "-0.000000" is printed as 0.000000 here).
        (optim.momentum(eta=0.4, gamma=0.5), "x1: -0.062843, x2: 0.001202"),
        (optim.momentum(eta=0.6, gamma=0.5), "x1: 0.007188, x2: 0.002553"),
        (optim.adagrad(eta=0.4), "x1: -2.382563, x2: -0.158591"),
        (optim.adagrad(eta=2.0), "x1: -0.002295, x2: 0.000000"),
        (optim.rmsprop(eta=0.4, gamma=0.9), "x1: -0.010599, x2: 0.000000"),
    ],
    ids=["momentum-0.4", "momentum-0.6", "adagrad-0.4", "adagrad-2", "rmsprop"],
)
def test_agrees_with_dive_into_deep_learning(optimizer, printed):
    assert f"{run(optimizer, BOWL, x0=START, steps=20):epoch}" == f"epoch 20, {printed}"


def test_bias_correction_makes_adams_first_step_the_learning_rate():
    # With the corrections, m_hat / sqrt(v_hat) = g / |g| at t = 1: every coordinate moves by eta.
    trace = run(optim.adam(eta=0.1, eps=0.0), CROSS, x0=START, steps=1)
    np.testing.assert_allclose(np.abs(trace.points[1] - START), 0.1, rtol=1e-12)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: optim.momentum(eta=0.1, gamma=1.0), "Invalid momentum: gamma=1.0 (must be < 1)"),
        (lambda: optim.nesterov(eta=0.1, gamma=-0.1), "Invalid momentum: gamma=-0.1 (must be >= 0)"),
        (lambda: optim.adagrad(eta=0.1, eps=-1e-6), "Invalid epsilon: eps=-1e-06 (must be >= 0)"),
        (lambda: optim.rmsprop(eta=0.1, gamma=2), "Invalid decay rate: gamma=2.0 (must be < 1)"),
        (lambda: optim.adadelta(eps=0), "Invalid epsilon: eps=0.0 (must be > 0)"),
        (lambda: optim.adam(beta2=1.0), "Invalid decay rate: beta2=1.0 (must be < 1)"),
        (lambda: optim.adam(eta=-1), "Invalid learning rate: eta=-1.0 (must be > 0)"),
    ],
)
def test_bad_settings_are_named(call, message):
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        call()
