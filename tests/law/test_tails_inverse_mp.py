"""Tail asymptotics, the inverse law and the Marchenko–Pastur law against independent checks."""
from __future__ import annotations

import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from scipy import integrate

from htmp_theory import HTMP, InverseHTMP, MarchenkoPastur


def _log_slope(law, x, dps=40, h="1e-10"):
    """d log p / d log x at x: central difference of the mpmath log-density (error O(h²))."""
    with mp.workdps(dps):
        u, h = mp.log(x), mp.mpf(h)
        return (law.logpdf(mp.exp(u + h), dps=dps) - law.logpdf(mp.exp(u - h), dps=dps)) / (2 * h)


@pytest.mark.parametrize("gamma,kappa", [(0.3255, 1.9), (0.5, 2.0), (2.0, 3.0), (0.3255, 5.5)])
def test_lower_tail_exponent_and_constant(gamma, kappa):
    law = HTMP(gamma, kappa)
    tail = law.lower_tail()
    expected = kappa / 2 * (1 / gamma - 1) - 1 if gamma < 1 else kappa / 2 * (1 - 1 / gamma) - 1
    assert tail.exponent == pytest.approx(expected, rel=1e-14)
    assert abs(_log_slope(law, mp.mpf("1e-12")) - tail.exponent) < 1e-6
    x = 1e-12
    assert law.pdf(x) / tail(x) == pytest.approx(1, abs=1e-6)


def test_lower_tail_at_gamma_one_has_log_correction():
    law = HTMP(1.0, 2.0)
    tail = law.lower_tail()
    assert (tail.exponent, tail.log_power) == (-1.0, -2.0)
    errs = [abs(float(law.pdf(mp.mpf(x), dps=20)) / float(tail(x)) - 1) for x in (1e-30, 1e-120)]
    assert errs[1] < errs[0] / 3  # relative corrections O(1/|log x|)


@pytest.mark.parametrize("gamma,kappa", [(0.3255, 1.9), (2.0, 3.0)])
def test_upper_tail_is_gamma_like(gamma, kappa):
    law = HTMP(gamma, kappa)
    tail = law.upper_tail()
    assert tail.rate == pytest.approx(kappa / (2 * gamma)) and tail.exponent == pytest.approx(law.k + law.b - 1)
    errs = [abs(law.pdf(x) / tail(x) - 1) for x in (50.0, 100.0)]
    assert errs[1] == pytest.approx(errs[0] / 2, rel=0.1)  # O(1/x) corrections


def test_inverse_law_density_cdf_and_power_law_tail():
    inv, base = InverseHTMP(0.3255, 1.9), HTMP(0.3255, 1.9)
    lam = np.array([0.3, 1.0, 5.0])
    assert np.allclose(inv.pdf(lam), base.pdf(1 / lam) / lam**2, rtol=1e-14)
    assert np.allclose(inv.cdf(lam), base.sf(1 / lam), rtol=1e-14)
    alpha = 1 + 1.9 / 2 * (1 / 0.3255 - 1)
    assert inv.alpha == pytest.approx(alpha) and inv.upper_tail().exponent == pytest.approx(-alpha)
    assert abs(_log_slope(inv, mp.mpf("1e10")) + alpha) < 1e-6
    assert inv.pdf(1e10) / inv.upper_tail()(1e10) == pytest.approx(1, abs=1e-6)
    # HT-SR relation kappa = 2 (alpha - 1) gamma / (1 - gamma)
    assert 2 * (inv.alpha - 1) * 0.3255 / (1 - 0.3255) == pytest.approx(1.9)


def test_inverse_law_lower_tail_is_inverse_gamma_like():
    inv = InverseHTMP(0.3255, 1.9)
    t = inv.lower_tail()
    assert t.rate_in_inverse and t.rate == pytest.approx(1.9 / (2 * 0.3255))
    errs = [abs(inv.pdf(x) / t(x) - 1) for x in (0.02, 0.01)]
    assert errs[1] == pytest.approx(errs[0] / 2, rel=0.1)


