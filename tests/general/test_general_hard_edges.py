"""solve_equilibrium on (0, ∞) and (0, 1): HTMP and Jacobi from their potentials, Monte Carlo."""
import numpy as np
import pytest
import sympy as sp
from scipy import integrate, special

from htmp_theory import HTMP
from htmp_theory.equilibrium import solve_equilibrium
from htmp_theory.sampling import JacobiPotential, LaguerrePotential, beta_jacobi, sample_potential
from htmp_theory.symbolic import jacobi_closed_form

X = sp.Symbol("x", positive=True)


def htmp_potential(gamma, kappa):
    """HTMP(γ, κ) is the equilibrium law of V = kx - a log x, c = κ/2 (docs/theory.md §2.1)."""
    k, b = kappa / (2 * gamma), kappa / 2
    return k * X - (k - b - 1) * sp.log(X), b


@pytest.mark.parametrize("gamma, kappa", [(0.5, 2.0), pytest.param(0.3255, 1.9, marks=pytest.mark.slow),
                                          pytest.param(0.25, 10.0, marks=pytest.mark.slow),
                                          pytest.param(0.8, 1.0, marks=pytest.mark.slow)])
def test_reproduces_htmp_from_its_potential(gamma, kappa):
    V, c = htmp_potential(gamma, kappa)
    law = solve_equilibrium(V, c, domain="positive", tol=1e-11)
    exact = HTMP(gamma, kappa)
    x = np.exp(np.linspace(np.log(exact.ppf(1e-8)), np.log(exact.ppf(1 - 1e-10)), 301))
    assert np.max(np.abs(law.pdf(x) / exact.pdf(x) - 1)) < 1e-10
    assert np.max(np.abs(law.cdf(x) - exact.cdf(x))) < 1e-11
    assert law.moment(2) == pytest.approx(float(exact.moment(2)), rel=1e-11)
    assert law.support == (0.0, np.inf)


def test_numpy_callable_on_the_half_line():
    gamma, kappa = 0.5, 3.0
    k, b = kappa / (2 * gamma), kappa / 2
    law = solve_equilibrium(lambda x: k * x - (k - b - 1) * np.log(x), b, domain=(0, np.inf), tol=1e-11)
    x = np.linspace(0.05, 4.0, 50)
    assert np.allclose(law.pdf(x), HTMP(gamma, kappa).pdf(x), rtol=1e-10, atol=0)


@pytest.mark.parametrize("a, b, c", [(1, 2, 3), (sp.Rational(-1, 2), sp.Rational(1, 3), 1),
                                     pytest.param(sp.Rational(1, 5), sp.Rational(-3, 4), sp.Rational(5, 2),
                                                  marks=pytest.mark.slow)])
def test_reproduces_jacobi_closed_form(a, b, c):
    law = solve_equilibrium(-a * sp.log(X) - b * sp.log(1 - X), float(c), domain="unit", tol=1e-11)
    closed = jacobi_closed_form(a, b, c)
    x = np.linspace(0.002, 0.998, 23)
    exact = np.array([float(closed.density_numeric(t, dps=20)) for t in x])
    assert np.max(np.abs(law.pdf(x) / exact - 1)) < 1e-10
    # edge behaviour x^a (1-x)^b: infinite density for a negative exponent, 0 for a positive one
    p0, p1 = law.pdf([0.0, 1.0])
    assert (p0 == np.inf) == (a < 0) and (p1 == np.inf) == (b < 0)


def test_error_falls_with_grid_size_against_htmp():
    gamma, kappa = 0.3255, 1.9
    V, c = htmp_potential(gamma, kappa)
    exact = HTMP(gamma, kappa)
    law = solve_equilibrium(V, c, domain="positive", tol=1e-13)
    changes = [s["change"] for s in law.report.steps[1:]]
    assert all(b < a for a, b in zip(changes, changes[1:]))
    assert changes[-1] < 1e-13
    x = np.exp(np.linspace(-6, 1.5, 101))
    assert np.max(np.abs(law.pdf(x) / exact.pdf(x) - 1)) < 1e-12


