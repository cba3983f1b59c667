"""Loop equation of a polynomial potential, its free constants, and how they are fixed.

For V = x^4/4 + t x^2/2 the loop equation is G' = c G^2 - V' G + P with
P(z) = z^2 + m_1 z + m_2 + t: two unknown moments. The moment series follows from the
recursion once (m_1, m_2) are known. They are fixed numerically by
htmp_theory.equilibrium.solve_loop_equation: the solutions recessive in the two upper-half-plane
sectors (arg z = pi/4, 3pi/4), each defined by the moment series, must coincide. This script
derives P symbolically, checks the numeric recursion against the symbolic one, shows that the
sector mismatch vanishes only at the true (m_1, m_2), and compares with the Euler-Lagrange
solver, which never sees the loop equation.
"""
import numpy as np
import sympy as sp
from _common import check, finish, step

from htmp_theory.equilibrium import solve_equilibrium, solve_loop_equation
from htmp_theory.equilibrium.riccati import LoopSolution, _mismatch, _moments
from htmp_theory.symbolic import G, Z, loop_equation, moment_recursion

x, c, t = sp.Symbol("x", real=True), sp.Symbol("c", positive=True), sp.Symbol("t", real=True)
loop = loop_equation(x**4 / 4 + t * x**2 / 2, x, c)
step("1. loop equation (symbolic layer)", loop.equation)
m1, m2 = sp.Symbol("m_1"), sp.Symbol("m_2")
P = sp.expand(Z**2 + m1 * Z + m2 + t)
rhs = c * G(Z) ** 2 - (Z**3 + t * Z) * G(Z) + P
check(sp.expand(loop.equation.rhs - rhs) == 0, "G' = c G^2 - V'G + P, P = z^2 + m_1 z + m_2 + t")

step("2. moment recursion: symbolic vs the numeric one of solve_loop_equation")
numeric_loop = loop_equation(x**4 / 4 - x**2, x, sp.Rational(4, 5))
symbolic = [sp.nsimplify(m.subs({m1: 0, m2: sp.Rational(3, 2)}))
            for m in moment_recursion(numeric_loop).moments(10)]
numeric = _moments(np.array([0.0, -2.0, 0.0, 1.0]), 0.8, np.array([0.0, 1.5]), 11)
print("symbolic:", [float(v) for v in symbolic])
print("numeric: ", [float(v) for v in numeric])
check(np.allclose([float(v) for v in symbolic], numeric[: len(symbolic)], rtol=1e-13, atol=1e-13),
      "the recursions agree (for an arbitrary trial m_2 = 3/2)")

step("3. the sector-matching condition selects (m_1, m_2)")
sol = solve_loop_equation((0, 0, -1, 0, 0.25), 0.8)
for shift in (-0.1, -0.01, 0.0, 0.01, 0.1):
    trial = LoopSolution(0.8, sol.coefficients, sol.theta + np.array([0.0, shift]), 0.0, sol.radius, sol.anchor,
                         sol.rtol)
    print(f"m_2 = {trial.theta[1]:.6f}: |G_1 - G_0| at the anchor = {np.max(np.abs(_mismatch(trial))):.3e}")
check(np.max(np.abs(_mismatch(sol))) < 1e-12, "mismatch vanishes at the solution")
check(np.max(np.abs(_mismatch(LoopSolution(0.8, sol.coefficients, sol.theta + [0.0, 0.01], 0.0, sol.radius,
                                           sol.anchor, sol.rtol)))) > 1e-4, "and not 0.01 away from it")

step("4. against the Euler-Lagrange solver (which never uses the loop equation)")
law = solve_equilibrium(lambda s: s**4 / 4 - s**2, 0.8, tol=1e-12)
grid = np.linspace(-3, 3, 61)
print("m_1, m_2 (loop):", sol.theta, " (Euler-Lagrange):", law.moment(1), law.moment(2))
check(abs(sol.theta[1] - law.moment(2)) < 1e-11, "m_2 agrees to 1e-11")
check(np.max(np.abs(sol.pdf(grid) - law.pdf(grid))) < 1e-11, "densities agree to 1e-11")
finish()
