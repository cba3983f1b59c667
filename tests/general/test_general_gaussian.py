"""GaussianHT: closed form against the Riccati ODE, the Chebyshev float paths against mpmath."""
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

from htmp_theory.laws import GaussianHT
from htmp_theory.symbolic import loop_equation, solve_riccati


@pytest.fixture(scope="module")
def law():
    return GaussianHT(Fraction(3, 2))


def test_density_matches_riccati_solution(law):
    x = sp.Symbol("x")
    G = solve_riccati(loop_equation(x**2 / 2, x, sp.Rational(3, 2)), 0.7, dps=20)
    with mp.workdps(30):
        assert abs(law.pdf(0.7, dps=20) - (-G.imag / mp.pi)) < mp.mpf(10) ** -18


def test_float_paths_match_closed_form(law):
    x = np.array([-9.0, -3.1, -0.4, 0.0, 1.3, 4.2, 12.0])
    ref_log = np.array([float(v) for v in law.logpdf(x, dps=25)])
    assert np.allclose(law.logpdf(x), ref_log, rtol=0, atol=1e-12)
    ref_cdf = np.array([float(v) for v in law.cdf(x[:-1], dps=25)])
    assert np.allclose(law.cdf(x[:-1]), ref_cdf, rtol=1e-11, atol=1e-15)
    assert float(law.sf(12.0)) == pytest.approx(float(law.sf(12.0, dps=20)), rel=1e-8)


def test_normalisation_and_moments(law):
    with mp.workdps(20):
        total = mp.quad(lambda t: law.pdf(t, dps=20), [-mp.inf, -3, 0, 3, mp.inf])
        m4 = mp.quad(lambda t: t**4 * law.pdf(t, dps=20), [-mp.inf, -3, 0, 3, mp.inf])
    assert abs(total - 1) < 1e-17
    c = Fraction(3, 2)
    assert GaussianHT(c, scale=1).moment(2) == 1 + c
    assert GaussianHT(c, scale=1).moment(4) == (c + 1) * (2 * c + 3)
    assert abs(m4 - float((c + 1) * (2 * c + 3))) < 1e-14
    assert law.moment(4) == pytest.approx(float(law.moment(4)), rel=0)


def test_stieltjes_closed_form_vs_density(law):
    z = 0.4 + 0.8j
    with mp.workdps(25):
        ref = mp.quad(lambda t: law.pdf(t, dps=25) / (t - z), [-mp.inf, -2, 0, 2, mp.inf])
    assert abs(law.stieltjes(z, dps=20) - ref) < 1e-18
    # boundary value: Im s(x + i0) / pi is the density
    assert law.stieltjes(0.9, side=1).imag / np.pi == pytest.approx(float(law.pdf(0.9)), rel=1e-12)


def test_ppf_inverts_cdf(law):
    q = np.array([1e-6, 0.2, 0.5, 0.9, 1 - 1e-9])
    assert np.allclose(law.cdf(law.ppf(q)), q, rtol=1e-12, atol=1e-15)
    assert abs(law.cdf(law.ppf(0.3, dps=30), dps=30) - mp.mpf("0.3")) < mp.mpf(10) ** -28


def test_scale_and_small_c():
    small = GaussianHT(1e-6)
    assert float(small.pdf(0.8)) == pytest.approx(np.exp(-0.32) / np.sqrt(2 * np.pi), rel=1e-5)
    scaled = GaussianHT(2.0, scale=3.0)
    assert float(scaled.pdf(1.5)) == pytest.approx(float(GaussianHT(2.0).pdf(0.5)) / 3, rel=1e-13)


@pytest.mark.parametrize("bad", [0, -1.0, float("nan")])
def test_invalid_c(bad):
    with pytest.raises(ValueError, match="c"):
        GaussianHT(bad)


def test_invalid_type():
    with pytest.raises(TypeError, match="c must be a real number"):
        GaussianHT([1])
    with pytest.raises(ValueError, match="c must be a real number"):
        GaussianHT("abc")
    assert GaussianHT("1").pdf(0.3) == GaussianHT(1).pdf(0.3)  # a decimal string is read exactly


def test_deep_tail_cdf_digits():
    """The dps CDF deep in the lower tail (mass 1e-33) against Gauss-Legendre on a fine uniform grid of
    the density scaled by its end value, at 40 digits (fixed break points and mpmath.quad's absolute
    stopping rule lost 10 digits there); the float64 cdf to 1e-12."""
    law, y = GaussianHT(0.5), mp.mpf(-12)
    with mp.workdps(40):
        end = law._logpdf_closed(y)
        nodes, weights = zip(*mp.calculus.quadrature.GaussLegendre(mp.mp).calc_nodes(3, mp.mp.prec))
        grid = [y - mp.mpf(j) / 8 for j in range(49)][::-1]  # beyond y - 6 the density is e^-70 of p(y)
        ref = mp.fsum(mp.fsum(w * mp.exp(law._logpdf_closed((a + b) / 2 + (b - a) / 2 * t) - end)
                              for t, w in zip(nodes, weights)) * (b - a) / 2
                      for a, b in zip(grid[:-1], grid[1:])) * mp.exp(end)
        assert abs(law.cdf(y, dps=25) / ref - 1) < mp.mpf(10) ** -24
    assert abs(law.cdf(-12.0) / float(ref) - 1) < 1e-12
