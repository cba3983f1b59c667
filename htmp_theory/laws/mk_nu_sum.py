r"""The law of :math:`T_1 + T_2` for independent :math:`T_1\sim\nu_1`, :math:`T_2\sim\nu_2`, as a
:math:`\nu` for :func:`~htmp_theory.laws.mk_law.mk_inverse` (the middle step of the c-convolution
:math:`\mu_1\boxplus_c\mu_2 = \mathrm{MK}_c^{-1}(\mathrm{MK}_c\mu_1 * \mathrm{MK}_c\mu_2)`).

:func:`convolve_nu` returns, by the kind of its two inputs,

* two finite atomic measures: the atomic measure with atoms :math:`s_i + t_j` and weights
  :math:`v_i w_j` (exact for exact input);
* one atomic, one with a density :math:`p`: the finite mixture :math:`\sum_i v_i\,p(x - s_i)`, whose
  float64 and mpmath densities are those of :math:`p` (so ``dps`` is unlimited when :math:`p`'s is);
* two densities: :math:`p(x) = \int p_1(t)\,p_2(x-t)\,dt`. For each :math:`x` the integral runs over
  :math:`(\max(\mathrm{lo}_1, x-\mathrm{hi}_2), \min(\mathrm{hi}_1, x-\mathrm{lo}_2))` by a fixed
  tanh–sinh rule on panels that break at :math:`m_1 + k s_1` and :math:`x - m_2 + k s_2`
  (means, standard deviations, :math:`k = 0, \pm1, \pm3, \pm8`) and at eighths of a finite range,
  and grow geometrically toward an infinite end; nodes next to an end are measured from the end of the factor whose edge it is, so
  algebraic edge singularities of :math:`p_1` and :math:`p_2` keep their relative accuracy. That
  density is tabulated once (1–3 s) as a piecewise-Chebyshev table of :math:`\log g(u)`,
  :math:`g = p(x(u))x'(u)`, in the variable of :class:`~.mk_law.MKInverseLaw` (hard edges become
  exponential decays) from its peak out to where it has fallen by :math:`e^{-600}`; beyond a hard
  edge's end of the table :math:`\log g` is continued linearly (the leading power of the edge), beyond
  a tail's end the density is 0. The table holds the density to about 2e-13 relative in the bulk
  (tests: against the Gamma law of a sum of two Gammas of one scale); the Markov–Krein inverse
  amplifies that to about 1e-12, so ``max_dps`` is 11 and the mpmath density is the table's. A sum
  with an input known to :math:`d \le 12` digits only (an earlier sum) is tabulated to
  :math:`10^{-d-1}` and keeps :math:`d - 1` digits.

Raw moments are exact sums :math:`M_n = \sum_j\binom{n}{j}M_j(\nu_1)M_{n-j}(\nu_2)`.
"""
from __future__ import annotations

import math
from collections import defaultdict

import mpmath as mp
import numpy as np
from numpy.polynomial import chebyshev as C

from .._numerics.table import LogDensityTable
from .._numerics.validation import to_mpf
from .markov_krein import AtomicMeasure, moments_of
from .mk_kernel import _TS_GAP, _TS_NODES, _TS_WEIGHTS
from .mk_law import _Map, table_range
from .mk_nu import Nu, as_nu

__all__ = ["NuSum", "convolve_nu"]

#: panel breaks at mean + k std of each factor, and the number of doubling panels toward an infinite end
_MARKS = (-8, -3, -1, 0, 1, 3, 8)
_OUTWARD = 24
#: a finite range is also cut into this many equal panels
_EQUAL = 8
#: the table reaches out to where the density has fallen by e^-_DROP, over a map of +-_SPREAD std
_DROP, _DROP_STEP = 600.0, 100.0
_SPREAD = 1000.0
#: accuracy of the tables of log g, and within _EDGE_ZONE |e| of a nonzero edge e
_TOL = 1e-14
_EDGE_TOL = 1e-10
_EDGE_ZONE = 1e-3
#: digits the tabulated density of a sum of two densities delivers
_SUM_DPS = 11