def test_inverse_moments_recursion_vs_quadrature():
    inv = InverseHTMP(Fraction(1, 4), 6)
    for j in (1, 2):
        # the float64 density (relative error ~1e-13) suffices for a 1e-10 check of the exact moments
        quad = sum(integrate.quad(lambda u: math.exp((j + 1) * u) * inv.pdf(math.exp(u)), lo, hi,
                                  epsabs=0, epsrel=1e-13, limit=200)[0]
                   for lo, hi in [(-30, -3), (-3, 0), (0, 3), (3, 40)])
        assert abs(quad / float(inv.moment(j)) - 1) < 1e-10
    assert inv.moment(1) == Fraction(3, 2)  # 1 / (1 - gamma - 2 gamma / kappa)
    assert inv.alpha == 10 and inv.moment(9) == math.inf  # E[Y^j] diverges for j >= alpha - 1


def test_inverse_law_for_gamma_above_one_is_conditioned_on_nonzero():
    inv = InverseHTMP(2.0, 3.0)
    assert inv.sf(1e-9) == pytest.approx(1.0, abs=1e-12) and inv.cdf(1e12) == pytest.approx(1.0, abs=1e-6)
    assert inv.alpha == pytest.approx(1 + 1.5 * 0.5)
    with pytest.raises(ValueError, match="gamma"):
        InverseHTMP(1.0, 2.0)


def test_inverse_stieltjes_matches_quadrature():
    inv = InverseHTMP(0.3255, 5.5)
    z = mp.mpc(1.0, 0.7)
    with mp.workdps(20):
        quad = mp.quad(lambda u: inv.pdf(mp.exp(u), dps=20) * mp.exp(u) / (mp.exp(u) - z), [-20, -2, 0, 2, 30])
        assert abs(inv.stieltjes(z, dps=20) - quad) < 1e-14
    x = np.array([0.5, 1.0])
    assert np.allclose(inv.stieltjes(x, side=1).imag / np.pi, inv.pdf(x), rtol=1e-12)


@pytest.mark.parametrize("gamma", [0.25, 1.0, 3.0])
def test_marchenko_pastur_against_quadrature(gamma):
    law = MarchenkoPastur(gamma)
    lo, hi = law.support
    with mp.workdps(20):
        dens = lambda t: law.pdf(t, dps=20)  # noqa: E731
        assert abs(mp.quad(dens, [lo, 1, hi]) - min(1, 1 / gamma)) < 1e-12
        for j in (1, 2, 3):
            assert abs(mp.quad(lambda t: t**j * dens(t), [lo, 1, hi]) - law.moment(j)) < 1e-12
        x = (lo + hi) / 3
        assert abs(law.cdf(x) - (law.atom + float(mp.quad(dens, [lo, x])))) < 1e-12
        z = mp.mpc(0.7, 0.4)
        quad = mp.quad(lambda t: dens(t) / (t - z), [lo, 1, hi]) - law.atom / z
        assert abs(law.stieltjes(z, dps=20) - quad) < 1e-12


def test_marchenko_pastur_moments_match_the_htmp_recursion_at_infinite_kappa():
    g = Fraction(2, 7)
    assert [MarchenkoPastur(g).moment(j) for j in range(7)] == HTMP(g, math.inf).moments(6)


@pytest.mark.parametrize("gamma", [0.05, 0.5, 1.0, 2.0, 4.0])
def test_marchenko_pastur_masses_against_quadrature(gamma):
    # closed-form CDF/SF vs quadrature of the density, including near both edges (where the
    # arcsine form cancels) and gamma > 1 (atom at 0; a constant offset was found here)
    law = MarchenkoPastur(gamma)
    lo, hi = law.support
    for f in (1e-4, 0.02, 0.3, 0.7, 0.98, 1 - 1e-4):
        x = lo + f * (hi - lo)
        with mp.workdps(40):
            below = mp.quad(lambda t: law.pdf(t, dps=40), [lo, x])
            above = mp.quad(lambda t: law.pdf(t, dps=40), [x, hi])
        assert float(law.cdf(x)) - law.atom == pytest.approx(float(below), rel=1e-12, abs=1e-16)
        assert float(law.sf(x)) == pytest.approx(float(above), rel=1e-12)
        exact = law.cdf(x, dps=30)
        assert isinstance(exact, mp.mpf)
        # (the dps pdf, integrated here, treats the float support edges as exact: 1e-16 level)
        assert abs(exact - law.atom - below) < 1e-15 * below
