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

from .._numerics.validation import GUARD_DIGITS, check_dps, check_int, check_positive, exact_rational

__all__ = ["Law"]


def _as_float_array(name: str, x) -> np.ndarray:
    arr = np.asarray(x)
    if arr.dtype == object:
        try:
            arr = arr.astype(float)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} must be real numbers") from exc
    if np.iscomplexobj(arr) or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must be real numbers, got dtype {arr.dtype}")
    return arr.astype(float)


def _map_mp(name: str, x, func: Callable, dps: int):
    """Apply ``func`` (standard-variable mpmath function) elementwise at ``dps`` digits."""
    scalar = np.ndim(x) == 0
    items = [x] if scalar else list(np.asarray(x, dtype=object).ravel())
    out = []
    for item in items:
        if isinstance(item, (complex, mp.mpc)) or not isinstance(item, (int, float, np.number, mp.mpf, str)):
            raise TypeError(f"{name} must be real numbers, got {type(item).__name__}")
        with mp.workdps(dps + GUARD_DIGITS):
            value = func(mp.mpf(item))
        with mp.workdps(dps):
            out.append(+value)
    if scalar:
        return out[0]
    res = np.empty(len(out), dtype=object)
    res[:] = out
    return res.reshape(np.shape(x))


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

    def __init__(self, scale: float = 1.0) -> None:
        self.scale = check_positive("scale", scale)
        #: the scale as given, kept exact (Fraction) for exact moments
        exact = exact_rational(scale)
        self._exact_scale = exact if isinstance(exact, Fraction) else self.scale

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

    # ---------------------------------------------------------- float64 paths
    def _float_path(self, x, interior: Callable, below, above, edge: Callable):
        y = _as_float_array("x", x) / self.scale
        lo, hi = self.support
        out = np.full(y.shape, np.nan)
        inside = (y > lo) & (y < hi)
        if np.any(inside):
            out[inside] = interior(y[inside])
        under, over = y < lo, (y > hi) | np.isposinf(y)
        out[under] = below(y[under]) if callable(below) else below
        out[over] = above
        for e in {lo, hi}:
            if np.isfinite(e) and np.any(y == e):
                out[y == e] = edge(e)
        return out[()] if out.ndim == 0 else out

    def _mp_path(self, x, interior: Callable, below, above, edge: Callable, dps) -> object:
        dps = self._check_dps(dps)
        lo, hi = self.support

        def func(xv):
            y = xv / self.scale
            if mp.isnan(y):
                return mp.nan
            if lo < y < hi:
                return interior(y)
            if y == mp.inf:
                return above
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
        return self._mp_path(x, lambda y: mp.exp(self._logpdf_mp(y)) / self.scale, mp.mpf(0), mp.mpf(0),
                             lambda e: mp.mpf(self._edge_pdf(float(e))) / self.scale, dps)

    def logpdf(self, x, dps: int | None = None):
        """Natural logarithm of :meth:`pdf` (``-inf`` outside the support)."""
        if dps is None:
            return self._float_path(
                x, lambda y: self._logpdf64(y) - math.log(self.scale), -np.inf, -np.inf,
                lambda e: np.log(self._edge_pdf(e) / self.scale) if self._edge_pdf(e) > 0 else -np.inf)
        return self._mp_path(x, lambda y: self._logpdf_mp(y) - mp.log(self.scale), mp.ninf, mp.ninf,
                             lambda e: mp.log(mp.mpf(self._edge_pdf(float(e))) / self.scale), dps)

    def cdf(self, x, dps: int | None = None):
        r"""Cumulative distribution function :math:`P(X \le x)` (atom at 0 included)."""
        lo, hi = self.support
        if dps is None:
            return self._float_path(
                x, lambda y: self.atom + self._mass64(y, False), lambda y: np.where(y >= 0, self.atom, 0.0), 1.0,
                lambda e: self.atom if e == lo else 1.0)
        return self._mp_path(x, lambda y: self.atom + self._cdf_mp(y),
                             lambda y: mp.mpf(self.atom) if y >= 0 else mp.mpf(0), mp.mpf(1),
                             lambda e: mp.mpf(self.atom) if e == lo else mp.mpf(1), dps)

    def sf(self, x, dps: int | None = None):
        r"""Survival function :math:`P(X > x) = 1 - F(x)`, accurate deep in the upper tail."""
        lo, hi = self.support
        if dps is None:
            return self._float_path(
                x, lambda y: self._mass64(y, True), lambda y: np.where(y >= 0, 1.0 - self.atom, 1.0), 0.0,
                lambda e: 1.0 - self.atom if e == lo else 0.0)
        return self._mp_path(x, self._sf_mp, lambda y: 1 - mp.mpf(self.atom) if y >= 0 else mp.mpf(1), mp.mpf(0),
                             lambda e: 1 - mp.mpf(self.atom) if e == lo else mp.mpf(0), dps)

    def ppf(self, q, dps: int | None = None):
        r"""Quantile function: the smallest :math:`x` with :math:`F(x) \ge q`.

        ``q`` must lie in [0, 1] (``ValueError`` otherwise).  Quantiles at or below
        the atom at 0 are 0; ``ppf(1)`` is the upper end of the support.
        """
        qa = _as_float_array("q", q) if dps is None else np.asarray(q, dtype=object)
        flat = np.asarray(qa, dtype=float).ravel()
        if np.any(np.isnan(flat)) or np.any((flat < 0) | (flat > 1)):
            raise ValueError("q must lie in [0, 1]")
        lo, hi = self.support
        x64 = np.where(flat <= self.atom, lo, hi)
        mid = (flat > self.atom) & (flat < 1)
        if np.any(mid):
            x64[mid] = self._ppf64(flat[mid])
        if dps is None:
            out = (x64 * self.scale).reshape(np.shape(qa))
            return out[()] if out.ndim == 0 else out
        dps = self._check_dps(dps)
        qs = list(np.asarray(q, dtype=object).ravel())
        res = []
        for qi, start, is_mid in zip(qs, x64, mid):
            with mp.workdps(dps + GUARD_DIGITS):
                value = self._ppf_mp(mp.mpf(qi), mp.mpf(start)) if is_mid else mp.mpf(start)
                value *= self.scale
            with mp.workdps(dps):
                res.append(+value)
        if np.ndim(q) == 0:
            return res[0]
        out = np.empty(len(res), dtype=object)
        out[:] = res
        return out.reshape(np.shape(q))

    def _ppf64(self, q: np.ndarray) -> np.ndarray:
        """Quantiles of the standard variable for ``atom < q < 1`` (safeguarded Newton in log y)."""
        grid, F = self._ppf_bracket
        j = np.clip(np.searchsorted(F, q), 1, len(grid) - 1)
        a, b = grid[j - 1], grid[j]
        upper = q > 0.5
        target = np.where(upper, 1.0 - q, q - self.atom)
        u = 0.5 * (a + b)
        for _ in range(100):
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
        # quantiles below the start of the grid underflow (y < 1e-308): float64 0
        return np.where(q - self.atom < F[0] - self.atom, 0.0, np.exp(u))

    def _ppf_grid(self) -> np.ndarray:
        """Grid in log y bracketing all quantiles (laws may override)."""
        lo, hi = self.support
        u_lo = math.log(lo) if lo > 0 else -745.0
        u_hi = math.log(hi) if np.isfinite(hi) else 709.0
        return np.linspace(u_lo, u_hi, 4001)

    @functools.cached_property
    def _ppf_bracket(self) -> tuple[np.ndarray, np.ndarray]:
        """The grid of :meth:`_ppf_grid` and the CDF on it, computed once per law."""
        grid = self._ppf_grid()
        return grid, self.atom + self._mass64(np.exp(grid), False)

    def _ppf_mp(self, q, start):
        """Newton's method in log x on the mpmath CDF from a float64 starting point."""
        if not 0 < start < mp.inf:
            start = self._small_quantile_mp(q)
        u = mp.log(start)
        for _ in range(100):
            x = mp.exp(u)
            if q > 0.5:
                resid = (1 - q) - self._sf_mp(x)
            else:
                resid = self.atom + self._cdf_mp(x) - q
            step = resid / mp.exp(self._logpdf_mp(x) + u)
            u -= step
            if abs(step) <= (1 + abs(u)) * mp.eps * 8:
                return mp.exp(u)
        raise ArithmeticError("ppf: Newton iteration did not converge")  # pragma: no cover

    def _small_quantile_mp(self, q):
        """Starting point for quantiles that underflow float64 (laws with such tails override)."""
        raise ArithmeticError(f"no starting point for the quantile at q = {q}")

    # -------------------------------------------------------------- moments
    @abc.abstractmethod
    def _moment_standard(self, j: int):
        """:math:`E[Y^j]` of the standard variable (exact where possible)."""

    def moment(self, j: int):
        r"""Raw moment :math:`E[X^j]` (the atom at 0 contributes nothing for j ≥ 1).

        Exact (``fractions.Fraction``) when γ, κ and scale are given as Python ints or
        Fractions, otherwise a float.
        """
        j = check_int("j", j, minimum=0)
        return self._moment_standard(j) * self._exact_scale**j

    def mean(self):
        """Mean :math:`E[X]`."""
        return self.moment(1)

    def var(self):
        """Variance :math:`E[X^2] - E[X]^2`."""
        return self.moment(2) - self.moment(1) ** 2

    def std(self) -> float:
        """Standard deviation."""
        return math.sqrt(float(self.var()))