class NuSum:
    r"""The law of :math:`T_1 + T_2` (independent) as a moment source: :meth:`moment` only.

    Examples
    --------
    >>> NuSum(AtomicMeasure([0, 1], [1, 1]), AtomicMeasure([0, 1], [1, 1])).moment(2)
    Fraction(3, 2)
    """

    def __init__(self, first, second) -> None:
        self.parts = (first, second)
        #: how far (in log) below its peak the tabulated density of this sum reaches, if tabulated
        self.drop: float | None = None

    def __repr__(self) -> str:
        return f"NuSum({self.parts[0]!r}, {self.parts[1]!r})"

    def moment(self, j: int):
        """Raw moment :math:`\\sum_i\\binom{j}{i}M_i(\\nu_1)M_{j-i}(\\nu_2)` (exact for exact inputs)."""
        m1, m2 = (moments_of(p, j) for p in self.parts)
        return sum(math.comb(j, i) * m1[i] * m2[j - i] for i in range(j + 1))


def _source(nu):
    return nu if isinstance(nu, AtomicMeasure) else nu.source


def _atomic_sum(a: AtomicMeasure, b: AtomicMeasure) -> AtomicMeasure:
    weights: dict = defaultdict(int)
    for s, v in zip(a.atoms, a.weights):
        for t, w in zip(b.atoms, b.weights):
            weights[s + t] += v * w
    return AtomicMeasure(list(weights), list(weights.values()))


def _mixture(a: AtomicMeasure, b: Nu) -> Nu:
    shifts = np.array([float(s) for s in a.atoms])
    weights = np.array([float(w) for w in a.weights])

    def pdf64(t):
        t = np.asarray(t, dtype=float)
        with np.errstate(invalid="ignore"):
            vals = [np.where((t - s > b.lo) & (t - s < b.hi), b.pdf64(t - s), 0.0) for s in shifts]
        return np.tensordot(weights, np.array(vals), axes=1)

    def pdf_mp(t):
        total = mp.mpf(0)
        for s, w in zip(a.atoms, a.weights):
            y = t - to_mpf(s)
            if b.lo < y < b.hi:
                total += to_mpf(w) * b.pdf_mp(y)
        return total

    return Nu(NuSum(a, b.source), b.lo + min(shifts), b.hi + max(shifts), pdf64, pdf_mp, b.max_dps)


def convolution_density64(a: Nu, b: Nu, x: float) -> float:
    r""":math:`\int p_1(t)\,p_2(x-t)\,dt` at one point by the panel rule of the module docstring (float64).

    Examples
    --------
    >>> from scipy import stats
    >>> a = as_nu(stats.gamma(1.5))
    >>> round(float(convolution_density64(a, a, 2.0) / stats.gamma(3.0).pdf(2.0)), 13)
    1.0
    """
    lo, hi = max(a.lo, x - b.hi), min(a.hi, x - b.lo)
    if not lo < hi:
        return 0.0
    marks = {a.mean + k * a.std for k in _MARKS} | {x - b.mean + k * b.std for k in _MARKS}
    if math.isfinite(hi - lo):  # a short range can hold a peak narrower than either law
        marks |= {lo + (hi - lo) * j / _EQUAL for j in range(1, _EQUAL)}
    pts = sorted(m for m in marks if lo < m < hi)
    if math.isfinite(lo):
        pts.insert(0, lo)
    if math.isfinite(hi):
        pts.append(hi)
    width = min(a.std, b.std)
    grow = [width * (2.0**k - 1) for k in range(1, _OUTWARD + 1)]
    if math.isinf(lo):
        pts = [pts[0] - g for g in grow[::-1]] + pts
    if math.isinf(hi):
        pts = pts + [pts[-1] + g for g in grow]
    p, q = np.array(pts[:-1]), np.array(pts[1:])
    half = 0.5 * (q - p)
    left = _TS_NODES[None, :] <= 0
    gap = half[:, None] * _TS_GAP[None, :]
    t = np.where(left, p[:, None] + gap, q[:, None] - gap)
    y = x - t
    # next to an end of the range that is an edge of p2, measure y from that edge
    if math.isfinite(lo) and lo != a.lo:
        y[0, left[0]] = b.hi - gap[0, left[0]]
    if math.isfinite(hi) and hi != a.hi:
        y[-1, ~left[0]] = b.lo + gap[-1, ~left[0]]
    inside = (t > a.lo) & (t < a.hi) & (y > b.lo) & (y < b.hi)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        try:
            vals = np.where(inside, a.pdf64(t) * b.pdf64(y), 0.0)
        except OverflowError:  # scipy's beta raises next to an edge with exponent < 0: leave out gaps < 1e-200
            inside &= gap > 1e-200 * half[:, None]
            vals = np.where(inside, a.pdf64(np.where(inside, t, a.mean)) * b.pdf64(np.where(inside, y, b.mean)), 0.0)
    return float(np.sum(half[:, None] * _TS_WEIGHTS[None, :] * np.nan_to_num(vals)))


