r"""The Marchenko–Pastur law with ratio γ and mean one: the κ → ∞ limit of HTMP.

.. math::

    p(x) = \frac{\sqrt{(\lambda_+ - x)(x - \lambda_-)}}{2\pi\gamma x},
    \qquad \lambda_\pm = (1 \pm \sqrt\gamma)^2,

on :math:`[\lambda_-, \lambda_+]`, plus an atom :math:`1 - 1/\gamma` at 0 when γ > 1.
The CDF is elementary: with :math:`r(x) = \sqrt{(\lambda_+-x)(x-\lambda_-)}`,

.. math::

    2\pi\gamma F(x) = A(x) - A(\lambda_-), \quad
    A(x) = r + \tfrac{\lambda_++\lambda_-}{2}\arcsin\frac{2x-\lambda_+-\lambda_-}{\lambda_+-\lambda_-}
           - \sqrt{\lambda_+\lambda_-}\,\arcsin\frac{(\lambda_++\lambda_-)x - 2\lambda_+\lambda_-}{(\lambda_+-\lambda_-)x}.

The Stieltjes transform is the root of :math:`\gamma z s^2 + (z - 1 + \gamma)s + 1 = 0`
with :math:`s(z) \sim -1/z` at infinity.
"""
from __future__ import annotations

import math
from fractions import Fraction

import mpmath as mp
import numpy as np

from ._base import Law
from .._numerics.validation import check_positive, exact_rational, to_mpf
from .moments import marchenko_pastur_moments
from .._numerics.stieltjes import stieltjes_map
from .tails import TailAsymptotics

__all__ = ["MarchenkoPastur"]


def _real_asin(v):
    """mpmath arcsine of an argument that rounding may push just outside [-1, 1]."""
    return mp.asin(max(-1, min(1, v)))


