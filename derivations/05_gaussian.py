"""Gaussian analogue (Allez-Bouchaud-Guionnet): V = x^2/2, beta = 2c/N.

Loop equation G' = c G^2 - z G + 1 -> u'' + z u' + c u = 0 -> Weber ->
u = e^{-z^2/4} D_{-c}(-iz), p(x) = 1/(sqrt(2 pi) Gamma(1+c) |D_{-c}(ix)|^2).
Checks: equation, symbolic reduction, residuals, normalisation, odefun, and the limits
c -> 0 (standard normal moments) and c -> oo (semicircle / Catalan).
"""
import mpmath
import sympy as sp
from _common import check, finish, step

from htmp_theory.symbolic import G, Z, gaussian_closed_form, loop_equation, moment_recursion, solve_riccati

x, c = sp.Symbol("x", real=True), sp.Symbol("c", positive=True)
loop = loop_equation(x**2 / 2, x, c)
step("1. loop equation", loop.equation)
check(loop.equation == sp.Eq(sp.Derivative(G(Z), Z), c * G(Z) ** 2 - Z * G(Z) + 1), "G' = c G^2 - z G + 1 (docs/theory.md §3.1)")
cf = gaussian_closed_form(c)
step(f"2. {cf.recognition.kind}: u(z)", cf.u)
check(cf.recognition.kind == "weber" and cf.recognition.reduces(cf.ode), "Weber form, symbolic reduction")
step("3. density", cf.density)

num = gaussian_closed_form(sp.Rational(3, 4))
report = num.verify(dps=30)
check(report["linear"] < 1e-27 and report["riccati"] < 1e-27, "numeric residuals at 30 digits")
with mpmath.workdps(15):
    mass = mpmath.quad(lambda t: num.density_numeric(t, dps=15), [-mpmath.inf, 0, mpmath.inf])
check(abs(mass - 1) < 1e-10, f"integral = {mass}")
with mpmath.workdps(18):
    p_ode = -solve_riccati(num.loop, 0.6, dps=18, height=12).imag / mpmath.pi
    check(abs(p_ode - num.density_numeric(0.6, dps=18)) < 1e-15, "density vs odefun at x = 0.6")

m = moment_recursion(loop).moments(8)
check(all(m[2 * j].subs(c, 0) == sp.factorial2(2 * j - 1) for j in range(5)), "c -> 0: Gaussian moments (2j-1)!!")
check([sp.limit(m[2 * j] / c**j, c, sp.oo) for j in range(5)] == [1, 1, 2, 5, 14], "c -> oo: Catalan (semicircle)")
finish()
