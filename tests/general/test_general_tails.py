"""Tail exponents from the potential against the closed-form laws' own tails."""
import numpy as np
import pytest
import sympy as sp

from htmp_theory import HTMP, InverseHTMP
from htmp_theory.equilibrium.tails import tail_from_potential
from htmp_theory.symbolic import htmp_potential

x = sp.Symbol("x", positive=True)


@pytest.mark.parametrize("gamma, kappa", [(0.5, 3.0), (0.3, 1.0), (0.8, 6.0)])
def test_htmp_tails_from_potential(gamma, kappa):
    V, xs, c, _ = htmp_potential(sp.nsimplify(gamma), sp.nsimplify(kappa))
    up = tail_from_potential(V, xs, float(c))
    ref = HTMP(gamma, kappa).upper_tail()
    assert up.exponent == pytest.approx(ref.exponent, rel=1e-12)
    assert up.rate == pytest.approx(ref.rate, rel=1e-12)
    low = tail_from_potential(V, xs, float(c), at=0)
    assert low.exponent == pytest.approx(HTMP(gamma, kappa).lower_tail().exponent, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("gamma, kappa", [(0.5, 3.0), (0.25, 2.0)])
def test_power_law_tail_of_inverse_htmp(gamma, kappa):
    # y = 1/x: Vandermonde factor y^(-2c) per particle and Jacobian y^-2 give
    # V_Y(y) = V_X(1/y) + (2 + 2c) log y, i.e. s = a + 2 + 2c: a power-law tail
    V, xs, c, _ = htmp_potential(sp.nsimplify(gamma), sp.nsimplify(kappa))
    VY = V.subs(xs, 1 / x) + (2 + 2 * c) * sp.log(x)
    tail = tail_from_potential(sp.expand_log(VY, force=True), x, float(c))
    assert tail.is_power_law
    assert tail.exponent == pytest.approx(InverseHTMP(gamma, kappa).upper_tail().exponent, rel=1e-12)


def test_invalid():
    with pytest.raises(ValueError, match="linearly"):
        tail_from_potential(x**2, x, 1.0)
    with pytest.raises(ValueError, match="integrable"):
        tail_from_potential(2 * sp.log(x), x, 1.0)
    with pytest.raises(ValueError, match="c"):
        tail_from_potential(x, x, 0.0)
    with pytest.raises(TypeError):
        tail_from_potential("x", x, 1.0)


def test_solved_law_tails_match_htmp_closed_form():
    # exponents from the potential, constants from the solved density, against HTMP's own
    from htmp_theory import HTMP
    from htmp_theory.equilibrium import solve_equilibrium

    x = sp.Symbol("x", positive=True)
    gamma, kappa = 0.5, 3.0
    k, b = kappa / (2 * gamma), kappa / 2
    law = solve_equilibrium(k * x - (k - b - 1) * sp.log(x), b, domain="positive", tol=1e-12)
    exact = HTMP(gamma, kappa)
    for mine, ref, tol in ((law.lower_tail(), exact.lower_tail(), 1e-9), (law.upper_tail(), exact.upper_tail(), 1e-5)):
        assert (mine.where, mine.exponent, mine.rate) == pytest.approx((ref.where, ref.exponent, ref.rate))
        assert mine.log_constant == pytest.approx(ref.log_constant, abs=tol)


def test_power_law_tail_of_a_non_classical_potential():
    # V = 4 log(1 + x) - log(x)/2 on (0, oo): no closed form; V ~ s log x with s = 7/2, so
    # rho ~ C x^(2c - s)
    from htmp_theory.equilibrium import solve_equilibrium

    x = sp.Symbol("x", positive=True)
    c, s = 0.75, 3.5
    law = solve_equilibrium(4 * sp.log(1 + x) - sp.Rational(1, 2) * sp.log(x), c, domain="positive", tol=1e-11)
    tail = law.upper_tail()
    assert tail.exponent == 2 * c - s and tail.is_power_law
    # the solved density's log-log slope tends to the exponent, and the tail law to the density
    big = np.array([1e4, 1e5, 1e6])
    slopes = np.diff(np.log(law.pdf(big))) / np.diff(np.log(big))
    assert np.all(np.abs(slopes - tail.exponent) < 2e-3)
    assert np.allclose(tail(big) / law.pdf(big), 1, atol=4e-3)
    # the survival function (tail quadrature of the solution) against the integrated power law
    X = 1e6
    assert float(law.sf(X)) == pytest.approx(tail.constant * X ** (tail.exponent + 1) / -(tail.exponent + 1), rel=1e-4)


def test_solved_law_edge_tails_on_the_unit_interval():
    from htmp_theory.equilibrium import solve_equilibrium
    from htmp_theory.symbolic import jacobi_closed_form

    x = sp.Symbol("x", positive=True)
    law = solve_equilibrium(-sp.log(x) + sp.Rational(1, 2) * sp.log(1 - x), 2.0, domain="unit")
    closed = jacobi_closed_form(1, sp.Rational(-1, 2), 2)
    lower, upper = law.lower_tail(), law.upper_tail()
    assert (lower.where, lower.exponent, upper.where, upper.exponent) == (0.0, 1.0, 1.0, -0.5)
    # next-order corrections: O(x) at 0, O((1 - x)^(1/2)) at 1
    for point, tail, rel in ((1e-7, lower, 1e-5), (1 - 1e-9, upper, 1e-4)):
        assert tail(point) == pytest.approx(float(closed.density_numeric(point, dps=30)), rel=rel)
    with pytest.raises(ValueError, match="sympy"):
        solve_equilibrium(lambda t: t**2 / 2, 1.0).upper_tail()
