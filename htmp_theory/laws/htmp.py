r"""The high-temperature Marchenko–Pastur law HTMP(γ, κ).

Limit of the β-Laguerre ensemble with :math:`n` eigenvalues, :math:`m = n/\gamma`
degrees of freedom and :math:`\beta = \kappa/n`, rescaled to mean one
(theory notes: ``docs/theory.md`` §2).  With :math:`b = \kappa/2`, :math:`k = \kappa/(2\gamma)`,
:math:`a = k - b - 1`, :math:`c = 1 + b - k` and Tricomi's :math:`U` taken just below
its cut,

.. math::

    p(x) = \frac{k\,(kx)^{a} e^{-kx}}{\Gamma(b+1)\,\Gamma(k)\,|U(b, c, -kx)|^2},
    \qquad
    s(z) = k\,\frac{U(b+1, c+1, -kz)}{U(b, c, -kz)},

and the CDF is a phase: writing :math:`\theta(x) = \arg U(b, c, -kx - i0)`
(continuous in :math:`x`), :math:`p = \theta'/(\pi b)`, so
:math:`F(x) = w_0 + (\theta(x) - \theta(0^+))/(\pi b)` with :math:`w_0 = (1 - 1/\gamma)_+`
the atom at 0 (γ > 1).

Numerical paths
---------------
* ``dps=n``: mpmath, ``n`` correct digits.  U comes from ``mpmath.hyperu`` for
  κ ≤ 300 and from a steepest-descent Laplace integral beyond
  (:mod:`htmp_theory._numerics.special`); the CDF from the phase formula, with the branch
  (the integer number of turns of θ) fixed by the float64 CDF.
* float64: a piecewise-Chebyshev table of :math:`\log(x p(x))` in :math:`\log x`,
  built once per (γ, κ) (:mod:`htmp_theory._numerics.table`) by Chebyshev collocation of the
  Riccati equation of :math:`t\,U'/U` along the cut from one mpmath value of U in the bulk
  (:mod:`htmp_theory._numerics.riccati_laws`, 10–60 ms); CDF and SF by Gauss–Legendre
  quadrature of the table.  Relative accuracy of pdf, cdf and sf is about
  :math:`10^{-13}` (tested against the mpmath path over γ ∈ [0.05, 4],
  κ ∈ [10⁻³, 10⁶]).  Outside the table (where the density is below about
  :math:`e^{-800}`, or at subnormal x) values come from the mpmath path.
"""
from __future__ import annotations

import math
from collections import OrderedDict
from fractions import Fraction

import mpmath as mp
import numpy as np

from ._base import Law
from .._numerics.riccati_laws import htmp_pieces
from .._numerics.table import LogDensityTable
from .._numerics.validation import check_positive, exact_rational
from .marchenko_pastur import MarchenkoPastur
from .moments import htmp_moments
from .._numerics.special import FAST_CONTOUR_MIN_B, hyperu_scaled, series_suffices, tail_phase_split
from .._numerics.stieltjes import stieltjes_map
from .tails import TailAsymptotics

__all__ = ["HTMP"]

#: Log-density below which the float64 table stops (the density underflows there).
_TABLE_FLOOR = -800.0
#: log of the smallest normal double: the table never goes below it.
_U_MIN = math.log(np.finfo(float).tiny)
_U_MAX = math.log(np.finfo(float).max)
_TINY = float(np.finfo(float).tiny)
#: Beyond this many leading zeros of a tail mass the mpmath CDF switches to quadrature.
_MAX_PHASE_EXTRA_DIGITS = 60
#: The same where U comes from its series at small argument (deep lower tails).
_MAX_SERIES_EXTRA_DIGITS = 1000


_TABLES: "OrderedDict[tuple[float, float], LogDensityTable]" = OrderedDict()
_TABLES_MAX = 32


