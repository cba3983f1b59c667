"""Derive the HTMP moment recursion from the 1/z expansion of the Riccati ODE.

Checks: the derived recursion is the one of docs/theory.md §2.4; exact moments agree with
htmp_theory.laws.moments.htmp_moments; m_20 is fast; kappa -> oo gives Narayana (MP)
moments and kappa -> 0 the Gamma(kappa/(2 gamma)) moments; free cumulants of MP are gamma^(n-1).
"""
import time

import sympy as sp
from _common import check, finish, step

from htmp_theory.laws.moments import htmp_moments, marchenko_pastur_moments
from htmp_theory.symbolic import (
    GAMMA, KAPPA, free_cumulants, gamma_limit_series, htmp_loop_equation, htmp_moments_exact,
    moment_recursion, mp_limit_series,
)

g, kap = GAMMA, KAPPA
rec = moment_recursion(htmp_loop_equation(g, kap))
formula = rec.formula()
step("1. recursion from the coefficient of z^-N", formula)
m, n, i = sp.IndexedBase("m"), sp.Symbol("n", integer=True), sp.Symbol("i", integer=True)
eps = 2 * g / kap
theory = (eps * n - (g - 1 + eps)) * m[n - 1] + g * sp.Sum(m[i] * m[n - 1 - i], (i, 0, n - 1))
check(sp.simplify(formula.rhs - theory) == 0, "m_n = (eps n - (gamma-1+eps)) m_{n-1} + gamma sum m_i m_{n-1-i}")

start = time.perf_counter()
ms = htmp_moments_exact(20)
elapsed = time.perf_counter() - start
step("2. first moments", sp.Matrix([sp.factor(v) for v in ms[:4]]))
check(elapsed < 1.0, f"m_0..m_20 as rational functions in {elapsed:.2f} s")
ref = htmp_moments(g, kap, 8)
check(all(sp.cancel(a - b) == 0 for a, b in zip(ms, ref)), "agrees with htmp_theory.laws.moments.htmp_moments (m_0..m_8)")

step("3. MP limit: m_4 as a polynomial in 1/kappa", sp.Matrix(mp_limit_series(4)))
check(all(sp.expand(mp_limit_series(j)[0] - marchenko_pastur_moments(g, j)[j]) == 0 for j in range(1, 8)),
      "kappa -> oo: Narayana polynomials (Marchenko-Pastur)")
check(all(gamma_limit_series(j, 1)[0] == 1 for j in range(1, 8)), "kappa -> 0: m_j / Gamma moment -> 1")
mp = [sp.limit(v, kap, sp.oo) for v in ms[:7]]
check([sp.expand(v) for v in free_cumulants(mp)] == [g ** (r - 1) for r in range(1, 7)],
      "free cumulants of the MP limit are gamma^(n-1)")
finish()