class MarchenkoPastur(Law):
    r"""Marchenko–Pastur law MP(γ) with mean ``scale`` (see the module docstring).

    Parameters
    ----------
    gamma : float
        Aspect ratio γ > 0 (γ > 1 puts an atom 1 − 1/γ at 0).
    scale : float, optional
        Mean of the law (default 1).

    Examples
    --------
    >>> mp_law = MarchenkoPastur(0.25)
    >>> float(mp_law.cdf(1.0))  # doctest: +ELLIPSIS
    0.55...
    >>> mp_law.support
    (0.25, 2.25)
    """

    def __init__(self, gamma: float, scale: float = 1.0) -> None:
        super().__init__(scale)
        self.gamma = check_positive("gamma", gamma)
        exact = exact_rational(gamma)
        self._exact_gamma = exact if isinstance(exact, Fraction) else self.gamma
        self.atom = max(0.0, 1.0 - 1.0 / self.gamma)
        self.lower_edge = (1.0 - math.sqrt(self.gamma)) ** 2
        self.upper_edge = (1.0 + math.sqrt(self.gamma)) ** 2

    def __repr__(self) -> str:
        return f"MarchenkoPastur(gamma={self.gamma!r}, scale={self.scale!r})"

    @property
    def support(self) -> tuple[float, float]:
        return (self.lower_edge, self.upper_edge)

    def _gamma_mp(self):
        """γ at the working precision (exact input read exactly)."""
        return to_mpf(self._exact_gamma)

    def _edges_mp(self):
        g = self._gamma_mp()
        return (1 - mp.sqrt(g)) ** 2, (1 + mp.sqrt(g)) ** 2

    def _antiderivative(self, y, lm, lp, sqrt, asin):
        r = sqrt((lp - y) * (y - lm))
        out = r + 0.5 * (lp + lm) * asin((2 * y - lp - lm) / (lp - lm))
        if lm > 0:
            out = out - sqrt(lp * lm) * asin(((lp + lm) * y - 2 * lp * lm) / ((lp - lm) * y))
        return out

    def _masses(self, y, lm, lp, sqrt, asin, pi, gamma):
        a = self._antiderivative(y, lm, lp, sqrt, asin)
        norm = 2 * pi * gamma
        # a(lp) = -a(lm) = (pi/4)(sqrt(lp) - sqrt(lm))^2, exactly: evaluating a at the edges
        # puts the arcsines at +-1, where a rounding error eps costs sqrt(eps)
        a_lp = pi / 4 * (sqrt(lp) - sqrt(lm)) ** 2
        return (a + a_lp) / norm, (a_lp - a) / norm

    def _logpdf64(self, y):
        lm, lp = self.support
        return 0.5 * np.log((lp - y) * (y - lm)) - np.log(2 * np.pi * self.gamma * y)

    def _mass64(self, y, upper: bool):
        lm, lp = self.support
        yc = np.clip(y, lm, lp)
        out = self._masses(yc, lm, lp, np.sqrt, lambda v: np.arcsin(np.clip(v, -1, 1)), np.pi,
                           self.gamma)[int(upper)]
        # within 5% of the edge the closed form cancels (mass ~ d^{3/2}, error ~ eps): integrate
        # instead in s = sqrt(distance to the edge), where the integrand is smooth (40-point GL)
        edge = lp if upper else lm
        near = np.abs(yc - edge) < 0.05 * (lp - lm)
        if np.any(near):
            nodes, weights = np.polynomial.legendre.leggauss(40)
            top = np.sqrt(np.abs(yc[near] - edge))[:, None]
            s = 0.5 * top * (nodes + 1)
            t = edge - s**2 if upper else edge + s**2
            with np.errstate(divide="ignore"):  # t may round onto the edge, where p = 0
                density = np.exp(self._logpdf64(t))
            out[near] = np.sum(0.5 * top * weights * 2 * s * density, axis=1)
        return out

    def _logpdf_mp(self, y):
        lm, lp = self._edges_mp()
        # the float edges of `support` may differ from lm, lp in the last bit: clamp at 0
        return mp.log(max((lp - y) * (y - lm), 0)) / 2 - mp.log(2 * mp.pi * self._gamma_mp() * y)

    def _cdf_mp(self, y):
        lm, lp = self._edges_mp()
        return self._masses(y, lm, lp, mp.sqrt, _real_asin, mp.pi, self._gamma_mp())[0]

    def _sf_mp(self, y):
        lm, lp = self._edges_mp()
        return self._masses(y, lm, lp, mp.sqrt, _real_asin, mp.pi, self._gamma_mp())[1]

    def _ppf_grid(self) -> np.ndarray:
        lm, lp = self.support
        return np.log(np.linspace(lm, lp, 4001)[1:-1])

    def _moment_standard(self, j: int):
        return marchenko_pastur_moments(self._exact_gamma, j)[j]

    def stieltjes(self, z, dps: int | None = None, side: int | None = None):
        r"""Stieltjes transform :math:`s(z) = \int p(t)/(t - z)\,dt` (atom included).

        With principal square roots,
        :math:`s(z) = \bigl(1 - \gamma - z + \sqrt{z-\lambda_-}\sqrt{z-\lambda_+}\bigr)/(2\gamma z)`
        is the branch with :math:`s \sim -1/z` and its cut exactly on
        :math:`[\lambda_-, \lambda_+]`.  ``side=+1``/``-1`` selects :math:`x \pm i0`
        for real ``z`` on the support; ``dps`` as in :meth:`pdf`.  ``dps=None`` is vectorised
        (a cancellation-free form of the same root, within a few ulps of the mpmath path).
        """
        def upper(y):
            g = self._gamma_mp()
            lm, lp = self._edges_mp()
            return (1 - g - y + mp.sqrt(y - lm) * mp.sqrt(mp.mpc(y) - lp)) / (2 * g * y)

        return stieltjes_map(self, z, upper, dps, side, self._stieltjes64)

    def _stieltjes64(self, y: np.ndarray) -> np.ndarray:
        r"""Vectorised closed form (``Im y >= 0``): :math:`-2/(B + R)` or :math:`(R - B)/(2\gamma y)`,
        :math:`B = y - 1 + \gamma`, :math:`R = \sqrt{y-\lambda_-}\sqrt{y-\lambda_+}`, whichever
        does not cancel (the two agree since :math:`R^2 - B^2 = -4\gamma y`)."""
        lm, lp = self.support
        B = y - 1 + self.gamma
        R = np.sqrt(y - lm) * np.sqrt(y - lp)
        return np.where(np.abs(B + R) >= np.abs(B - R), -2 / (B + R), (R - B) / (2 * self.gamma * y))

    def lower_tail(self) -> TailAsymptotics:
        r"""Hard lower edge: :math:`p(x) \sim C (x - \lambda_-)^{1/2}` (γ ≠ 1), :math:`C x^{-1/2}` at γ = 1."""
        lm, lp = self.support
        if lm == 0:
            return TailAsymptotics(0.0, -0.5, math.log(math.sqrt(lp) / (2 * math.pi * self.gamma))).scaled(self.scale)
        return TailAsymptotics(lm, 0.5, math.log(math.sqrt(lp - lm) / (2 * math.pi * self.gamma * lm))).scaled(self.scale)

    def upper_tail(self) -> TailAsymptotics:
        r"""Hard upper edge: :math:`p(x) \sim C (\lambda_+ - x)^{1/2}`."""
        lm, lp = self.support
        return TailAsymptotics(lp, 0.5, math.log(math.sqrt(lp - lm) / (2 * math.pi * self.gamma * lp))).scaled(self.scale)
