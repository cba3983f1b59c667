"""FreeCovarianceLaw (κ = ∞): MP_γ ⊠ ν_Σ against independent computations."""
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from scipy import integrate, stats

from htmp_theory import MarchenkoPastur
from htmp_theory.laws.covariance import FreeCovarianceLaw, correlated_htmp, free_covariance_moments
from htmp_theory.sampling import dense_wishart_covariance


@pytest.mark.parametrize("gamma", [0.25, 0.7, 1.0, 2.0])
def test_identity_is_marchenko_pastur(gamma):
    law, ref = FreeCovarianceLaw([1.0], gamma), MarchenkoPastur(gamma)
    assert np.allclose(law.support, ref.support, rtol=1e-12, atol=1e-14)
    a, b = ref.support
    x = np.linspace(a, b, 2001)[1:-1]
    assert np.max(np.abs(law.pdf(x) / ref.pdf(x) - 1)) < 1e-10
    # CDF vs adaptive quadrature of the closed-form MP density (independent of both codes)
    for xv in (a + 0.3 * (b - a), a + 0.8 * (b - a)):
        q = integrate.quad(ref.pdf, a, xv, epsabs=1e-14, epsrel=1e-13, limit=200)[0] + ref.atom
        assert abs(float(law.cdf(xv)) - q) < 1e-10
    assert float(law.cdf(0.0)) == pytest.approx(max(0.0, 1 - 1 / gamma), abs=1e-15)


def _pdf_by_polynomial_roots(values, weights, gamma, x):
    """Independent route: z(u) = x as a polynomial in u, the root with Im u > 0 (np.roots)."""
    out = []
    for xv in x:
        # u * prod(1 + s_k u) * (z(u) - x) = -prod + gamma u sum_k w_k s_k prod_{l != k} - x u prod
        prod = np.poly1d([1.0])
        for s in values:
            prod = prod * np.poly1d([s, 1.0])
        acc = np.poly1d([0.0])
        for k, (s, w) in enumerate(zip(values, weights)):
            others = np.poly1d([1.0])
            for l, t in enumerate(values):
                if l != k:
                    others = others * np.poly1d([t, 1.0])
            acc = acc + float(w * s) * others
        poly = -prod + float(gamma) * np.poly1d([1.0, 0.0]) * acc - float(xv) * np.poly1d([1.0, 0.0]) * prod
        roots = np.roots(poly.coeffs)
        out.append(max(0.0, roots.imag.max()) / (gamma * np.pi))
    return np.array(out)


def test_three_atoms_pdf_vs_polynomial_roots():
    values, weights, gamma = np.array([0.5, 1.0, 6.0]), np.array([0.3, 0.5, 0.2]), 0.1
    law = FreeCovarianceLaw((values, weights), gamma)
    assert len(law.intervals) >= 2          # separated bulks
    x = np.concatenate([np.linspace(a, b, 60)[3:-3] for a, b in law.intervals])
    ref = _pdf_by_polynomial_roots(values, weights, gamma, x)
    assert np.max(np.abs(law.pdf(x) - ref)) < 1e-9 * ref.max()
    # in a gap and outside the support the density is 0
    gap = 0.5 * (law.intervals[0][1] + law.intervals[1][0])
    assert law.pdf(gap) == 0 and law.pdf(law.support[1] * 1.01) == 0


@pytest.mark.parametrize("gamma", [0.3, 1.5])
def test_moments_s_transform_vs_quadrature(gamma):
    law = FreeCovarianceLaw(([1.0, 2.0, 5.0], [0.5, 0.3, 0.2]), gamma)
    # Gauss-Legendre in theta, x = a + (b - a)(1 - cos theta)/2 on each support interval (removes the
    # square-root edges); an independent quadrature of the float64 pdf
    nodes, wts = np.polynomial.legendre.leggauss(400)
    theta, wts = np.pi * (nodes + 1) / 2, wts * np.pi / 2
    quad = np.zeros(6)
    for a, b in law.intervals:
        x = a + (b - a) * (1 - np.cos(theta)) / 2
        dens = law.pdf(x) * (b - a) / 2 * np.sin(theta)
        quad += [np.sum(wts * dens * x**j) for j in range(6)]
    quad[0] += law.atom
    exact = [float(v) for v in law.moments(5)]
    assert np.allclose(quad, exact, rtol=1e-9, atol=1e-12)
    assert float(law.cdf(law.support[1])) == pytest.approx(1.0, abs=1e-12)


def test_moments_exact_rationals_and_low_orders():
    law = FreeCovarianceLaw([1, 1, 3], Fraction(1, 2))
    es1, es2 = Fraction(5, 3), Fraction(11, 3)
    assert law.moment(1) == es1
    assert law.moment(2) == es2 + Fraction(1, 2) * es1**2
    # Σ = I: the MP(γ) moments (Narayana polynomials)
    assert free_covariance_moments(Fraction(1, 3), [1] * 6) == [MarchenkoPastur(Fraction(1, 3), scale=1).moment(j) for j in range(6)]


def test_two_atoms_vs_dense_wishart():
    n, m, reps = 400, 800, 2
    sig = np.array([1.0] * 200 + [4.0] * 200)
    lam = dense_wishart_covariance(sig, m, 1, reps=reps, rng=2024) / m
    law = FreeCovarianceLaw([1.0, 4.0], n / m)
    ks = stats.kstest(lam.ravel(), law.cdf).statistic
    assert ks < 0.015


def test_dps_identity():
    law, ref = FreeCovarianceLaw([1], Fraction(1, 4)), MarchenkoPastur(Fraction(1, 4))
    v = law.pdf(1.3, dps=30)
    assert abs(v - ref.pdf(1.3, dps=30)) < mp.mpf(10) ** -28
    c = law.cdf(0.9, dps=20)
    assert abs(c - ref.cdf(0.9, dps=20)) < mp.mpf(10) ** -18


def test_stieltjes_identity():
    law, ref = FreeCovarianceLaw([1.0], 0.5), MarchenkoPastur(0.5)
    z = np.array([1.0 + 0.5j, 3.0 - 0.2j, -1.0 + 1e-3j])
    assert np.allclose(law.stieltjes(z), ref.stieltjes(z), rtol=1e-12)


@pytest.mark.parametrize("sigma,exc", [([1.0, -1.0], ValueError), ([1.0, np.nan], ValueError),
                                       ([], ValueError), ("abc", TypeError), (3.0, TypeError)])
def test_bad_sigma(sigma, exc):
    with pytest.raises(exc, match="sigma"):
        FreeCovarianceLaw(sigma, 0.5)


def test_bad_parameters_and_front_end():
    with pytest.raises(ValueError, match="gamma"):
        FreeCovarianceLaw([1.0], 0.0)
    with pytest.raises(ValueError, match="kappa"):
        correlated_htmp([1.0], 0.5, -1.0)
    with pytest.raises(ValueError, match="Monte Carlo"):
        correlated_htmp([1.0], 0.5, 3.0)
    assert isinstance(correlated_htmp([1.0], 0.5, float("inf")), FreeCovarianceLaw)
