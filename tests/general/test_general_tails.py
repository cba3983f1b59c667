"""Tail exponents from the potential against the closed-form laws' own tails."""
import pytest
import sympy as sp

from htmp_theory import HTMP, InverseHTMP
from htmp_theory.general.tails import tail_from_potential
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
