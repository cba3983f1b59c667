r"""Piecewise-Chebyshev tables of a log-density for fast double-precision evaluation.

A density :math:`p` on :math:`(0, \infty)` is represented through

.. math::

    L(u) = \log\bigl(x\,p(x)\bigr), \qquad u = \log x ,

which is analytic in :math:`u` (the algebraic behaviour of :math:`p` at 0 becomes
linear or exponentially flat in :math:`u`).  :math:`L` is interpolated on adaptive
intervals of :math:`[u_{lo}, u_{hi}]` by Chebyshev polynomials of degree 31.  An
interval is split until the trailing Chebyshev coefficients are below
``tol * max(1, max|L|)`` (an absolute error in :math:`L` is a relative error in
:math:`p`) and :math:`L` varies by at most ``MAX_LOG_RANGE`` on it.

CDF and survival function: :math:`F(x) = F(x_{lo}) + \int_{u_{lo}}^{u} e^{L(v)}dv`.
The integral over each interval is done once by Gauss–Legendre; a partial interval
is done per point, from the left for the CDF and from the right for the survival
function, so that both keep their *relative* accuracy deep in their tails (only
positive terms are ever added).
"""
from __future__ import annotations

import functools
import math
from collections.abc import Callable

import numpy as np
from numpy.polynomial import chebyshev as C

__all__ = ["LogDensityTable", "PieceRange"]

DEGREE = 31
MAX_LOG_RANGE = 100.0
_NODES = np.cos(np.pi * (np.arange(DEGREE + 1) + 0.5) / (DEGREE + 1))  # first kind, in (-1, 1)
_GL_RULES = [np.polynomial.legendre.leggauss(n) for n in (24, 48, 96)]
#: largest variation of L on an interval for which each rule above is used
_GL_RANGES = (8.0, 40.0)
#: widest piece of the Cauchy-transform quadrature (in u; the kernel's poles are 2 pi apart)
_CAUCHY_WIDTH = 8.0
#: nodes whose term is below this fraction of the largest are left out of the global sum
_CAUCHY_DROP = 1e-25
#: Bernstein-ellipse parameter below which a piece's rule is not accurate for a pole: its
#: n-point Gauss-Legendre error is about rho^(-2n) <= 1e-17
_RHO_MAX = tuple(math.exp(39.0 / (2 * len(r[0]))) for r in _GL_RULES)


def _cheb_coefficients(values: np.ndarray) -> np.ndarray:
    """Chebyshev coefficients of the interpolant through ``values`` at ``_NODES``."""
    n = DEGREE + 1
    k = np.arange(n)
    theta = np.pi * (k + 0.5) / n
    coef = (2.0 / n) * np.cos(np.outer(k, theta)) @ values
    coef[0] /= 2
    return coef


class PieceRange:
    """Ends of a piecewise table whose piece boundaries ``edges`` are in ``u = log x``."""

    edges: np.ndarray

    @property
    def u_lo(self) -> float:
        """Left end of the table, in ``u = log x``."""
        return float(self.edges[0])

    @property
    def u_hi(self) -> float:
        """Right end of the table, in ``u = log x``."""
        return float(self.edges[-1])


