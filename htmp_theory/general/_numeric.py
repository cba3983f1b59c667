r"""Law objects on the real line represented by a Chebyshev expansion of the density.

:class:`ChebyshevLaw` holds an equilibrium density of
:math:`\prod|\lambda_i-\lambda_j|^{2c/N}\prod e^{-V(\lambda_i)}` on a truncation interval
:math:`[m-h, m+h]` outside which the density is below :math:`e^{-40}` of its maximum.
Inside, :math:`\rho\,dx = f(y)\,dy/\sqrt{1-y^2}` with :math:`f = \sum_k f_k T_k`
(see :mod:`._chebyshev`); everywhere the log-density is evaluated from the
Euler–Lagrange equation itself,

.. math::

    \log\rho(x) = -V(x) + 2c\int\log|x-t|\,\rho(t)\,dt + C,

which is exact for the expansion and gives the tails beyond the interval. CDF, Stieltjes
transform and moments are exact functionals of the expansion (Chebyshev identities,
Gauss–Chebyshev quadrature), so the accuracy of every method is that of :math:`f`.
"""
from __future__ import annotations

import math
from collections.abc import Callable

import mpmath as mp
import numpy as np
from scipy import integrate

from .._base import Law
from ..stieltjes import stieltjes_map
from . import _chebyshev as cheb

__all__ = ["ChebyshevLaw"]


class ChebyshevLaw(Law):
    r"""A law on ℝ given by a Chebyshev expansion of its equilibrium density.

    Parameters
    ----------
    V : callable
        Vectorised float potential.
    c : float
        Coupling :math:`c > 0` (:math:`\beta = 2c/N`).
    center, half_width : float
        Truncation interval :math:`[m - h, m + h]`.
    coef : ndarray
        Chebyshev coefficients :math:`f_k` of :math:`f(y) = h\rho(m+hy)\sqrt{1-y^2}`.
    scale : float
        Scale of the law (``x = scale * standard variable``).
    """

    def __init__(self, V: Callable, c: float, center: float, half_width: float, coef: np.ndarray,
                 scale: float = 1.0) -> None:
        super().__init__(scale)
        self._V, self.c = V, float(c)
        self._m, self._h = float(center), float(half_width)
        self._coef = np.asarray(coef, dtype=float)
        # normalising constant of the Euler-Lagrange log-density: match the expansion at the
        # Chebyshev points where f is largest
        y = cheb.points(len(self._coef))
        fy = np.polynomial.chebyshev.chebval(y, self._coef)
        j = int(np.argmax(fy))
        self._const = 0.0
        self._const = math.log(fy[j] / (self._h * math.sqrt(1 - y[j] ** 2))) - float(self._raw_log(y[j:j + 1])[0])

    def _raw_log(self, y: np.ndarray) -> np.ndarray:
        x = self._m + self._h * y
        return -self._V(x) + 2 * self.c * cheb.log_potential(self._coef, y) + self._const

    @property
    def support(self) -> tuple[float, float]:
        return (-math.inf, math.inf)

    @property
    def interval(self) -> tuple[float, float]:
        """Truncation interval of the expansion (standard variable)."""
        return (self._m - self._h, self._m + self._h)

    def _logpdf64(self, y):
        return self._raw_log((np.asarray(y, dtype=float) - self._m) / self._h)

    def _mass64(self, y, upper: bool):
        t = (np.asarray(y, dtype=float) - self._m) / self._h
        out = cheb.mass(self._coef, t, upper)
        lo, hi = self.interval
        for k in np.flatnonzero(np.abs(t) > 1):
            xk = float(y[k])
            beyond = (xk > hi) == upper  # tail integral beyond xk
            ends = (xk, math.inf) if xk > hi else (-math.inf, xk)
            log0 = float(self._logpdf64(np.array([xk]))[0])
            pieces = [(xk, xk + d) if xk > hi else (xk - d, xk) for d in (0, 0.05, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0)]
            pieces = [(min(a, b), max(a, b)) for (a, _), (b, _) in zip(pieces[:-1], pieces[1:])] + [ends]
            pieces[-1] = (pieces[-2][1], math.inf) if xk > hi else (-math.inf, pieces[-2][0])
            tail = math.exp(log0) * sum(
                integrate.quad(lambda s: math.exp(float(self._logpdf64(np.array([s]))[0]) - log0), a, b,
                               epsabs=0, epsrel=1e-13, limit=200)[0] for a, b in pieces)
            out[k] = tail if beyond else 1.0 - tail
        return np.clip(out, 0.0, 1.0)

    def _logpdf_mp(self, y):
        return mp.mpf(float(self._logpdf64(np.array([float(y)]))[0]))

    def _cdf_mp(self, y):
        return mp.mpf(float(self._mass64(np.array([float(y)]), False)[0]))

    def _sf_mp(self, y):
        return mp.mpf(float(self._mass64(np.array([float(y)]), True)[0]))

    def _ppf64(self, q: np.ndarray) -> np.ndarray:
        """Quantiles by bisection on the exact CDF of the expansion, polished by Newton."""
        lo, hi = self.interval
        a, b = np.full(q.shape, lo), np.full(q.shape, hi)
        for _ in range(60):
            mid = 0.5 * (a + b)
            below = self._mass64(mid, False) < q
            a, b = np.where(below, mid, a), np.where(below, b, mid)
        x = 0.5 * (a + b)
        for _ in range(2):
            x = x - (self._mass64(x, False) - q) / np.exp(self._logpdf64(x))
        return x

    def _ppf_mp(self, q, start):
        return mp.mpf(float(start))

    def _moment_standard(self, j: int) -> float:
        n = len(self._coef) + j + 1
        y = cheb.points(n)
        fy = np.polynomial.chebyshev.chebval(y, self._coef)
        return float(math.pi / n * np.sum((self._m + self._h * y) ** j * fy))

    def _stieltjes_standard(self, y):
        w = (complex(y) - self._m) / self._h
        return mp.mpc(-cheb.cauchy(self._coef, w) / self._h)

    def stieltjes(self, z, dps: int | None = None, side: int | None = None):
        r"""Stieltjes transform :math:`s(z) = \int p(t)\,dt/(t-z)`, exact for the expansion.

        ``z`` real needs ``side`` (±1 for :math:`x \pm i0`); the result has the accuracy
        of the expansion (about 1e-14 relative) whatever ``dps`` asks for.
        """
        return stieltjes_map(self, z, self._stieltjes_standard, dps, side)
