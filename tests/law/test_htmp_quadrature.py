"""HTMP density, CDF, quantiles and moments against independent quadrature (mpmath)."""
from __future__ import annotations

from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest

from htmp_theory import HTMP


def _quad_logx(law: HTMP, lo, power: int = 0, dps: int = 20):
    """∫ x^power p(x) dx over (e^lo, inf) in u = log x with the mpmath density.

    The upper limit is where the Gamma-like tail e^{-kx} is below 1e-25.
    """
    hi = float(mp.log(60 / law.k + 10))
    with mp.workdps(dps):
        f = lambda u: mp.exp((power + 1) * u) * law.pdf(mp.exp(u), dps=dps)  # noqa: E731
        return mp.quad(f, sorted({lo, -20, -5, -1, 0, 1, 2, hi, *np.linspace(2, hi, 6)}))


def test_density_integrates_to_continuous_mass(law):
    mass = _quad_logx(law, -200 if law.kappa > 0.01 else -700, dps=15)
    # for the tiny-kappa law the mass below e^-700 is F(e^-700), from the phase formula
    below = law.cdf(float(mp.exp(-700)), dps=15) - law.atom if law.kappa < 0.01 else 0
    assert abs(mass + below - min(1, 1 / law.gamma)) < 1e-9


@pytest.mark.parametrize("x", [0.2, 1.0, 3.0])
def test_cdf_matches_quadrature_of_pdf(x):
    law = HTMP(0.3255, 1.9)
    with mp.workdps(25):
        quad = mp.quad(lambda t: law.pdf(t, dps=25), [0, min(x, 0.05), x])
    assert abs(law.cdf(x, dps=25) - quad) < 1e-20
    assert abs(law.cdf(x) - float(quad)) < 1e-13
    assert abs(law.sf(x) - (1 - float(quad))) < 1e-13


def test_cdf_with_atom_matches_quadrature():
    law = HTMP(2.0, 3.0)
    with mp.workdps(20):
        quad = mp.quad(lambda t: law.pdf(t, dps=20), [0, 0.01, 1.0])
    assert abs(law.cdf(1.0) - (0.5 + float(quad))) < 1e-13
    assert law.cdf(0.0) == 0.5 and law.cdf(-1.0) == 0.0


def test_float_cdf_sf_keep_relative_accuracy_in_tails(law):
    lo, hi = law.ppf([1e-12, 1 - 1e-12])
    for x in (lo / 10, hi * 2):
        for f in (law.cdf, law.sf):
            exact = f(x, dps=20)
            if exact > 1e-300:
                assert abs(f(x) / float(exact) - 1) < 1e-11


def test_ppf_inverts_cdf(law):
    q = np.array([1e-10, 1e-3, 0.1, 0.5, 0.9, 0.999, 1 - 1e-10])
    q = q[(q > law.atom) & (q > law.cdf(1e-300))]  # smaller quantiles underflow float64
    x = law.ppf(q)
    assert np.all(np.diff(x) > 0)
    lower = q < 0.5
    assert np.allclose(law.cdf(x[lower]), q[lower], rtol=1e-12, atol=0)
    assert np.allclose(law.sf(x[~lower]), 1 - q[~lower], rtol=1e-10, atol=0)


def test_ppf_arbitrary_precision():
    law = HTMP(0.3255, 1.9)
    x = law.ppf(0.25, dps=40)
    assert abs(law.cdf(x, dps=45) - mp.mpf("0.25")) < mp.mpf(10) ** -39


def test_ppf_below_double_range():
    law = HTMP(0.3255, 1e-3)  # median about 1e-201, first decile far below 1e-308
    assert law.ppf(0.01) == 0.0
    x = law.ppf(0.01, dps=30)  # the float 0.01 is its binary value (precision contract)
    assert 0 < x < mp.mpf("1e-308")
    assert abs(law.cdf(x, dps=35) - mp.mpf(0.01)) < mp.mpf(10) ** -29


def test_ppf_atom_and_ends():
    law = HTMP(2.0, 3.0)
    assert law.ppf(0.3) == 0.0 and law.ppf(0.0) == 0.0 and law.ppf(1.0) == np.inf
    with pytest.raises(ValueError, match="q must lie in"):
        law.ppf(1.5)


@pytest.mark.parametrize("j", [1, 2, 3, 4])
def test_moments_recursion_vs_quadrature(j):
    law = HTMP(0.3255, 1.9)
    assert abs(float(_quad_logx(law, -200, power=j, dps=15)) / law.moment(j) - 1) < 1e-9


def test_moments_exact_rationals():
    law = HTMP(Fraction(1, 2), 2)
    assert law.moment(2) == Fraction(2)  # 1 + gamma + 2 gamma / kappa
    assert law.moments(3) == [1, 1, 2, Fraction(11, 2)]
    assert law.mean() == 1 and law.var() == 1
    assert HTMP(0.5, 2.0, scale=3.0).moment(2) == pytest.approx(18.0)


def test_scale_is_the_mean():
    law, scaled = HTMP(0.3255, 1.9), HTMP(0.3255, 1.9, scale=2.5)
    x = np.array([0.1, 1.0, 4.0])
    assert np.allclose(scaled.pdf(2.5 * x), law.pdf(x) / 2.5, rtol=1e-14)
    assert np.allclose(scaled.cdf(2.5 * x), law.cdf(x), rtol=1e-14)
    assert np.allclose(scaled.ppf([0.2, 0.7]), 2.5 * law.ppf([0.2, 0.7]), rtol=1e-14)