class _SumTable:
    """Float64 density of :math:`\\nu_1 * \\nu_2` from a table of log g (module docstring)."""

    def __init__(self, a: Nu, b: Nu) -> None:
        self.lo, self.hi = a.lo + b.lo, a.hi + b.hi
        mean, std = a.mean + b.mean, math.hypot(a.std, b.std)
        self.map = _Map(self.lo, self.hi, mean, _SPREAD * std)

        def log_g(u: float) -> float:
            x = float(self.map.x(np.array(u)))
            value = convolution_density64(a, b, x) if self.lo < x < self.hi else 0.0
            return math.log(value) + float(self.map.log_dx(u)) if value > 0 else -math.inf

        # a sum of an earlier sum stops _DROP_STEP sooner, inside the reach of the earlier table (whose
        # density is 0 beyond its tail end: the sum would not be smooth there)
        self.drop = min([_DROP] + [nu.source.drop - _DROP_STEP for nu in (a, b)
                                   if isinstance(nu.source, NuSum) and nu.source.drop is not None])
        u_lo, u_hi = table_range(log_g, self.map, mean, self.drop, refine=True)
        # an input known to d digits only (e.g. an earlier sum) is noise at 10^-d: no table can beat it
        known = [d for d in (a.max_dps, b.max_dps) if d is not None]
        tol = max(_TOL, 10.0 ** -(min(known) + 1)) if known else _TOL
        # separate tables between the points where the density is not analytic (lo1 + hi2, hi1 + lo2)
        # and the zones next to a nonzero edge e, where float64 t knows its distance to e only to
        # 1e-16 |e| / distance (there the tables hold _EDGE_TOL)
        cuts = [k for k in (a.lo + b.hi, a.hi + b.lo) if self.lo < k < self.hi]
        zones = [e + side * _EDGE_ZONE * abs(e) for e, side in ((self.lo, 1), (self.hi, -1))
                 if e and math.isfinite(e)]
        u_cuts = sorted({u for u in (float(self.map.u(np.array(v))) for v in cuts + zones) if u_lo < u < u_hi})
        ends = [u_lo] + u_cuts + [u_hi]
        self.tables = []
        for p, q in zip(ends[:-1], ends[1:]):
            x_p, x_q = (float(self.map.x(np.array(v))) for v in (p, q))
            near_edge = any(e and math.isfinite(e) and abs(x - e) <= 1.5 * _EDGE_ZONE * abs(e)
                            for e, x in ((self.lo, x_q), (self.hi, x_p)))
            self.tables.append(LogDensityTable(log_g, p, q, tol=_EDGE_TOL if near_edge else tol, initial_pieces=2))
        self.starts = np.array([t.u_lo for t in self.tables[1:]])
        # continuation beyond an end: linear in u at a hard edge (log g -> -inf marks a tail)
        continuation = []
        for table, i, side in ((self.tables[0], 0, -1.0), (self.tables[-1], len(self.tables[-1].coef) - 1, 1.0)):
            e0, e1 = table.edges[i], table.edges[i + 1]
            slope = float(C.chebval(side, C.chebder(table.coef[i]))) * 2 / (e1 - e0)
            continuation.append((e0 if side < 0 else e1, float(C.chebval(side, table.coef[i])), slope))
        hard = (self.map.kind in ("positive", "unit"), self.map.kind == "unit")
        self.continuation = [end if is_hard else None for end, is_hard in zip(continuation, hard)]
        self.u_lo, self.u_hi = u_lo, u_hi

    def pdf64(self, t) -> np.ndarray:
        t = np.asarray(t, dtype=float)
        out = np.zeros(t.shape)
        inside = (t > self.lo) & (t < self.hi)
        u = self.map.u(t[inside])
        clipped = np.clip(u, self.u_lo, self.u_hi)
        piece = np.searchsorted(self.starts, clipped, side="right")
        L = np.empty(u.shape)
        for k in np.unique(piece):
            L[piece == k] = self.tables[k].logxp(clipped[piece == k])
        for end, beyond in zip(self.continuation, (u < self.u_lo, u > self.u_hi)):
            if end is None:
                L[beyond] = -np.inf
            else:
                L[beyond] = end[1] + end[2] * (u[beyond] - end[0])
        out[inside] = np.exp(L - self.map.log_dx(u))
        return out


