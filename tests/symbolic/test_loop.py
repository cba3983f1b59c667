"""Loop equations: published special cases and quadrature checks of the derivation."""
import mpmath
import pytest
import sympy as sp

from htmp_theory.symbolic import (
    G,
    Z,
    htmp_loop_equation,
    htmp_potential,
    htmp_stieltjes_riccati,
    loop_equation,
)
from htmp_theory.symbolic.output import to_mpmath

x = sp.Symbol("x", real=True)
c = sp.Symbol("c", positive=True)
g, kap = sp.symbols("gamma kappa", positive=True)


def test_gaussian_loop_equation_is_the_published_riccati():
    loop = loop_equation(x**2 / 2, x, c)
    assert loop.equation == sp.Eq(sp.Derivative(G(Z), Z), c * G(Z) ** 2 - Z * G(Z) + 1)
    assert loop.constants == {}


def test_htmp_potential_from_the_beta_laguerre_density():
    V, xx, coupling, edges = htmp_potential(g, kap)
    k, b = kap / (2 * g), kap / 2
    assert sp.simplify(V - (k * xx - (k - b - 1) * sp.log(xx))) == 0
    assert coupling == kap / 2 and edges == (0,)


def test_htmp_riccati_matches_theory():
    s = sp.Function("s")(Z)
    eps = 2 * g / kap
    theory = eps * Z * s.diff(Z) + g * Z * s**2 + (Z - 1 + g + eps) * s + 1
    assert sp.simplify(htmp_stieltjes_riccati(g, kap) - theory) == 0


def _quad_cauchy(density, support, z):
    """G(z) and G'(z) by quadrature (independent of the symbolic derivation)."""
    G_ = mpmath.quad(lambda y: density(y) / (z - y), support)
    dG = -mpmath.quad(lambda y: density(y) / (z - y) ** 2, support)
    return G_, dG


@pytest.fixture(autouse=True)
def _twenty_digits():
    """The quadrature checks below run at 20 digits; the global precision is restored afterwards
    (a plain ``mpmath.mp.dps = 20`` leaked into later tests of the same process)."""
    with mpmath.workdps(20):
        yield


@pytest.mark.parametrize("a, b", [(sp.Rational(1, 2), sp.Rational(3, 2)), (0, 2)])
def test_jacobi_loop_at_zero_coupling_is_solved_by_beta(a, b):
    """With c -> 0 the equilibrium is the Beta(a+1, b+1) law; its Cauchy transform
    (by quadrature) must satisfy the derived loop equation with edges at 0 and 1."""
    loop = loop_equation(-a * sp.log(x) - b * sp.log(1 - x), x, c, edges=(0, 1))
    A, B = float(a), float(b)
    norm = mpmath.beta(A + 1, B + 1)
    for z in (mpmath.mpc(0.3, 0.4), mpmath.mpc(1.7, -0.2)):
        Gz, dGz = _quad_cauchy(lambda y: y**A * (1 - y) ** B / norm, [0, 1], z)
        g0, dG = sp.symbols("g0 dG")
        expr = (loop.h * dG - loop.B * g0 - loop.C).subs(c, 0)
        assert abs(to_mpmath(expr, [Z, g0, dG])(z, Gz, dGz)) < 1e-15


def test_pole_constants_and_their_conditions_by_quadrature():
    """V = x^2/2 + t log(1 + x^2): V' has poles at +-i, giving J_1(+-i) with the
    self-consistency J_1(r) = -G(r). At c -> 0, rho ∝ e^{-V} exactly; plugging the
    quadrature G, G' and constants into the derived equation must give zero."""
    t = sp.Rational(3, 4)
    loop = loop_equation(x**2 / 2 + t * sp.log(1 + x**2), x, c)
    names = sorted(str(s) for s in loop.constants)
    assert names == ["J_{1}(- i)", "J_{1}(i)"]
    conds = {str(cond.constant): cond.relation for cond in loop.conditions}
    assert conds["J_{1}(i)"] == sp.Eq(sp.Symbol("J_{1}(i)"), -G(sp.I))

    weight = lambda y: mpmath.exp(-y**2 / 2) * (1 + y**2) ** (-float(t))  # noqa: E731
    norm = mpmath.quad(weight, [-mpmath.inf, 0, mpmath.inf])
    rho = lambda y: weight(y) / norm  # noqa: E731
    line = [-mpmath.inf, 0, mpmath.inf]
    subs = {}
    for sym, integral in loop.constants.items():
        r = sp.solve(integral.function.as_numer_denom()[1], sp.Symbol("y"))[0]
        subs[sym] = mpmath.quad(lambda y: rho(y) / (y - complex(r)), line)
        # the stated condition: J_1(r) = -G(r)
        assert abs(subs[sym] + _quad_cauchy(rho, line, complex(r))[0]) < 1e-15
    g0, dG = sp.symbols("g0 dG")
    expr = (loop.h * dG - loop.B * g0 - loop.C).subs(c, 0)
    f = to_mpmath(expr, [Z, g0, dG, *subs])
    z = mpmath.mpc(0.4, 0.9)
    val = f(z, *_quad_cauchy(rho, line, z), *subs.values())
    assert abs(val) < 1e-15


def test_quartic_moments_are_constants_with_analytic_conditions():
    loop = loop_equation(x**4 / 4, x, c)
    assert sp.expand(loop.C - (Z**2 + sp.Symbol("m_1") * Z + sp.Symbol("m_2"))) == 0
    by_name = {str(cond.constant): cond for cond in loop.conditions}
    assert by_name["m_1"].relation == sp.Eq(sp.Symbol("m_1"), 0)  # V even
    assert by_name["m_2"].relation is None and "analytic" in by_name["m_2"].reason


def test_bad_input():
    with pytest.raises(ValueError, match="rational"):
        loop_equation(x * sp.log(x), x, c)
    with pytest.raises(ValueError, match="coupling"):
        loop_equation(x**2, x, -1)
    with pytest.raises(TypeError, match="Symbol"):
        loop_equation(x**2, "x", 1)
