"""Linear-statistic covariances from linear response vs Monte Carlo of the tridiagonal models."""
from __future__ import annotations

import numpy as np
import pytest

from htmp_theory import HTMP, GaussianHT, JacobiHT, MarchenkoPastur
from htmp_theory.crosscheck.fluctuations import linear_statistic_variance, moment_covariance
from htmp_theory.sampling import beta_jacobi, sample_gaussian_crossover, sample_htmp

N, REPS = 100, 1200
GAUSSIAN = GaussianHT(1.0)


def _monte_carlo(x: np.ndarray, order: int) -> tuple[np.ndarray, np.ndarray]:
    """Cov(sum x^j, sum x^q)/n and a standard error of each entry (normal-theory delta method)."""
    sums = np.stack([(x**j).sum(axis=1) for j in range(1, order + 1)])
    cov = np.cov(sums) / x.shape[1]
    diag = np.diag(cov)
    se = np.sqrt((cov**2 + np.outer(diag, diag)) / (x.shape[0] - 1))
    return cov, se


def _jacobi_samples(a, b, c, n, reps, rng):
    beta = 2 * c / n
    return beta_jacobi(n, 2 * (a + 1) / beta - 1, 2 * (b + 1) / beta - 1, beta, reps=reps, rng=rng)


@pytest.mark.parametrize("law, sampler", [
    (HTMP(0.5, 2.0), lambda: sample_htmp(N, 0.5, 2.0, reps=REPS, rng=1)),
    (HTMP(2.0, 3.0), lambda: sample_htmp(N, 2.0, 3.0, reps=REPS, rng=2)),       # gamma > 1: zeros padded
    (HTMP(0.25, 1.0, scale=2.0), lambda: 2.0 * sample_htmp(N, 0.25, 1.0, reps=REPS, rng=3)),
    (GAUSSIAN, lambda: sample_gaussian_crossover(N, 1.0, reps=REPS, rng=4)),
    (JacobiHT(0.5, -0.25, 2.0), lambda: _jacobi_samples(0.5, -0.25, 2.0, N, REPS, 5)),
], ids=["htmp", "htmp-gamma>1", "htmp-scaled", "gaussian", "jacobi"])
def test_covariance_matches_monte_carlo(law, sampler):
    theory = moment_covariance(law, 3)
    mc, se = _monte_carlo(sampler(), 3)
    # finite-n corrections are O(1/n) relative: allow 4 MC standard errors plus 2/n
    assert np.all(np.abs(mc - theory) < 4 * se + 2.0 / N * np.abs(theory)), (theory, mc, se)


@pytest.mark.parametrize("law", [HTMP(0.5, 2.0), HTMP(3.0, 0.7), GaussianHT(0.3), JacobiHT(1.5, 0.25, 0.7)])
def test_covariance_is_symmetric_and_positive(law):
    # symmetry sigma(x^j, x^q) = sigma(x^q, x^j) is not built in: it comes out of two different recursions
    cov = moment_covariance(law, 5)
    assert np.allclose(cov, cov.T, rtol=1e-12, atol=0)
    assert np.all(np.linalg.eigvalsh(cov / np.sqrt(np.outer(np.diag(cov), np.diag(cov)))) > -1e-12)


def test_first_moment_variance_is_exact_at_finite_n():
    # tr L is a sum of independent chi^2 with sum of dofs beta n m: Var(sum x)/n = 2 gamma / kappa at every n
    gamma, kappa = 0.4, 3.0
    assert moment_covariance(HTMP(gamma, kappa), 1)[0, 0] == pytest.approx(2 * gamma / kappa, rel=1e-14)
    x = sample_htmp(10, gamma, kappa, reps=10000, rng=6)
    var = x.sum(axis=1).var(ddof=1) / 10
    assert var == pytest.approx(2 * gamma / kappa, rel=4 * np.sqrt(2 / 10000) * 1.2)


def test_gaussian_closed_forms():
    c, law = 1.0, GAUSSIAN
    assert linear_statistic_variance(law, [0, 0, 1]) == pytest.approx(2 * (1 + c))
    m4, m6 = float(law.moment(4)), float(law.moment(6))
    assert linear_statistic_variance(law, [0, 0, 0, 0, 1]) == pytest.approx(4 * (3 + 2 * c) * m4 + 4 * m6)


def test_unsupported_and_bad_input():
    assert moment_covariance(MarchenkoPastur(0.5), 2) is None
    assert moment_covariance(HTMP(0.5, float("inf")), 2) is None
    with pytest.raises(TypeError, match="no high-temperature"):
        linear_statistic_variance(MarchenkoPastur(0.5), [0, 1])
    with pytest.raises(ValueError, match="coefficients"):
        linear_statistic_variance(HTMP(0.5, 1.0), [1.0])
    with pytest.raises(ValueError, match="order"):
        moment_covariance(HTMP(0.5, 1.0), 0)


@pytest.mark.slow
def test_equilibrium_covariance_matches_the_recursions():
    """Numerical linear response of solve_equilibrium vs the loop-equation recursion (independent)."""
    from htmp_theory.crosscheck.fluctuations import equilibrium_covariance

    gauss = moment_covariance(GaussianHT(0.5), 3)
    assert equilibrium_covariance(lambda x: x**2 / 2, 0.5, lambda x: x**2) == pytest.approx(gauss[1, 1], rel=1e-6)
    assert equilibrium_covariance(lambda x: x**2 / 2, 0.5, lambda x: x**3, lambda x: x) == \
        pytest.approx(gauss[2, 0], rel=1e-6)   # V - t x^3 would not confine: perturb by x
    a, b, c = 0.5, 1.5, 1.0
    jacobi = moment_covariance(JacobiHT(a, b, c), 2)
    import sympy as sp

    x = sp.Symbol("x")
    value = equilibrium_covariance(-a * sp.log(x) - b * sp.log(1 - x), c, x**2, domain="unit")
    assert value == pytest.approx(jacobi[1, 1], rel=1e-5)
