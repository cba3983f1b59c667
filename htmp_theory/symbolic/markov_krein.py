r"""Symbolic Markov–Krein transform, c-cumulants and c-convolution (sympy).

The same series identities as :mod:`htmp_theory.laws.markov_krein` (see its docstring for the
conventions), run on sympy expressions: moments may be symbols and ``c`` a symbol, and every
result is simplified to a rational function.

Examples
--------
>>> import sympy as sp
>>> c, m1, m2 = sp.symbols("c m1 m2", positive=True)
>>> mk_transform_symbolic([1, m1, m2], c)[2]
(c*m1**2 + m2)/(c + 1)
>>> c_cumulants_symbolic([1, m1, m2], c)[2]
-m1**2 + m2
"""
from __future__ import annotations

from collections.abc import Sequence

import sympy as sp

from ..laws.markov_krein import (
    _cumulant_factor,
    _mk_backward,
    _mk_forward,
    classical_cumulants,
    moments_from_cumulants,
)

__all__ = ["mk_transform_symbolic", "mk_inverse_symbolic", "c_cumulants_symbolic",
           "c_convolve_symbolic", "moment_symbols"]


def _simplify(values: list) -> list:
    return [sp.factor(sp.cancel(sp.together(v))) if isinstance(v, sp.Basic) else v for v in values]


def _sympify(moments: Sequence, c) -> tuple[list, sp.Expr]:
    return [sp.sympify(v) for v in moments], sp.sympify(c)


def moment_symbols(order: int, name: str = "m") -> list:
    """``[1, m1, ..., m_order]``: a generic moment sequence as sympy symbols."""
    return [sp.Integer(1)] + list(sp.symbols(f"{name}1:{order + 1}", real=True))


def mk_transform_symbolic(moments: Sequence, c) -> list:
    r"""Moments of :math:`\mathrm{MK}_c(\mu)` from the moments of :math:`\mu` (sympy)."""
    m, c = _sympify(moments, c)
    return _simplify(_mk_forward(m, c))


def mk_inverse_symbolic(moments: Sequence, c) -> list:
    r"""Moments of :math:`\mathrm{MK}_c^{-1}(\nu)` from the moments of :math:`\nu` (sympy).

    Examples
    --------
    >>> import sympy as sp
    >>> c = sp.Symbol("c", positive=True)
    >>> mk_inverse_symbolic([1, 0, 1, 0, 3], c)[4]   # N(0, 1) -> GaussianHT(c)
    (c + 1)*(2*c + 3)
    """
    M, c = _sympify(moments, c)
    return _simplify(_mk_backward(M, c))


def c_cumulants_symbolic(moments: Sequence, c) -> list:
    r"""c-cumulants :math:`\kappa^{(c)}_n = \frac{(c+1)_{n-1}}{(n-1)!}k_n(\mathrm{MK}_c\mu)` (index 0 holds 0)."""
    m, c = _sympify(moments, c)
    k = classical_cumulants(_mk_forward(m, c))
    return _simplify([k[0]] + [_cumulant_factor(c, n) * k[n] for n in range(1, len(k))])


def c_convolve_symbolic(moments1: Sequence, moments2: Sequence, c) -> list:
    r"""Moments of :math:`\mu_1\boxplus_c\mu_2` (c-cumulants add).

    Examples
    --------
    >>> import sympy as sp
    >>> c = sp.Symbol("c", positive=True)
    >>> c_convolve_symbolic([1, 0, 1 + c], [1, 0, 1 + c], c)[2]   # variances add
    2*(c + 1)
    """
    m1, c = _sympify(moments1, c)
    m2, _ = _sympify(moments2, c)
    k1 = classical_cumulants(_mk_forward(m1, c))
    k2 = classical_cumulants(_mk_forward(m2, c))
    return _simplify(_mk_backward(moments_from_cumulants([a + b for a, b in zip(k1, k2)]), c))
