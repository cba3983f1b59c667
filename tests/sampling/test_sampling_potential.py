"""The MALA sampler reproduces the classical β-ensembles and diagnoses convergence."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from htmp_theory.sampling import beta_hermite, beta_jacobi
from htmp_theory.sampling.potential import (
    JacobiPotential,
    LaguerrePotential,
    PolynomialPotential,
    sample_potential,
)

GAUSSIAN = PolynomialPotential((0.0, 0.0, 0.5))


def _assert_close(mcmc, exact, se_exact=0.0):
    mean, se = mcmc
    z = (mean - exact) / np.hypot(se, se_exact)
    assert abs(z) < 5, (mean, exact, z)


def test_gaussian_potential_reproduces_beta_hermite():
    n, beta = 5, 1.4
    s = sample_potential(n, beta, GAUSSIAN, steps=3000, warmup=1000, rng=1)
    assert s.converged()
    assert 0.4 < s.acceptance.mean() < 0.8
    _assert_close(s.estimate(lambda x: (x**2).sum(axis=-1)), n + beta * n * (n - 1) / 2)
    ref = beta_hermite(n, beta, reps=20000, rng=2).max(axis=1)
    _assert_close(s.estimate(lambda x: x.max(axis=-1)), ref.mean(), ref.std() / np.sqrt(ref.size))


def test_laguerre_potential_reproduces_trace_moments():
    n, m, beta = 4, 7.5, 1.2
    s = sample_potential(n, beta, LaguerrePotential(0.5, beta / 2 * (m - n + 1) - 1),
                         steps=4000, warmup=1000, x0=np.array([2.0, 5.0, 9.0, 14.0]), rng=3)
    _assert_close(s.estimate(lambda x: x.sum(axis=-1)), beta * n * m)
    _assert_close(s.estimate(lambda x: (x**2).sum(axis=-1)), beta * n * m * (beta * (n + m - 1) + 2))


def test_jacobi_potential_reproduces_beta_jacobi():
    n, a, b, beta = 3, 0.5, 1.5, 1.3
    s = sample_potential(n, beta, JacobiPotential(beta / 2 * (a + 1) - 1, beta / 2 * (b + 1) - 1),
                         steps=3000, warmup=1000, rng=4)
    ref = beta_jacobi(n, a, b, beta, reps=20000, rng=5)
    for f in (lambda x: x.sum(axis=-1), lambda x: x.min(axis=-1)):
        _assert_close(s.estimate(f), f(ref).mean(), f(ref).std() / np.sqrt(ref.shape[0]))


def test_numerical_derivative_and_wrong_law_detected():
    """A plain function (no derivative) works; a wrong beta is detected by the same check."""
    n, beta = 4, 2.0
    s = sample_potential(n, beta, lambda x: x**2 / 2, steps=2000, warmup=500, rng=6)
    exact = n + beta * n * (n - 1) / 2
    _assert_close(s.estimate(lambda x: (x**2).sum(axis=-1)), exact)
    wrong = sample_potential(n, 1.0, GAUSSIAN, steps=2000, warmup=500, rng=6)
    with pytest.raises(AssertionError):
        _assert_close(wrong.estimate(lambda x: (x**2).sum(axis=-1)), exact)


def test_unconverged_run_is_flagged():
    s = sample_potential(5, 1.0, GAUSSIAN, steps=40, warmup=0, x0=np.linspace(40, 60, 5), rng=7)
    assert not s.converged()
    assert max(s.rhat.values()) > 1.05
    assert "converged: False" in str(s)


def test_executor_runs_chains_in_batches():
    with ThreadPoolExecutor(2) as pool:
        s = sample_potential(3, 1.0, GAUSSIAN, chains=4, steps=200, warmup=100, rng=8, executor=pool)
    assert s.chains.shape == (4, 200, 3) and s.eigenvalues.shape == (800, 3)
    assert np.all(np.diff(s.chains, axis=-1) >= 0)


@pytest.mark.parametrize("kwargs, error", [
    (dict(n=0, beta=1.0, V=GAUSSIAN), ValueError),
    (dict(n=3, beta=0.0, V=GAUSSIAN), ValueError),
    (dict(n=3, beta=1.0, V="x^2"), TypeError),
    (dict(n=3, beta=1.0, V=GAUSSIAN, chains=1), ValueError),
    (dict(n=3, beta=1.0, V=GAUSSIAN, x0=np.zeros(4)), ValueError),
    (dict(n=3, beta=1.0, V=LaguerrePotential(0.5, 1.0), x0=np.array([-1.0, 1.0, 2.0])), ValueError),
    (dict(n=3, beta=1.0, V=GAUSSIAN, rng=np.random.RandomState(0)), TypeError),
])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error):
        sample_potential(**kwargs, steps=8, warmup=0)
