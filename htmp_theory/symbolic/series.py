r"""Moments, free cumulants and limit series derived from the Riccati ODE.

Clearing denominators, the Riccati ODE of :mod:`.loop` reads
:math:`\sum_p \bigl(h_p z^p G' - c h_p z^p G^2 - B_p z^p G - C_p z^p\bigr) = 0`.
Substituting the large-:math:`z` expansion :math:`G(z) = \sum_{j\ge0} m_j z^{-j-1}` and
collecting :math:`z^{-N}` gives, for every integer :math:`N`,

.. math::

    \sum_p \Bigl[-(p-1+N)\, h_p\, m_{p-2+N}
        - c\, h_p \sum_{i+l=p-2+N} m_i m_l - B_p\, m_{p-1+N}\Bigr] - C_{-N} = 0,

which is linear in the highest moment present and so defines it recursively
(:func:`moment_recursion`). Moments that the expansion leaves free (those that are
themselves unknown constants of the loop equation) stay as symbols.

Free cumulants :math:`\kappa_n` follow from :math:`M(t) = 1 + \sum_n m_n t^n`,
:math:`M(t) = 1 + \sum_{s\ge1} \kappa_s\, t^s M(t)^s`.

Examples
--------
>>> import sympy as sp
>>> from htmp_theory.symbolic.loop import loop_equation
>>> x, c = sp.symbols("x c", positive=True)
>>> rec = moment_recursion(loop_equation(x**2 / 2, x, c))
>>> [sp.factor(m) for m in rec.moments(4)]
[1, 0, c + 1, 0, (c + 1)*(2*c + 3)]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import sympy as sp
from sympy.polys.constructor import construct_domain

from .._numerics.validation import check_int
from .loop import Z, LoopEquation, htmp_loop_equation

__all__ = [
    "MomentRecursion",
    "moment_recursion",
    "htmp_moments_exact",
    "free_cumulants",
    "mp_limit_series",
    "gamma_limit_series",
    "GAMMA",
    "KAPPA",
]

#: Default HTMP parameter symbols.
GAMMA, KAPPA = sp.symbols("gamma kappa", positive=True)


@dataclass(frozen=True)
class MomentRecursion:
    r"""The moment recursion of a Riccati ODE, as coefficient lists and as a formula.

    Attributes
    ----------
    h, cz, B, C
        Coefficients (lowest power first) of :math:`z^p` in the cleared ODE
        :math:`h G' = c_z G^2 + B G + C` (all polynomials in :math:`z`).
    offset
        :math:`\max(\deg h - 2, \deg B - 1)`: the equation at :math:`z^{-N}` determines
        :math:`m_{N + \text{offset}}`.
    """

    h: tuple
    cz: tuple
    B: tuple
    C: tuple
    offset: int

    def equation(self, N: int, m: Sequence) -> Any:
        r"""Coefficient of :math:`z^{-N}` of the cleared residual, given moments ``m``."""
        out = -self._coef(self.C, -N)
        for p, hp in enumerate(self.h):
            j = p - 2 + N
            if j >= 0 and hp != 0:
                out += -(j + 1) * hp * m[j]
        for p, cp in enumerate(self.cz):
            j = p - 2 + N
            if j >= 0 and cp != 0:
                out += -cp * sum(m[i] * m[j - i] for i in range(j + 1))
        for p, bp in enumerate(self.B):
            j = p - 1 + N
            if j >= 0 and bp != 0:
                out += -bp * m[j]
        return out

    @staticmethod
    def _coef(coeffs: tuple, p: int) -> Any:
        return coeffs[p] if 0 <= p < len(coeffs) else 0

    def formula(self) -> sp.Eq:
        r"""The recursion as a sympy ``Eq`` solved for :math:`m_n`, with :math:`m_0 = 1`.

        Valid for :math:`n \ge 1 + \text{offset}` (where :math:`C` no longer enters);
        uses ``m = IndexedBase("m")``, index ``n`` and summation index ``i``.
        """
        m, n, i = sp.IndexedBase("m"), sp.Symbol("n", integer=True), sp.Symbol("i", integer=True)
        N = n - self.offset
        lead, rest = sp.Integer(0), sp.Integer(0)
        for p, hp in enumerate(self.h):
            j = p - 2 + N
            if j == n:
                lead += -(j + 1) * hp
            else:
                rest += -(j + 1) * hp * m[j]
        for p, cp in enumerate(self.cz):
            j = p - 2 + N
            if j == n:  # the ends i = 0 and i = n of the convolution hold m_n
                lead += -2 * cp
                rest += -cp * sp.Sum(m[i] * m[n - i], (i, 1, n - 1))
            else:
                rest += -cp * sp.Sum(m[i] * m[j - i], (i, 0, j))
        for p, bp in enumerate(self.B):
            j = p - 1 + N
            if j == n:
                lead += -bp
            else:
                rest += -bp * m[j]
        return sp.Eq(m[n], sp.collect(sp.expand(-rest / lead), [m[n - 1], m[n - 2]]))

    def moments(self, order: int) -> list:
        r"""Moments :math:`m_0, \dots, m_{order}` as sympy expressions.

        The arithmetic runs in a sympy polynomial domain (a fraction field over the
        parameters) which is much faster than generic expressions; results are
        converted back to sympy. Moments not fixed by the recursion are returned as
        the loop equation's symbols :math:`m_j`.
        """
        order = check_int("order", order, minimum=0)
        coeffs = self.h + self.cz + self.B + self.C
        K, elems = construct_domain(list(coeffs), field=True)
        pos = 0
        parts = []
        for block in (self.h, self.cz, self.B, self.C):
            parts.append(tuple(elems[pos:pos + len(block)]))
            pos += len(block)
        conv = MomentRecursion(*parts, offset=self.offset)
        m: list = []
        N = -self.offset
        while len(m) <= order:
            target = N + self.offset
            if target < 0:
                N += 1
                continue
            m.append(K.zero)
            value = conv.equation(N, m)
            m[target] = K.one
            lead = conv.equation(N, m) - value
            if lead == K.zero:
                raise ValueError(f"the recursion does not determine m_{target}")
            m[target] = -value / lead
            N += 1
        return [K.to_sympy(v) for v in m]


def moment_recursion(loop: LoopEquation) -> MomentRecursion:
    r"""Derive the moment recursion of a loop equation from its :math:`1/z` expansion.

    The ODE :math:`h G' = c h G^2 + B G + C` is multiplied by the common denominator
    of :math:`B, C` (in :math:`z`) and of the parameters, giving polynomial
    coefficients; then :math:`G = \sum_j m_j z^{-j-1}` is substituted termwise.

    Examples
    --------
    >>> import sympy as sp
    >>> from htmp_theory.symbolic.loop import htmp_loop_equation
    >>> g, kap = sp.symbols("gamma kappa", positive=True)
    >>> rec = moment_recursion(htmp_loop_equation(g, kap))
    >>> rec.formula()
    Eq(m[n], gamma*Sum(m[-i + n - 1]*m[i], (i, 0, n - 1)) + (-gamma + 2*gamma*n/kappa - 2*gamma/kappa + 1)*m[n - 1])
    """
    D = sp.lcm(sp.denom(sp.together(loop.B)), sp.denom(sp.together(loop.C)))
    D = sp.Poly(D, Z).as_expr() if D.has(Z) else sp.Integer(1)
    parts = [loop.h * D, loop.coupling * loop.h * D, loop.B * D, loop.C * D]
    parts = [sp.cancel(p) for p in parts]
    # clear parameter denominators so the coefficients are polynomials
    den = sp.lcm([sp.denom(sp.together(c)) for p in parts for c in sp.Poly(p, Z).all_coeffs()])
    polys = [sp.Poly(sp.expand(p * den), Z) for p in parts]
    coeffs = [tuple(reversed(poly.all_coeffs())) for poly in polys]
    offset = max(polys[0].degree() - 2, polys[2].degree() - 1)
    return MomentRecursion(*coeffs, offset=offset)


def htmp_moments_exact(order: int, gamma: Any = GAMMA, kappa: Any = KAPPA) -> list:
    r"""Exact moments :math:`m_0..m_{order}` of HTMP(γ, κ) from the derived recursion.

    Parameters
    ----------
    order
        Highest moment (integer >= 0).
    gamma, kappa
        Symbols (default :data:`GAMMA`, :data:`KAPPA`: rational functions are returned)
        or exact numbers (``sympy.Rational``/int: rationals are returned).

    Examples
    --------
    >>> htmp_moments_exact(3)[2]
    (gamma*kappa + 2*gamma + kappa)/kappa
    >>> import sympy as sp
    >>> htmp_moments_exact(3, sp.Rational(1, 2), 2)
    [1, 1, 2, 11/2]
    """
    order = check_int("order", order, minimum=0)
    return moment_recursion(htmp_loop_equation(gamma, kappa)).moments(order)


def free_cumulants(moments: Sequence) -> list:
    r"""Free cumulants :math:`\kappa_1, \dots, \kappa_n` from moments :math:`m_0=1, \dots, m_n`.

    Solves :math:`m_n = \sum_{s=1}^{n} \kappa_s [t^{n-s}] M(t)^s` with
    :math:`M(t) = \sum_j m_j t^j` (the functional relation :math:`M(t) = 1 + \sum_s
    \kappa_s t^s M(t)^s`). Works on any number type with ``+ - *`` (sympy expressions
    are expanded and cancelled).

    Returns
    -------
    list
        ``[kappa_1, ..., kappa_n]`` (index shifted by one: ``out[s-1]`` is
        :math:`\kappa_s`).

    Examples
    --------
    >>> free_cumulants([1, 0, 1, 0, 2, 0, 5])     # semicircle: only kappa_2 = 1
    [0, 1, 0, 0, 0, 0]
    """
    if len(moments) < 1 or moments[0] != 1:
        raise ValueError("moments must start with m_0 = 1")
    n = len(moments) - 1
    M = list(moments)
    powers = [[1] + [0] * n]  # powers[s] = coefficients of M(t)^s up to t^n
    for _ in range(n):
        prev = powers[-1]
        powers.append([_simplify(sum(prev[i] * M[r - i] for i in range(r + 1))) for r in range(n + 1)])
    kappas: list = []
    for r in range(1, n + 1):
        value = M[r] - sum(kappas[s - 1] * powers[s][r - s] for s in range(1, r))
        kappas.append(_simplify(value))
    return kappas


def _simplify(value: Any) -> Any:
    return sp.cancel(value) if isinstance(value, sp.Basic) else value


def mp_limit_series(j: int, gamma: Any = GAMMA, kappa: Any = KAPPA) -> list:
    r"""Coefficients of :math:`m_j` in powers of :math:`1/\kappa` (exact, finite).

    :math:`m_j(\gamma, \kappa) = \sum_{r=0}^{j-1} c_r(\gamma)\, \kappa^{-r}`; the
    :math:`\kappa \to \infty` limit :math:`c_0` is the Marchenko–Pastur moment
    (a Narayana polynomial in γ).

    Examples
    --------
    >>> mp_limit_series(3)
    [gamma**2 + 3*gamma + 1, 6*gamma*(gamma + 1), 8*gamma**2]
    """
    j = check_int("j", j, minimum=0)
    t = sp.Symbol("t")
    m = sp.cancel(htmp_moments_exact(j, gamma, kappa)[j].subs(kappa, 1 / t))
    poly = sp.Poly(m, t)
    return [sp.factor(poly.coeff_monomial(t**r)) for r in range(poly.degree() + 1)]


def gamma_limit_series(j: int, terms: int, gamma: Any = GAMMA, kappa: Any = KAPPA) -> list:
    r"""Coefficients of :math:`m_j / m_j^{\Gamma}` in powers of :math:`\kappa` at 0.

    :math:`m_j^{\Gamma} = \prod_{i<j} (1 + i/k)`, :math:`k = \kappa/(2\gamma)`, are the
    moments of Gamma(shape :math:`k`, mean 1), the :math:`\kappa\to0` limit; the
    series starts with 1.

    Examples
    --------
    >>> gamma_limit_series(2, 3)
    [1, 1/2, -1/(4*gamma)]
    """
    j = check_int("j", j, minimum=0)
    terms = check_int("terms", terms, minimum=1)
    k = kappa / (2 * gamma)
    gamma_moment = sp.Mul(*[(1 + i / k) for i in range(j)])
    ratio = sp.cancel(htmp_moments_exact(j, gamma, kappa)[j] / gamma_moment)
    series = sp.series(ratio, kappa, 0, terms).removeO()
    return [sp.factor(series.coeff(kappa, r)) for r in range(terms)]
