"""Benchmark of :func:`htmp_theory.equilibrium.solve_equilibrium`: error against cost.

Three potentials with independent exact densities, one per domain:

* ℝ: V = x^2/2 (closed form :class:`htmp_theory.equilibrium.GaussianHT`);
* (0, ∞): V = kx - a log x, c = κ/2 (closed form :class:`htmp_theory.HTMP`);
* (0, 1): V = -a log x - b log(1 - x) (Jacobi closed form of
  :func:`htmp_theory.symbolic.jacobi_closed_form`, evaluated with mpmath).

For each, the solver runs with decreasing tolerances and its density is compared on 10^3
points (grid size, solve time, evaluation time, the solver's own error estimate, true
maximum relative error); then the true error against the Chebyshev grid size on a fixed
interval (the spectral convergence curve). Finally the loop-equation route
(:func:`htmp_theory.equilibrium.riccati.solve_loop_equation`) against the solver for a
double-well potential, whose density has no closed form.

Run: ``python benchmarks/bench_general.py``.
"""
from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import sympy as sp

from htmp_theory import HTMP
from htmp_theory.equilibrium import solve_equilibrium
from htmp_theory.laws import GaussianHT
from htmp_theory.equilibrium.chebyshev_law import ChebyshevLaw
from htmp_theory.equilibrium.solver import _newton
from htmp_theory.equilibrium.riccati import solve_loop_equation
from htmp_theory.symbolic import jacobi_closed_form

X = sp.Symbol("x", positive=True)


def error_vs_cost(title: str, V, c: float, domain: str, x: np.ndarray, ref: np.ndarray) -> None:
    """Print the tolerance sweep and the error-vs-grid-size curve of one potential."""
    print(f"\n{title}: solver vs exact density on {x.size} points")
    print(f"{'tol':>8} {'n':>6} {'solve s':>8} {'eval s':>8} {'estimate':>10} {'max rel err':>12}")
    for tol in (1e-4, 1e-6, 1e-8, 1e-10, 1e-12):
        start = time.perf_counter()
        law = solve_equilibrium(V, c, domain=domain, tol=tol)
        solve = time.perf_counter() - start
        start = time.perf_counter()
        values = law.pdf(x)
        evaluate = time.perf_counter() - start
        err = np.max(np.abs(values - ref) / ref)
        print(f"{tol:>8.0e} {law.report.steps[-1]['n']:>6} {solve:>8.3f} {evaluate:>8.4f} "
              f"{law.report.error_estimate:>10.2e} {err:>12.2e}")
    lo, hi = law._m - law._h, law._m + law._h
    print(f"true error against grid size (u-interval ({lo:.2f}, {hi:.2f})):")
    print(f"{'n':>6} {'seconds':>8} {'max rel err':>12}")
    for n in (32, 64, 128, 256, 512, 1024):
        start = time.perf_counter()
        coef = _newton(law._V, c, law._m, law._h, n, law.domain)[0]
        seconds = time.perf_counter() - start
        approx = ChebyshevLaw(law._V, c, law._m, law._h, coef, domain=law.domain)
        print(f"{n:>6} {seconds:>8.3f} {np.max(np.abs(approx.pdf(x) - ref) / ref):>12.2e}")


def timed(label: str, func: Callable):
    start = time.perf_counter()
    out = func()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return out


def main() -> None:
    c = 2.0
    x = np.linspace(-3 * np.sqrt(1 + c), 3 * np.sqrt(1 + c), 1000)
    error_vs_cost(f"R: V = x^2/2, c = {c}", lambda t: t**2 / 2, c, "real", x, GaussianHT(c).pdf(x))

    gamma, kappa = 0.3255, 1.9
    k, b = kappa / (2 * gamma), kappa / 2
    exact = HTMP(gamma, kappa)
    x = np.exp(np.linspace(np.log(exact.ppf(1e-6)), np.log(exact.ppf(1 - 1e-9)), 1000))
    error_vs_cost(f"(0, oo): HTMP({gamma}, {kappa}) from V = kx - a log x", k * X - (k - b - 1) * sp.log(X), b,
                  "positive", x, exact.pdf(x))

    a, bb, cc = sp.Rational(-1, 2), sp.Rational(1, 3), 1
    closed = jacobi_closed_form(a, bb, cc)
    x = np.linspace(0.001, 0.999, 200)  # mpmath reference: 200 points
    ref = np.array([float(closed.density_numeric(t, dps=20)) for t in x])
    error_vs_cost(f"(0, 1): Jacobi a = {a}, b = {bb}, c = {cc}", -a * sp.log(X) - bb * sp.log(1 - X), float(cc),
                  "unit", x, ref)

    print("\nloop-equation route vs Euler-Lagrange solver, V = x^4/4 - x^2, c = 0.8:")
    coef = (0, 0, -1, 0, 0.25)
    sol = timed("solve_loop_equation (unknowns m1, m2)", lambda: solve_loop_equation(coef, 0.8))
    law = timed("solve_equilibrium(tol=1e-12)",
                lambda: solve_equilibrium(lambda t: np.polynomial.polynomial.polyval(t, coef), 0.8, tol=1e-12))
    x = np.linspace(-3, 3, 1000)
    values = timed("loop-equation density on 1000 points", lambda: sol.pdf(x))
    print(f"max |difference| / max density: {np.max(np.abs(values - law.pdf(x))) / np.max(law.pdf(x)):.2e}; "
          f"m2: {sol.theta[1]:.15f} vs {law.moment(2):.15f}")


if __name__ == "__main__":
    main()
