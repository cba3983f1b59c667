r"""Special functions missing from sympy, with derivatives and mpmath evaluation.

sympy knows Gauss's :math:`{}_2F_1` (``sympy.hyper``) but neither Tricomi's confluent
hypergeometric function :math:`U(a, b, w)` nor Whittaker's parabolic cylinder function
:math:`D_\nu(w)`. Both are defined here as sympy functions that

* differentiate symbolically,

  .. math::

      \frac{d}{dw} U(a, b, w) = -a\, U(a+1, b+1, w), \qquad
      \frac{d}{dw} D_\nu(w) = \frac{w}{2} D_\nu(w) - D_{\nu+1}(w)

  (DLMF 13.3.22 and 12.8.3), so closed forms can be substituted into ODEs;
* evaluate numerically through :func:`mpmath.hyperu` / :func:`mpmath.pcfd`
  (``expr.evalf(n)`` and :func:`htmp_theory.symbolic.output.to_mpmath`).

Examples
--------
>>> import sympy as sp
>>> a, b, w = sp.symbols("a b w")
>>> sp.diff(TricomiU(a, b, w), w)
-a*TricomiU(a + 1, b + 1, w)
>>> TricomiU(1, 1, 2).evalf(15)
0.361328616888223
"""
from __future__ import annotations

import mpmath
import sympy as sp

__all__ = ["TricomiU", "ParabolicD", "MPMATH_FUNCTIONS"]


class _MpmathFunction(sp.Function):
    """A sympy function of fixed arity evaluated numerically by one mpmath function."""

    _mpmath_name: str = ""

    def _eval_evalf(self, prec):
        if not all(arg.is_number for arg in self.args):
            return None
        with mpmath.workprec(prec + 20):
            args = [mpmath.mpmathify(arg.evalf(prec + 20)) for arg in self.args]
            value = getattr(mpmath, self._mpmath_name)(*args)
        return sp.Expr._from_mpmath(value, prec)


class TricomiU(_MpmathFunction):
    r"""Tricomi's confluent hypergeometric function :math:`U(a, b, w)`.

    The solution of Kummer's equation :math:`w u'' + (b - w) u' - a u = 0` with
    :math:`U \sim w^{-a}` as :math:`w \to \infty` (:math:`|\arg w| < 3\pi/2`), branch cut
    along :math:`w \le 0` (mpmath's principal branch).
    """

    nargs = 3
    _mpmath_name = "hyperu"

    def fdiff(self, argindex=3):
        if argindex != 3:
            raise sp.ArgumentIndexError(self, argindex)
        a, b, w = self.args
        return -a * TricomiU(a + 1, b + 1, w)

    def _latex(self, printer):
        a, b, w = (printer._print(arg) for arg in self.args)
        return rf"U\left({a}, {b}, {w}\right)"


class ParabolicD(_MpmathFunction):
    r"""Whittaker's parabolic cylinder function :math:`D_\nu(w)`.

    The solution of Weber's equation :math:`y'' + (\nu + 1/2 - w^2/4) y = 0` with
    :math:`D_\nu(w) \sim w^\nu e^{-w^2/4}` as :math:`w \to \infty`, :math:`|\arg w| < 3\pi/4`.
    """

    nargs = 2
    _mpmath_name = "pcfd"

    def fdiff(self, argindex=2):
        if argindex != 2:
            raise sp.ArgumentIndexError(self, argindex)
        nu, w = self.args
        return w / 2 * ParabolicD(nu, w) - ParabolicD(nu + 1, w)

    def _latex(self, printer):
        nu, w = (printer._print(arg) for arg in self.args)
        return rf"D_{{{nu}}}\left({w}\right)"


#: Names → mpmath callables, for ``sympy.lambdify(..., modules=[MPMATH_FUNCTIONS, "mpmath"])``.
MPMATH_FUNCTIONS = {"TricomiU": mpmath.hyperu, "ParabolicD": mpmath.pcfd}
