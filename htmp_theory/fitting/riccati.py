r"""Fast float64 log-density of HTMP(γ, κ) on an interval, from a Riccati equation (fitting).

The table of :math:`L(u) = \log(x\,p(x))`, :math:`u = \log x`, is the one the law's own float64
paths use: Chebyshev collocation of the Riccati equation of :math:`t\,U'/U` along the cut, started
from one value of :math:`tU'/U` in the bulk (:func:`htmp_theory._numerics.riccati_laws.htmp_pieces`),
here run over the requested interval only.  The fits accept the float64 start value where its
estimated relative error is below :data:`START_RTOL` (1e-10; about 0.3 ms instead of 3 ms for
mpmath), so the error of L against the mpmath density is about 1e-13 plus at most about 1e-10
(tests to 1e-7); about 10 ms per κ instead of 0.1–0.5 s for mpmath nodes.  The likelihood
tables use it for κ ≤ :data:`LIKELIHOOD_MAX_KAPPA`, :class:`RiccatiLaw` for κ ≤
:data:`RICCATI_MAX_KAPPA`, both for log-ranges up to :data:`RICCATI_MAX_RANGE`.
"""
from __future__ import annotations

import math

import numpy as np

from htmp_theory._numerics.table import LogDensityTable, PieceRange

__all__ = ["riccati_table", "riccati_pieces", "PieceTable", "upper_end", "RiccatiLaw", "RICCATI_MAX_KAPPA",
           "LIKELIHOOD_MAX_KAPPA", "RICCATI_MAX_RANGE", "START_RTOL"]

#: Largest κ for which the fits tabulate the density from the Riccati equation (CDF tables
#: of :class:`RiccatiLaw`), and the same for the likelihood tables of the data (κ = 1e4:
#: 0.07 s, 115 pieces, error 7e-15 at γ = 0.5; beyond, and where the march fails, mpmath nodes).
RICCATI_MAX_KAPPA = 150.0
LIKELIHOOD_MAX_KAPPA = 1e4
#: Widest log-range (in u = log x) the fits tabulate from the Riccati equation (the collocation
#: tabulates e^-500..e^5 at kappa = 0.01 in about 10 ms, 16 pieces, error 3e-14; beyond, and
#: where the march fails, the mpmath nodes are used).
RICCATI_MAX_RANGE = 600.0
#: Largest estimated relative error of the float64 start value the fits' tables accept (a shift
#: of L of this order changes a log-likelihood by about n times it: far below its resolution).
START_RTOL = 1e-10


class PieceTable(PieceRange):
    r"""Chebyshev pieces of :math:`L(u) = \log(x\,p(x))` on ``[u_lo, u_hi]``, without the masses.

    What the likelihood needs (``edges``, ``coef``, ``u_lo``, ``u_hi``, as on
    :class:`~htmp_theory._numerics.table.LogDensityTable`); the masses (Gauss–Legendre sums over
    every piece, about a third of the cost of a small table) are computed only when
    :meth:`with_masses` is asked for, e.g. for the tail of the spike rule.
    """

    def __init__(self, edges: np.ndarray, coef: np.ndarray) -> None:
        self.edges, self.coef = edges, coef
        self._masses = None

    def with_masses(self):
        """The same pieces as a :class:`~htmp_theory._numerics.table.LogDensityTable` (masses; cached)."""
        if self._masses is None:
            self._masses = LogDensityTable.from_pieces(self.edges, self.coef)
        return self._masses


def riccati_pieces(gamma: float, kappa: float, u_lo: float, u_hi: float) -> PieceTable:
    r""":class:`PieceTable` of :math:`L(u) = \log(x\,p_{\gamma,\kappa}(x))` on :math:`[u_{lo}, u_{hi}]` (module notes)."""
    from htmp_theory._numerics.riccati_laws import htmp_pieces

    edges, coef = htmp_pieces(gamma, kappa, u_lo, u_hi, start_rtol=START_RTOL)
    return PieceTable(edges, coef)


def riccati_table(gamma: float, kappa: float, u_lo: float, u_hi: float):
    r"""Table of :math:`L(u) = \log(x\,p_{\gamma,\kappa}(x))` on :math:`[u_{lo}, u_{hi}]`, with masses (module notes).

    Examples
    --------
    >>> from htmp_theory import HTMP
    >>> table = riccati_table(0.5, 2.0, -3.0, 1.5)
    >>> bool(abs(table.logxp(np.array([0.2]))[0] - HTMP(0.5, 2.0)._logxp_node(0.2)) < 1e-8)
    True
    """
    return riccati_pieces(gamma, kappa, u_lo, u_hi).with_masses()


