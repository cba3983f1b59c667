r"""Edge and tail asymptotics of the HTMP density, derived from the closed form.

With :math:`p(x) = k (kx)^a e^{-kx}/(\Gamma(b+1)\Gamma(k)|U(b, c, -kx)|^2)`
(:math:`b = \kappa/2`, :math:`k = \kappa/(2\gamma)`, :math:`a = k-b-1`, :math:`c = 1+b-k`):

* **At 0** (DLMF 13.2.16): :math:`U(b,c,w) = \frac{\Gamma(1-c)}{\Gamma(b-c+1)}(1+O(w))
  + \frac{\Gamma(c-1)}{\Gamma(b)} w^{1-c}(1+O(w))`. For :math:`\gamma<1` (:math:`c<1`) the
  first term dominates, for :math:`\gamma>1` the second, so
  :math:`p(x) \sim C_0 x^{e_0}` with :math:`e_0 = \frac\kappa2|\frac1\gamma - 1| - 1`. At
  :math:`\gamma = 1`, :math:`U(b,1,w) \sim -(\log w + \psi(b) + 2\gamma_E)/\Gamma(b)` gives
  :math:`p(x) \sim 1/(b\,x\,[(\log kx + \psi(b) + 2\gamma_E)^2 + \pi^2])`.
* **At ∞** (DLMF 13.7.3): :math:`U(b, c, -kx \pm i0) \sim (-kx)^{-b} \sum_n
  \frac{(b)_n (k)_n}{n!} (kx)^{-n}`, so :math:`p(x) \sim C_\infty x^{k+b-1} e^{-kx}
  (1 + \sum_{n\ge1} d_n x^{-n})` with :math:`C_\infty = k^{k+b}/(\Gamma(b+1)\Gamma(k))`.
* **Inverse law** :math:`q(\lambda) = \lambda^{-2} p(1/\lambda) \sim C_0 \lambda^{-\alpha}`,
  :math:`\alpha = e_0 + 2 = 1 + \frac\kappa2 |\frac1\gamma - 1|`.

Examples
--------
>>> import sympy as sp
>>> lower = htmp_lower_tail(sp.Rational(1, 2), 2)
>>> lower.exponent, lower.constant
(0, 2)
>>> htmp_inverse_tail_exponent(sp.Rational(1, 2), 2)
2
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from .._numerics.validation import check_int
from .series import GAMMA, KAPPA

__all__ = [
    "Tail",
    "htmp_lower_tail",
    "htmp_upper_tail",
    "htmp_inverse_tail_exponent",
    "kappa_from_alpha",
]

_x = sp.Symbol("x", positive=True)


@dataclass(frozen=True)
class Tail:
    r"""Leading asymptotics :math:`p(x) \sim C x^{e} e^{-r x}(1 + \sum_n d_n x^{\mp n})`.

    Attributes
    ----------
    exponent, constant, rate
        :math:`e`, :math:`C`, :math:`r` (``rate = 0`` for a pure power law).
    corrections
        :math:`(d_1, d_2, \dots)` (powers of :math:`1/x` at infinity).
    expression
        The asymptotic form as a sympy expression in :data:`x` (includes the
        logarithmic factor in the critical case γ = 1).
    """

    exponent: sp.Expr
    constant: sp.Expr
    rate: sp.Expr
    corrections: tuple
    expression: sp.Expr


def _params(gamma: Any, kappa: Any) -> tuple:
    gamma, kappa = sp.sympify(gamma), sp.sympify(kappa)
    for name, v in (("gamma", gamma), ("kappa", kappa)):
        if v.is_number and not (v.is_real and v > 0):
            raise ValueError(f"{name} must lie in (0, oo), got {v}")
    b, k = kappa / 2, kappa / (2 * gamma)
    return gamma, kappa, b, k, k - b - 1


def htmp_lower_tail(gamma: Any = GAMMA, kappa: Any = KAPPA) -> Tail:
    r""":math:`p(x) \sim C_0 x^{e_0}` as :math:`x \to 0^+` (Piecewise in γ for symbols).

    Examples
    --------
    >>> import sympy as sp
    >>> t = htmp_lower_tail(2, 4)          # gamma > 1: exponent (kappa/2)(1 - 1/gamma) - 1
    >>> t.exponent, t.constant
    (0, 1/2)
    >>> htmp_lower_tail(1, 2).expression
    1/(x*((log(x) + EulerGamma)**2 + pi**2))
    """
    gamma, kappa, b, k, a = _params(gamma, kappa)
    x = _x
    if gamma == 1:
        # k = b here, so Gamma(b)^2 / (Gamma(b+1) Gamma(k)) = 1/b
        expr = 1 / (b * x * ((sp.log(k * x) + sp.polygamma(0, b) + 2 * sp.EulerGamma) ** 2 + sp.pi**2))
        return Tail(sp.Integer(-1), 1 / b, sp.Integer(0), (), expr)
    below = (a, k ** (a + 1) * sp.gamma(k) / (sp.gamma(b + 1) * sp.gamma(k - b) ** 2))
    above = (b - k - 1, k ** (b - k) * sp.gamma(b) / (b * sp.gamma(k) * sp.gamma(b - k) ** 2))
    if gamma.is_number:
        e, C = below if gamma < 1 else above
        e, C = sp.simplify(e), sp.simplify(C)
    else:
        e = sp.Piecewise((below[0], gamma < 1), (above[0], True))
        C = sp.Piecewise((below[1], gamma < 1), (above[1], True))
    return Tail(e, C, sp.Integer(0), (), C * x**e)


def htmp_upper_tail(gamma: Any = GAMMA, kappa: Any = KAPPA, order: int = 3) -> Tail:
    r""":math:`p(x) \sim C_\infty x^{k+b-1} e^{-kx}(1 + \sum_{n=1}^{order} d_n x^{-n})`.

    The :math:`d_n` are the coefficients of :math:`S(t)^{-2}`,
    :math:`S(t) = \sum_n (b)_n (k)_n t^n/(n!\,k^n)`, :math:`t = 1/x` (an asymptotic,
    divergent series: use a few terms far out).

    Examples
    --------
    >>> t = htmp_upper_tail(1, 2, order=2)
    >>> t.exponent, t.rate, t.constant, t.corrections
    (1, 1, 1, (-2, -1))
    """
    gamma, kappa, b, k, a = _params(gamma, kappa)
    order = check_int("order", order, minimum=0)
    t = sp.Symbol("t")
    S = sum(sp.rf(b, n) * sp.rf(k, n) / (sp.factorial(n) * k**n) * t**n for n in range(order + 1))
    inv = sp.series(1 / S**2, t, 0, order + 1).removeO()
    d = tuple(sp.simplify(inv.coeff(t, n)) for n in range(1, order + 1))
    e, C = sp.simplify(k + b - 1), sp.simplify(k ** (k + b) / (sp.gamma(b + 1) * sp.gamma(k)))
    expr = C * _x**e * sp.exp(-k * _x) * (1 + sum(dn * _x ** (-n) for n, dn in enumerate(d, 1)))
    return Tail(e, C, sp.simplify(k), d, expr)


def htmp_inverse_tail_exponent(gamma: Any = GAMMA, kappa: Any = KAPPA) -> sp.Expr:
    r"""Power-law exponent α of the inverse law :math:`q(\lambda) = \lambda^{-2}p(1/\lambda)`.

    Substituting :math:`x = 1/\lambda` in :func:`htmp_lower_tail` gives
    :math:`q \sim C_0 \lambda^{-(e_0+2)}`, i.e. :math:`\alpha = 1 + \frac\kappa2|\frac1\gamma-1|`.

    Examples
    --------
    >>> import sympy as sp
    >>> g, kap = sp.symbols("gamma kappa", positive=True)
    >>> sp.simplify(htmp_inverse_tail_exponent(g, kap).subs(g, sp.Rational(1, 3)))
    kappa + 1
    """
    lam = sp.Symbol("lambda", positive=True)
    lower = htmp_lower_tail(gamma, kappa)
    q = (lam**-2 * lower.expression.subs(_x, 1 / lam))
    alpha = -sp.simplify(lam * sp.diff(sp.log(q), lam))  # q ∝ lambda^-alpha exactly here
    return sp.piecewise_fold(sp.simplify(alpha))


def kappa_from_alpha(alpha: Any, gamma: Any = GAMMA) -> sp.Expr:
    r"""Invert :math:`\alpha = 1 + \frac\kappa2(\frac1\gamma - 1)` for :math:`\gamma < 1`.

    Examples
    --------
    >>> a, g = sp.symbols("alpha gamma", positive=True)
    >>> sp.factor(kappa_from_alpha(a, g))
    -2*gamma*(alpha - 1)/(gamma - 1)
    """
    kap = sp.Symbol("kappa", positive=True)
    return sp.solve(sp.Eq(1 + kap / 2 * (1 / sp.sympify(gamma) - 1), alpha), kap)[0]
