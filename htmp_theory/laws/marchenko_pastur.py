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

import functools
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

    def _antiderivative(self, y, lm, lp, sqrt, atan2):
        r"""A(y) of the module docstring, its arcsines written as
        :math:`\arcsin v = \operatorname{atan2}(v, \sqrt{(1-v)(1+v)})` with :math:`1 \mp v`
        formed from the distances :math:`d_\pm` to the edges: no digits are lost at
        :math:`v \to \pm 1` (``arcsin`` itself would lose half of them there)."""
        dp, dm = lp - y, y - lm
        root = sqrt(dp * dm)
        # v1 = (d- - d+)/(lp - lm), 1 - v1^2 = 4 d+ d- / (lp - lm)^2
        out = root + 0.5 * (lp + lm) * atan2(dm - dp, 2 * root)
        if lm > 0:
            # v2 = (lp d- - lm d+)/((lp - lm) y), 1 - v2^2 = 4 lp lm d+ d- / ((lp - lm) y)^2
            out = out - sqrt(lp * lm) * atan2(lp * dm - lm * dp, 2 * sqrt(lp * lm) * root)
        return out

    def _edge_integrand(self, s, edge, lm, lp, gamma, sqrt, pi):
        r"""2 s p(t), t = edge -+ s^2: the density in s = sqrt(distance to ``edge``) (smooth in s).

        With :math:`d = s^2`, :math:`2s\,p(t) = (d/t)\sqrt{d_{other}}/(\pi\gamma)`, and
        :math:`d/t = 1` at the edge 0 (γ = 1), also where :math:`s^2` underflows."""
        d = s * s
        t = edge - d if edge == lp else edge + d
        other = t - lm if edge == lp else lp - t
        ratio = 1 if edge == 0 else d / t
        return ratio * sqrt(other) / (pi * gamma)

    def _masses(self, y, lm, lp, sqrt, atan2, pi, gamma):
        a = self._antiderivative(y, lm, lp, sqrt, atan2)
        norm = 2 * pi * gamma
        # a(lp) = -a(lm) = (pi/4)(sqrt(lp) - sqrt(lm))^2, exactly: evaluating a at the edges
        # puts the arcsines at +-1, where a rounding error eps costs sqrt(eps)
        a_lp = pi / 4 * (sqrt(lp) - sqrt(lm)) ** 2
        return (a + a_lp) / norm, (a_lp - a) / norm

    def _logpdf64(self, y):
        lm, lp = self.support
        lo_err, hi_err = self._edge_errors  # distances to the exact edges (relative accuracy next to them)
        return 0.5 * np.log((lp - y + hi_err) * (y - lm - lo_err)) - np.log(2 * np.pi * self.gamma * y)

    def _mass64(self, y, upper: bool):
        lm, lp = self.support
        yc = np.clip(y, lm, lp)
        out = self._masses(yc, lm, lp, np.sqrt, np.arctan2, np.pi, self.gamma)[int(upper)]
        # within 5% of the edge the closed form cancels (mass ~ d^{3/2}, error ~ eps): integrate
        # instead in s = sqrt(distance to the edge), where the integrand is smooth (40-point GL)
        edge = lp if upper else lm
        near = np.abs(yc - edge) < 0.05 * (lp - lm)
        if np.any(near):
            nodes, weights = np.polynomial.legendre.leggauss(40)
            # distance to the exact edge: the float edge is off by up to an ulp, which matters
            # (relatively) for points within a few ulps' worth of distance of it
            lo_err, hi_err = self._edge_errors
            dist = np.abs(yc[near] - edge) + (hi_err if upper else -lo_err)
            top = np.sqrt(np.maximum(dist, 0.0))[:, None]
            s = 0.5 * top * (nodes + 1)
            integrand = self._edge_integrand(s, edge, lm, lp, self.gamma, np.sqrt, np.pi)
            out[near] = np.sum(0.5 * top * weights * integrand, axis=1)
        return out

    def _support_mp(self):
        return self._edges_mp()

    @functools.cached_property
    def _edge_errors(self) -> tuple[float, float]:
        """Exact minus float64 value of the lower and upper edge."""
        with mp.workdps(40):
            lm, lp = self._edges_mp()
            return float(lm - mp.mpf(self.lower_edge)), float(lp - mp.mpf(self.upper_edge))

    def _mass_mp(self, y, upper: bool):
        """Mass below/above ``y`` at the working precision: the closed form, or within 5% of
        the edge on the wanted side a quadrature in s = sqrt(distance) (relative accuracy)."""
        lm, lp = self._edges_mp()
        y = min(max(y, lm), lp)
        edge = lp if upper else lm
        if abs(y - edge) < (lp - lm) / 20:
            # the mass ~ d^(3/2) inherits the relative error of d = |y - edge|: form d (and the
            # edge) with as many more digits as d is smaller than the width of the support
            extra = int(-mp.log10(abs(y - edge) / (lp - lm))) if y != edge else 0
            with mp.workdps(mp.mp.dps + extra):
                lm, lp = self._edges_mp()
                edge, gamma = (lp if upper else lm), self._gamma_mp()
                if (y - edge) * (1 if upper else -1) >= 0:
                    return mp.mpf(0)
                return mp.quad(lambda s: self._edge_integrand(s, edge, lm, lp, gamma, mp.sqrt, mp.pi),
                               [0, mp.sqrt(abs(y - edge))])
        return self._masses(y, lm, lp, mp.sqrt, mp.atan2, mp.pi, self._gamma_mp())[int(upper)]

    def _atom_mp(self):
        return max(mp.mpf(0), 1 - 1 / self._gamma_mp())

    def _logpdf_mp(self, y):
        lm, lp = self._edges_mp()
        # the float edges of `support` may differ from lm, lp in the last bit: clamp at 0
        return mp.log(max((lp - y) * (y - lm), 0)) / 2 - mp.log(2 * mp.pi * self._gamma_mp() * y)

    def _cdf_mp(self, y):
        return self._mass_mp(y, False)

    def _sf_mp(self, y):
        return self._mass_mp(y, True)

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
            if y == 0:  # gamma < 1 (else z = 0 is refused): s(0) = E[1/X] = 1/(1 - gamma)
                return mp.mpc(1 / (1 - g))
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
