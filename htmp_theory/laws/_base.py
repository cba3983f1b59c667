r"""Common machinery of the law objects (``HTMP``, ``InverseHTMP``, ``MarchenkoPastur``).

A law is defined on the *standard* variable :math:`y = x/\text{scale}` by a few hooks
(log-density and CDF/SF of the continuous part in float64 and in mpmath, the support,
an optional atom at 0); this class turns them into the public ``scipy.stats``-like
methods with array handling, scaling, the ``dps`` switch and quantiles.

Conventions
-----------
* ``dps=None``: numpy in, float64 out (a NumPy scalar for scalar input).
* ``dps=n``: mpmath numbers correct to ``n`` significant digits (an object array for
  array input); the computation runs with guard digits and is rounded to ``n`` digits.
* Outside the support: pdf 0, logpdf ``-inf``, cdf 0 or 1; NaN input gives NaN.
* An atom of mass :math:`w_0` at 0 is part of ``cdf`` (``cdf(0) = w_0``) but not of ``pdf``.
"""
from __future__ import annotations

import abc
import functools
import math
from collections.abc import Callable
from fractions import Fraction

import mpmath as mp
import numpy as np

from .._numerics.quantile import solve_increasing
from ._variates import QuantileTable, scipy_distribution
from .._numerics.validation import (GUARD_DIGITS, as_float_array, as_mpf_point, check_dps, check_int, check_rng,
                                    check_positive, exact_rational, exact_value, to_mpf)

__all__ = ["Law"]

#: log of the smallest normal and of the largest double: the float64 quantiles stay within
_U_FLOAT = (math.log(np.finfo(float).tiny), math.log(np.finfo(float).max))


def _map_mp(name: str, x, func: Callable, dps: int):
    """Apply ``func`` (standard-variable mpmath function) elementwise at ``dps`` digits.

    Points may be of any real type (:func:`~.._numerics.validation.exact_value`); decimal
    strings, Decimals and Fractions are read exactly at the working precision.
    """
    scalar = np.ndim(x) == 0
    items = [x] if scalar else list(np.asarray(x, dtype=object).ravel())
    out = []
    for item in items:
        with mp.workdps(dps + GUARD_DIGITS):
            value = func(as_mpf_point(name, item))
        with mp.workdps(dps):
            out.append(+value)
    if scalar:
        return out[0]
    res = np.empty(len(out), dtype=object)
    res[:] = out
    return res.reshape(np.shape(x))


def _clip01(p):
    """A probability clipped to [0, 1] (rounding may leave it an ulp outside); NaN stays NaN."""
    if isinstance(p, mp.mpf):
        return min(max(p, mp.mpf(0)), mp.mpf(1))
    return np.clip(p, 0.0, 1.0)


