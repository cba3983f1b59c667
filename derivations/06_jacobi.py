"""Jacobi analogue: e^{-V} = x^a (1-x)^b on (0, 1), beta = 2c/N.

Loop equation with hard edges 0 and 1 -> Gauss hypergeometric equation with A = c,
B = -(1+a+b+c), C = -a -> u = z^{-c} 2F1(c, 1+a+c; 2+a+b+2c; 1/z) and
p(x) = K x^a (1-x)^b / |u(x+i0)|^2, K from the jump of u around z = 1.
Checks: symbolic reduction, residuals, normalisation, odefun, Beta limit c -> 0.
"""
import mpmath
import sympy as sp
from _common import check, finish, step

from htmp_theory.symbolic import jacobi_closed_form, moment_recursion, solve_riccati

a, b, c = sp.symbols("a b c", positive=True)
cf = jacobi_closed_form(a, b, c)
step("1. loop equation (test function x(x-1)/(z-x))", cf.loop.equation)
step(f"2. {cf.recognition.kind} with parameters {cf.recognition.params}", cf.recognition.standard)
check(cf.recognition.kind == "gauss" and cf.recognition.reduces(cf.ode), "Gauss hypergeometric form, symbolic reduction")
step("3. u(z) and the density", cf.density)
check(sp.simplify(sp.gammasimp(cf.constant.subs(c, 0) * sp.beta(a + 1, b + 1))) == 1, "K(c=0) = 1/B(a+1, b+1)")
m1 = moment_recursion(cf.loop).moments(1)[1]
check(sp.simplify(m1.subs(c, 0) - (a + 1) / (a + b + 2)) == 0, "c -> 0: Beta mean")

R = sp.Rational
num = jacobi_closed_form(R(1, 2), R(3, 2), 2)
report = num.verify(dps=30)
check(report["linear"] < 1e-27 and report["riccati"] < 1e-27, "numeric residuals at 30 digits")
with mpmath.workdps(15):
    mass = mpmath.quad(lambda t: num.density_numeric(t, dps=15), [0, 0.5, 1])
check(abs(mass - 1) < 1e-10, f"integral = {mass}")
with mpmath.workdps(18):
    p_ode = -solve_riccati(num.loop, 0.3, dps=18, height=3).imag / mpmath.pi
    check(abs(p_ode - num.density_numeric(0.3, dps=18)) < 1e-15, "density vs odefun at x = 0.3")
finish()
