"""MK_c^{-1}(nu) as a law object, against the closed forms GaussianHT, HTMP, JacobiHT and the arcsine law."""
import math

import mpmath as mp
import numpy as np
import pytest
from scipy import stats

from htmp_theory import HTMP, GaussianHT, JacobiHT
from htmp_theory.laws.markov_krein import AtomicMeasure
from htmp_theory.laws.mk_law import MKInverseLaw, mk_inverse, mk_inverse_density


@pytest.fixture(scope="module")
def gauss():
    return MKInverseLaw(stats.norm(), 1.5), GaussianHT(1.5)


@pytest.fixture(scope="module")
def gamma():
    # HTMP(1/2, 2): c = kappa/2 = 1, nu = Gamma(kappa/(2 gamma) = 2, scale 2 gamma/kappa = 1/2)
    return MKInverseLaw(stats.gamma(2.0, scale=0.5), 1.0), HTMP(0.5, 2.0)


def grid(ref):
    return np.linspace(*ref.ppf([1e-6, 1 - 1e-6]), 301)


@pytest.mark.parametrize("name", ["gauss", "gamma"])
def test_float64_pdf_cdf_sf_match_closed_forms(name, request):
    law, ref = request.getfixturevalue(name)
    x = grid(ref)
    assert np.max(np.abs(law.pdf(x) / ref.pdf(x) - 1)) < 1e-9
    assert np.max(np.abs(law.cdf(x) - ref.cdf(x))) < 1e-11
    assert np.max(np.abs(law.sf(x) / ref.sf(x) - 1)) < 1e-9


@pytest.mark.slow
@pytest.mark.parametrize("nu, c, ref", [
    (stats.beta(2.25, 1.5), 0.75, JacobiHT(0.5, -0.25, 0.75)),    # Beta(1 + a + c, 1 + b + c)
    (stats.norm(), 2.5, GaussianHT(2.5)),
    (stats.gamma(3.0, scale=1 / 3), 1.5, HTMP(0.5, 3.0)),
])
def test_float64_pdf_more_cases(nu, c, ref):
    law = MKInverseLaw(nu, c)
    x = grid(ref)
    assert np.max(np.abs(law.pdf(x) / ref.pdf(x) - 1)) < 1e-9
    assert np.max(np.abs(law.cdf(x) - ref.cdf(x))) < 5e-11


def test_uniform_gives_arcsine_at_half():
    law = MKInverseLaw(stats.uniform(), 0.5)
    x = np.array([1e-9, 0.01, 0.3, 0.5, 0.9, 1 - 1e-7])
    assert np.allclose(law.pdf(x), 1 / (np.pi * np.sqrt(x * (1 - x))), rtol=1e-9, atol=0)
    assert np.allclose(law.cdf(x), 2 / np.pi * np.arcsin(np.sqrt(x)), rtol=1e-9, atol=1e-15)


def test_dps_path_against_closed_form(gamma):
    law, ref = gamma
    x = mp.mpf("0.37")
    assert abs(law.pdf(x, dps=30) / ref.pdf(x, dps=30) - 1) < mp.mpf(10) ** -29


@pytest.mark.slow
def test_dps_paths_against_more_digits_and_tails(gauss, gamma):
    law, ref = gamma
    x = mp.mpf("2.5")
    v30 = law.pdf(x, dps=30)
    assert abs(v30 / law.pdf(x, dps=50) - 1) < mp.mpf(10) ** -29
    assert abs(v30 / ref.pdf(x, dps=30) - 1) < mp.mpf(10) ** -29
    law, ref = gauss
    x = mp.mpf("0.8")
    with mp.workdps(30):
        assert abs(law.pdf(x, dps=25) / ref.pdf(x, dps=25) - 1) < mp.mpf(10) ** -24
        assert abs(law.sf(x, dps=25) / ref.sf(x, dps=25) - 1) < mp.mpf(10) ** -24
        assert abs(law.cdf(-x, dps=25) / ref.cdf(-x, dps=25) - 1) < mp.mpf(10) ** -24


def test_phase_cdf_agrees_with_integrated_table(gamma):
    law, _ = gamma
    x = np.array([0.05, 0.6, 1.7, 4.0])
    phase = np.array([float(law.cdf(v, dps=15)) for v in x])
    assert np.max(np.abs(law.cdf(x) - phase)) < 1e-12


def test_ppf_inverts_cdf(gauss, gamma):
    for law, _ in (gauss, gamma):
        q = np.array([1e-5, 0.2, 0.5, 0.93, 1 - 1e-6])
        assert np.allclose(law.cdf(law.ppf(q)), q, rtol=1e-10, atol=0)


