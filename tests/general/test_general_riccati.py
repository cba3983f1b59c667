"""The loop-equation (Riccati) route against the closed form and the Euler-Lagrange solver."""
import numpy as np
import pytest
import sympy as sp

from htmp_theory.equilibrium import solve_equilibrium
from htmp_theory.laws import GaussianHT
from htmp_theory.equilibrium.riccati import solve_loop_equation
from htmp_theory.sampling import PolynomialPotential


def test_gaussian_has_no_unknowns_and_matches_the_closed_form():
    sol = solve_loop_equation(PolynomialPotential((0.0, 0.0, 0.5)), 1.5)
    x = np.array([-3.0, -0.7, 0.0, 0.4, 2.5])
    assert np.allclose(sol.pdf(x), GaussianHT(1.5).pdf(x), rtol=1e-11, atol=0)
    assert sol.moments(5)[4] == pytest.approx(float(GaussianHT(1.5).moment(4)), rel=1e-14)


@pytest.mark.parametrize("coef, c", [((0, 0, -1, 0, 0.25), 0.8), ((0, 0.3, 0, 0, 0.5), 1.3)])
def test_two_independent_routes_agree(coef, c):
    x = sp.Symbol("x")
    V = sum(sp.Float(a) * x**k for k, a in enumerate(coef))
    sol = solve_loop_equation(V, c)
    law = solve_equilibrium(lambda t: np.polynomial.polynomial.polyval(t, coef), c, tol=1e-12)
    # the solved unknowns are the moments m_1, m_2 of the Euler-Lagrange solution
    assert np.allclose(sol.theta, [law.moment(1), law.moment(2)], rtol=0, atol=1e-11)
    grid = np.linspace(-3, 3, 31)
    assert np.max(np.abs(sol.pdf(grid) - law.pdf(grid))) < 1e-10 * float(np.max(law.pdf(grid)))
    z = np.array([0.3 + 0.2j, -1 + 1j])
    assert np.allclose(sol.cauchy(z), -law.stieltjes(z), rtol=1e-10, atol=0)
    # higher moments from the recursion against the solution's quadrature moments
    assert sol.moments(7)[6] == pytest.approx(law.moment(6), rel=1e-9)


def test_invalid_potentials():
    with pytest.raises(ValueError, match="even degree"):
        solve_loop_equation((0, 0, 0, 1.0), 1.0)
    with pytest.raises(ValueError, match="even degree"):
        solve_loop_equation((0, 0, -0.5), 1.0)
    with pytest.raises(ValueError, match="polynomial"):
        solve_loop_equation(sp.exp(sp.Symbol("x")), 1.0)
    with pytest.raises(TypeError, match="V"):
        solve_loop_equation("x**2", 1.0)
    with pytest.raises(ValueError, match="c"):
        solve_loop_equation((0, 0, 0.5), 0.0)
    sol = solve_loop_equation((0, 0, 0.5), 1.0)
    with pytest.raises(ValueError, match="upper half-plane"):
        sol.cauchy(1 - 1j)
    with pytest.raises(ValueError, match="finite"):
        sol.pdf([0.0, np.nan])
    with pytest.raises(ValueError, match="theta0"):
        solve_loop_equation((0, 0, 0, 0, 0.25), 1.0, theta0=[0.5])
