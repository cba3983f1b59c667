"""Moment level of the Markov–Krein transform: the series identity against independent closed forms."""
from fractions import Fraction as F

import mpmath as mp
import pytest
import sympy as sp
from scipy import stats

from htmp_theory import GaussianHT, JacobiHT
from htmp_theory.laws.markov_krein import (
    AtomicMeasure,
    c_convolve_moments,
    c_cumulants,
    c_moments_from_cumulants,
    classical_cumulants,
    mk_inverse_moments,
    mk_transform,
    moments_from_cumulants,
)
from htmp_theory.laws.moments import htmp_moments
from htmp_theory.symbolic import free_cumulants
from htmp_theory.symbolic.markov_krein import (
    c_convolve_symbolic,
    c_cumulants_symbolic,
    mk_inverse_symbolic,
    mk_transform_symbolic,
    moment_symbols,
)


def gamma_moments(shape, scale, order):
    out = [F(1)]
    for n in range(1, order + 1):
        out.append(out[-1] * (shape + n - 1) * scale)
    return out


def beta_moments(p, q, order):
    out = [F(1)]
    for n in range(1, order + 1):
        out.append(out[-1] * (p + n - 1) / (p + q + n - 1))
    return out


def normal_moments(order):
    return [F(0) if n % 2 else F(sp.factorial2(n - 1) if n else 1) for n in range(order + 1)]


@pytest.mark.parametrize("gamma, kappa", [(F(1, 2), F(4)), (F(3, 2), F(1, 3)), (F(1, 5), F(7, 2))])
def test_htmp_is_mk_inverse_of_gamma(gamma, kappa):
    c = kappa / 2
    m = htmp_moments(gamma, kappa, 8)
    assert mk_transform(m, c) == gamma_moments(kappa / (2 * gamma), 2 * gamma / kappa, 8)
    assert mk_inverse_moments(gamma_moments(kappa / (2 * gamma), 2 * gamma / kappa, 8), c) == m


@pytest.mark.parametrize("c", [F(1, 3), F(1), F(5, 2)])
def test_gaussian_ht_is_mk_inverse_of_normal(c):
    law = GaussianHT(c, scale=1)
    assert mk_transform(law, c, 8) == normal_moments(8)


@pytest.mark.parametrize("a, b, c", [(F(1, 2), F(3, 4), F(5, 3)), (F(-1, 2), F(0), F(1, 4))])
def test_jacobi_ht_is_mk_inverse_of_beta(a, b, c):
    # weight x^a (1-x)^b: the (1,1)-entry law is Beta(1 + a + c, 1 + b + c)
    assert mk_transform(JacobiHT(a, b, c, scale=1), c, 6) == beta_moments(1 + a + c, 1 + b + c, 6)


def test_uniform_is_mk_of_arcsine_at_half():
    arcsine = [F(sp.binomial(2 * k, k), 4**k) for k in range(9)]
    assert mk_transform(arcsine, F(1, 2)) == [F(1, n + 1) for n in range(9)]


def test_two_point_mu_gives_beta():
    # DP(c, p delta_1 + (1-p) delta_0) mean = P({1}) ~ Beta(c p, c (1 - p))
    p, c = F(1, 3), F(5, 2)
    assert mk_transform(AtomicMeasure([0, 1], [1 - p, p]), c, 7) == beta_moments(c * p, c * (1 - p), 7)


def test_float_input_uses_mpmath_and_scipy_laws():
    c = 0.7
    m = mk_inverse_moments(stats.norm(), c, 6)  # N(0, 1) -> GaussianHT(c)
    assert all(isinstance(v, mp.mpf) for v in m)
    assert float(m[2]) == pytest.approx(1 + c, rel=1e-14)
    assert float(m[4]) == pytest.approx((1 + c) * (2 * c + 3), rel=1e-13)


def test_bad_input():
    with pytest.raises(ValueError, match="c must lie in"):
        mk_transform([1, 0, 1], 0)
    with pytest.raises(ValueError, match="order is needed"):
        mk_transform(stats.norm(), 1)
    with pytest.raises(TypeError, match="moment sequence"):
        mk_transform(object(), 1, 3)
    with pytest.raises(ValueError, match="terms"):
        mk_transform([1, 0], 1, 3)
    with pytest.raises(ValueError, match="atoms"):
        AtomicMeasure([0, float("inf")], [1, 1])


def test_cumulant_round_trips():
    M = gamma_moments(F(3, 2), F(1, 3), 7)
    assert moments_from_cumulants(classical_cumulants(M)) == M
    m = htmp_moments(F(1, 3), F(2), 7)
    assert c_moments_from_cumulants(c_cumulants(m, F(3, 4)), F(3, 4)) == m


def test_c_cumulants_mean_variance_and_additivity():
    c = F(2, 3)
    m1, m2 = htmp_moments(F(1, 2), 3, 6), normal_moments(6)
    k1, k2, k12 = c_cumulants(m1, c), c_cumulants(m2, c), c_cumulants(c_convolve_moments(m1, m2, c), c)
    assert k1[1] == m1[1] and k1[2] == m1[2] - m1[1] ** 2
    assert [a + b for a, b in zip(k1, k2)] == k12


def test_htmp_c_convolution_is_htmp():
    # HTMP(g, k) box_{k/2} HTMP(g, k) = 2 HTMP(g/2, k): Gamma(s, t) * Gamma(s, t) = Gamma(2s, t)
    gamma, kappa = F(1, 2), F(4)
    m = htmp_moments(gamma, kappa, 8)
    conv = c_convolve_moments(m, m, kappa / 2)
    assert conv == [2**j * v for j, v in enumerate(htmp_moments(gamma / 2, kappa, 8))]
    assert conv[2] == F(11, 2) and conv[3] == F(37, 2)


def test_symbolic_matches_exact_and_limits():
    c = sp.Symbol("c", positive=True)
    m = moment_symbols(5)
    k = c_cumulants_symbolic(m, c)
    classical = classical_cumulants(m)
    free = free_cumulants(m)
    for n in range(1, 6):
        assert sp.simplify(sp.limit(k[n], c, 0) - classical[n]) == 0      # c -> 0: classical
        assert sp.expand(sp.limit(k[n], c, sp.oo) - free[n - 1]) == 0     # c -> oo: free
    gamma, kappa = sp.Rational(1, 3), sp.Rational(5, 2)
    exact = htmp_moments(F(1, 3), F(5, 2), 5)
    sym = mk_transform_symbolic([sp.Rational(v.numerator, v.denominator) for v in exact], kappa / 2)
    assert sym == [sp.Rational(v.numerator, v.denominator) for v in mk_transform(exact, F(5, 4))]
    assert sp.simplify(mk_inverse_symbolic(mk_transform_symbolic(m, c), c)[5] - m[5]) == 0
    g = c_convolve_symbolic([1, 0, 1 + c, 0, (1 + c) * (2 * c + 3)], [1, 0, 1 + c, 0, (1 + c) * (2 * c + 3)], c)
    assert sp.simplify(g[4] - 4 * (1 + c) * (2 * c + 3)) == 0    # GaussianHT(c) box_c itself = sqrt2 GaussianHT(c)
    assert gamma  # parameters used above
