r"""High-temperature laws from the law of one matrix entry: :math:`\mu = \mathrm{MK}_c^{-1}(\nu)`.

Given :math:`\nu` (the limiting law of the (1,1) entry of a tridiagonal β-ensemble model, or any
law with a density) and the coupling :math:`c = \beta n/2`, :class:`MKInverseLaw` is the limiting
eigenvalue law :math:`\mu` with :math:`\mathrm{MK}_c(\mu) = \nu` (conventions in
:mod:`htmp_theory.laws.markov_krein`), computed from boundary values of
:math:`S_s(z) = \int(z-t)^{-s}\nu(dt)` (:mod:`.mk_kernel`):

.. math::

    \rho_\mu(x) = -\frac1\pi\operatorname{Im}\frac{S_{c+1}(x+i0)}{S_c(x+i0)},\qquad
    1-F_\mu(x) = -\frac{\arg S_c(x+i0)}{c\pi},\qquad s_\mu(z) = -\frac{S_{c+1}(z)}{S_c(z)}.

Numerical paths
---------------
* ``dps=n``: mpmath at n + 12 digits plus the digits the local panel cancels; density from the
  ratio above, CDF/SF from the argument (full relative accuracy in both tails), quantiles by
  Newton's method on that CDF. The accuracy is that of :math:`\nu`'s mpmath density: exact for
  package laws and the scipy families normal, gamma, beta, uniform, exponential (other scipy
  families give float64 densities only, so ``dps`` is capped at 14).
* float64: a Chebyshev table of :math:`\log g(u)`, :math:`g(u) = \rho_\mu(x(u))\,x'(u)`, in a
  variable :math:`u` that turns hard edges of the support into exponential decays
  (:math:`x = u` on ℝ, :math:`x = \mathrm{lo} + e^u` on a half-line, a logistic map on an interval),
  built once per law from the float64 kernel (1–4 s); CDF and SF integrate the table from the left
  and from the right. Measured against the closed forms (tests): density within 1e-10 relative,
  CDF within 5e-11 absolute, SF within 1e-10 relative, for c ≤ 2.5. Beyond the table (density below
  about e^-75 of its peak, or within :math:`10^{-6}|e|` of a nonzero edge e, where float64 x cannot resolve
  the distance to the edge) values come from the kernel at 20 digits (0.1–1 s a point).

A law built from :math:`\nu` is checked to be a probability law: the density must be positive at
every node of the table (``ValueError`` otherwise — e.g. a finite atomic or a two-point :math:`\nu` is
never a Markov–Krein transform) and the table must converge to total mass 1 (``ArithmeticError``
otherwise, e.g. a uniform :math:`\nu` with c ≥ 1, whose inverse would not be integrable at the
edges). :func:`mk_inverse_density` gives the signed density of a :math:`\mathrm{MK}_c^{-1}\nu` that is
not a probability law.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import mpmath as mp
import numpy as np

from ._base import Law
from .._numerics.table import LogDensityTable
from .._numerics.stieltjes import stieltjes_map
from .._numerics.validation import GUARD_DIGITS, as_float_array, check_dps, check_positive, exact_rational
from .markov_krein import AtomicMeasure, mk_inverse_moments
from .mk_kernel import _combine, atomic_parts, density_from_parts, parts64, parts_mp, phase_from_parts
from .mk_nu import Nu, as_nu

__all__ = ["MKInverseLaw", "mk_inverse", "mk_inverse_density"]

#: accuracy asked of the float64 table of log g, and how far (in log) below the peak it reaches
_TABLE_TOL = 1e-10
_DROP = 75.0
#: digits of the float64 fallback outside the table
_FALLBACK_DPS = 20


class _Map:
    """``x = lo + w * phi(u)`` for the support of nu: identity, exponential or logistic."""

    def __init__(self, lo: float, hi: float, mean: float, spread: float) -> None:
        self.lo, self.hi = lo, hi
        # float64 x keeps its distance to an edge e to 1e-10 relative only beyond 1e-6 |e|
        self.near = near = [1e-6 * abs(e) if e and math.isfinite(e) else 0.0 for e in (lo, hi)]
        if math.isinf(lo) and math.isinf(hi):
            self.kind, self.w, self.u_range = "real", 1.0, (mean - spread, mean + spread)
        elif math.isinf(hi):
            self.kind, self.w = "positive", 1.0
            self.u_range = (math.log(max(near[0], (mean - lo) * 1e-17)), math.log(mean - lo + 2 * spread))
        elif math.isinf(lo):
            raise ValueError("nu supported on a half-line (-inf, b] is not supported: reflect it")
        else:
            self.kind, self.w = "unit", hi - lo
            ends = [max(d / self.w, 1e-17) for d in near]
            self.u_range = (math.log(ends[0]), -math.log(ends[1]))

    def x(self, u):
        if self.kind == "real":
            return u
        if self.kind == "positive":
            return self.lo + np.exp(u)
        return self.lo + self.w * np.where(u < 0, np.exp(u) / (1 + np.exp(u)), 1 / (1 + np.exp(-u)))

    def x_mp(self, u: float):
        """:math:`x(u)` in mpmath at the working precision."""
        u = mp.mpf(u)
        if self.kind == "real":
            return u
        if self.kind == "positive":
            return self.lo + mp.exp(u)
        return self.lo + self.w / (1 + mp.exp(-u))

    def u(self, x):
        if self.kind == "real":
            return x
        with np.errstate(divide="ignore"):
            if self.kind == "positive":
                return np.log(x - self.lo)
            return np.log(x - self.lo) - np.log(self.hi - x)

    def log_dx(self, u):
        """:math:`\\log x'(u)`."""
        if self.kind == "real":
            return np.zeros(np.shape(u))
        if self.kind == "positive":
            return u
        return math.log(self.w) - np.abs(u) - 2 * np.log1p(np.exp(-np.abs(u)))


def table_range(log_g, umap: _Map, center_x: float, drop: float, refine: bool = False) -> tuple[float, float]:
    """Ends of a table of ``log_g``: walk out from ``u(center_x)`` in steps of 1/64 of the map's range
    until ``log_g`` is ``drop`` below its value at the centre (or the map's limit is reached). With
    ``refine`` the last step is bisected so that each end lies where ``log_g`` has just fallen ``drop``
    below the centre (finite there even if it underflows further out)."""
    center = float(umap.u(np.array(center_x)))
    peak = log_g(center)
    step = (umap.u_range[1] - umap.u_range[0]) / 64
    ends = []
    for sign in (-1, 1):
        limit, u, inner = umap.u_range[1 if sign > 0 else 0], center, center
        while (limit - u) * sign > 0:
            inner, u = u, u + sign * step if (limit - u - sign * step) * sign > 0 else limit
            if log_g(u) < peak - drop:
                if refine:
                    for _ in range(40):
                        mid = 0.5 * (inner + u)
                        inner, u = (inner, mid) if log_g(mid) < peak - drop else (mid, u)
                    u = inner
                break
        ends.append(u)
    return ends[0], ends[1]


def _density64(nu: Nu, c: float, x: float) -> float:
    """Float64 density of MK_c^{-1}(nu) at x (20-digit mpmath where float64 cannot resolve nu)."""
    try:
        return float(density_from_parts(parts64(nu, c, x, (c, c + 1)), c))
    except ArithmeticError:
        with mp.workdps(_FALLBACK_DPS):
            return float(density_from_parts(parts_mp(nu, c, x, (c, c + 1)), c))


class MKInverseLaw(Law):
    r"""The law :math:`\mu = \mathrm{MK}_c^{-1}(\nu)` (module docstring); build it with :func:`mk_inverse`.

    Parameters
    ----------
    nu
        A package law, a frozen continuous ``scipy.stats`` distribution (see :func:`.mk_nu.as_nu`).
    c : float
        Coupling :math:`c > 0` (:math:`\beta = 2c/n`).

    Examples
    --------
    >>> from scipy import stats
    >>> law = MKInverseLaw(stats.uniform(), 0.5)    # the arcsine law on (0, 1)
    >>> round(float(law.pdf(0.25)), 10), round(1 / (math.pi * math.sqrt(0.25 * 0.75)), 10)
    (0.7351051939, 0.7351051939)
    >>> law.moment(2)
    0.375
    """

    def __init__(self, nu, c: float) -> None:
        super().__init__(1.0)
        self.nu = as_nu(nu)
        if isinstance(self.nu, AtomicMeasure):
            raise ValueError("a finite atomic nu is not the Markov–Krein transform of a probability law "
                             "(the inverse is signed); use mk_inverse_density for its density")
        self.c = check_positive("c", c)
        self._exact_c = exact_rational(c)
        self.max_dps = self.nu.max_dps
        # mu is about sqrt(1 + c) wider than nu
        self._map = _Map(self.nu.lo, self.nu.hi, self.nu.mean, (2 * math.sqrt(1 + self.c) + 40) * self.nu.std)
        self._build_table()

    def __repr__(self) -> str:
        return f"MKInverseLaw(nu={self.nu.source!r}, c={self.c!r})"

    @property
    def support(self) -> tuple[float, float]:
        return self.nu.lo, self.nu.hi

    # ------------------------------------------------------------------ table
    def _log_g(self, u: float) -> float:
        r""":math:`\log g(u) = \log\rho(x(u)) + \log x'(u)` from the float64 kernel (from the kernel at
        20 digits where x lies within 1e-6 of a finite edge, with x computed from u to those digits)."""
        x = float(self._map.x(np.array(u)))
        if x - self.nu.lo > self._map.near[0] and self.nu.hi - x > self._map.near[1]:
            rho = _density64(self.nu, self.c, x)
        else:
            with mp.workdps(_FALLBACK_DPS):
                rho = float(density_from_parts(parts_mp(self.nu, self.c, self._map.x_mp(u), (self.c, self.c + 1)),
                                               self.c))
        if rho < -1e-8 / self.nu.std:
            raise ValueError(f"MK_c^-1(nu) is not a probability law at c = {self.c}: its density is "
                             f"negative near x = {x:.6g} (use mk_inverse_density for the signed density)")
        if not rho > 0:
            raise ArithmeticError(f"the density of {self!r} is not resolved in float64 near x = {x:.6g}")
        return math.log(rho) + float(self._map.log_dx(u))

    def _build_table(self) -> None:
        u_lo, u_hi = table_range(self._log_g, self._map, self.nu.mean, _DROP)
        with mp.workdps(_FALLBACK_DPS):
            below = float(self._phase_mass(self._map.x_mp(u_lo), False, 0.0))
            above = float(self._phase_mass(self._map.x_mp(u_hi), True, 0.0))
        try:
            self._table = LogDensityTable(self._log_g, u_lo, u_hi, mass_below=below, mass_above=above,
                                          tol=_TABLE_TOL, max_intervals=96)
        except RuntimeError as exc:
            raise ArithmeticError(f"the float64 table of {self!r} does not converge: MK_c^-1(nu) may not be "
                                  "a probability law (its density may not be integrable at an edge)") from exc
        if abs(self._table.total_mass - 1) > 1e-9:
            raise ArithmeticError(f"the table of {self!r} has mass {self._table.total_mass}, not 1")

    def _inside(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        u = self._map.u(y)
        return u, (u >= self._table.u_lo) & (u <= self._table.u_hi)

    def _logpdf64(self, y: np.ndarray) -> np.ndarray:
        u, inside = self._inside(y)
        out = np.empty(y.shape)
        out[inside] = self._table.logxp(u[inside]) - self._map.log_dx(u[inside])
        for k in np.flatnonzero(~inside):  # beyond the table: the kernel at 20 digits
            with mp.workdps(_FALLBACK_DPS):
                rho = density_from_parts(parts_mp(self.nu, self.c, float(y[k]), (self.c, self.c + 1)), self.c)
            out[k] = float(mp.log(rho)) if rho > 0 else -math.inf
        return out

    def _mass64(self, y: np.ndarray, upper: bool) -> np.ndarray:
        u, inside = self._inside(y)
        out = np.empty(y.shape)
        out[inside] = self._table.mass_above(u[inside]) if upper else self._table.mass_below(u[inside])
        for k in np.flatnonzero(~inside):
            beyond = (u[k] > self._table.u_hi) == upper  # the wanted mass is a tail beyond the table
            with mp.workdps(_FALLBACK_DPS):
                tail = float(phase_from_parts(parts_mp(self.nu, self.c, float(y[k]), (self.c,))[0], self.c,
                                              u[k] > self._table.u_hi, 0.0))
            out[k] = tail if beyond else 1.0 - tail
        return out

    def _ppf64(self, q: np.ndarray) -> np.ndarray:
        """Bisection in u on the table's CDF, polished by two Newton steps."""
        a, b = np.full(q.shape, self._table.u_lo), np.full(q.shape, self._table.u_hi)
        for _ in range(64):
            mid = 0.5 * (a + b)
            below = self._table.mass_below(mid) < q
            a, b = np.where(below, mid, a), np.where(below, b, mid)
        u = 0.5 * (a + b)
        for _ in range(2):  # kept in the bisection's bracket (a step next to the table's end could leave it)
            with np.errstate(divide="ignore", invalid="ignore"):
                step = u - (self._table.mass_below(u) - q) / np.exp(self._table.logxp(u))
            u = np.clip(np.where(np.isfinite(step), step, u), a, b)
        return self._map.x(u)

    # ------------------------------------------------------------------ mpmath
    def _logpdf_mp(self, y):
        return mp.log(density_from_parts(parts_mp(self.nu, self.c, y, (self.c, self.c + 1)), self.c))

    def _phase_mass(self, y, upper: bool, estimate: float | None = None):
        if estimate is None and self.c > 1:  # the float64 value fixes the branch of the argument
            estimate = float(self._mass64(np.array([float(y)]), upper)[0])
        return phase_from_parts(parts_mp(self.nu, self.c, y, (self.c,))[0], self.c, upper, estimate)

    def _cdf_mp(self, y):
        return self._phase_mass(y, False)

    def _sf_mp(self, y):
        return self._phase_mass(y, True)

    def _ppf_mp(self, q, start):
        upper = q > 0.5
        target = 1 - q if upper else q
        sign = -1 if upper else 1
        return mp.findroot(lambda x: sign * (self._phase_mass(x, upper) - target), mp.mpf(float(start)),
                           solver="newton", df=lambda x: mp.exp(self._logpdf_mp(x)))

    # ------------------------------------------------------------------ the rest
    def stieltjes(self, z, dps: int | None = None, side: int | None = None):
        r"""Stieltjes transform :math:`s(z) = \int\rho(t)\,dt/(t-z) = -S_{c+1}(z)/S_c(z)`.

        Off the real axis by quadrature of :math:`(z-t)^{-s}\nu(t)`; on the support ``side=±1``
        gives :math:`x\pm i0` from the kernel. ``dps`` as in :meth:`pdf`.
        """
        lo, hi = self.support

        def upper(y):
            if y.imag == 0 and lo < y.real < hi:
                return -_ratio(parts_mp(self.nu, self.c, y.real, (self.c, self.c + 1)), self.c)
            # breakpoints where (z - t)^(-s) peaks (width Im z around Re z) and at the mean of nu
            near = [y.real + k * y.imag for k in (-10, -1, 0, 1, 10)] + [mp.mpf(self.nu.mean)]
            pts = sorted({lo if math.isfinite(lo) else -mp.inf, hi if math.isfinite(hi) else mp.inf}
                         | {t for t in near if lo < t < hi})
            S = [mp.quad(lambda t: (y - t) ** (-s) * self.nu.pdf_mp(t), pts) for s in (self.c, self.c + 1)]
            return -S[1] / S[0]

        return stieltjes_map(self, z, upper, dps, side)

    @functools.cached_property
    def _moment_list(self) -> list:
        return []

    def _moment_standard(self, j: int):
        if len(self._moment_list) <= j:
            values = mk_inverse_moments(self.nu.source, self._exact_c, max(j, 8))
            self._moment_list[:] = [v if not isinstance(v, mp.mpf) else float(v) for v in values]
        return self._moment_list[j]


def _ratio(parts, c):
    r""":math:`S_{c+1}/S_c = G_\mu` from the parts."""
    return _combine(parts[1], c + 1, False) / _combine(parts[0], c, False)


def mk_inverse_density(nu, c: float, x, dps: int | None = None):
    r"""Density of :math:`\mathrm{MK}_c^{-1}(\nu)` at ``x``, signed if it has to be (no positivity check).

    For a finite atomic :math:`\nu = \sum_i w_i\delta_{t_i}` the boundary values are finite sums; the
    result is the density of the continuous part (for :math:`c<1` it is negative on
    :math:`(\min t_i, \max t_i)`: the inverse is a signed measure).

    Examples
    --------
    >>> from htmp_theory.laws.markov_krein import AtomicMeasure
    >>> float(mk_inverse_density(AtomicMeasure([0, 1], [1, 1]), 0.5, 0.5)) < 0
    True
    """
    c = check_positive("c", c)
    nu = as_nu(nu)
    xs = np.atleast_1d(as_float_array("x", x))
    digits = _FALLBACK_DPS if dps is None else check_dps(dps)
    out = []
    for xv in xs:
        with mp.workdps(digits + GUARD_DIGITS):
            if isinstance(nu, AtomicMeasure):
                atoms = [mp.mpf(float(t)) for t in nu.atoms]
                weights = [mp.mpf(float(w)) for w in nu.weights]
                inside = min(atoms) < xv < max(atoms) and all(xv != t for t in atoms)
                value = density_from_parts(atomic_parts(atoms, weights, mp.mpf(xv), (c, c + 1)), c) \
                    if inside else mp.mpf(0)
            elif nu.lo < xv < nu.hi:
                value = density_from_parts(parts_mp(nu, c, mp.mpf(xv), (c, c + 1)), c)
            else:
                value = mp.mpf(0)
        with mp.workdps(digits):
            out.append(+value)
    if dps is None:
        res = np.array([float(v) for v in out]).reshape(np.shape(x))
        return res[()] if res.ndim == 0 else res
    return out[0] if np.ndim(x) == 0 else np.array(out, dtype=object).reshape(np.shape(x))


def mk_inverse(nu_or_moments, c, order: int | None = None):
    r""":math:`\mathrm{MK}_c^{-1}(\nu)`: moments for a moment sequence, otherwise a law object.

    Parameters
    ----------
    nu_or_moments
        A moment sequence (→ :func:`.markov_krein.mk_inverse_moments`), or :math:`\nu` as a package
        law or a frozen continuous ``scipy.stats`` distribution (→ :class:`MKInverseLaw`).
    c
        Coupling :math:`c > 0`.
    order
        Highest moment, for moment input (default: that of the sequence).

    Examples
    --------
    >>> mk_inverse([1, 0, 1, 0, 3], 1)            # N(0, 1) at c = 1: GaussianHT(1)
    [Fraction(1, 1), Fraction(0, 1), Fraction(2, 1), Fraction(0, 1), Fraction(10, 1)]
    >>> from scipy import stats
    >>> law = mk_inverse(stats.norm(), 1.0)
    >>> from htmp_theory import GaussianHT
    >>> abs(float(law.pdf(0.7) / GaussianHT(1.0).pdf(0.7)) - 1) < 1e-11
    True
    """
    if isinstance(nu_or_moments, (Sequence, np.ndarray)) and not isinstance(nu_or_moments, str):
        return mk_inverse_moments(nu_or_moments, c, order)
    return MKInverseLaw(nu_or_moments, c)