def upper_end(gamma: float, kappa: float) -> float:
    r""":math:`\log x_{far}`, :math:`x_{far} = (k + b + 12\sqrt{k + b} + 40)/k`: above it the upper tail of
    HTMP(γ, κ) (Gamma-like, :math:`p \approx C (kx)^{k+b-1}e^{-kx}`) holds less than about :math:`e^{-40}`."""
    b, k = kappa / 2.0, kappa / (2.0 * gamma)
    return math.log((k + b + 12 * math.sqrt(k + b) + 40) / k)


class RiccatiLaw:
    r"""CDF, SF and upper quantiles of HTMP(γ, κ, scale) above ``x_min``, from one Riccati table.

    The table runs from :math:`\log(x_{min}/s) - 1` to the point where the upper tail
    (Gamma-like: :math:`p \approx C (kx)^{k+b-1}e^{-kx}`) holds less than about
    :math:`e^{-40}`, :math:`x_{far} = (k + b + 12\sqrt{k + b} + 40)/k`; the SF is the
    Gauss–Legendre mass above x on the table and the CDF is ``1 - sf`` (the atom at 0 for
    γ > 1 included), absolute accuracy about 1e-13.  For κ > :data:`RICCATI_MAX_KAPPA` the
    law's own float64 paths are used.  ``table``: a table with masses that already covers
    :math:`[\log(x_{min}/s), \log x_{far}]` (:func:`upper_end`), used instead of a new one
    (the spike rule passes the likelihood table at κ̂).

    Examples
    --------
    >>> from htmp_theory import HTMP
    >>> fast = RiccatiLaw(0.5, 2.0, 1.5, x_min=0.01)
    >>> bool(abs(fast.cdf(np.array([1.2]))[0] - HTMP(0.5, 2.0, scale=1.5).cdf(1.2)) < 1e-8)
    True
    """

    def __init__(self, gamma: float, kappa: float, scale: float, *, x_min: float, table=None) -> None:
        self.gamma, self.kappa, self.scale = gamma, kappa, scale
        self.table = table
        u_lo, u_hi = min(math.log(x_min / scale), 0.0) - 1.0, upper_end(gamma, kappa)
        if table is not None:
            if table.u_lo > math.log(x_min / scale) or table.u_hi < u_hi:
                raise ValueError("table must cover log(x_min / scale) to the upper end")
        elif kappa <= RICCATI_MAX_KAPPA and u_hi - u_lo <= RICCATI_MAX_RANGE:
            self.table = riccati_table(gamma, kappa, u_lo, u_hi)
        else:
            from htmp_theory import HTMP

            self.law = HTMP(gamma, kappa, scale=scale)

    def logpdf(self, x: np.ndarray) -> np.ndarray:
        """log p(x) (x inside the table)."""
        x = np.asarray(x, dtype=float)
        if self.table is None:
            return np.asarray(self.law.logpdf(x), dtype=float)
        u = np.log(x / self.scale)
        return self.table.logxp(u) - np.log(x)

    def sf(self, x: np.ndarray) -> np.ndarray:
        """P(X > x)."""
        x = np.asarray(x, dtype=float)
        if self.table is None:
            return np.asarray(self.law.sf(x), dtype=float)
        u = np.log(x / self.scale)
        return np.where(u > self.table.u_hi, 0.0, self.table.mass_above(u))

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """P(X <= x) (for x above ``x_min``)."""
        return 1.0 - self.sf(x)

    def isf(self, q: float) -> float:
        r"""The x with P(X > x) = q (q in (0, 1)).

        On the table: the piece where the cumulative mass from the right passes q, then Newton's
        method on :math:`\log S(u) = \log q` (:math:`(\log S)' = -e^{L}/S`), kept inside the piece
        by bisection, to a step below 1e-13.
        """
        if self.table is None:
            return float(self.law.ppf(1.0 - q))
        table = self.table
        i = int(np.clip(np.searchsorted(-table.cum_right, -q, side="left") - 1, 0, len(table.coef) - 1))
        lo, hi = float(table.edges[i]), float(table.edges[i + 1])
        u = 0.5 * (lo + hi)
        for _ in range(60):
            at = np.array([u])
            mass = float(table.mass_above(at)[0])
            lo, hi = (u, hi) if mass > q else (lo, u)
            step = math.log(mass / q) * mass / math.exp(float(table.logxp(at)[0])) if mass > 0 else -math.inf
            if abs(step) < 1e-13 * max(1.0, abs(u)) or hi - lo < 1e-13 * max(1.0, abs(u)):
                break
            u = u + step if lo < u + step < hi else 0.5 * (lo + hi)
        return self.scale * math.exp(u)
