"""CovarianceProductLaw (κ → 0): σ·X with σ ~ ν_Σ, X ~ HTMP(γ, κ) independent."""
from fractions import Fraction

import numpy as np
import pytest
from scipy import integrate, stats

from htmp_theory import HTMP
from htmp_theory.laws.covariance import CovarianceProductLaw, correlated_htmp


def test_normalisation_and_moments_by_quadrature():
    law = CovarianceProductLaw(([0.5, 2.0], [0.4, 0.6]), 0.5, 3.0)
    # integrate in log x: p(x) x dx, split at the atoms' scales (heavy upper tail is light: Gamma-like)
    f = lambda u, j: np.exp(u * (j + 1)) * law.pdf(np.exp(u))
    for j in range(4):
        val = integrate.quad(f, -60, 8, args=(j,), limit=400, epsabs=1e-13, epsrel=1e-11)[0]
        assert val == pytest.approx(float(law.moment(j)), rel=1e-8)


def test_exact_moments():
    law = CovarianceProductLaw([1, 3], Fraction(1, 2), 2)
    x = HTMP(Fraction(1, 2), 2, scale=1)
    for j in range(5):
        assert law.moment(j) == Fraction(1 + 3**j, 2) * x.moment(j)


def test_cdf_vs_direct_monte_carlo_product():
    law = CovarianceProductLaw(([1.0, 4.0], [0.5, 0.5]), 0.5, 1.0)
    rng = np.random.default_rng(7)
    sigma = rng.choice([1.0, 4.0], size=4000)
    x = HTMP(0.5, 1.0).ppf(rng.uniform(size=4000))   # inverse-CDF draws of X
    assert stats.kstest(sigma * x, law.cdf).pvalue > 1e-3
    # pdf is the derivative of the cdf
    t = np.array([0.05, 0.7, 3.0, 9.0])
    h = 1e-5 * t
    assert np.allclose((law.cdf(t + h) - law.cdf(t - h)) / (2 * h), law.pdf(t), rtol=1e-6)


def test_atom_gamma_above_one_and_front_end():
    law = CovarianceProductLaw([1.0, 2.0], 2.0, 1.0)
    assert float(law.cdf(0.0)) == pytest.approx(0.5)
    assert float(law.sf(0.0)) == pytest.approx(0.5)
    front = correlated_htmp([1.0, 2.0], 2.0, 1.0, approximation="product")
    assert isinstance(front, CovarianceProductLaw)


def test_gamma_limit_moments():
    law = CovarianceProductLaw([1.0, 3.0], 0.5, 0.2, gamma_limit=True)
    shape = 0.2 / (2 * 0.5)
    assert law.moment(2) == pytest.approx(5.0 * (shape + 1) / shape)
    with pytest.raises(ValueError, match="gamma"):
        CovarianceProductLaw([1.0], 2.0, 0.2, gamma_limit=True)


def test_validation():
    with pytest.raises(ValueError, match="kappa"):
        CovarianceProductLaw([1.0], 0.5, 0.0)
    with pytest.raises(ValueError, match="sigma"):
        CovarianceProductLaw([0.0, 1.0], 0.5, 1.0)
