"""Tail and edge asymptotics against the closed-form density far out / close in."""
import mpmath
import pytest
import sympy as sp

from htmp_theory.symbolic import (
    htmp_closed_form,
    htmp_inverse_tail_exponent,
    htmp_lower_tail,
    htmp_upper_tail,
    kappa_from_alpha,
)
from htmp_theory.symbolic.output import to_mpmath

R = sp.Rational
xs = sp.Symbol("x", positive=True)


@pytest.mark.parametrize("gamma, kappa", [(R(1, 2), 2), (R(3, 2), 3), (R(1, 4), R(7, 5)), (1, 3)])
def test_lower_tail_against_density_near_zero(gamma, kappa):
    tail = htmp_lower_tail(gamma, kappa)
    cf = htmp_closed_form(gamma, kappa)
    f = to_mpmath(tail.expression, [xs])
    with mpmath.workdps(30):
        for t in (mpmath.mpf(10) ** -8, mpmath.mpf(10) ** -12):
            ratio = cf.density_numeric(t, dps=30) / f(t)
            # corrections are O(x^min(1, |k-b|)) or O(1/log x) at gamma = 1
            tol = 0.2 if gamma == 1 else 1e-3
            assert abs(ratio - 1) < tol
    if gamma != 1:
        b, k = R(kappa) / 2, R(kappa) / (2 * gamma)
        assert tail.exponent == abs(k - b) - 1


def test_lower_tail_at_gamma_one_improves_with_smaller_x():
    cf = htmp_closed_form(1, 3)
    f = to_mpmath(htmp_lower_tail(1, 3).expression, [xs])
    with mpmath.workdps(30):
        errs = [abs(cf.density_numeric(t, dps=30) / f(t) - 1) for t in (mpmath.mpf(10) ** -6, mpmath.mpf(10) ** -20)]
    assert errs[1] < errs[0] / 10


def test_upper_tail_series_against_density_far_out():
    gamma, kappa = R(1, 2), 3
    cf = htmp_closed_form(gamma, kappa)
    t = mpmath.mpf(60)
    with mpmath.workdps(30):
        p = cf.density_numeric(t, dps=30)
        errs = [abs(to_mpmath(htmp_upper_tail(gamma, kappa, n).expression, [xs])(t) / p - 1) for n in (0, 1, 2, 3)]
    for lo, hi in zip(errs[1:], errs):
        assert lo < hi / 10
    tail = htmp_upper_tail(gamma, kappa)
    assert tail.exponent == R(3, 2) + 3 - 1 and tail.rate == 3


def test_inverse_exponent_formula():
    g, kap = sp.symbols("gamma kappa", positive=True)
    alpha = htmp_inverse_tail_exponent(g, kap)
    for gv, kv in [(R(1, 3), 2), (R(3, 2), 5), (R(9, 10), R(1, 2))]:
        assert alpha.subs({g: gv, kap: kv}) == 1 + R(kv) / 2 * abs(1 / gv - 1)
    a = sp.Symbol("alpha", positive=True)
    kap_a = kappa_from_alpha(a, R(1, 3))
    assert sp.simplify(alpha.subs({g: R(1, 3), kap: kap_a}) - a) == 0


def test_inverse_law_power_tail_numerically():
    gamma, kappa = R(1, 2), 2  # alpha = 2
    cf = htmp_closed_form(gamma, kappa)
    alpha = htmp_inverse_tail_exponent(gamma, kappa)
    C0 = htmp_lower_tail(gamma, kappa).constant
    with mpmath.workdps(20):
        lam = mpmath.mpf(10) ** 7
        q = lam**-2 * cf.density_numeric(1 / lam, dps=20)
        assert abs(q * lam ** int(alpha) / float(C0) - 1) < 1e-5


def test_against_numeric_layer_if_present():
    htmp = pytest.importorskip("htmp_theory").__dict__.get("HTMP")
    if htmp is None:
        pytest.skip("htmp_theory.HTMP not available yet")
    law = htmp(0.5, 3.0)
    lower, upper = htmp_lower_tail(R(1, 2), 3), htmp_upper_tail(R(1, 2), 3)
    lt, ut = law.lower_tail(), law.upper_tail()
    assert abs(lt.exponent - float(lower.exponent)) < 1e-12
    assert abs(lt.constant - float(lower.constant)) < 1e-10 * float(lower.constant)
    assert abs(ut.exponent - float(upper.exponent)) < 1e-12
    assert abs(ut.constant - float(upper.constant)) < 1e-10 * float(upper.constant)


def test_bad_input():
    with pytest.raises(ValueError, match="gamma"):
        htmp_lower_tail(-1, 2)
    with pytest.raises(ValueError, match="order"):
        htmp_upper_tail(R(1, 2), 2, order=-1)
