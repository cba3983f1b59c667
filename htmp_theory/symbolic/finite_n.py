r"""Exact finite-n moments :math:`E\,\mathrm{tr}\,M^k` of the tridiagonal β-ensembles.

The matrix models of :mod:`htmp_theory.sampling.tridiagonal` have independent entries,
so :math:`E\,\mathrm{tr}\,M^k = \sum_{i=1}^n E[(M^k)_{ii}]` is a finite sum of
expectations of monomials in the entries.  Derivation (sympy):

1. For a *generic* row i, :math:`(M^k)_{ii}` is expanded as a polynomial in the
   entries at offsets :math:`i-k-1, \dots, i+k+1` (a window of the band matrix; walks
   of length k from i stay inside it).
2. Each monomial is valid for the rows i for which all its entries exist (index range
   of the truncated n × n model; entries outside it are zero, and the n × n matrix is
   a diagonal block of the truncated infinite one, so nothing else changes).
3. Its expectation is a product of moments of independent variables:
   :math:`E(\chi^2_\nu)^p = \nu(\nu+2)\cdots(\nu+2p-2)` (Laguerre, Hermite
   off-diagonal, halved for Hermite), :math:`E a^{2p} = (2p-1)!!` (Gaussian
   diagonal), :math:`E X^p(1-X)^q = (u)_p(v)_q/(u+v)_{p+q}` for
   :math:`X \sim \mathrm{Beta}(u, v)` (Jacobi; a diagonal and a neighbouring
   off-diagonal entry share a variable, which the grouping respects).
4. The sum over rows is done exactly: in closed form (sympy ``summation``, a
   polynomial in n, m, β) for Hermite and Laguerre, or numerically term by term for
   any model (exact with Fractions, or float).

Results, e.g. :math:`E\,\mathrm{tr}\,L = \beta nm` and
:math:`E\,\mathrm{tr}\,L^2 = \beta nm\,(\beta(n+m-1)+2)`; in HTMP units
(:math:`x = \lambda/(\beta m)`, β = κ/n, m = n/γ)
:math:`E[\frac1n\sum x_i^2] = 1 + \gamma + 2\gamma/\kappa - \gamma/n`.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import sympy as sp

from .._numerics.validation import check_int

__all__ = ["trace_moment", "trace_moment_closed_form", "N", "M", "BETA", "A", "B"]

#: Symbols of the closed forms: size n, Laguerre parameter m, Dyson index β, Jacobi a, b.
N, M, BETA, A, B = sp.symbols("n m beta a b", positive=True)
_I = sp.Symbol("i", integer=True)

#: (kind, offset) labels of the entries of the band matrix around row i
_Entry = tuple[str, int]


@dataclass(frozen=True)
class _Term:
    """One monomial of :math:`(M^k)_{ii}`: coefficient and {entry: power}."""

    coefficient: int
    powers: tuple[tuple[_Entry, int], ...]


def _window_matrix(model: str, k: int) -> tuple[sp.Matrix, dict[sp.Symbol, _Entry]]:
    """Band matrix M on rows i-k..i+k in entry symbols; symbol -> (kind, offset)."""
    labels: dict[sp.Symbol, _Entry] = {}

    def entry(kind: str, o: int) -> sp.Symbol:
        s = sp.Symbol(f"{kind}{o}".replace("-", "m"))
        labels[s] = (kind, o)
        return s

    size = 2 * k + 1
    mat = sp.zeros(size, size)
    for r in range(size):
        o = r - k
        if model == "hermite":      # diagonal a_i, off-diagonal b_i = M[i, i+1]
            mat[r, r] = entry("a", o)
            if r + 1 < size:
                mat[r, r + 1] = mat[r + 1, r] = entry("b", o)
        elif model == "laguerre":   # B lower bidiagonal (d_i, e_i = B[i+1, i]); M = B B^T
            mat[r, r] = entry("d", o) ** 2 + entry("e", o - 1) ** 2
            if r + 1 < size:
                mat[r, r + 1] = mat[r + 1, r] = entry("d", o) * entry("e", o)
        else:                       # jacobi: B upper bidiagonal (d_i, f_i = B[i, i+1]); M = B B^T
            mat[r, r] = entry("d", o) ** 2 + entry("f", o) ** 2
            if r + 1 < size:
                mat[r, r + 1] = mat[r + 1, r] = entry("f", o) * entry("d", o + 1)
    return mat, labels


@cache
def _terms(model: str, k: int) -> tuple[_Term, ...]:
    """Monomials of the generic diagonal entry :math:`(M^k)_{ii}` (cached)."""
    mat, labels = _window_matrix(model, k)
    center = sp.zeros(mat.shape[0], 1)
    center[k] = 1
    vec = center
    for _ in range(k):
        vec = (mat * vec).expand()
    poly = sp.Poly(vec[k], *labels)
    gens = [labels[g] for g in poly.gens]
    return tuple(_Term(int(c), tuple((gens[v], p) for v, p in enumerate(exps) if p))
                 for exps, c in poly.terms())


def _rising(x, p: int):
    out = 1
    for q in range(p):
        out = out * (x + q)
    return out


def _chi2_moment(dof, p: int):
    """:math:`E(\\chi^2_{dof})^p`."""
    return _rising(dof / 2, p) * 2**p


def _double_factorial(p: int) -> int:
    return int(sp.factorial2(2 * p - 1)) if p else 1


def _row_bounds(model: str, powers) -> tuple[int, int]:
    """Offsets (lo, hi): the monomial exists for rows i with 1 <= i + lo, i + hi <= n."""
    lo = max([1] + [1 - o for (_, o), _ in powers])
    # an off-diagonal entry (b, e, f) of index j needs j <= n - 1
    hi = max([0] + [o + (kind in "bef") for (kind, o), _ in powers])
    return lo, hi


def _expectation(model: str, powers, i, n, params: dict):
    """E of a monomial at row i (number or sympy expression)."""
    beta = params["beta"]
    if model == "hermite":
        out = 1
        for (kind, o), p in powers:
            if p % 2:
                return 0
            out = out * (_double_factorial(p // 2) if kind == "a"
                         else _chi2_moment(beta * (n - (i + o)), p // 2) / 2 ** (p // 2))
        return out
    if model == "laguerre":
        m = params["m"]
        out = 1
        for (kind, o), p in powers:
            j = i + o
            out = out * _chi2_moment(beta * (m - j + 1) if kind == "d" else beta * (n - j), p // 2)
        return out
    return _jacobi_expectation(powers, i, n, params)


def _jacobi_expectation(powers, i, n, params):
    r"""Edelman–Sutton entries: :math:`d_1 = c_n`, :math:`d_j = c_{n+1-j}s'_{n+1-j}` (j ≥ 2),
    :math:`f_j = -s_{n+1-j}c'_{n-j}`; :math:`X_l = c_l^2`, :math:`Y_l = c_l'^2` independent Beta."""
    beta, a, b = params["beta"], params["a"], params["b"]
    x_pow: dict[int, list[int]] = {}   # l -> [power of X_l, power of 1 - X_l]
    y_pow: dict[int, list[int]] = {}   # l -> [power of Y_l, power of 1 - Y_l]
    for (kind, o), p in powers:
        j, half = i + o, p // 2
        if kind == "d":
            x_pow.setdefault(n + 1 - j, [0, 0])[0] += half
            if j >= 2:
                y_pow.setdefault(n + 1 - j, [0, 0])[1] += half
        else:
            x_pow.setdefault(n + 1 - j, [0, 0])[1] += half
            y_pow.setdefault(n - j, [0, 0])[0] += half
    out = 1
    for l_, (p, q) in x_pow.items():
        out = out * _beta_moment(beta / 2 * (a + l_), beta / 2 * (b + l_), p, q)
    for l_, (p, q) in y_pow.items():
        out = out * _beta_moment(beta / 2 * l_, beta / 2 * (a + b + 1 + l_), p, q)
    return out


def _beta_moment(u, v, p: int, q: int):
    """:math:`E X^p (1-X)^q`, X ~ Beta(u, v)."""
    return _rising(u, p) * _rising(v, q) / _rising(u + v, p + q)


def _check_model(model: str) -> str:
    if model not in ("hermite", "laguerre", "jacobi"):
        raise ValueError(f"model must be 'hermite', 'laguerre' or 'jacobi', got {model!r}")
    return model


def trace_moment(model: str, k: int, n: int, **params) -> float | Fraction:
    r""":math:`E\,\mathrm{tr}\,M^k` of the n × n model, summed exactly row by row.

    Parameters
    ----------
    model
        ``"hermite"`` (``beta``), ``"laguerre"`` (``m``, ``beta``) or ``"jacobi"``
        (``a``, ``b``, ``beta``): the conventions of
        :func:`~htmp_theory.sampling.beta_hermite`,
        :func:`~htmp_theory.sampling.beta_laguerre`,
        :func:`~htmp_theory.sampling.beta_jacobi`.
    k
        Power (``>= 0``).
    n
        Matrix size (``>= 1``).
    **params
        Model parameters; Fractions/ints give an exact Fraction, floats a float.

    Examples
    --------
    >>> from fractions import Fraction
    >>> trace_moment("laguerre", 2, 3, m=Fraction(7, 2), beta=Fraction(1, 2))   # beta n m (beta(n+m-1)+2)
    Fraction(399, 16)
    >>> trace_moment("hermite", 4, 5, beta=2)      # GUE: 2n^3 + n
    Fraction(255, 1)
    """
    model = _check_model(model)
    k, n = check_int("k", k, minimum=0), check_int("n", n, minimum=1)
    if k == 0:
        return n
    params = {name: Fraction(v) if isinstance(v, int) else v for name, v in params.items()}
    total = 0
    for term in _terms(model, k):
        lo, hi = _row_bounds(model, term.powers)
        for i in range(lo, n - hi + 1):
            total = total + term.coefficient * _expectation(model, term.powers, i, n, params)
    return total


def trace_moment_closed_form(model: str, k: int) -> sp.Expr:
    r""":math:`E\,\mathrm{tr}\,M^k` as a polynomial in ``N`` (and ``M``, ``BETA``).

    Hermite and Laguerre only (their row expectations are polynomials in the row
    index); valid for :math:`n \ge k`.

    Examples
    --------
    >>> sp.factor(trace_moment_closed_form("laguerre", 2))
    beta*m*n*(beta*m + beta*n - beta + 2)
    """
    if _check_model(model) == "jacobi":
        raise ValueError("no polynomial closed form for jacobi (rational row expectations); "
                         "use trace_moment(model, k, n, ...)")
    k = check_int("k", k, minimum=1)
    params = {"beta": BETA, "m": M}
    by_range: dict[tuple[int, int], sp.Expr] = {}
    for term in _terms(model, k):
        key = _row_bounds(model, term.powers)
        by_range[key] = by_range.get(key, 0) + term.coefficient * _expectation(model, term.powers, _I, N, params)
    return sp.expand(sum(sp.summation(sp.expand(summand), (_I, lo, N - hi))
                         for (lo, hi), summand in by_range.items()))
