"""Normalising constants K of p = K e^{-V}/|u|^2 for the Laguerre, Gaussian and Jacobi families.

Steps: (1) the general families (any k, edge z0; any mean/variance; any interval) are recognised
and K is read off the recognition (wronskian_constant); (2) the affine change of variables maps
each onto its canonical case: p_general(x) = |x'(x)| p_canonical(x'(x)) is checked symbolically
(Laguerre, Gaussian) or at 25 digits (Jacobi); (3) the canonical Laguerre constant from
the small-x expansion of U: Im(u' conj(u)) = pi k^{a+1} x^a e^{-kx} / (Gamma(c) Gamma(1+a+c)),
checked numerically at two points (Abel's identity); (4) total mass 1 by quadrature.
"""
import mpmath
import sympy as sp
from _common import check, finish, step

from htmp_theory.symbolic import X, gaussian_closed_form, jacobi_closed_form, laguerre_closed_form

a, c, k, z0 = sp.symbols("a c k z_0", positive=True)
lag = laguerre_closed_form(a, c, k)
step("1. Laguerre x^a e^{-kx}: u and K", sp.Matrix([lag.u, lag.constant]))
check(sp.simplify(lag.constant - k ** (a + 1) / (sp.gamma(1 + c) * sp.gamma(1 + a + c))) == 0,
      "K = k^(a+1) / (Gamma(1+c) Gamma(1+a+c))")
canon = laguerre_closed_form(a, c, 1)
scaled = k * canon.density.subs(X, k * X)
check(sp.simplify(sp.powsimp(sp.expand_power_base(scaled / lag.density, force=True), force=True)) == 1,
      "p_k(x) = k p_1(kx): the scale k enters only through k^(a+1)")

mu, var = sp.symbols("mu sigma2", positive=True)
gau = gaussian_closed_form(c, mean=mu, variance=var)
step("2. Gaussian with mean mu and variance sigma2: K", gau.constant)
std = gaussian_closed_form(c)
shifted = std.density.subs(X, (X - mu) / sp.sqrt(var)) / sp.sqrt(var)
check(sp.simplify(sp.simplify(gau.density / shifted).rewrite(sp.exp)) == 1,
      "p(x) = p_std((x - mu)/sigma)/sigma")

b, L = sp.symbols("b L", positive=True)
jac = jacobi_closed_form(a, b, c, interval=(0, L))
step("3. Jacobi on (0, L): K", jac.constant)
R = sp.Rational
jac_num, unit_num = jacobi_closed_form(R(1, 2), R(3, 2), 2, interval=(0, R(5, 2))), jacobi_closed_form(R(1, 2), R(3, 2), 2)
with mpmath.workdps(30):
    worst = max(abs(jac_num.density_numeric(t, dps=25) / (unit_num.density_numeric(t / R(5, 2), dps=25) / R(5, 2)) - 1)
                for t in (mpmath.mpf("0.3"), mpmath.mpf("1.7")))
check(worst < 1e-20, "p_(0,L)(x) = p_(0,1)(x/L)/L at L = 5/2 (two points, 25 digits)")

num = laguerre_closed_form(R(2, 5), R(13, 10), R(11, 5))
with mpmath.workdps(30):
    av, cv, kv = mpmath.mpf(2) / 5, mpmath.mpf(13) / 10, mpmath.mpf(11) / 5
    for xv in (mpmath.mpf("0.2"), mpmath.mpf("1.5")):
        u = lambda t: mpmath.hyperu(cv, -av, -kv * t - mpmath.mpf(10) ** -40 * 1j)  # noqa: E731
        wronskian = mpmath.im(mpmath.diff(u, xv) * mpmath.conj(u(xv)))
        expected = mpmath.pi * kv ** (av + 1) * xv**av * mpmath.exp(-kv * xv) / (mpmath.gamma(cv) * mpmath.gamma(1 + av + cv))
        check(abs(wronskian / expected - 1) < 1e-20, f"Im(u' conj u) at x = {xv}: Abel's identity with the derived constant")
    mass = mpmath.quad(lambda t: num.density_numeric(t, dps=15), [0, 1, 5, mpmath.inf])
check(abs(mass - 1) < 1e-10, f"Laguerre(a=2/5, c=13/10, k=11/5): integral = {mass}")
finish()
