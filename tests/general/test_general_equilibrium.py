"""solve_equilibrium against closed forms (GaussianHT), exact moments and Monte Carlo."""
import numpy as np
import pytest
import sympy as sp

from htmp_theory.equilibrium import solve_equilibrium
from htmp_theory.laws import GaussianHT
from htmp_theory.sampling import PolynomialPotential, sample_potential


@pytest.mark.parametrize("c", [0.5, 4.0])
def test_reproduces_gaussian_closed_form(c):
    law = solve_equilibrium(lambda x: x**2 / 2, c, tol=1e-11)
    exact = GaussianHT(c)
    x = np.linspace(-4 * np.sqrt(1 + c), 4 * np.sqrt(1 + c), 301)
    assert np.max(np.abs(law.pdf(x) - exact.pdf(x))) < 1e-10 * float(exact.pdf(0.0))
    assert np.allclose(law.cdf(x), exact.cdf(x), rtol=0, atol=1e-10)
    assert law.report.converged and law.report.error_estimate <= 1e-11


def test_error_falls_with_grid_size():
    # error of each grid against the closed form: spectral decay
    exact = GaussianHT(1.5)
    law = solve_equilibrium(lambda x: x**2 / 2, 1.5, tol=1e-12)
    changes = [s["change"] for s in law.report.steps[1:]]
    assert all(b < a for a, b in zip(changes, changes[1:]))
    assert changes[-1] < 1e-12
    x = np.linspace(-6, 6, 101)
    assert np.max(np.abs(law.pdf(x) - exact.pdf(x))) < 1e-12


def test_quartic_moments_from_loop_equation():
    # V = x^4/4: the loop equation gives m2 and m4 = 1 + 3c m2 ... check instead the exact
    # virial identity E[x V'(x)] = 1 + c (integrate x V' rho by parts with the EL equation)
    c = 1.3
    V = sp.Symbol("x") ** 4 / 4
    law = solve_equilibrium(V, c, tol=1e-11)
    assert law.moment(0) == pytest.approx(1.0, abs=1e-13)
    assert law.moment(4) == pytest.approx(1 + c, rel=1e-11)
    assert law.moment(1) == pytest.approx(0.0, abs=1e-12)


def test_stieltjes_boundary_value_and_ppf():
    law = solve_equilibrium(lambda x: x**4 / 4 - x**2, 0.8, tol=1e-11)
    x = 0.37
    assert law.stieltjes(x, side=1).imag / np.pi == pytest.approx(float(law.pdf(x)), rel=1e-10)
    q = np.array([0.01, 0.3, 0.5, 0.97])
    assert np.allclose(law.cdf(law.ppf(q)), q, atol=1e-13)


def test_agrees_with_monte_carlo():
    c, n = 1.0, 60
    law = solve_equilibrium(lambda x: x**4 / 4 + x**2 / 2, c)
    sample = sample_potential(n, 2 * c / n, PolynomialPotential((0, 0, 0.5, 0, 0.25)),
                              chains=4, steps=2000, warmup=1000, rng=1, x0=np.linspace(-1.5, 1.5, n))
    mean, se = sample.estimate(lambda v: (v**2).mean(axis=-1))
    # finite-n corrections are O(1/n); allow them plus 5 standard errors
    assert abs(mean - law.moment(2)) < 5 * se + 2.0 / n


def test_invalid_input():
    with pytest.raises(ValueError, match="c"):
        solve_equilibrium(lambda x: x**2, -1.0)
    with pytest.raises(ValueError, match="domain"):
        solve_equilibrium(lambda x: x**2, 1.0, domain="(0, 1)")
    with pytest.raises(ValueError, match="tol"):
        solve_equilibrium(lambda x: x**2, 1.0, tol=1e-20)
    with pytest.raises(TypeError, match="V"):
        solve_equilibrium(3.0, 1.0)
    with pytest.raises(ValueError, match="V"):
        solve_equilibrium(lambda x: 0.5 * np.log1p(x**2), 1.0)


def test_numerical_law_refuses_more_digits_than_it_has():
    law = solve_equilibrium(lambda x: x**2 / 2, 1.0, tol=1e-10)
    assert 10 <= law.max_dps <= 15
    law.pdf(0.3, dps=law.max_dps)  # within what the solution carries
    with pytest.raises(ValueError, match=r"dps must lie in \[1, "):
        law.pdf(0.3, dps=40)
    with pytest.raises(ValueError, match="dps must lie in"):
        law.stieltjes(1j, dps=40)
