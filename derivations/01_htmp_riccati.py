"""Derive the HTMP Riccati ODE from the beta-Laguerre joint density.

Steps: joint density -> (n -> oo, beta = kappa/n, x = lambda/(beta m)) potential
V(x) = k x - a log x with coupling c = kappa/2 -> loop equation with test function
x/(z - x) -> Riccati ODE for G -> rewritten for s = -G; check against docs/theory.md §2.3.
"""
import sympy as sp
from _common import check, finish, step

from htmp_theory.symbolic import Z, htmp_potential, htmp_stieltjes_riccati, loop_equation, to_latex

g, kap = sp.symbols("gamma kappa", positive=True)
k, b = kap / (2 * g), kap / 2
a = k - b - 1

V, x, c, edges = htmp_potential(g, kap)
step("1. one-body potential of the rescaled beta-Laguerre ensemble", V)
check(sp.simplify(V - (k * x - a * sp.log(x))) == 0, "V(x) = k x - a log x")
check(c == kap / 2 and edges == (0,), "coupling c = kappa/2, hard edge at 0")

loop = loop_equation(V, x, c, edges)
step("2. loop equation (test function x/(z-x)), h G' = c h G^2 + B G + C", loop.equation)
check(loop.h == Z, "h(z) = z")
check(sp.simplify(loop.B - (a - k * Z)) == 0 and sp.simplify(loop.C - k) == 0, "B = a - k z, C = k")
check(loop.constants == {}, "no unknown constants: the hard-edge test function removes them")

s = sp.Function("s")(Z)
riccati = htmp_stieltjes_riccati(g, kap)
step("3. Riccati ODE for s = -G, normalised", sp.Eq(riccati, 0))
eps = 2 * g / kap
theory = eps * Z * s.diff(Z) + g * Z * s**2 + (Z - 1 + g + eps) * s + 1
check(sp.simplify(riccati - theory) == 0, "coincides with docs/theory.md §2.3: eps z s' + gamma z s^2 + (z-1+gamma+eps) s + 1 = 0")
print("\nLaTeX:", to_latex(sp.Eq(riccati, 0)))
finish()
