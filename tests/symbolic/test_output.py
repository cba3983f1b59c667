"""LaTeX / pretty output and precision of the mpmath evaluation."""
import mpmath
import pytest
import sympy as sp

from htmp_theory.symbolic import ParabolicD, TricomiU, evaluate, htmp_closed_form, pretty, to_latex, to_mpmath

w, x = sp.symbols("w x")


def test_latex_names_the_special_functions():
    assert r"U\left(" in to_latex(TricomiU(1, 2, w))
    assert r"D_{" in to_latex(ParabolicD(x, w))
    assert "equation" in to_latex(sp.Eq(x, 1), mode="equation")
    assert isinstance(pretty(htmp_closed_form().stieltjes), str)


def test_special_function_derivatives_against_mpmath_diff():
    with mpmath.workdps(30):
        z = mpmath.mpc("0.7", "0.4")
        dU = to_mpmath(sp.diff(TricomiU(sp.Rational(3, 2), sp.Rational(1, 3), w), w), [w])(z)
        ref = mpmath.diff(lambda t: mpmath.hyperu(mpmath.mpf(3) / 2, mpmath.mpf(1) / 3, t), z)
        assert abs(dU - ref) < 1e-25
        dD = to_mpmath(sp.diff(ParabolicD(sp.Rational(-7, 10), w), w), [w])(z)
        ref = mpmath.diff(lambda t: mpmath.pcfd(mpmath.mpf(-7) / 10, t), z)
        assert abs(dD - ref) < 1e-25


@pytest.mark.parametrize("dps", [15, 40])
def test_evaluate_delivers_dps(dps):
    cf = htmp_closed_form(sp.Rational(1, 3), sp.Rational(5, 2))
    X = sp.Symbol("x", real=True)
    value = evaluate(cf.density, {X: sp.Rational(4, 5)}, dps=dps)
    reference = evaluate(cf.density, {X: sp.Rational(4, 5)}, dps=2 * dps + 10)
    assert abs(value - reference) < mpmath.mpf(10) ** -dps * abs(reference)


def test_evalf_of_custom_functions():
    assert abs(complex(TricomiU(1, 1, 2).evalf(30)) - complex(mpmath.hyperu(1, 1, 2))) < 1e-15


def test_bad_input():
    with pytest.raises(ValueError, match="dps"):
        evaluate(x, {x: 1}, dps=0)
    with pytest.raises(TypeError, match="dps"):
        evaluate(x, {x: 1}, dps=1.5)
    with pytest.raises(ValueError, match="missing"):
        evaluate(x + w, {x: 1})


def test_latex_indices_in_reading_order():
    m, n, i = sp.IndexedBase("m"), sp.Symbol("n", integer=True), sp.Symbol("i", integer=True)
    out = to_latex(sp.Sum(m[i] * m[n - i - 1], (i, 0, n - 1)) + 2 * m[n - 1])
    assert "m_{n - i - 1}" in out and "m_{n - 1}" in out and "{m}" not in out