class LogDensityTable(PieceRange):
    """Adaptive piecewise-Chebyshev interpolant of ``L(u) = log(x p(x))``.

    Parameters
    ----------
    logxp : callable
        ``u -> L(u)`` as a float (about 15 correct digits).
    u_lo, u_hi : float
        Interval covered.  Outside it :meth:`logxp` returns NaN (callers fall back to
        a slower path).
    mass_below : float
        :math:`\\int_{-\\infty}^{u_{lo}} e^{L}` (the CDF at ``exp(u_lo)``, atom excluded),
        kept as ``tail_below``.
    mass_above : float
        :math:`\\int_{u_{hi}}^{\\infty} e^{L}`.
    tol : float
        Target absolute accuracy of ``L`` relative to ``max(1, |L|)``.
    max_intervals : int
        Safety limit on the number of intervals.
    initial_pieces : int
        Number of equal intervals the adaptive splitting starts from.
    max_log_range : float
        Largest variation of ``L`` on one interval (default :data:`MAX_LOG_RANGE`, which
        keeps the Gauss–Legendre masses accurate).  A table used for ``L`` only (a
        log-likelihood) may pass ``inf``.
    """

    def __init__(
        self,
        logxp: Callable[[float], float],
        u_lo: float,
        u_hi: float,
        *,
        mass_below: float = 0.0,
        mass_above: float = 0.0,
        tol: float = 1e-14,
        max_intervals: int = 4000,
        initial_pieces: int = 8,
        max_log_range: float = MAX_LOG_RANGE,
    ) -> None:
        if not u_lo < u_hi:
            raise ValueError("u_lo must be smaller than u_hi")
        n0 = initial_pieces
        todo = list(zip(np.linspace(u_lo, u_hi, n0 + 1)[:-1], np.linspace(u_lo, u_hi, n0 + 1)[1:]))
        done: list[tuple[float, float, np.ndarray, float]] = []
        self.evaluations = 0
        while todo:
            lo, hi = todo.pop()
            u = 0.5 * (lo + hi) + 0.5 * (hi - lo) * _NODES
            vals = np.array([logxp(float(v)) for v in u])
            self.evaluations += len(u)
            coef = _cheb_coefficients(vals)
            scale = max(1.0, float(np.max(np.abs(vals))))
            converged = np.max(np.abs(coef[-3:])) <= tol * scale
            flat_enough = np.ptp(vals) <= max_log_range
            if (converged and flat_enough) or hi - lo < 1e-9 * max(1.0, abs(lo)):
                done.append((lo, hi, coef, float(np.ptp(vals))))
            else:
                if len(done) + len(todo) > max_intervals:
                    raise RuntimeError("density table did not converge (too many intervals)")
                mid = 0.5 * (lo + hi)
                todo += [(lo, mid), (mid, hi)]
        done.sort(key=lambda item: item[0])
        self._set_pieces(np.array([d[0] for d in done] + [done[-1][1]]), np.array([d[2] for d in done]),
                         np.array([d[3] for d in done]), mass_below, mass_above)

    @classmethod
    def from_pieces(cls, edges, coef, *, mass_below: float = 0.0, mass_above: float = 0.0) -> "LogDensityTable":
        """A table from given pieces: ``edges`` (increasing, one more than pieces) and the
        Chebyshev coefficients of ``L`` on each (rows of length ``DEGREE + 1``).

        Each piece's variation of ``L`` should be at most :data:`MAX_LOG_RANGE` (it chooses the
        Gauss–Legendre rule of the masses).
        """
        edges, coef = np.asarray(edges, dtype=float), np.asarray(coef, dtype=float)
        if coef.ndim != 2 or coef.shape[1] != DEGREE + 1 or len(edges) != len(coef) + 1:
            raise ValueError("edges and coef must describe pieces of degree DEGREE")
        if not np.all(np.diff(edges) > 0):
            raise ValueError("edges must increase")
        table = cls.__new__(cls)
        table.evaluations = 0
        variation = np.ptp(C.chebval(_NODES, coef.T), axis=1)
        table._set_pieces(edges, coef, variation, mass_below, mass_above)
        return table

    def _set_pieces(self, edges: np.ndarray, coef: np.ndarray, variation: np.ndarray, mass_below: float,
                    mass_above: float) -> None:
        """Store the pieces and the cumulative masses from both ends."""
        self.edges, self.coef = edges, coef
        self.rule = np.searchsorted(_GL_RANGES, variation)
        self._variation = variation
        self.tail_below = float(mass_below)
        self.tail_above = float(mass_above)
        pieces = self._integral(np.arange(len(coef)), edges[:-1], edges[1:])
        self.cum_left = self.tail_below + np.concatenate([[0.0], np.cumsum(pieces)])
        self.cum_right = self.tail_above + np.concatenate([np.cumsum(pieces[::-1])[::-1], [0.0]])

    @property
    def total_mass(self) -> float:
        """:math:`\\int e^{L}` over the whole line (tails included)."""
        return float(self.cum_left[-1] + self.tail_above)

    def _locate(self, u: np.ndarray) -> np.ndarray:
        return np.clip(np.searchsorted(self.edges, u, side="right") - 1, 0, len(self.coef) - 1)

    def _eval_in(self, idx: np.ndarray, u: np.ndarray) -> np.ndarray:
        """L(u) for points ``u`` known to lie in intervals ``idx`` (same shapes)."""
        out = np.empty_like(u, dtype=float)
        for i in np.unique(idx):
            sel = idx == i
            lo, hi = self.edges[i], self.edges[i + 1]
            out[sel] = C.chebval((2 * u[sel] - lo - hi) / (hi - lo), self.coef[i])
        return out

    def _integral(self, idx: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """∫_lo^hi exp(L) with [lo, hi] inside interval ``idx`` (Gauss–Legendre).

        The rule has 24, 48 or 96 points depending on how much L varies over the
        interval (enough for ~1e-16 relative accuracy on exp of a smooth function).
        """
        out = np.empty(lo.shape)
        for i in np.unique(idx):
            sel = idx == i
            gx, gw = _GL_RULES[self.rule[i]]
            a, b = self.edges[i], self.edges[i + 1]
            half = 0.5 * (hi[sel] - lo[sel])
            u = (0.5 * (hi[sel] + lo[sel]))[:, None] + half[:, None] * gx[None, :]
            vals = np.exp(C.chebval((2 * u - a - b) / (b - a), self.coef[i]))
            out[sel] = half * (vals @ gw)
        return out

    def logxp(self, u: np.ndarray) -> np.ndarray:
        """L(u) on the table; NaN outside ``[u_lo, u_hi]``."""
        u = np.asarray(u, dtype=float)
        flat = u.ravel()
        out = np.full(flat.shape, np.nan)
        inside = (flat >= self.u_lo) & (flat <= self.u_hi)
        out[inside] = self._eval_in(self._locate(flat[inside]), flat[inside])
        return out.reshape(u.shape)

    def mass_below(self, u: np.ndarray) -> np.ndarray:
        """∫ exp(L) below ``u`` (clipped to the table range), summed from the left."""
        u = np.clip(np.asarray(u, dtype=float), self.u_lo, self.u_hi)
        idx = self._locate(u.ravel())
        out = self.cum_left[idx] + self._integral(idx, self.edges[idx], u.ravel())
        return out.reshape(u.shape)

    def mass_above(self, u: np.ndarray) -> np.ndarray:
        """∫ exp(L) above ``u`` (clipped to the table range), summed from the right."""
        u = np.clip(np.asarray(u, dtype=float), self.u_lo, self.u_hi)
        idx = self._locate(u.ravel())
        out = self.cum_right[idx + 1] + self._integral(idx, u.ravel(), self.edges[idx + 1])
        return out.reshape(u.shape)

    @functools.cached_property
    def _cauchy_rule(self) -> dict:
        """Pieces (width <= _CAUCHY_WIDTH) and padded Gauss-Legendre nodes for :meth:`cauchy`."""
        lo, hi, parent, rule = [], [], [], []
        for i in range(len(self.coef)):
            a, b = self.edges[i], self.edges[i + 1]
            m = max(1, math.ceil((b - a) / _CAUCHY_WIDTH))
            cuts = np.linspace(a, b, m + 1)
            lo += list(cuts[:-1])
            hi += list(cuts[1:])
            parent += [i] * m
            rule += [int(np.searchsorted(_GL_RANGES, self._variation[i] / m))] * m
        lo, hi, parent, rule = map(np.array, (lo, hi, parent, rule))
        n_max = len(_GL_RULES[-1][0])
        U, W = np.zeros((len(lo), n_max)), np.zeros((len(lo), n_max))
        for r, (gx, gw) in enumerate(_GL_RULES):
            sel = rule == r
            half = 0.5 * (hi[sel] - lo[sel])[:, None]
            U[sel, :len(gx)] = 0.5 * (hi[sel] + lo[sel])[:, None] + half * gx[None, :]
            W[sel, :len(gx)] = half * gw[None, :]
            U[sel, len(gx):] = U[sel, :1]  # padding: weight 0 at a node of the piece
        pa, pb = self.edges[parent][:, None], self.edges[parent + 1][:, None]
        G = np.exp(self._clenshaw(self.coef[parent], (2 * U - pa - pb) / (pb - pa)))
        WG = W * G
        # the sum over all pieces skips nodes below 1e-25 of the largest term (they cannot move
        # it); the pieces next to the pole are summed in full (_pole_correction)
        kept = WG > _CAUCHY_DROP * WG.max()
        return dict(lo=lo, hi=hi, parent=parent, rho_max=np.array(_RHO_MAX)[rule], E=np.exp(U), W=W, WG=WG,
                    WG_kept=np.where(kept, WG, 0.0), E_flat=np.exp(U)[kept], WG_flat=WG[kept])

    @staticmethod
    def _clenshaw(coef: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Rows of Chebyshev series: ``sum_k coef[i, k] T_k(t[i, ...])`` (t real or complex)."""
        coef = coef.reshape(coef.shape + (1,) * (t.ndim - 1))
        b1 = b2 = np.zeros_like(t)
        for k in range(coef.shape[1] - 1, 0, -1):
            b1, b2 = 2 * t * b1 - b2 + coef[:, k], b1
        return t * b1 - b2 + coef[:, 0]

    def cauchy(self, z, block: int = 256) -> np.ndarray:
        r""":math:`\int_{u_{lo}}^{u_{hi}} e^{L(u)}\,du/(e^u - z)` for ``z`` in the closed upper half-plane.

        Real ``z`` inside the table range means :math:`z + i0`; ``z`` must be nonzero.  See the
        module docstring for the method; the relative accuracy is that of the table (about
        1e-13 of :math:`\int e^{L}|e^u - z|^{-1}du`, and :math:`\operatorname{Im}` at
        :math:`x + i0` to about 1e-13 relative to :math:`\pi p(x)`).
        """
        z = np.asarray(z, dtype=complex).ravel()
        z = np.where(z.imag == 0, z.real + 0j, z)  # no negative zeros: real z means z + i0
        R = self._cauchy_rule
        out = np.empty(z.shape, dtype=complex)
        for start in range(0, z.size, block):  # in real arithmetic: 1/(E - z) = (E - x + iy)/|E - z|^2
            x, y = z.real[start:start + block, None], z.imag[start:start + block, None]
            delta = R["E_flat"][None, :] - x
            q = R["WG_flat"][None, :] / (delta * delta + y * y)
            out[start:start + block] = (q * delta).sum(axis=1) + 1j * (y[:, 0] * q.sum(axis=1))
        with np.errstate(divide="ignore", invalid="ignore"):
            w = np.log(z)
        n_pieces = len(R["lo"])
        j = np.searchsorted(R["lo"], w.real, side="right") - 1
        for offset in range(-3, 4):
            p = j + offset
            valid = (p >= 0) & (p < n_pieces) & np.isfinite(w)
            pc = np.clip(p, 0, n_pieces - 1)
            a, b = R["lo"][pc], R["hi"][pc]
            t = (2 * w - a - b) / (b - a)
            with np.errstate(invalid="ignore", over="ignore"):
                rho = np.abs(t + np.sqrt(t - 1) * np.sqrt(t + 1))
            rho = np.maximum(rho, 1 / rho)
            idx = np.flatnonzero(valid & (rho < R["rho_max"][pc]))
            if idx.size:
                out[idx] += self._pole_correction(pc[idx], z[idx], w[idx])
        return out

    def _pole_correction(self, piece: np.ndarray, z: np.ndarray, w: np.ndarray) -> np.ndarray:
        """Subtracted minus plain Gauss-Legendre sum, plus the closed form, on pieces near w = log z."""
        R = self._cauchy_rule
        parent = R["parent"][piece]
        A, B = self.edges[parent], self.edges[parent + 1]
        c = np.exp(self._clenshaw(self.coef[parent], (2 * w - A - B) / (B - A)))
        denom = R["E"][piece] - z[:, None]
        # the piece in full with the pole subtracted, less what the global sum took from it
        change = ((R["WG"][piece] - R["WG_kept"][piece] - c[:, None] * R["W"][piece]) / denom).sum(axis=1)

        def ell(u):  # log(1 - z e^{-u}): continuous along real u, -i pi past the pole for z = x + i0
            zeta = -np.exp(w - u)
            x, y = zeta.real, zeta.imag
            small = np.abs(zeta) < 0.5
            modulus = np.where(small, 0.5 * np.log1p(2 * x + x * x + y * y), np.log(np.hypot(1 + x, y)))
            return modulus + 1j * np.arctan2(y, 1 + x)

        return change + c / z * (ell(R["hi"][piece]) - ell(R["lo"][piece]))
