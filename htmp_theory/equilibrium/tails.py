r"""Tail exponents of high-temperature equilibrium densities read off the potential.

On the support, :math:`\log\rho = -V + 2c\int\log|x-t|\rho(t)\,dt + C`. At infinity
:math:`\int\log|x-t|\rho(t)dt = \log x + O(1/x)`, so a potential
:math:`V(x) = r x + s\log x + O(1)` gives

.. math::

    \rho(x) \sim C\,x^{2c - s}\,e^{-r x}, \qquad x\to\infty

(a power law when :math:`r = 0`, normalisable for :math:`s > 2c + 1`). At a hard edge
:math:`x_0` the log-potential is finite and continuous, so
:math:`V(x) = -a\log|x - x_0| + O(1)` gives :math:`\rho \sim C |x-x_0|^{a}`.
The constant :math:`C` needs the solution itself and is returned as NaN.

Examples
--------
>>> import sympy as sp
>>> x = sp.Symbol("x", positive=True)
>>> tail_from_potential(3 * x - 2 * sp.log(x), x, 1.5).exponent   # HTMP-type: x^(2c+a) e^(-kx)
5.0
>>> tail_from_potential(-sp.Rational(1, 2) * sp.log(x), x, 1.5, at=0).exponent
0.5
"""
from __future__ import annotations

import math

import sympy as sp

from .._numerics.validation import check_positive
from ..laws.tails import TailAsymptotics

__all__ = ["tail_from_potential"]


def tail_from_potential(V: sp.Expr, x: sp.Symbol, c: float, at=sp.oo) -> TailAsymptotics:
    r"""Leading tail of the equilibrium density at ``at`` (``oo``, ``-oo`` or a hard edge).

    Parameters
    ----------
    V : sympy.Expr
        Potential in the variable ``x``.
    c : float
        Coupling :math:`c > 0`.
    at : sympy number
        ``sp.oo`` / ``-sp.oo`` for the upper / lower tail on an unbounded side, or a
        finite hard edge :math:`x_0` where :math:`V \sim -a\log|x-x_0|`.

    Returns
    -------
    TailAsymptotics
        ``exponent`` (:math:`2c - s` at infinity, :math:`a` at an edge), ``rate`` :math:`r`;
        ``log_constant`` is NaN (it depends on the whole solution).

    Raises
    ------
    ValueError
        If :math:`V` grows faster than linearly (no exponential-power form), if the
        density is not integrable there, or if the limits do not exist.
    """
    c = check_positive("c", c)
    if not isinstance(V, sp.Expr) or not isinstance(x, sp.Symbol):
        raise TypeError("V must be a sympy expression and x a sympy Symbol")
    at = sp.sympify(at)
    if at.is_infinite:
        sign = 1 if at == sp.oo else -1
        t = sp.Dummy("t", positive=True)
        W = V.subs(x, sign * t)
        r = sp.limit(W / t, t, sp.oo)
        if not r.is_finite or r < 0:
            raise ValueError(f"V must grow at most linearly at {at} for an exponential-power tail, V/x -> {r}")
        s = sp.limit((W - r * t) / sp.log(t), t, sp.oo)
        if not s.is_finite:
            raise ValueError(f"V - r x must be O(log x) at {at}, got (V - r x)/log x -> {s}")
        if r == 0 and not float(s) > 2 * c + 1:
            raise ValueError(f"the density ~ x^{float(2 * c - s)} is not integrable at {at}: need s > 2c + 1")
        return TailAsymptotics(math.inf if sign > 0 else -math.inf, float(2 * c - s), math.nan, rate=float(r))
    if not at.is_real:
        raise ValueError(f"at must be oo, -oo or a real hard edge, got {at}")
    t = sp.Dummy("t", positive=True)
    a = sp.limit(-V.subs(x, at + t) / sp.log(t), t, 0)
    if not a.is_finite or not float(a) > -1:
        raise ValueError(f"V must be -a log|x - x0| + O(1) at the edge with a > -1, got a = {a}")
    return TailAsymptotics(float(at), float(a), math.nan)
