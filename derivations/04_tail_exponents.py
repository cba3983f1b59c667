"""Derive the HTMP edge/tail asymptotics and the inverse-law exponent alpha.

Checks against the closed-form density evaluated with mpmath close to 0 and far out,
and alpha = 1 + (kappa/2)|1/gamma - 1| (docs/theory.md §2.7) with its inverse kappa(alpha).
"""
import mpmath
import sympy as sp
from _common import check, finish, step

from htmp_theory.symbolic import (
    htmp_closed_form, htmp_inverse_tail_exponent, htmp_lower_tail, htmp_upper_tail, kappa_from_alpha, to_mpmath,
)

g, kap = sp.symbols("gamma kappa", positive=True)
lower = htmp_lower_tail(g, kap)
step("1. lower tail p(x) ~ C0 x^e0 (gamma < 1 | gamma > 1)", sp.Matrix([lower.exponent, lower.constant]))
upper = htmp_upper_tail(g, kap, order=2)
step("2. upper tail p(x) ~ C x^e exp(-k x)(1 + d1/x + ...)", upper.expression)
alpha = htmp_inverse_tail_exponent(g, kap)
step("3. inverse law exponent alpha", alpha)
R = sp.Rational
for gv, kv in [(R(1, 3), 2), (R(5, 2), 3)]:
    check(alpha.subs({g: gv, kap: kv}) == 1 + R(kv) / 2 * abs(1 / gv - 1), f"alpha at gamma={gv}, kappa={kv}")
a = sp.Symbol("alpha", positive=True)
check(sp.simplify(alpha.subs(g, R(1, 3)).subs(kap, kappa_from_alpha(a, R(1, 3))) - a) == 0, "kappa(alpha) inverts alpha")

xs = sp.Symbol("x", positive=True)
for gv, kv in [(R(1, 2), 3), (R(3, 2), 3)]:
    cf = htmp_closed_form(gv, kv)
    low = to_mpmath(htmp_lower_tail(gv, kv).expression, [xs])
    up = to_mpmath(htmp_upper_tail(gv, kv, order=3).expression, [xs])
    with mpmath.workdps(25):
        t0, t1 = mpmath.mpf(10) ** -10, mpmath.mpf(80)
        r0 = cf.density_numeric(t0, dps=25) / low(t0)
        r1 = cf.density_numeric(t1, dps=25) / up(t1)
    check(abs(r0 - 1) < 1e-4, f"gamma={gv}: p(1e-10)/lower tail = {mpmath.nstr(r0, 8)}")
    check(abs(r1 - 1) < 1e-4, f"gamma={gv}: p(80)/upper tail series = {mpmath.nstr(r1, 8)}")
finish()
