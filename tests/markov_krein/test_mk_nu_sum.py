"""The law of a sum of independent nu's (the middle step of the c-convolution), against closed forms and
an independent mpmath quadrature."""
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from scipy import stats

from htmp_theory.laws.markov_krein import AtomicMeasure
from htmp_theory.laws.mk_nu import as_nu
from htmp_theory.laws.mk_nu_sum import NuSum, convolution_density64, convolve_nu


def mp_convolution(a, b, x, dps=40):
    """p1 * p2 at x by mpmath quadrature of the two mpmath densities (40 digits, many panels)."""
    with mp.workdps(dps):
        x = mp.mpf(x)
        lo, hi = max(a.lo, x - b.hi), min(a.hi, x - b.lo)
        return mp.quad(lambda t: a.pdf_mp(t) * b.pdf_mp(x - t), mp.linspace(lo, hi, 12))


def test_gamma_plus_gamma_of_one_scale_is_gamma():
    nu = convolve_nu(stats.gamma(1.5, scale=0.5), stats.gamma(2.5, scale=0.5))
    ref = stats.gamma(4.0, scale=0.5)
    x = np.concatenate([[1e-6, 1e-3], np.linspace(0.01, 15, 400), [25.0, 40.0]])
    assert np.max(np.abs(nu.pdf64(x) / ref.pdf(x) - 1)) < 1e-12
    a, b = as_nu(stats.gamma(1.5, scale=0.5)), as_nu(stats.gamma(2.5, scale=0.5))
    assert max(abs(convolution_density64(a, b, v) / ref.pdf(v) - 1) for v in x) < 1e-14
    assert nu.lo == 0 and nu.hi == np.inf and nu.max_dps == 11
    assert float(nu.moments(3)[3]) == pytest.approx(ref.moment(3), rel=1e-14)


def test_normal_plus_normal():
    nu = convolve_nu(stats.norm(), stats.norm(1.0, 2.0))
    ref = stats.norm(1.0, np.sqrt(5.0))
    x = np.linspace(*ref.ppf([1e-12, 1 - 1e-12]), 500)
    assert np.max(np.abs(nu.pdf64(x) / ref.pdf(x) - 1)) < 5e-12


def test_betas_with_shifted_edges_against_mpmath_quadrature():
    # support [2, 4] with nonzero edges, and a peaked integrand on short ranges next to them
    d1, d2 = stats.beta(20, 20, loc=3), stats.beta(20, 20, loc=-1)
    nu = convolve_nu(d1, d2)
    a, b = as_nu(d1), as_nu(d2)
    for x in (2.05, 3.0, 3.97):
        assert abs(float(nu.pdf64(np.array([x]))[0] / mp_convolution(a, b, x)) - 1) < 1e-12


@pytest.mark.slow
def test_singular_edges_against_mpmath_quadrature():
    d1, d2 = stats.beta(0.7, 1.5), stats.gamma(0.6, scale=2.0)   # density ~ x^0.3 at 0, a kink at 1
    nu = convolve_nu(d1, d2)
    a, b = as_nu(d1), as_nu(d2)
    for x in (1e-8, 1e-3, 0.5, 0.999, 1.0, 1.2, 7.0, 30.0):
        assert abs(float(nu.pdf64(np.array([x]))[0] / mp_convolution(a, b, x)) - 1) < 1e-12


def test_atomic_sums_are_exact():
    half = AtomicMeasure([0, 1], [1, 1])
    total = convolve_nu(half, AtomicMeasure([0, 2], [1, 3]))
    assert isinstance(total, AtomicMeasure)
    assert dict(zip(total.atoms, total.weights)) == {0: Fraction(1, 8), 1: Fraction(1, 8), 2: Fraction(3, 8),
                                                     3: Fraction(3, 8)}
    # atomic + density: a mixture of shifted densities, at any precision
    mix = convolve_nu(half, stats.norm())
    x = mp.mpf("0.3")
    with mp.workdps(30):
        expected = (mp.npdf(x) + mp.npdf(x - 1)) / 2
        assert abs(mix.pdf_mp(x) / expected - 1) < mp.mpf(10) ** -29
    assert mix.max_dps is None and mix.moments(2) == pytest.approx([1, 0.5, 1.5])
    assert float(mix.pdf64(np.array([0.3]))[0]) == pytest.approx(float(expected), rel=1e-15)


def test_moments_of_a_sum_are_exact_binomial_sums():
    s = NuSum(AtomicMeasure([0, 1], [1, 3]), AtomicMeasure([1, 2], [1, 1]))
    # E(X + Y)^2 with X ~ Bernoulli(3/4), Y uniform on {1, 2}: 3/4 + 2 * 3/4 * 3/2 + 5/2
    assert s.moment(2) == Fraction(3, 4) + 2 * Fraction(3, 4) * Fraction(3, 2) + Fraction(5, 2)


@pytest.mark.slow
def test_sum_of_a_sum():
    # Gamma(4) + Gamma(8) + Gamma(4), one scale: the second table stops inside the first's reach
    first = convolve_nu(stats.gamma(4.0, scale=0.25), stats.gamma(8.0, scale=0.25))
    total = convolve_nu(first, stats.gamma(4.0, scale=0.25))
    assert total.max_dps == 10 and total.source.drop < first.source.drop
    ref = stats.gamma(16.0, scale=0.25)
    x = np.linspace(0.01, 40, 300)
    assert np.max(np.abs(total.pdf64(x) / ref.pdf(x) - 1)) < 1e-11
