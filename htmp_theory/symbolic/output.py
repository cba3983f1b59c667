r"""Presentation and evaluation of derived expressions.

* :func:`to_latex` / :func:`pretty` – paper-ready LaTeX and terminal output;
* :func:`to_mpmath` – compile a sympy expression (including
  :class:`~htmp_theory.symbolic.functions.TricomiU`,
  :class:`~htmp_theory.symbolic.functions.ParabolicD` and ``hyper``) into an mpmath
  callable, evaluated at the ambient ``mpmath.mp`` precision;
* :func:`evaluate` – evaluate an expression at a point to ``dps`` correct digits.

Examples
--------
>>> import sympy as sp
>>> x = sp.Symbol("x")
>>> to_latex(sp.gamma(x) / sp.sqrt(2 * sp.pi))
'\\frac{\\sqrt{2} \\Gamma\\left(x\\right)}{2 \\sqrt{\\pi}}'
>>> import mpmath
>>> mpmath.nstr(evaluate(sp.gamma(x), {x: sp.Rational(1, 2)}, dps=20), 20)
'1.7724538509055160273'
"""
from __future__ import annotations

from typing import Callable, Sequence

import mpmath
import sympy as sp
from sympy.printing.latex import LatexPrinter

from .._numerics.validation import check_dps
from .functions import MPMATH_FUNCTIONS

__all__ = ["to_latex", "pretty", "to_mpmath", "evaluate"]


class _LatexPrinter(LatexPrinter):
    """sympy's LaTeX printer with indices written as a reader would: ``m_{n - i - 1}``."""

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        indices = ", ".join(self._index(i) for i in expr.indices)
        return f"{self._print(expr.base.label)}_{{{indices}}}"

    def _index(self, index: sp.Expr) -> str:
        # symbols with positive coefficients first, then negative ones, then the constant
        terms = sorted(sp.Add.make_args(index),
                       key=lambda t: (t.is_number, bool(t.could_extract_minus_sign()), sp.default_sort_key(t)))
        out = self._print(terms[0])
        for term in terms[1:]:
            out += f" - {self._print(-term)}" if term.could_extract_minus_sign() else f" + {self._print(term)}"
        return out


def to_latex(expr: sp.Basic, **settings) -> str:
    """LaTeX source of ``expr`` (``sympy.latex`` with the package's function names).

    Indexed symbols print with their index in reading order (``m_{n - i - 1}``, not
    ``{m}_{- i + n - 1}``). Keyword arguments are sympy's LaTeX settings, e.g.
    ``mode="equation"``.

    Examples
    --------
    >>> import sympy as sp
    >>> m, n, i = sp.IndexedBase("m"), *sp.symbols("n i", integer=True)
    >>> to_latex(m[n - i - 1] * m[i])
    'm_{n - i - 1} m_{i}'
    """
    return _LatexPrinter(settings).doprint(expr)


def pretty(expr: sp.Basic) -> str:
    """Unicode 2-D rendering of ``expr`` for terminals and notebooks."""
    return sp.pretty(expr, use_unicode=True)


def to_mpmath(expr: sp.Expr, args: Sequence[sp.Symbol]) -> Callable:
    r"""Compile ``expr`` into a function of ``args`` evaluated with mpmath.

    The result works at whatever precision ``mpmath.mp`` has when it is called
    (wrap calls in ``mpmath.workdps``); rational constants are turned into mpf at
    call time, so they carry the working precision.

    Examples
    --------
    >>> import sympy as sp, mpmath
    >>> from htmp_theory.symbolic.functions import TricomiU
    >>> w = sp.Symbol("w")
    >>> f = to_mpmath(TricomiU(1, 1, w) / 3, [w])
    >>> with mpmath.workdps(30):
    ...     print(f(2))
    0.120442872296074194899053885893
    """
    return sp.lambdify(list(args), expr, modules=[MPMATH_FUNCTIONS, "mpmath"])


def evaluate(expr: sp.Expr, subs: dict, dps: int = 15):
    r"""Value of ``expr`` at ``subs`` with ``dps`` correct significant digits.

    Evaluates twice, at ``dps + 10`` and ``2 dps + 20`` working digits, and raises
    ``ArithmeticError`` if the two disagree beyond ``10**-dps`` (relative); returns the
    more accurate value (an ``mpf`` or ``mpc``).

    Parameters
    ----------
    expr
        A sympy expression whose free symbols are all keys of ``subs``.
    subs
        Symbol → number (anything ``mpmath.mpmathify`` accepts, or sympy numbers).
    dps
        Decimal digits wanted (integer >= 1).
    """
    dps = check_dps(dps)
    symbols = list(subs)
    missing = expr.free_symbols - set(symbols)
    if missing:
        raise ValueError(f"subs must give a value to every free symbol; missing {sorted(map(str, missing))}")
    f = to_mpmath(expr, symbols)

    def at(work: int):
        with mpmath.workdps(work):
            return f(*[mpmath.mpmathify(sp.N(v, work) if isinstance(v, sp.Basic) else v)
                       for v in subs.values()])

    rough, fine = at(dps + 10), at(2 * dps + 20)
    with mpmath.workdps(dps + 10):
        if abs(rough - fine) > mpmath.mpf(10) ** (-dps) * max(abs(fine), mpmath.mpf(10) ** (-dps)):
            raise ArithmeticError(f"could not reach {dps} digits (cancellation or a branch cut?)")
    return fine
