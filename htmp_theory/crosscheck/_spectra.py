"""Pooled samples, per-replicate empirical CDFs and a tabulated law CDF.

``samples`` are spectra with one replicate per row (shape ``(reps, n)``; a 1-D array
is one replicate).  Replicates are independent, eigenvalues within a replicate are
not: every standard error in :mod:`htmp_theory.crosscheck` that can use the spread
*between* replicates does so.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.interpolate import CubicHermiteSpline, PchipInterpolator

__all__ = ["Spectra", "as_spectra", "law_cdf_at"]

#: Number of exact CDF evaluations used to tabulate a law for large samples.
DEFAULT_GRID = 2048
#: Extra nodes in each of the two extreme cells of the quantile grid.
EDGE_NODES = 64


@dataclass(frozen=True)
class Spectra:
    """Replicated spectra, rows = independent replicates."""

    values: np.ndarray

    @property
    def reps(self) -> int:
        return self.values.shape[0]

    @cached_property
    def pooled(self) -> np.ndarray:
        """All eigenvalues, sorted."""
        return np.sort(self.values, axis=None)

    def grid(self, size: int) -> np.ndarray:
        """``size`` pooled-sample quantiles (including min and max), unique and sorted."""
        if self.pooled.size <= size:
            return np.unique(self.pooled)
        return np.unique(np.quantile(self.pooled, np.linspace(0, 1, size)))

    def ecdf_rows(self, points: np.ndarray) -> np.ndarray:
        """Empirical CDF of every replicate at ``points``: shape (reps, len(points))."""
        rows = np.sort(self.values, axis=1)
        counts = np.stack([np.searchsorted(row, points, side="right") for row in rows])
        return counts / rows.shape[1]


def as_spectra(samples, name: str = "samples") -> Spectra:
    """Check ``samples`` (finite reals, 1-D or 2-D, at least 2 values) and wrap them.

    Examples
    --------
    >>> as_spectra([1.0, 2.0, 3.0]).values.shape
    (1, 3)
    >>> as_spectra([[1.0, float("nan")]])
    Traceback (most recent call last):
    ...
    ValueError: samples must be finite: 1 NaN/inf value(s) at flat positions [1]
    """
    try:
        arr = np.asarray(samples, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of real numbers: {exc}") from None
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty array of shape (reps, n) or (n,), got shape {arr.shape}")
    if arr.shape[1] < 2:
        raise ValueError(f"{name} must hold at least 2 eigenvalues per replicate, got shape {arr.shape}")
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise ValueError(f"{name} must be finite: {bad.size} NaN/inf value(s) at flat positions "
                         f"{bad[:5].tolist()}{' ...' if bad.size > 5 else ''}")
    return Spectra(arr)


def law_cdf_at(law, spectra: Spectra, grid_size: int = DEFAULT_GRID):
    r"""Return a vectorised CDF of ``law`` accurate on the range of the samples.

    When the pooled sample has more than ``grid_size`` points the law is evaluated
    exactly only on ``grid_size`` sample quantiles and interpolated in between: a
    cubic Hermite spline using ``law.pdf`` as derivative when the law has one
    (error :math:`O(h^4)`), else a monotone PCHIP, in the variable :math:`\log x`
    when all samples are positive; the result is clipped to [0, 1].  Zeros and
    subnormal values (underflow) are evaluated exactly.
    """
    if not callable(getattr(law, "cdf", None)):
        raise TypeError(f"law must have a vectorised cdf method, got {type(law).__name__}")
    nodes = spectra.grid(grid_size)
    if nodes.size == spectra.pooled.size or nodes.size < 2:
        return lambda x: np.asarray(law.cdf(x), dtype=float)
    if nodes[0] >= 0:
        # zeros / subnormals (underflow of a law with mass near 0, e.g. HTMP at tiny kappa):
        # below the smallest normal double the law is evaluated exactly, not interpolated
        positive = nodes[nodes >= np.finfo(float).tiny]
        if positive.size >= 2:
            nodes = positive
    # positive support: interpolate in u = log x, where algebraic edges x^a become smooth
    log_scale = nodes[0] > 0
    # the extreme quantile cells can be wide (sparse tails): refine them
    spacing = np.geomspace if log_scale else np.linspace
    nodes = np.unique(np.concatenate([nodes, spacing(nodes[0], nodes[1], EDGE_NODES),
                                      spacing(nodes[-2], nodes[-1], EDGE_NODES)]))
    values = np.asarray(law.cdf(nodes), dtype=float)
    coords = np.log(nodes) if log_scale else nodes
    transform = np.log if log_scale else (lambda x: x)
    slopes = np.asarray(law.pdf(nodes), dtype=float) if callable(getattr(law, "pdf", None)) else None
    if slopes is not None and np.all(np.isfinite(slopes)):
        spline = CubicHermiteSpline(coords, values, slopes * nodes if log_scale else slopes, extrapolate=False)
    else:
        spline = PchipInterpolator(coords, values, extrapolate=False)
    return lambda x: _clipped(spline, transform, x, nodes, law)


def _clipped(spline, transform, x, nodes: np.ndarray, law) -> np.ndarray:
    """Spline inside [nodes[0], nodes[-1]], the exact law outside (rarely needed)."""
    x = np.asarray(x, dtype=float)
    flat = x.ravel()
    inside = (flat >= nodes[0]) & (flat <= nodes[-1])
    out = np.zeros_like(flat)
    out[inside] = np.clip(spline(transform(flat[inside])), 0.0, 1.0)
    outside = (flat < nodes[0]) | (flat > nodes[-1])
    if np.any(outside):
        out[outside] = law.cdf(flat[outside])
    return out.reshape(x.shape)