def test_hard_edge_stieltjes_ppf_and_moments():
    a, b, c = 1.0, -0.5, 2.0
    law = solve_equilibrium(-a * sp.log(X) - b * sp.log(1 - X), c, domain="unit", tol=1e-11)
    x = 0.37
    assert law.stieltjes(x, side=1).imag / np.pi == pytest.approx(float(law.pdf(x)), rel=1e-11)
    # Gauss-Jacobi quadrature with the edge weight t^a (1-t)^b: the remaining factor of the
    # density is smooth, and the nodes never touch the infinite end point
    nodes, weights = special.roots_jacobi(300, b, a)
    t = (1 + nodes) / 2
    weights = weights / 2 ** (1 + a + b) * law.pdf(t) / (t**a * (1 - t) ** b)
    for z in (2.0, -1 + 1j, 0.5 + 0.05j):
        direct = np.sum(weights / (t - z))
        assert abs(law.stieltjes(z) - direct) < 1e-9 * abs(direct)
    q = np.array([1e-6, 0.3, 0.5, 0.97])
    assert np.allclose(law.cdf(law.ppf(q)), q, rtol=1e-11, atol=1e-15)
    assert law.moment(2) == pytest.approx(np.sum(weights * t**2), rel=1e-9)
    assert law.moment(0) == pytest.approx(1.0, abs=1e-12)


def test_half_line_agrees_with_monte_carlo():
    # V = 1.5 x - 0.5 log x on (0, oo), c = 1, sampled by MALA with beta = 2c/n
    c, n, rate, power = 1.0, 40, 1.5, 0.5
    law = solve_equilibrium(rate * X - power * sp.log(X), c, domain="positive")
    sample = sample_potential(n, 2 * c / n, LaguerrePotential(rate, power), chains=4, steps=1000,
                              warmup=300, rng=3, x0=np.linspace(0.05, 3.0, n), domain="positive",
                              method="gibbs")
    mean, se = sample.estimate(lambda v: v.mean(axis=-1))
    assert abs(law.moment(1) - 5 / 3) < 1e-12  # HTMP(gamma=0.4, kappa=2) at scale 5/3
    assert abs(mean - law.moment(1)) < 5 * se + 1.0 / n


def test_unit_interval_agrees_with_monte_carlo():
    c, n, p, q = 1.5, 40, 1.0, 2.0
    law = solve_equilibrium(-p * sp.log(X) - q * sp.log(1 - X), c, domain="unit")
    sample = sample_potential(n, 2 * c / n, JacobiPotential(p, q), chains=4, steps=1000, warmup=300, rng=4,
                              domain="unit", method="gibbs")
    mean, se = sample.estimate(lambda v: v.mean(axis=-1))
    assert abs(mean - law.moment(1)) < 5 * se + 1.0 / n


def test_hard_edge_input_errors():
    with pytest.raises(ValueError, match="integrable"):
        solve_equilibrium(X + 2 * sp.log(X), 1.0, domain="positive")  # x^-2 at the edge
    with pytest.raises(ValueError, match="domain"):
        solve_equilibrium(X, 1.0, domain=(0, 2))


def test_gibbs_sampler_is_exact_at_finite_n():
    # at the same finite n, the Gibbs chain in logit coordinates and the exact tridiagonal
    # beta-Jacobi model (Killip-Nenciu) must give the same mean eigenvalue
    c, n, p, q = 1.5, 20, 1.0, 2.0
    beta = 2 * c / n
    sample = sample_potential(n, beta, JacobiPotential(p, q), chains=4, steps=1000, warmup=300, rng=5,
                              domain="unit", method="gibbs")
    mean, se = sample.estimate(lambda v: v.mean(axis=-1))
    assert max(sample.rhat.values()) < 1.05
    exact = beta_jacobi(n, 2 * (p + 1) / beta - 1, 2 * (q + 1) / beta - 1, beta, reps=4000, rng=6).mean(axis=1)
    assert abs(mean - exact.mean()) < 5 * np.hypot(se, exact.std() / np.sqrt(exact.size))


def test_moments_of_power_law_tails():
    # rho ~ x^(2c - s) = x^-3 for V = 5 log(1 + x) - log(x)/2, c = 3/4: E X finite, E X^2 infinite
    law = solve_equilibrium(5 * sp.log(1 + X) - sp.log(X) / 2, 0.75, domain="positive", tol=1e-11)
    pieces = [(-60, 0), (0, 10), (10, 40), (40, 300)]
    first = sum(integrate.quad(lambda u: np.exp(2 * u) * law.pdf(np.exp(u)), a, b, epsabs=0, epsrel=1e-13,
                               limit=500)[0] for a, b in pieces)
    assert law.moment(1) == pytest.approx(first, rel=1e-10)
    assert law.moment(2) == np.inf and law.moment(3) == np.inf
    # and the higher moments of a fast-decaying law stay finite and accurate (HTMP, exact recursion)
    gamma, kappa = 0.3255, 1.9
    V, c = htmp_potential(gamma, kappa)
    solved = solve_equilibrium(V, c, domain="positive", tol=1e-12)
    for j in range(1, 7):
        assert solved.moment(j) == pytest.approx(float(HTMP(gamma, kappa).moment(j)), rel=1e-11)