#: Supported parameters: beyond them U's series and contour integrals no longer deliver in
#: reasonable time (measured by benchmarks/corner_sweep.py); see :func:`_check_supported`.
GAMMA_RANGE = (1e-2, 1e3)
KAPPA_RANGE = (1e-6, 1e7)
#: Largest kappa / gamma (= 2k, the rate of the upper tail): the law's width ~ sqrt(gamma/kappa)
MAX_KAPPA_OVER_GAMMA = 1e8


def _check_supported(gamma: float, kappa: float) -> None:
    """``ValueError`` naming the supported range for parameters the numerics cannot serve."""
    if not GAMMA_RANGE[0] <= gamma <= GAMMA_RANGE[1]:
        raise ValueError(f"gamma must lie in [{GAMMA_RANGE[0]:g}, {GAMMA_RANGE[1]:g}] (the range the numerics "
                         f"support), got {gamma!r}")
    if math.isinf(kappa):
        return
    if not KAPPA_RANGE[0] <= kappa <= KAPPA_RANGE[1]:
        raise ValueError(f"kappa must lie in [{KAPPA_RANGE[0]:g}, {KAPPA_RANGE[1]:g}] or be inf (the range the "
                         f"numerics support; inf is Marchenko-Pastur), got {kappa!r}")
    if kappa / gamma > MAX_KAPPA_OVER_GAMMA:
        raise ValueError(f"kappa must lie in [{KAPPA_RANGE[0]:g}, {MAX_KAPPA_OVER_GAMMA:g} * gamma] for "
                         f"gamma = {gamma!r} (the numerics support kappa/gamma <= {MAX_KAPPA_OVER_GAMMA:g}), "
                         f"got {kappa!r}")


def _shared_table(gamma: float, kappa: float, build) -> LogDensityTable:
    """Return the cached table of (gamma, kappa), building it with ``build()`` if needed."""
    key = (gamma, kappa)
    if key not in _TABLES:
        _TABLES[key] = build()
        if len(_TABLES) > _TABLES_MAX:
            _TABLES.popitem(last=False)
    _TABLES.move_to_end(key)
    return _TABLES[key]


