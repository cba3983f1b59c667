r"""Numerical solution of a derived Riccati ODE — the independent check of closed forms.

:func:`solve_riccati` integrates :math:`G' = F(z, G)` (from :mod:`.loop`) with
:func:`mpmath.odefun` (Taylor series method) along the straight segment from
:math:`z_0 = \operatorname{Re} z + iH` to :math:`z`. The starting value comes from the
large-:math:`z` expansion :math:`G(z_0) \approx \sum_j m_j z_0^{-j-1}` with moments from
the derived recursion (:mod:`.series`), truncated at its smallest term. Nothing here uses
the special-function closed forms, so agreement with them is a genuine check; the path
may end on the real axis (:math:`z = x`, meaning :math:`x + i0`), where
:math:`p(x) = -\operatorname{Im} G(x+i0)/\pi`.

Examples
--------
>>> import sympy as sp, mpmath
>>> from htmp_theory.symbolic.loop import loop_equation
>>> x = sp.Symbol("x")
>>> G = solve_riccati(loop_equation(x**2 / 2, x, 1), 0.5, dps=15)
>>> mpmath.nstr(-G.imag / mpmath.pi, 10)      # density at 0.5 for c = 1
'0.2452982267'
"""
from __future__ import annotations

from typing import Any

import mpmath
import sympy as sp

from .._numerics.validation import check_dps, check_positive
from .loop import Z, LoopEquation
from .output import to_mpmath
from .series import moment_recursion

__all__ = ["solve_riccati", "cauchy_from_moments"]


def cauchy_from_moments(loop: LoopEquation, z: Any, dps: int = 15, max_terms: int = 400) -> mpmath.mpc:
    r""":math:`G(z) \approx \sum_j m_j z^{-j-1}`, truncated at the smallest term.

    Raises ``ArithmeticError`` if the smallest term exceeds :math:`10^{-dps}|G|` (then
    ``z`` is too close to the support for this asymptotic series).
    """
    dps = check_dps(dps)
    if loop.C.free_symbols - {Z} or loop.B.free_symbols - {Z} or sp.sympify(loop.coupling).free_symbols:
        raise ValueError("the loop equation must have numeric parameters and no unknown constants")
    rec = moment_recursion(loop)
    with mpmath.workdps(dps + 15):
        z = mpmath.mpmathify(z)
        tol = mpmath.mpf(10) ** (-dps - 5)
        n_terms = 50
        while True:
            moments = [mpmath.mpf(sp.Float(m, dps + 20)) for m in rec.moments(n_terms)]
            total, last = mpmath.mpc(0), mpmath.inf
            for j, m in enumerate(moments):
                term = m / z ** (j + 1)
                if term != 0 and abs(term) > last:  # the asymptotic series starts diverging
                    break
                total += term
                last = abs(term) if term != 0 else last
                if j > 0 and abs(term) <= tol * abs(total):
                    return total
            else:
                if n_terms < max_terms:
                    n_terms = min(2 * n_terms, max_terms)
                    continue
            raise ArithmeticError(f"moment series at z = {z} only reaches {mpmath.nstr(last / abs(total), 3)}")


def solve_riccati(loop: LoopEquation, z: Any, dps: int = 15, height: float | None = None) -> mpmath.mpc:
    r"""Solve the Riccati ODE numerically from :math:`z_0 = \operatorname{Re} z + i\,H` to ``z``.

    Parameters
    ----------
    loop
        A loop equation with numeric parameters (and no unknown constants).
    z
        End point, ``Im z >= 0`` (a real ``z`` means :math:`z + i0`; it must not be a
        singular point of the ODE such as a hard edge).
    dps
        Digits wanted; the integration runs with ``dps + 10``.
    height
        Starting height :math:`H`; by default 30, doubled (up to 240) until the moment
        series reaches ``dps + 5`` digits there.
    """
    dps = check_dps(dps)
    heights = [check_positive("height", height)] if height is not None else [30.0 * 2**i for i in range(4)]
    g = sp.Symbol("g")
    F = to_mpmath(loop.rhs(g), [Z, g])
    with mpmath.workdps(dps + 10):
        z = mpmath.mpmathify(z)
        if mpmath.im(z) < 0:
            raise ValueError(f"z must lie in the closed upper half-plane, got {z}")
        for i, H in enumerate(heights):
            z0 = mpmath.mpc(mpmath.re(z), H)
            try:
                G0 = cauchy_from_moments(loop, z0, dps + 5)
                break
            except ArithmeticError:
                if i == len(heights) - 1:
                    raise
        step = z - z0
        solution = mpmath.odefun(lambda t, G: step * F(z0 + t * step, G), 0, G0)
        return solution(1)