def convolve_nu(nu1, nu2) -> Nu | AtomicMeasure:
    r"""The law of :math:`T_1 + T_2` (independent :math:`T_i\sim\nu_i`), for :func:`~.mk_law.mk_inverse`.

    Parameters
    ----------
    nu1, nu2
        Anything :func:`~.mk_nu.as_nu` accepts: package laws, frozen continuous ``scipy.stats``
        distributions, :class:`~.mk_nu.Nu` objects (e.g. earlier sums) or
        :class:`~.markov_krein.AtomicMeasure`.

    Returns
    -------
    AtomicMeasure or Nu
        Atomic when both are (exact), otherwise a :class:`~.mk_nu.Nu` (module docstring for the
        mixture and the tabulated cases and their precision).

    Examples
    --------
    >>> from scipy import stats
    >>> nu = convolve_nu(stats.gamma(1.5, scale=0.5), stats.gamma(2.5, scale=0.5))   # Gamma(4, 1/2)
    >>> x = np.array([0.3, 2.0, 9.0])
    >>> bool(np.allclose(nu.pdf64(x), stats.gamma(4.0, scale=0.5).pdf(x), rtol=1e-12, atol=0))
    True
    >>> convolve_nu(AtomicMeasure([0, 1], [1, 1]), AtomicMeasure([0, 1], [1, 1])).weights
    [Fraction(1, 4), Fraction(1, 2), Fraction(1, 4)]
    """
    a, b = as_nu(nu1), as_nu(nu2)
    if isinstance(a, AtomicMeasure) and isinstance(b, AtomicMeasure):
        return _atomic_sum(a, b)
    if isinstance(b, AtomicMeasure):
        a, b = b, a
    if isinstance(a, AtomicMeasure):
        return _mixture(a, b)
    table = _SumTable(a, b)
    # a sum involving an earlier sum (or another nu known to d digits) keeps one digit less than its inputs
    max_dps = min([_SUM_DPS] + [d - 1 for d in (a.max_dps, b.max_dps) if d is not None and d <= _SUM_DPS + 1])
    source = NuSum(a.source, b.source)
    source.drop = table.drop
    return Nu(source, table.lo, table.hi, table.pdf64,
              lambda t: mp.mpf(float(table.pdf64(np.array([float(t)]))[0])), max_dps)