class HTMP(Law):
    r"""High-temperature Marchenko–Pastur law HTMP(γ, κ) with mean ``scale``.

    Parameters
    ----------
    gamma : float
        Aspect ratio γ = n/m > 0.  For γ > 1 the law has an atom :math:`1 - 1/\gamma`
        at 0: ``cdf(0) = 1 - 1/gamma``, ``pdf`` describes the continuous part (mass
        :math:`1/\gamma`).
    kappa : float
        Repulsion κ = βn > 0, or ``float('inf')`` for Marchenko–Pastur (hard edges).
        Small κ approaches Gamma(shape κ/(2γ), mean 1).
    scale : float, optional
        Mean of the law (default 1); ``HTMP(γ, κ, s)`` is the law of ``s X``.

    Notes
    -----
    Relation to the β-Laguerre ensemble of Dumitriu and Edelman (joint density
    :math:`\prod|\lambda_i-\lambda_j|^\beta \prod \lambda_i^{\beta(m-n+1)/2-1}e^{-\lambda_i/2}`):
    with :math:`\beta = \kappa/n`, :math:`m = n/\gamma`, the empirical law of
    :math:`\lambda_i/(\beta m)` tends to HTMP(γ, κ).  In the heavy-tailed
    self-regularisation language the law of :math:`1/X` has a power-law tail with
    exponent :math:`\alpha = 1 + (\kappa/2)|1/\gamma - 1|` (:class:`InverseHTMP`).

    Examples
    --------
    >>> law = HTMP(gamma=0.5, kappa=2.0)
    >>> print(f"{law.cdf(1.0):.12f}")
    0.621386937059
    >>> import mpmath
    >>> print(mpmath.nstr(law.cdf(1.0, dps=30), 30))   # print with nstr: str() uses mpmath.mp.dps
    0.621386937059360727092084106168
    >>> law.mean(), law.var()
    (1.0, 1.0)
    >>> law.lower_tail().exponent          # p(x) ~ C x^a near 0, a = kappa/2 (1/gamma - 1) - 1
    0.0
    """

    def __init__(self, gamma: float, kappa: float, scale: float = 1.0) -> None:
        super().__init__(scale)
        self.gamma = check_positive("gamma", gamma)
        self.kappa = check_positive("kappa", kappa, allow_inf=True)
        _check_supported(self.gamma, self.kappa)
        self._exact_gamma, self._exact_kappa = exact_rational(gamma), exact_rational(kappa)
        self.atom = max(0.0, 1.0 - 1.0 / self.gamma)
        self._mp_limit = MarchenkoPastur(self.gamma) if math.isinf(self.kappa) else None
        self._table_cache: LogDensityTable | None = None
        self._last_u = None  # (y, digits, precision, U) of the last mpmath evaluation of U

    def __repr__(self) -> str:
        return f"HTMP(gamma={self.gamma!r}, kappa={self.kappa!r}, scale={self.scale!r})"

    # ------------------------------------------------------------ parameters
    def _params(self):
        """(b, k, a, c) as mpf at the working precision (exact from the given floats)."""
        kap = mp.mpf(self._exact_kappa.numerator) / self._exact_kappa.denominator \
            if isinstance(self._exact_kappa, Fraction) else mp.mpf(self.kappa)
        gam = mp.mpf(self._exact_gamma.numerator) / self._exact_gamma.denominator \
            if isinstance(self._exact_gamma, Fraction) else mp.mpf(self.gamma)
        b = kap / 2
        k = kap / (2 * gam)
        return b, k, k - b - 1, 1 + b - k

    @property
    def b(self) -> float:
        r""":math:`b = \kappa/2`."""
        return self.kappa / 2

    @property
    def k(self) -> float:
        r""":math:`k = \kappa/(2\gamma)`, the rate of the exponential upper tail."""
        return self.kappa / (2 * self.gamma)

    @property
    def a(self) -> float:
        r""":math:`a = k - b - 1`, the exponent of the lower tail for γ < 1."""
        return self.k - self.b - 1

    @property
    def support(self) -> tuple[float, float]:
        return self._mp_limit.support if self._mp_limit else (0.0, math.inf)

    # ------------------------------------------------------------- mp paths
    def _log_density(self, y, fast: bool = False):
        """log p(y) at the working precision (``fast``: U to double precision only)."""
        digits = mp.mp.dps + 1  # U's relative accuracy; the extra digits carry k y and the O(kappa) terms
        with mp.workdps(mp.mp.dps + int(math.log10(1 + self.kappa)) + 2):
            b, k, a, c = self._params()
            u = hyperu_scaled(b, c, -k * y, fast=fast) if fast else self._hyperu_at(y, digits)
            return mp.log(k) + a * mp.log(k * y) - k * y - mp.loggamma(b + 1) - mp.loggamma(k) - 2 * u.log_abs()

    def _hyperu_at(self, y, digits: int):
        """U(b, c, -k y - i0) to ``digits`` digits at the working precision (which must carry k y).

        The last value is kept: quantiles ask for the phase (CDF) and the modulus (density) of U
        at the same point, and the value for the CDF has at least the digits the density needs.
        """
        prec = mp.mp.prec
        last = self._last_u
        if last is not None and last[0] == y and last[1] >= digits and last[2] >= prec:
            return last[3]
        b, k, _, c = self._params()
        u = hyperu_scaled(b, c, -k * y, digits=digits)
        self._last_u = (+y, digits, prec, u)
        return u

    def _logpdf_mp(self, y):
        if self._mp_limit:
            return self._mp_limit._logpdf_mp(y)
        return self._log_density(y)

    def _phase_mass(self, y, upper: bool):
        """Continuous mass below (``upper=False``) or above ``y`` from the phase of U."""
        est, log10_est = self._mass_estimate(y, upper)
        b, k, _, c = self._params()
        carry = int(math.log10(1 + self.kappa)) + 5  # digits that carry k y and theta ~ pi b
        if tail_phase_split(b, c, -k * y):
            # beyond the bulk at large kappa the contour returns the tail's small phase to the
            # relative accuracy of U: no extra digits, however small the mass
            digits = mp.mp.dps + 3
            with mp.workdps(mp.mp.dps + carry):
                u = self._hyperu_at(y, digits)
                if u.phase_pi is not None:
                    return self._phase_formula(y, upper, est, u=u)
        # near 0 U comes from its convergent series, cheap even with hundreds of extra digits
        series = series_suffices(b, c, -k * y)
        if log10_est < -(_MAX_SERIES_EXTRA_DIGITS if series else _MAX_PHASE_EXTRA_DIGITS):
            return self._tail_mass_quad(y, upper)
        # the mass to dps digits needs the phase to about dps - log10(mass) digits (fewer by
        # log10(pi b), kept as a margin)
        digits = mp.mp.dps + int(max(0.0, -log10_est)) + 3
        with mp.workdps(mp.mp.dps + int(max(0.0, -log10_est) + math.log10(1 + self.kappa)) + 5):
            return self._phase_formula(y, upper, est, digits)

    def _phase_formula(self, y, upper: bool, est: float = 0.0, digits: int | None = None, u=None):
        """Mass below/above ``y`` from the phase of U at the working precision (U to ``digits``
        digits, default the working precision, unless given as ``u``).

        The phase is known modulo 2π; the number of turns is the one that brings the
        result closest to the estimate ``est`` (0 where the mass is known to be tiny).  The
        argument of U comes as π n + r (:meth:`~htmp_theory._numerics.special.ScaledComplex.arg_split`,
        n exact), so that the integer part cancels exactly where the mass is tiny.
        """
        b, k, a, c = self._params()
        if u is None:
            u = self._hyperu_at(y, mp.mp.dps if digits is None else digits)
        n, r = u.arg_split()
        if upper:
            # arg(U w^b) -> 0 as x -> inf (w = kx e^{-i pi}); it equals -pi b * sf mod 2 pi
            n = n - b
            turns = mp.nint((-mp.pi * b * est - (mp.pi * n + r)) / (2 * mp.pi))
            return -((n + 2 * turns) + r / mp.pi) / b
        n = n - max(mp.mpf(0), c - 1)  # theta(0+) / pi
        turns = mp.nint((mp.pi * b * est - (mp.pi * n + r)) / (2 * mp.pi))
        return ((n + 2 * turns) + r / mp.pi) / b

    def _tail_mass_quad(self, y, upper: bool):
        """Mass below/above ``y`` by quadrature of the density in log t (deep tails only).

        There the phase formula would need as many extra digits as the mass has
        leading zeros; the integrand is positive and peaked at the end point ``y``.
        """
        u = mp.log(y)
        log_f = lambda v: self._logpdf_mp(mp.exp(v)) + v  # noqa: E731
        sign = 1 if upper else -1
        step = 1 / (1 + abs(mp.diff(log_f, u)))
        pts, log_end, tiny = [u], log_f(u), -(mp.mp.dps + 5) * mp.log(10)
        while log_f(pts[-1]) - log_end > tiny:
            pts.append(u + sign * step * 4 ** len(pts))
        integral = mp.quad(lambda v: mp.exp(log_f(v) - log_end), pts if upper else pts[::-1])
        return integral * mp.exp(log_end)

    def _mass_estimate(self, y, upper: bool) -> tuple[float, float]:
        """The float64 mass below/above ``y`` (0 if it underflows) and a rough log10 of it.

        Points outside the normal float64 range take the mass from the side that is known:
        the mass above a point below 1e-308 is the whole continuous mass (less a tail of
        at most 1e-308), as is the mass below a point beyond 1.8e308.
        """
        yf = float(y)
        if _TINY <= yf < math.inf:
            est = float(self._mass64(np.array([yf]), upper)[0])
            if est > 0:
                return est, math.log10(est)
        elif (yf < _TINY) == upper:
            total = min(1.0, 1.0 / self.gamma)
            return total, math.log10(total)
        return 0.0, self._log10_tail_mass(y, upper)

    def _log10_tail_mass(self, y, upper: bool) -> float:
        """Rough log10 of the mass beyond ``y`` from the tail asymptotics (precision planning)."""
        log_y = float(mp.log(y))
        if upper:
            t = self._upper_tail_standard()
            return (t.log_constant + t.exponent * log_y - t.rate * float(y) - math.log(t.rate)) / math.log(10)
        t = self._lower_tail_standard()
        e = t.exponent + 1.0
        below_range = float(self._mass64(np.array([_TINY]), False)[0]) if log_y < _U_MIN else 0.0
        if below_range > 0:
            # extrapolate from the smallest normal double: F ~ y^e, with the 1/|log y| of gamma ~ 1
            return (math.log(below_range) + e * (log_y - _U_MIN) - math.log(log_y / _U_MIN)) / math.log(10)
        if e < 1e-3:  # gamma within ~1e-3 of 1: F ~ 1/(b |log y|) over a wide range of y
            return -math.log10(self.b * max(1.0, abs(log_y)))
        return (t.log_constant + e * log_y - math.log(e)) / math.log(10)

    def _cdf_mp(self, y):
        if self._mp_limit:
            return self._mp_limit._cdf_mp(y)
        return self._phase_mass(y, upper=False)

    def _sf_mp(self, y):
        if self._mp_limit:
            return self._mp_limit._sf_mp(y)
        return self._phase_mass(y, upper=True)

    # --------------------------------------------------------- float64 paths
    def _logxp_node(self, u: float) -> float:
        """log(x p(x)) at x = e^u to ~16 digits (table construction)."""
        with mp.workdps(18):
            return float(self._log_density(mp.exp(mp.mpf(u)), fast=True) + u)

    @property
    def _table(self) -> LogDensityTable:
        """The float64 table, built on first use (a Riccati march, 10-60 ms; module notes).

        Tables are shared by all law objects with the same (γ, κ) (a small LRU cache).
        """
        if self._table_cache is None:
            self._table_cache = _shared_table(self.gamma, self.kappa, self._build_table)
        return self._table_cache

    def _build_table(self) -> LogDensityTable:
        """March the Riccati equation of ``v = t U'/U`` (:func:`~htmp_theory._numerics.riccati_laws.htmp_pieces`)
        from the bulk until ``log(x p)`` falls below ``_TABLE_FLOOR`` or x leaves the normal doubles;
        the mass beyond an end where the density is not negligible from the phase formula."""
        try:
            edges, coef = htmp_pieces(self.gamma, self.kappa, _U_MIN, _U_MAX, floor=_TABLE_FLOOR)
        except ArithmeticError:  # the march needs too many pieces (e.g. gamma ~ 1, kappa ~ 1e6)
            return self._build_table_from_nodes()
        ends = np.polynomial.chebyshev.chebval(np.array([-1.0, 1.0]), coef[[0, -1]].T).diagonal()
        below, above = self._masses_beyond(edges[0], edges[-1], ends)
        table = LogDensityTable.from_pieces(edges, coef, mass_below=below, mass_above=above)
        return self._checked(table)

    def _masses_beyond(self, u_lo: float, u_hi: float, ends) -> tuple[float, float]:
        """Continuous masses below e^u_lo and above e^u_hi (phase formula) where the density at that
        end (log(x p) = ``ends``) is not negligible."""
        below = above = 0.0
        with mp.workdps(20):
            if ends[0] > _TABLE_FLOOR:
                below = float(self._phase_formula(mp.exp(mp.mpf(u_lo)), upper=False))
            if ends[1] > _TABLE_FLOOR:
                above = float(self._phase_formula(mp.exp(mp.mpf(u_hi)), upper=True))
        return below, above

    def _build_table_from_nodes(self) -> LogDensityTable:
        """The slower table (0.5-5 s) from mpmath values of U at the interpolation nodes, for
        parameters where the Riccati march fails; its ends found by doubling then bisection."""
        f = self._logxp_node
        # the mean of the continuous part (1 for gamma <= 1, gamma above) lies in the bulk
        center = math.log(max(1.0, self.gamma))
        u_lo, u_hi = self._table_end(f, center, -1.0, _U_MIN), self._table_end(f, center, 1.0, _U_MAX)
        below, above = self._masses_beyond(u_lo, u_hi, (f(u_lo), f(u_hi)))
        # the double-precision contour (large b) carries ~5e-14 noise: do not chase it
        tol = 1e-14 if self.b < FAST_CONTOUR_MIN_B else 2e-13
        return self._checked(LogDensityTable(f, u_lo, u_hi, mass_below=below, mass_above=above, tol=tol))

    @staticmethod
    def _table_end(f, center: float, step: float, limit: float) -> float:
        """Point beyond which f < _TABLE_FLOOR, or ``limit``: doubling the distance from
        ``center`` (a point of the bulk), then bisection."""
        inner, outer = center, center + step
        while f(outer) > _TABLE_FLOOR:
            if outer == limit:
                return limit
            far = center + 2 * (outer - center)
            inner, outer = outer, (far if abs(far) < abs(limit) else limit)
        for _ in range(30):
            mid = 0.5 * (inner + outer)
            value = f(mid)
            if _TABLE_FLOOR - 20 < value < _TABLE_FLOOR:
                return mid
            inner, outer = (mid, outer) if value > _TABLE_FLOOR else (inner, mid)
        return outer

    def _checked(self, table: LogDensityTable) -> LogDensityTable:
        """``table`` if its total mass is that of the continuous part (1 or 1/γ) to 1e-10."""
        expected = min(1.0, 1.0 / self.gamma)
        if abs(table.total_mass - expected) > 1e-10 * expected:
            raise ArithmeticError(
                f"{self!r}: float64 table integrates to {table.total_mass!r}, expected {expected!r}")
        return table

    def _mp_fallback(self, func, y: np.ndarray) -> np.ndarray:
        with mp.workdps(17):
            return np.array([float(func(mp.mpf(float(v)))) for v in y])

    def _logpdf64(self, y: np.ndarray) -> np.ndarray:
        if self._mp_limit:
            return self._mp_limit._logpdf64(y)
        u = np.log(y)
        out = self._table.logxp(u) - u
        miss = np.isnan(out)
        far = miss & (u >= _U_MIN) & (u <= _U_MAX)  # beyond a table end where the density fell below e^-800
        if np.any(far):
            out[far] = self._logxp_beyond(u[far]) - u[far]
        rest = np.isnan(out)
        if np.any(rest):
            out[rest] = self._mp_fallback(self._logpdf_mp, y[rest])
        return out

    def _logxp_beyond(self, u: np.ndarray) -> np.ndarray:
        """log(x p) beyond the table (density below e^-800): the Riccati march continued out to the
        farthest point asked for, without the table's limit on the variation of a piece (no masses are
        needed there); kept per law object and widened when needed.  NaN where the march fails."""
        lo, hi = float(u.min()), float(u.max())
        ext = self.__dict__.get("_beyond_cache")
        if ext is None or lo < ext.u_lo or hi > ext.u_hi:
            if ext is not None:
                lo, hi = min(lo, ext.u_lo), max(hi, ext.u_hi)
            try:
                edges, coef = htmp_pieces(self.gamma, self.kappa, lo, hi, max_log_range=math.inf)
            except ArithmeticError:
                return np.full(u.shape, np.nan)
            ext = self.__dict__["_beyond_cache"] = LogDensityTable.from_pieces(edges, coef)
        return ext.logxp(u)

    def _mass64(self, y: np.ndarray, upper: bool) -> np.ndarray:
        if self._mp_limit:
            return self._mp_limit._mass64(y, upper)
        t = self._table
        u = np.log(y)
        out = t.mass_above(u) if upper else t.mass_below(u)
        # beyond the table: below it only subnormal y (when the table was clipped), above it
        # masses below e^-800; both from the mpmath phase formula when not negligible
        outside = (u > t.u_hi) if upper else (u < t.u_lo)
        tail = t.tail_above if upper else t.tail_below
        if np.any(outside):
            out[outside] = self._mp_fallback(lambda v: self._phase_formula(v, upper), y[outside]) if tail else 0.0
        inside_far = (u < t.u_lo) if upper else (u > t.u_hi)
        if np.any(inside_far):
            other = self._mp_fallback(lambda v: self._phase_formula(v, not upper), y[inside_far]) \
                if (t.tail_below if upper else t.tail_above) else 0.0
            out[inside_far] = t.total_mass - other
        return out

    def _ppf_grid(self) -> np.ndarray:
        if self._mp_limit:
            return self._mp_limit._ppf_grid()
        t = self._table
        return np.linspace(t.u_lo, t.u_hi, 4001)

    def _support_mp(self):
        return self._mp_limit._support_mp() if self._mp_limit else self.support

    def _atom_mp(self):
        if self._mp_limit:
            return self._mp_limit._atom_mp()
        b, k, _, _ = self._params()
        return max(mp.mpf(0), 1 - k / b)  # 1 - 1/gamma, from the exact parameters

    def _edge_pdf(self, y: float) -> float:
        if self._mp_limit:
            return self._mp_limit._edge_pdf(y)
        tail = self._lower_tail_standard()
        if tail.exponent > 0:
            return 0.0
        return tail.constant if tail.exponent == 0 and tail.log_power == 0 else math.inf

    def _edge_pdf_mp(self, y):
        value = self._edge_pdf(float(y))
        if self._mp_limit or value in (0.0, math.inf):
            return mp.mpf(value)
        b, k, a, c = self._params()  # a finite nonzero p(0): lower-tail exponent 0
        return mp.exp(self._lower_tail_log_constant(b, k, a, c, mp.log, mp.loggamma))

    # ------------------------------------------------------------ transforms
    def stieltjes(self, z, dps: int | None = None, side: int | None = None):
        r"""Stieltjes transform :math:`s(z) = \int p(t)\,dt/(t - z)` (atom included).

        :math:`s(z) = k\,U(b+1, c+1, -kz)/U(b, c, -kz)`.  ``z`` is any complex number
        off the support; for real ``z > 0`` pass ``side=+1`` (:math:`z + i0`, where
        :math:`\operatorname{Im} s = \pi p`) or ``side=-1``.  Returns complex128
        (``dps=None``) or mpmath ``mpc`` correct to ``dps`` digits.

        ``dps=None`` is vectorised: the Cauchy integral of the float64 table
        (:meth:`~htmp_theory._numerics.table.LogDensityTable.cauchy`, the pole subtracted
        near the axis), about 1e-13 relative to :math:`|s|` and, at :math:`x \pm i0`, the
        imaginary part to about 1e-13 relative to :math:`\pi p(x)` (tested against the mpmath
        path); some 20-50 µs a point.  Points of modulus below 1e-300 (where the table stops at the
        smallest double with mass left below it) go through mpmath.

        Examples
        --------
        >>> law = HTMP(0.5, 2.0)
        >>> s = law.stieltjes(1.0, side=+1)
        >>> bool(abs(s.imag / np.pi - law.pdf(1.0)) < 1e-13)
        True
        """
        if self._mp_limit:
            return self._mp_limit.stieltjes(z, dps=dps, side=side)

        def upper(y):
            b, k, a, c = self._params()
            digits = mp.mp.dps + 1  # of each U; the extra digits carry k y and the scale exponents
            with mp.workdps(mp.mp.dps + int(math.log10(1 + self.kappa)) + 2):
                # -k y lies in the closed lower half-plane, where U is taken directly
                num = hyperu_scaled(b + 1, c + 1, -k * y, digits=digits)
                den = hyperu_scaled(b, c, -k * y, digits=digits)
                return k * mp.exp(num.log_scale - den.log_scale) * num.value / den.value

        return stieltjes_map(self, z, upper, dps, side, self._stieltjes64)

    def _stieltjes64(self, y: np.ndarray) -> np.ndarray:
        """Vectorised float64 transform of the standard variable, ``Im y >= 0`` (NaN: use mpmath)."""
        t = self._table
        s = t.cauchy(y) - self.atom / y
        # masses beyond the table (below e^-800, or below the smallest double) as point masses
        s += -t.tail_below / y + t.tail_above / (math.exp(t.u_hi) - y)
        # below a table clipped at the smallest double the point-mass picture fails: mpmath
        return np.where((np.abs(y) < math.exp(t.u_lo)) & (t.tail_below > 0), np.nan, s)

    # --------------------------------------------------------------- moments
    def _moment_standard(self, j: int):
        return htmp_moments(self._exact_gamma, self._exact_kappa, j)[j]

    # ----------------------------------------------------------------- tails
    @staticmethod
    def _lower_tail_log_constant(b, k, a, c, log, lgamma):
        """log C of p(x) ~ C x^e at 0 for c != 1, with the given log/lgamma (float or mpmath)."""
        if c < 1:  # gamma < 1: U(b, c, 0) = Gamma(1-c)/Gamma(k), p ~ C0 x^a
            return (a + 1) * log(k) + lgamma(k) - lgamma(b + 1) - 2 * lgamma(1 + a)
        # gamma > 1: U ~ Gamma(c-1)/Gamma(b) w^{1-c}, p ~ C x^{c-2}
        return (c - 1) * log(k) + 2 * lgamma(b) - lgamma(b + 1) - lgamma(k) - 2 * lgamma(c - 1)

    def _lower_tail_standard(self) -> TailAsymptotics:
        b, k, a, c = (float(v) for v in self._params())
        if c != 1:
            log_c = self._lower_tail_log_constant(b, k, a, c, math.log, math.lgamma)
            return TailAsymptotics(0.0, a if c < 1 else c - 2, log_c)
        # gamma = 1: U ~ -log(w)/Gamma(b): p ~ x^{-1} / (b log^2 x)
        return TailAsymptotics(0.0, -1.0, -math.log(b), log_power=-2.0)

    def _upper_tail_standard(self) -> TailAsymptotics:
        b, k = self.b, self.k
        log_c = (k + b) * math.log(k) - math.lgamma(b + 1) - math.lgamma(k)
        return TailAsymptotics(math.inf, k + b - 1, log_c, rate=k)

    def lower_tail(self) -> TailAsymptotics:
        r"""Behaviour of the density at 0.

        γ < 1: :math:`p(x) \sim C_0 x^{a}`, :math:`a = \tfrac{\kappa}{2}(1/\gamma - 1) - 1`,
        :math:`C_0 = k^{a+1}\Gamma(k)/(\Gamma(b+1)\Gamma(1+a)^2)`.
        γ > 1: :math:`p(x) \sim C x^{c-2}` with :math:`c - 2 = \tfrac{\kappa}{2}(1 - 1/\gamma) - 1`,
        :math:`C = k^{c-1}\Gamma(b)^2/(\Gamma(b+1)\Gamma(k)\Gamma(c-1)^2)`.
        γ = 1: :math:`p(x) \sim 1/(b\,x \log^2 x)`.
        For κ = ∞ the Marchenko–Pastur hard edge.
        """
        if self._mp_limit:
            return self._mp_limit.lower_tail().scaled(self.scale)
        return self._lower_tail_standard().scaled(self.scale)

    def upper_tail(self) -> TailAsymptotics:
        r"""Gamma-like upper tail :math:`p(x) \sim C x^{k+b-1} e^{-kx}`, :math:`C = k^{k+b}/(\Gamma(b+1)\Gamma(k))`."""
        if self._mp_limit:
            return self._mp_limit.upper_tail().scaled(self.scale)
        return self._upper_tail_standard().scaled(self.scale)
