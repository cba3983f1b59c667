"""Moment recursions, exact moments, free cumulants and limit series."""
import time
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from htmp_theory.laws.moments import htmp_moments, marchenko_pastur_moments
from htmp_theory.symbolic import (
    GAMMA,
    KAPPA,
    free_cumulants,
    gamma_limit_series,
    htmp_closed_form,
    htmp_loop_equation,
    htmp_moments_exact,
    jacobi_closed_form,
    loop_equation,
    moment_recursion,
    mp_limit_series,
)

R = sp.Rational
x = sp.Symbol("x", real=True)
c = sp.Symbol("c", positive=True)


def test_derived_recursion_agrees_with_the_numeric_layer_symbolically():
    derived = htmp_moments_exact(9)
    reference = htmp_moments(GAMMA, KAPPA, 9)
    assert all(sp.cancel(d - r) == 0 for d, r in zip(derived, reference))


def test_exact_rationals_agree_with_fraction_recursion():
    derived = htmp_moments_exact(15, R(1, 3), R(3, 2))
    reference = htmp_moments(Fraction(1, 3), Fraction(3, 2), 15)
    assert [sp.Rational(f.numerator, f.denominator) for f in reference] == derived


def test_m20_is_fast():
    start = time.perf_counter()
    m = htmp_moments_exact(20)
    assert time.perf_counter() - start < 1.0
    assert sp.Poly(sp.numer(sp.together(m[20])), GAMMA).degree() == 19


def test_formula_matches_iteration():
    rec = moment_recursion(htmp_loop_equation(R(1, 2), 3))
    eq = rec.formula()
    ms = rec.moments(6)
    m, n = sp.IndexedBase("m"), sp.Symbol("n", integer=True)
    for order in (3, 6):
        value = eq.rhs.subs(n, order).doit().subs({m[j]: ms[j] for j in range(order)})
        assert value == ms[order]


def test_moments_against_quadrature_of_the_closed_form():
    cf = htmp_closed_form(R(1, 2), 2)
    exact = htmp_moments_exact(3, R(1, 2), 2)
    with mpmath.workdps(15):
        for j in (1, 3):
            q = mpmath.quad(lambda t: t**j * cf.density_numeric(t, dps=15), [0, 0.5, 2, 8, mpmath.inf])
            assert abs(q - mpmath.mpf(exact[j].p) / exact[j].q) < 1e-10 * q


def test_jacobi_moments_tend_to_beta_and_match_quadrature():
    a, b = sp.symbols("a b", positive=True)
    rec = moment_recursion(loop_equation(-a * sp.log(x) - b * sp.log(1 - x), x, c, edges=(0, 1)))
    m = rec.moments(3)
    for j in range(4):  # Beta(a+1, b+1) moments at c = 0
        beta = sp.Mul(*[(a + 1 + i) / (a + b + 2 + i) for i in range(j)])
        assert sp.simplify(m[j].subs(c, 0) - beta) == 0
    cf = jacobi_closed_form(R(1, 2), R(3, 2), 2)
    m2 = m[2].subs({a: R(1, 2), b: R(3, 2), c: 2})
    with mpmath.workdps(15):
        q = mpmath.quad(lambda t: t**2 * cf.density_numeric(t, dps=15), [0, 0.5, 1])
    assert abs(q - float(m2)) < 1e-10


def test_gaussian_semicircle_and_gamma_limits():
    rec = moment_recursion(loop_equation(x**2 / 2, x, c))
    m = rec.moments(8)
    catalan = [1, 1, 2, 5, 14]
    for k in range(5):
        assert sp.limit(m[2 * k] / c**k, c, sp.oo) == catalan[k]     # semicircle, variance c
        assert m[2 * k].subs(c, 0) == sp.factorial2(2 * k - 1)       # standard normal
        assert m[2 * k + 1] == 0 if 2 * k + 1 <= 8 else True


def test_quartic_recursion_keeps_free_moments():
    m = moment_recursion(loop_equation(x**4 / 4, x, c)).moments(5)
    m1, m2 = sp.symbols("m_1 m_2")
    assert m[1] == m1 and m[2] == m2 and m[3] == 0 and sp.expand(m[4] - (c + 1)) == 0


def test_mp_limit_is_narayana():
    for j in range(1, 7):
        series = mp_limit_series(j)
        assert len(series) == j  # polynomial of degree j-1 in 1/kappa
        assert sp.expand(series[0] - marchenko_pastur_moments(GAMMA, j)[j]) == 0 if j > 0 else True


def test_gamma_limit_ratio_starts_at_one_and_is_accurate():
    for j in range(1, 6):
        assert gamma_limit_series(j, 2)[0] == 1
    # numeric: small kappa, the ratio series vs the exact ratio
    g, kap = R(1, 3), R(1, 100)
    coeffs = [cf.subs(GAMMA, g) for cf in gamma_limit_series(4, 3)]
    approx = sum(cf * kap**r for r, cf in enumerate(coeffs))
    k = kap / (2 * g)
    exact = htmp_moments_exact(4, g, kap)[4] / sp.Mul(*[(1 + i / k) for i in range(4)])
    assert abs(float(approx - exact)) < 1e-5


def test_free_cumulants_of_published_laws():
    # Marchenko-Pastur (ratio gamma, mean 1): kappa_n = gamma^(n-1)
    mp = marchenko_pastur_moments(Fraction(2, 7), 7)
    assert free_cumulants(mp) == [Fraction(2, 7) ** (n - 1) for n in range(1, 8)]
    # kappa -> oo of HTMP symbolically
    mp_sym = [sp.limit(m, KAPPA, sp.oo) for m in htmp_moments_exact(5)]
    assert [sp.expand(k) for k in free_cumulants(mp_sym)] == [GAMMA ** (n - 1) for n in range(1, 6)]
    # HTMP: first two free cumulants are mean and variance
    k = free_cumulants(htmp_moments_exact(2))
    assert k[0] == 1 and sp.simplify(k[1] - (GAMMA + 2 * GAMMA / KAPPA)) == 0


def test_bad_input():
    with pytest.raises(ValueError, match="order"):
        htmp_moments_exact(-1)
    with pytest.raises(TypeError, match="order"):
        htmp_moments_exact(2.5)
    with pytest.raises(ValueError, match="m_0 = 1"):
        free_cumulants([2, 1])
