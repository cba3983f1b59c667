"""Tridiagonal models against dense matrices (β = 1, 2) and exact n = 1, 2 densities."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, special, stats

from htmp_theory.sampling import (
    beta_hermite,
    beta_jacobi,
    beta_laguerre,
    hermite_entries,
    sample_gaussian_crossover,
    sample_semicircle,
)
from htmp_theory.sampling.dense import dense_gaussian, dense_manova, dense_wishart

REPS = 4000


@pytest.mark.parametrize("beta", [1, 2])
def test_hermite_matches_dense_gaussian(beta, assert_same_law):
    assert_same_law(beta_hermite(6, beta, reps=REPS, rng=1), dense_gaussian(6, beta, reps=REPS, rng=2))


@pytest.mark.parametrize("beta", [1, 2])
def test_laguerre_matches_dense_wishart(beta, assert_same_law):
    assert_same_law(beta_laguerre(5, 8, beta, reps=REPS, rng=3), dense_wishart(5, 8, beta, reps=REPS, rng=4))


@pytest.mark.parametrize("beta", [1, 2])
def test_jacobi_matches_dense_manova(beta, assert_same_law):
    assert_same_law(beta_jacobi(4, 2, 3, beta, reps=REPS, rng=5), dense_manova(4, 2, 3, beta, reps=REPS, rng=6))


def test_dense_samplers_reject_other_beta():
    with pytest.raises(ValueError, match="beta must be 1"):
        dense_wishart(3, 4, 4)
    with pytest.raises(ValueError, match="beta must be 1"):
        dense_gaussian(3, 1.5)


def test_same_law_check_can_fail(assert_same_law):
    """The comparison used above detects a wrong parameter (m = 8 versus m = 9)."""
    with pytest.raises(AssertionError):
        assert_same_law(beta_laguerre(5, 8, 1, reps=REPS, rng=3), dense_wishart(5, 9, 1, reps=REPS, rng=4))


def _n2_expectation(log_weight, f, lo, hi):
    """E f(l1, l2) under the n = 2 joint density exp(log_weight) on lo < l1 < l2 < hi."""
    def integrand(l2, l1, g):
        return np.exp(log_weight(l1, l2)) * g(l1, l2)

    def integral(g):
        return integrate.dblquad(integrand, lo, hi, lambda l1: l1, hi, args=(g,), epsabs=1e-8, epsrel=1e-7)[0]

    return integral(f) / integral(lambda a, b: 1.0)


def _assert_mc_mean(values, exact):
    z = (values.mean() - exact) / (values.std(ddof=1) / np.sqrt(values.size))
    assert abs(z) < 4.5, (values.mean(), exact, z)


@pytest.mark.parametrize("beta", [0.37, 2.6])
def test_hermite_n2_matches_joint_density(beta):
    def log_weight(l1, l2):
        return beta * np.log(l2 - l1) - (l1**2 + l2**2) / 2

    x = beta_hermite(2, beta, reps=40000, rng=7)
    exact = _n2_expectation(log_weight, lambda a, b: b**3 + np.exp(b), -12, 12)
    _assert_mc_mean(x[:, 1] ** 3 + np.exp(x[:, 1]), exact)


@pytest.mark.parametrize("a, b, beta", [(0.5, 1.5, 0.6), (-0.4, 2.2, 3.1)])
def test_jacobi_n2_matches_joint_density(a, b, beta):
    p, q = beta / 2 * (a + 1) - 1, beta / 2 * (b + 1) - 1

    def log_weight(l1, l2):
        return beta * np.log(l2 - l1) + p * np.log(l1 * l2) + q * np.log((1 - l1) * (1 - l2))

    x = beta_jacobi(2, a, b, beta, reps=40000, rng=8)
    exact = _n2_expectation(log_weight, lambda l1, l2: l2**2 - l1, 0, 1)
    _assert_mc_mean(x[:, 1] ** 2 - x[:, 0], exact)


def test_jacobi_n1_is_beta_law():
    a, b, beta = 0.3, -0.5, 1.7
    x = beta_jacobi(1, a, b, beta, reps=5000, rng=9)[:, 0]
    law = stats.beta(beta / 2 * (a + 1), beta / 2 * (b + 1))
    assert stats.kstest(x, law.cdf).pvalue > 1e-4


def test_laguerre_n2_matches_joint_density():
    m, beta = 1.3, 0.45   # non-integer, m > n - 1 = 1
    p = beta / 2 * (m - 1) - 1   # about -0.93: a strong singularity at 0
    # substitute l = t^{1/(p+1)}, which turns l^p dl into dt / (p+1)
    def lam(t):
        return t ** (1 / (p + 1))

    def log_weight(t1, t2):
        return beta * np.log(lam(t2) - lam(t1)) - (lam(t1) + lam(t2)) / 2

    x = beta_laguerre(2, m, beta, reps=40000, rng=10)
    exact = _n2_expectation(log_weight, lambda t1, t2: np.log1p(lam(t2)), 0, 200 ** (p + 1))
    _assert_mc_mean(np.log1p(x[:, 1]), exact)


def test_hermite_entries_second_moment_and_crossover_scaling():
    n, c = 50, 1.5
    d, e = hermite_entries(n, 2 * c / n, reps=2000, rng=11)
    tr2 = (d**2).sum(axis=1) + 2 * (e**2).sum(axis=1)
    _assert_mc_mean(tr2 / n, 1 + c * (n - 1) / n)
    x = sample_gaussian_crossover(n, c, reps=2000, rng=12)
    _assert_mc_mean((x**2).mean(axis=1), 1 + c * (n - 1) / n)


def test_semicircle_scaling():
    x = sample_semicircle(400, 1.0, reps=20, rng=13).ravel()
    law = stats.semicircular(scale=2)
    assert abs((x**2).mean() - 1) < 0.03
    assert stats.kstest(x, law.cdf).statistic < 0.02


@pytest.mark.parametrize("call", [
    lambda: beta_hermite(0, 1.0),
    lambda: beta_hermite(3, -1.0),
    lambda: beta_jacobi(3, -1.0, 0.5, 1.0),
    lambda: beta_jacobi(3, 0.5, -2.0, 1.0),
])
def test_models_reject_bad_arguments(call):
    with pytest.raises(ValueError):
        call()


def test_non_generator_rng_is_rejected():
    with pytest.raises(TypeError, match="rng"):
        beta_hermite(3, 1.0, rng=np.random.RandomState(1))
    with pytest.raises(TypeError, match="rng"):
        beta_jacobi(3, 1.0, 1.0, 1.0, rng="seed")


def test_gamma_function_sanity():
    # n = 1 Laguerre: chi^2 with beta*m degrees of freedom: E log L = psi(beta m/2) + log 2
    x = beta_laguerre(1, 2.5, 0.8, reps=20000, rng=14)[:, 0]
    _assert_mc_mean(np.log(x), special.digamma(0.8 * 2.5 / 2) + np.log(2))
