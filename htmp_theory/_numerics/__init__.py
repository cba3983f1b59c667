"""Private numerical kernels shared by the laws, solvers and samplers.

* :mod:`.validation` — argument checking (``ValueError``/``TypeError`` naming the parameter),
  exact rationals, the guard digits of the mpmath paths;
* :mod:`.special` — Tricomi U scaled below its cut, by series, asymptotics and contour integrals;
* :mod:`.table` — float64 log-density tables (Chebyshev/quadrature) behind the fast paths;
* :mod:`.stieltjes` — Stieltjes transforms of scaled laws on both sides of the real axis;
* :mod:`.chebyshev` — Chebyshev nodes, transforms and the exact log-kernel;
* :mod:`.domains` — the variable u with x = φ(u) on ℝ, (0, ∞) and (0, 1).
"""