class Law(abc.ABC):
    """Base class of the laws: see the module docstring for the conventions."""

    #: Mass of the atom at 0 (standard variable).
    atom: float = 0.0
    #: Most decimal digits the ``dps`` paths can deliver (``None``: unlimited).  Laws known
    #: only numerically to a tolerance set it, and larger requests raise ``ValueError``.
    max_dps: int | None = None

    def _check_dps(self, dps) -> int:
        """Validate a ``dps`` request against :func:`check_dps` and :attr:`max_dps`."""
        dps = check_dps(dps)
        if self.max_dps is not None and dps > self.max_dps:
            raise ValueError(f"dps must lie in [1, {self.max_dps}] for {self!r}: it is known only to "
                             f"about {self.max_dps} digits, got {dps}")
        return dps

    def __init__(self, scale=1) -> None:
        self.scale = check_positive("scale", scale)
        #: the scale as given, kept exact (Fraction) for exact moments and the dps paths
        exact = exact_rational(scale, "scale")
        self._exact_scale = exact if isinstance(exact, Fraction) else self.scale

    def _mp_scale(self):
        """The scale at the working precision (exact input read exactly)."""
        return to_mpf(self._exact_scale)

    # ------------------------------------------------------------------ hooks
    @property
    @abc.abstractmethod
    def support(self) -> tuple[float, float]:
        """Support of the continuous part, for ``scale = 1``."""

    @abc.abstractmethod
    def _logpdf64(self, y: np.ndarray) -> np.ndarray:
        """Log-density at interior points ``y`` of the support (float64)."""

    @abc.abstractmethod
    def _mass64(self, y: np.ndarray, upper: bool) -> np.ndarray:
        """Mass of the continuous part below (``upper=False``) or above interior points ``y``."""

    @abc.abstractmethod
    def _logpdf_mp(self, y):
        """Log-density at an interior point (mpmath, working precision)."""

    @abc.abstractmethod
    def _cdf_mp(self, y):
        """Continuous mass below an interior point (mpmath)."""

    @abc.abstractmethod
    def _sf_mp(self, y):
        """Continuous mass above an interior point (mpmath)."""

    def _edge_pdf(self, y: float) -> float:
        """Density at an end point of the support (its one-sided limit); 0 by default."""
        return 0.0

    def _edge_pdf_mp(self, y):
        """:meth:`_edge_pdf` at the working precision (laws with a nonzero finite limit override)."""
        return mp.mpf(self._edge_pdf(float(y)))

    # ---------------------------------------------------------- float64 paths
    def _float_path(self, x, interior: Callable, below, above, edge: Callable):
        y = as_float_array("x", x) / self.scale
        lo, hi = self.support
        out = np.full(y.shape, np.nan)
        inside = (y > lo) & (y < hi)
        if np.any(inside):
            out[inside] = interior(y[inside])
        under, over = (y < lo) | np.isneginf(y), (y > hi) | np.isposinf(y)
        out[under] = below(y[under]) if callable(below) else below
        out[over] = above
        for e in {lo, hi}:
            if np.isfinite(e) and np.any(y == e):
                out[y == e] = edge(e)
        return out[()] if out.ndim == 0 else out

    def _support_mp(self):
        """The support at the working precision (laws whose end points are not doubles override)."""
        return self.support

    def _mp_path(self, x, interior: Callable, below, above, edge: Callable, dps) -> object:
        dps = self._check_dps(dps)

        def func(xv):
            lo, hi = self._support_mp()
            y = xv / self._mp_scale()
            if mp.isnan(y):
                return mp.nan
            if lo < y < hi:
                return interior(y)
            if mp.isinf(y):
                return above if y > 0 else (below(y) if callable(below) else below)
            if y == lo or y == hi:
                return edge(y)
            if y > hi:
                return above
            return below(y) if callable(below) else below

        return _map_mp("x", x, func, dps)

    # ---------------------------------------------------------------- public
    def pdf(self, x, dps: int | None = None):
        r"""Probability density :math:`p(x)` of the continuous part.

        Parameters
        ----------
        x : array_like
            Points.  Outside the support the density is 0.
        dps : int, optional
            Decimal digits: return mpmath numbers correct to ``dps`` digits instead
            of float64.
        """
        if dps is None:
            return self._float_path(
                x, lambda y: np.exp(self._logpdf64(y)) / self.scale, 0.0, 0.0,
                lambda e: self._edge_pdf(e) / self.scale)
        return self._mp_path(x, lambda y: mp.exp(self._logpdf_mp(y)) / self._mp_scale(), mp.mpf(0), mp.mpf(0),
                             lambda e: self._edge_pdf_mp(e) / self._mp_scale(), dps)

    def logpdf(self, x, dps: int | None = None):
        """Natural logarithm of :meth:`pdf` (``-inf`` outside the support)."""
        if dps is None:
            return self._float_path(
                x, lambda y: self._logpdf64(y) - math.log(self.scale), -np.inf, -np.inf,
                lambda e: np.log(self._edge_pdf(e) / self.scale) if self._edge_pdf(e) > 0 else -np.inf)
        def log_density(y):
            value = self._logpdf_mp(y) - mp.log(self._mp_scale())
            if 0 < abs(value) < 1:  # near a zero of log p: keep the digits relative to the value
                with mp.workdps(mp.mp.dps + int(-mp.log10(abs(value))) + 2):
                    value = self._logpdf_mp(y) - mp.log(self._mp_scale())
            return value

        return self._mp_path(x, log_density, mp.ninf, mp.ninf,
                             lambda e: mp.log(self._edge_pdf_mp(e) / self._mp_scale()), dps)

    def cdf(self, x, dps: int | None = None):
        r"""Cumulative distribution function :math:`P(X \le x)` (atom at 0 included)."""
        lo, hi = self.support
        if dps is None:
            return _clip01(self._float_path(
                x, lambda y: self.atom + self._mass64(y, False), lambda y: np.where(y >= 0, self.atom, 0.0), 1.0,
                lambda e: self.atom if e == lo else 1.0))
        return self._mp_path(x, lambda y: _clip01(self._atom_mp() + self._cdf_mp(y)),
                             lambda y: self._atom_mp() if y >= 0 else mp.mpf(0), mp.mpf(1),
                             lambda e: self._atom_mp() if e == self._support_mp()[0] else mp.mpf(1), dps)

    def sf(self, x, dps: int | None = None):
        r"""Survival function :math:`P(X > x) = 1 - F(x)`, accurate deep in the upper tail."""
        lo, hi = self.support
        if dps is None:
            return _clip01(self._float_path(
                x, lambda y: self._mass64(y, True), lambda y: np.where(y >= 0, 1.0 - self.atom, 1.0), 0.0,
                lambda e: 1.0 - self.atom if e == lo else 0.0))
        return self._mp_path(x, lambda y: _clip01(self._sf_mp(y)),
                             lambda y: 1 - self._atom_mp() if y >= 0 else mp.mpf(1), mp.mpf(0),
                             lambda e: 1 - self._atom_mp() if e == self._support_mp()[0] else mp.mpf(0), dps)

    def ppf(self, q, dps: int | None = None):
        r"""Quantile function: the smallest :math:`x` with :math:`F(x) \ge q`.

        ``q`` must lie in [0, 1] (``ValueError`` otherwise).  Quantiles at or below
        the atom at 0 are 0; ``ppf(1)`` is the upper end of the support.
        """
        qa = as_float_array("q", q)
        flat = qa.ravel()
        if np.any(np.isnan(flat)) or np.any((flat < 0) | (flat > 1)):
            raise ValueError("q must lie in [0, 1]")
        lo, hi = self.support
        bottom = 0.0 if self.atom > 0 else lo  # ppf(q) for q <= atom: the atom at 0, or the lower end
        x64 = np.where(flat <= self.atom, bottom, hi)
        mid = (flat > self.atom) & (flat < 1)
        if np.any(mid):
            x64[mid] = self._ppf64(flat[mid])
        if dps is None:
            out = (x64 * self.scale).reshape(qa.shape)
            return out[()] if out.ndim == 0 else out
        dps = self._check_dps(dps)
        qs = list(np.asarray(q, dtype=object).ravel())
        res = []
        for qi, start, is_mid in zip(qs, x64, mid):
            # 1 - q must keep dps digits: carry as many more digits as it has leading zeros
            gap = exact_value("q", qi, allow_inf=True, allow_nan=True)
            gap = 1 - gap if isinstance(gap, Fraction) else 1
            extra = max(0, len(str(gap.denominator)) - len(str(gap.numerator))) if 0 < gap < 1 else 0
            with mp.workdps(dps + GUARD_DIGITS + extra):
                qm = as_mpf_point("q", qi)
                if not 0 <= qm <= 1:
                    raise ValueError(f"q must lie in [0, 1], got {qi!r}")
                atom = self._atom_mp()
                if not is_mid and atom < qm < 1:  # q within a rounding error of the atom or of 1
                    inner = np.clip(float(qm), np.nextafter(self.atom, 1.0), np.nextafter(1.0, 0.0))
                    is_mid, start = True, float(self._ppf64(np.array([inner]))[0])
                if is_mid and atom < qm < 1:
                    value = self._ppf_mp(qm, mp.mpf(start))
                else:
                    value = mp.mpf(bottom if qm <= atom else hi)
                value *= self._mp_scale()
            with mp.workdps(dps):
                res.append(+value)
        if np.ndim(q) == 0:
            return res[0]
        out = np.empty(len(res), dtype=object)
        out[:] = res
        return out.reshape(np.shape(q))

    def _ppf64(self, q: np.ndarray) -> np.ndarray:
        """Quantiles of the standard variable for ``atom < q < 1`` (safeguarded Newton in log y).

        Below the median the CDF is solved, above it the survival function (whose relative
        accuracy survives as q -> 1); the bracket comes from the matching grid of masses,
        extended to the support's ends (or the float64 range).  Quantiles below the
        smallest normal double are returned as 0 (underflow).
        """
        grid, F, S = self._ppf_bracket
        lo, hi = self.support
        u_min = math.log(lo) if lo > 0 else _U_FLOAT[0]
        u_max = math.log(hi) if hi < math.inf else _U_FLOAT[1]
        ends = np.concatenate([[u_min], grid, [u_max]])
        upper = q > 0.5
        target = np.where(upper, 1.0 - q, q - self.atom)
        # j = number of grid masses on the wrong side of the target: the root is in ends[j : j + 2]
        j = np.where(upper, len(grid) - np.searchsorted(S[::-1], target, side="right"),
                     np.searchsorted(F, target))
        a, b = ends[j], ends[j + 1]
        u = 0.5 * (a + b)
        for _ in range(200):
            resid = np.empty_like(u)  # increasing in u
            resid[upper] = target[upper] - self._mass64(np.exp(u[upper]), True)
            resid[~upper] = self._mass64(np.exp(u[~upper]), False) - target[~upper]
            a = np.where(resid < 0, u, a)
            b = np.where(resid > 0, u, b)
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                step = resid / np.exp(self._logpdf64(np.exp(u)) + u)
            new = u - step
            bad = ~np.isfinite(new) | (new <= a) | (new >= b)
            new = np.where(bad, 0.5 * (a + b), new)
            if np.all(np.abs(new - u) <= 4e-16 * np.maximum(1.0, np.abs(u))):
                u = new
                break
            u = new
        y = np.exp(u)
        under = ~upper & (j == 0) & (lo == 0)
        if np.any(under):  # the root may lie below the float64 range: then it underflows to 0
            y[under & (self._mass64(np.array([math.exp(u_min)]), False)[0] >= target)] = 0.0
        return y

    def _ppf_grid(self) -> np.ndarray:
        """Grid in log y for the quantile brackets (laws may override; within the float64 range)."""
        lo, hi = self.support
        u_lo = math.log(lo) if lo > 0 else _U_FLOAT[0]
        u_hi = math.log(hi) if np.isfinite(hi) else _U_FLOAT[1]
        return np.linspace(u_lo, u_hi, 4001)

    @functools.cached_property
    def _ppf_bracket(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The grid of :meth:`_ppf_grid` and the continuous masses below and above its points."""
        grid = self._ppf_grid()
        return grid, self._mass64(np.exp(grid), False), self._mass64(np.exp(grid), True)

    def _atom_mp(self):
        """Mass of the atom at 0 at the working precision (laws with an atom override)."""
        return mp.mpf(self.atom)

    def _ppf_mp(self, q, start):
        """Quantile at the working precision: safeguarded Newton on the log mass ratio in log y
        (:func:`~.._numerics.quantile.solve_increasing`), started at the float64 quantile
        ``start`` when it is usable (0 < start < inf).

        The iteration runs with as many more digits as log y has digits before the point,
        so that y = e^u keeps its relative accuracy.
        """
        atom = self._atom_mp()
        upper = q > (1 + atom) / 2
        target = 1 - q if upper else q - atom
        lo, hi = self.support

        def residual(u):
            y = mp.exp(u)
            if not lo < y < hi:
                return (mp.ninf if y <= lo else mp.inf), mp.nan
            mass = self._sf_mp(y) if upper else self._cdf_mp(y)
            if not mass > 0:
                return (mp.inf if upper else mp.ninf), mp.nan
            slope = mp.exp(self._logpdf_mp(y) + u) / mass
            return (mp.log(target / mass) if upper else mp.log(mass / target)), slope

        bounds = (mp.log(lo) if lo > 0 else None, mp.log(hi) if hi < mp.inf else None)
        if 0 < start < mp.inf:
            u = mp.log(start)
        else:
            u = mp.log((lo + hi) / 2) if hi < mp.inf else mp.mpf(0)
        for _ in range(2):  # a second pass once the size of log y is known
            extra = int(mp.log10(1 + abs(u))) + 1
            with mp.workdps(mp.mp.dps + extra):
                u = solve_increasing(residual, u, *bounds)
        return mp.exp(u)

    # ----------------------------------------------------- random variates
    @functools.cached_property
    def _variate_table(self) -> QuantileTable:
        """Quantile table of the continuous part, built on the first call of :meth:`rvs`."""
        return QuantileTable(self)

    def _variates(self, u: np.ndarray) -> np.ndarray:
        """Variates from uniforms ``u`` in [0, 1) (any shape)."""
        u = np.asarray(u, dtype=float)
        return (self._variate_table.sample(u.ravel()) * self.scale).reshape(u.shape)

    def rvs(self, size=None, rng=None):
        r"""Random variates by inversion of a quantile table (float64).

        The table (2049 logit nodes of the float64 quantile function with exact slopes,
        built once per law object: see :mod:`htmp_theory.laws._variates`) reproduces ``ppf``
        to about 1e-9 relative, so the variates follow the law to that accuracy; after the
        set-up a draw costs well under a microsecond.  The atom at 0 (γ > 1) is drawn with its
        mass.

        Parameters
        ----------
        size : int or tuple of int, optional
            Output shape (``None``: one float).
        rng : numpy.random.Generator, int or None
            Random generator or seed (:func:`~htmp_theory._numerics.validation.check_rng`).

        Examples
        --------
        >>> from htmp_theory import MarchenkoPastur
        >>> x = MarchenkoPastur(0.25).rvs(100_000, rng=1)
        >>> bool(abs(x.mean() - 1) < 0.01)
        True
        """
        rng = check_rng(rng)
        if size is not None:
            size = (check_int("size", size),) if np.ndim(size) == 0 else tuple(check_int("size", n) for n in size)
        out = self._variates(rng.random(size))
        return float(out) if size is None else out

    def to_scipy(self):
        r"""This law as a ``scipy.stats.rv_continuous`` instance (support ``scale`` × :attr:`support`).

        Its ``pdf``, ``cdf``, ``sf``, ``ppf`` and ``rvs`` are this law's (the ``loc`` and
        ``scale`` arguments of scipy apply on top), so ``scipy.stats.goodness_of_fit``
        (with ``known_params={"loc": 0, "scale": 1}``), ``probplot``, ``kstest`` and the
        like work; call it (``law.to_scipy()()``) for a frozen distribution.  A law with an
        atom (HTMP with γ > 1) is refused (``ValueError``).

        Examples
        --------
        >>> from scipy import stats
        >>> from htmp_theory import MarchenkoPastur
        >>> dist = MarchenkoPastur(0.25).to_scipy()
        >>> round(float(dist.cdf(1.0)), 6) == round(float(MarchenkoPastur(0.25).cdf(1.0)), 6)
        True
        >>> bool(stats.kstest(dist.rvs(size=2000, random_state=3), dist.cdf).pvalue > 0.001)
        True
        """
        return scipy_distribution(self)

    # -------------------------------------------------------------- moments
    @abc.abstractmethod
    def _moment_standard(self, j: int):
        """:math:`E[Y^j]` of the standard variable (exact where possible)."""

    def moment(self, j: int):
        r"""Raw moment :math:`E[X^j]` (the atom at 0 contributes nothing for j ≥ 1).

        Exact (``fractions.Fraction``) when the parameters and the scale are given exactly
        (ints, Fractions, Decimals, strings or mpf: see :doc:`precision`), otherwise a float.
        A scale equal to 1 (the default, also as ``1.0``) leaves exact moments exact.
        """
        j = check_int("j", j, minimum=0)
        m = self._moment_standard(j)
        return m if self._exact_scale == 1 else m * self._exact_scale**j

    def moments(self, order: int) -> list:
        r"""Raw moments :math:`E[X^j]`, ``j = 0..order`` (exact as :meth:`moment`)."""
        order = check_int("order", order, minimum=0)
        return [self.moment(j) for j in range(order + 1)]

    def mean(self):
        """Mean :math:`E[X]`."""
        return self.moment(1)

    def var(self):
        """Variance :math:`E[X^2] - E[X]^2`."""
        return self.moment(2) - self.moment(1) ** 2

    def std(self) -> float:
        """Standard deviation."""
        return math.sqrt(float(self.var()))