def test_stieltjes_matches_closed_form(gauss):
    law, ref = gauss
    for z in (0.4 + 0.7j, -2.0 + 0.01j):
        assert abs(law.stieltjes(z) / ref.stieltjes(z) - 1) < 1e-12
    assert abs(law.stieltjes(0.3, side=1) / ref.stieltjes(0.3, side=1) - 1) < 1e-12


def test_moments_exact_from_nu(gamma):
    law, ref = gamma
    assert [law.moment(j) for j in range(5)] == pytest.approx([float(ref.moment(j)) for j in range(5)], rel=1e-13)


def test_mk_inverse_dispatch_and_errors():
    assert mk_inverse([1, 0, 1], 2) == [1, 0, 3]
    with pytest.raises(ValueError, match="atomic"):
        mk_inverse(AtomicMeasure([0, 1], [1, 1]), 0.5)
    with pytest.raises(ValueError, match="c must lie"):
        MKInverseLaw(stats.norm(), -1)
    with pytest.raises(TypeError, match="nu must be"):
        MKInverseLaw("normal", 1)


def test_two_point_nu_gives_a_signed_inverse():
    # c < 1: the continuous part of MK_c^{-1}(two-point) is negative (closed form of the finite sums)
    p, c, x = 0.3, 0.5, 0.4
    A, B = p * x**-c, (1 - p) * (1 - x) ** -c
    A1, B1 = p * x ** (-c - 1), (1 - p) * (1 - x) ** (-c - 1)
    S0 = A + np.exp(-1j * np.pi * c) * B
    S1 = A1 - np.exp(-1j * np.pi * c) * B1
    expected = -(S1 / S0).imag / np.pi
    got = mk_inverse_density(AtomicMeasure([0, 1], [p, 1 - p]), c, x)
    assert got < 0 and got == pytest.approx(expected, rel=1e-12)
    with pytest.raises(ValueError, match="negative"):
        MKInverseLaw(stats.beta(0.05, 0.05), 0.5)   # close to two-point: not in the image


def test_ppf_dps_inverts_the_phase_cdf(gamma):
    law, ref = gamma
    q = mp.mpf("0.3")
    x = law.ppf(q, dps=20)
    assert abs(x / ref.ppf(q, dps=20) - 1) < mp.mpf(10) ** -19


class _Mixture(stats.rv_continuous):
    """0.5 N(-0.8, 1) + 0.5 N(0.8, 1): a scipy family without an mpmath density (dps capped at 14)."""

    def _pdf(self, t):
        return 0.5 * stats.norm.pdf(t, -0.8) + 0.5 * stats.norm.pdf(t, 0.8)

    def _cdf(self, t):
        return 0.5 * stats.norm.cdf(t, -0.8) + 0.5 * stats.norm.cdf(t, 0.8)

    def _munp(self, n):
        return 0.5 * stats.norm(-0.8).moment(n) + 0.5 * stats.norm(0.8).moment(n)


@pytest.mark.slow
def test_non_classical_nu_mixture():
    law = MKInverseLaw(_Mixture(name="mixture")(), 1.0)
    # the density integrates to the CDF (independent of the table: adaptive quadrature of pdf)
    from scipy import integrate
    mass, _ = integrate.quad(lambda t: float(law.pdf(t)), -0.5, 1.3, epsabs=0, epsrel=1e-11)
    assert mass == pytest.approx(float(law.cdf(1.3) - law.cdf(-0.5)), rel=1e-9)
    # moments of the law (the series from nu's moments) against quadrature of the density
    m2, _ = integrate.quad(lambda t: t * t * float(law.pdf(t)), -25, 25, epsabs=0, epsrel=1e-11, limit=200)
    assert m2 == pytest.approx(float(law.moment(2)), rel=1e-8)
    assert float(law.moment(2)) == pytest.approx((1 + 0.64) * 2, rel=1e-12)   # (c + 1) var(nu)
    with pytest.raises(ValueError, match="dps"):
        law.pdf(0.3, dps=20)


def test_dps_against_closed_form_at_dps_plus_20(gauss, gamma):
    # 30 and 50 digits against the closed forms at 20 more; a Gamma nu still has e^-85 of its tail beyond
    # 60 standard deviations, which the outer integrals must reach past (50 digits were off at 1e-38)
    for (law, ref), x, dps in ((gamma, "0.01", 30), (gamma, "6.0", 30), (gamma, "0.7", 50), (gauss, "-2.9", 30),
                               (gauss, "0.3", 50)):
        x = mp.mpf(x)
        with mp.workdps(dps + 20):
            assert abs(law.pdf(x, dps=dps) / ref.pdf(x, dps=dps + 20) - 1) < mp.mpf(10) ** (1 - dps)
