"""Linearisation and recognition of Kummer / Weber / Gauss equations."""
import pytest
import sympy as sp

from htmp_theory.symbolic import Z, htmp_loop_equation, linearize, loop_equation, recognize

x = sp.Symbol("x", real=True)
a, b, c = sp.symbols("a b c", positive=True)
g, kap = sp.symbols("gamma kappa", positive=True)


def test_htmp_is_kummer_with_theory_parameters():
    ode = linearize(htmp_loop_equation(g, kap))
    rec = recognize(ode)
    k, bb = kap / (2 * g), kap / 2
    assert rec.kind == "kummer"
    assert sp.simplify(rec.w + k * Z) == 0
    assert sp.simplify(rec.params["A"] - bb) == 0
    assert sp.simplify(rec.params["B"] - (1 + bb - k)) == 0
    assert rec.reduces(ode)


def test_gaussian_is_weber():
    ode = linearize(loop_equation(x**2 / 2, x, c))
    assert (ode.P, ode.Q) == (Z, c)
    rec = recognize(ode)
    assert rec.kind == "weber" and rec.params == {"nu": c} and rec.reduces(ode)


def test_scaled_shifted_gaussian_is_weber():
    # V = (x - 1)^2 / (2 s^2): w = (z - 1)/s, still nu = c
    s = sp.Rational(3, 2)
    ode = linearize(loop_equation((x - 1) ** 2 / (2 * s**2), x, c))
    rec = recognize(ode)
    assert rec.kind == "weber" and sp.simplify(rec.w - (Z - 1) / s) == 0 and rec.reduces(ode)


def test_jacobi_is_gauss():
    ode = linearize(loop_equation(-a * sp.log(x) - b * sp.log(1 - x), x, c, edges=(0, 1)))
    rec = recognize(ode)
    assert rec.kind == "gauss"
    assert rec.params == {"A": c, "B": -a - b - c - 1, "C": -a}
    assert rec.reduces(ode)


def test_symmetric_jacobi_on_minus_one_one():
    ode = linearize(loop_equation(-a * sp.log(1 - x**2), x, c, edges=(-1, 1)))
    rec = recognize(ode)
    assert rec.kind == "gauss" and rec.w == Z / 2 + sp.Rational(1, 2) and rec.reduces(ode)


def test_broken_reduction_is_detected():
    """A wrong parameter in the standard equation must make `reduces` fail."""
    ode = linearize(htmp_loop_equation(g, kap))
    rec = recognize(ode)
    wrong = type(rec)(rec.kind, rec.w, rec.prefactor, rec.standard.subs(rec.params["A"], rec.params["A"] + 1),
                      rec.params, rec.solution)
    assert not wrong.reduces(ode)


def test_quartic_is_not_recognised():
    with pytest.raises(ValueError, match="not a Kummer"):
        recognize(linearize(loop_equation(x**4 / 4, x, c)))
