"""Benchmark of :func:`htmp_theory.general.solve_equilibrium`: error against cost.

For the Gaussian potential V = x^2/2 the exact density is the closed form of
:class:`htmp_theory.general.GaussianHT`; the solver is run with decreasing tolerances
and its density is compared on 10^3 points, printing the Chebyshev grid size, the
solve time, the solver's own error estimate and the true maximum relative error.

Run: ``python benchmarks/bench_general.py``.
"""
from __future__ import annotations

import time

import numpy as np

from htmp_theory.general import GaussianHT, solve_equilibrium
from htmp_theory.general._numeric import ChebyshevLaw
from htmp_theory.general.equilibrium import _newton


def main(c: float = 2.0) -> None:
    exact = GaussianHT(c)
    x = np.linspace(-4 * np.sqrt(1 + c), 4 * np.sqrt(1 + c), 1000)
    ref = exact.pdf(x)
    print(f"V = x^2/2, c = {c}: solver vs closed form on {x.size} points")
    print(f"{'tol':>8} {'n':>6} {'solve s':>8} {'eval s':>8} {'estimate':>10} {'max rel err':>12}")
    for tol in (1e-4, 1e-6, 1e-8, 1e-10, 1e-12):
        start = time.perf_counter()
        law = solve_equilibrium(lambda t: t**2 / 2, c, tol=tol)
        solve = time.perf_counter() - start
        start = time.perf_counter()
        values = law.pdf(x)
        evaluate = time.perf_counter() - start
        err = np.max(np.abs(values - ref)) / np.max(ref)
        print(f"{tol:>8.0e} {law.report.steps[-1]['n']:>6} {solve:>8.3f} {evaluate:>8.4f} "
              f"{law.report.error_estimate:>10.2e} {err:>12.2e}")
    print("\nconvergence report of the last solve:")
    print(law.report)
    lo, hi = law.interval
    m, h = 0.5 * (lo + hi), 0.5 * (hi - lo)
    print(f"\ntrue error against grid size on the interval ({lo:.3f}, {hi:.3f}):")
    print(f"{'n':>6} {'seconds':>8} {'max rel err':>12}")
    for n in (16, 32, 64, 128, 256, 512):
        start = time.perf_counter()
        coef = _newton(law._V, c, m, h, n, None)[0]
        seconds = time.perf_counter() - start
        err = np.max(np.abs(ChebyshevLaw(law._V, c, m, h, coef).pdf(x) - ref)) / np.max(ref)
        print(f"{n:>6} {seconds:>8.3f} {err:>12.2e}")


if __name__ == "__main__":
    main()
