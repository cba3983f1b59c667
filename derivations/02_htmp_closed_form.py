"""Derive the HTMP closed form: Riccati -> Kummer -> Tricomi U, then check it.

Checks: the substitution G = -u'/(c u) linearises the Riccati ODE (symbolic); the
change of variables w = -k z maps it onto Kummer's equation (symbolic); s(z) equals
the stated k U(b+1, c+1, -kz)/U(b, c, -kz) (docs/theory.md §2.3); numeric residuals at 30 digits; the density
integrates to 1 and agrees with the Riccati ODE integrated by mpmath.odefun.
"""
import mpmath
import sympy as sp
from _common import check, finish, step

from htmp_theory.symbolic import Z, TricomiU, htmp_closed_form, solve_riccati

g, kap = sp.symbols("gamma kappa", positive=True)
k, b = kap / (2 * g), kap / 2
cc = 1 + b - k

cf = htmp_closed_form(g, kap)
step("1. linear ODE u'' + P u' + Q u = 0", sp.Eq(cf.ode.apply(sp.Function("u")(Z)), 0))
step(f"2. recognised: {cf.recognition.kind}, w = {cf.recognition.w}", cf.recognition.standard)
check(cf.recognition.kind == "kummer", "Kummer's equation")
check(cf.recognition.reduces(cf.ode), "u(z) = F(-k z) with F solving Kummer (symbolic proof)")
check(sp.simplify(cf.recognition.params["A"] - b) == 0 and sp.simplify(cf.recognition.params["B"] - cc) == 0,
      "parameters A = b, B = 1 + b - k")
step("3. Stieltjes transform s = -G", cf.stieltjes)
check(sp.simplify(cf.stieltjes - k * TricomiU(b + 1, cc + 1, -k * Z) / TricomiU(b, cc, -k * Z)) == 0,
      "s(z) = k U(b+1, c+1, -kz)/U(b, c, -kz) (docs/theory.md §2.3)")
step("4. density in Wronskian form K w(x)/|u|^2", cf.density)

num = htmp_closed_form(sp.Rational(1, 2), 3)
report = num.verify(dps=30)
check(report["symbolic"] and report["linear"] < 1e-27 and report["riccati"] < 1e-27,
      f"numeric residuals at 30 digits: {mpmath.nstr(report['riccati'], 3)}")
with mpmath.workdps(15):
    mass = mpmath.quad(lambda t: num.density_numeric(t, dps=15), [0, 0.5, 2, mpmath.inf])
check(abs(mass - 1) < 1e-10, f"integral of the density = {mass}")
with mpmath.workdps(18):
    p_ode = -solve_riccati(num.loop, 0.8, dps=18).imag / mpmath.pi
    p_cf = num.density_numeric(0.8, dps=18)
check(abs(p_ode - p_cf) < 1e-15 * p_cf, f"density at 0.8: odefun {mpmath.nstr(p_ode, 16)} = closed form")
finish()
