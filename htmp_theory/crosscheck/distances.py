r"""Distances between replicated spectra and a law: KS, Cramér–von Mises, Wasserstein-1.

For the pooled sample of :math:`N` eigenvalues with empirical CDF :math:`F_N`:

* Kolmogorov–Smirnov :math:`D = \sup_x |F_N(x) - F(x)|`;
* Cramér–von Mises :math:`\omega^2 = \int (F_N - F)^2\,dF` (scipy's statistic is
  :math:`N\omega^2`);
* Wasserstein-1 :math:`W_1 = \int |F_N - F|\,dx` over the sample range
  :math:`[x_{(1)}, x_{(N)}]` (the two tails outside it add :math:`O(1/N)` mass times a
  tail length), with :math:`F` linear between consecutive order statistics.

Two p-values are reported.  ``p_iid`` is the classical asymptotic one, which treats
the :math:`N` eigenvalues as independent (they are not: spectra are rigid, which makes
it conservative at fixed β).  ``p_replicates`` uses only the independence of the
replicates: the mean empirical CDF :math:`\bar F = \frac1R\sum_r F_{n,r}` is an average
of :math:`R` i.i.d. random functions, and resampling replicates with replacement gives
the law of :math:`\bar F^* - \bar F` (bootstrap), against which the same functional of
:math:`\bar F - F` on a grid of sample quantiles is compared.  A limiting law is
rejected when the finite-n bias (of order 1/n) exceeds the replicate noise.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import stats
from scipy.integrate import trapezoid

from ._spectra import Spectra

__all__ = ["DistanceResult", "distances", "esd_bias_l2", "wasserstein1", "MIN_BOOTSTRAP_REPS"]

#: Fewest replicates for which the replicate bootstrap is attempted.
MIN_BOOTSTRAP_REPS = 10
#: Sample quantiles on which the bootstrap compares the mean ESD with the law.
BOOTSTRAP_GRID = 512


@dataclass(frozen=True)
class DistanceResult:
    """One distance with its two p-values (NaN where not available)."""

    name: str
    value: float
    p_replicates: float
    p_iid: float


def wasserstein1(pooled: np.ndarray, cdf_values: np.ndarray) -> float:
    r""":math:`\int_{x_{(1)}}^{x_{(N)}} |F_N - F|\,dx`, F linear between order statistics.

    Examples
    --------
    >>> x = np.array([0.0, 1.0])
    >>> wasserstein1(x, np.array([0.0, 1.0]))   # F_N = 1/2 on [0, 1), F(x) = x
    0.25
    """
    n = pooled.size
    dx = np.diff(pooled)
    level = np.arange(1, n) / n                 # F_N on [x_(i), x_(i+1))
    f0, f1 = cdf_values[:-1], cdf_values[1:]
    lo, hi = np.minimum(f0, f1), np.maximum(f0, f1)
    span = hi - lo
    outside = np.abs(level - (f0 + f1) / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        inside = ((level - lo) ** 2 + (hi - level) ** 2) / (2 * span)
    crossing = (level > lo) & (level < hi) & (span > 0)
    return float(np.sum(dx * np.where(crossing, inside, outside)))


def _grid_functionals(diff: np.ndarray, points: np.ndarray) -> dict[str, np.ndarray]:
    """KS, CvM and W1 functionals of ``F_bar - F`` on grid ``points`` (last axis)."""
    absdiff = np.abs(diff)
    return {
        "Kolmogorov-Smirnov": absdiff.max(axis=-1),
        "Cramer-von Mises": (diff**2).mean(axis=-1),
        "Wasserstein-1": trapezoid(absdiff, points, axis=-1),
    }


def _replicate_bootstrap(spectra: Spectra, cdf: Callable, bootstrap: int,
                         rng: np.random.Generator) -> dict[str, float]:
    points = spectra.grid(BOOTSTRAP_GRID)
    rows = spectra.ecdf_rows(points)
    mean = rows.mean(axis=0)
    observed = _grid_functionals(mean - cdf(points), points)
    weights = rng.multinomial(spectra.reps, np.full(spectra.reps, 1 / spectra.reps), size=bootstrap)
    replicated = _grid_functionals(weights @ rows / spectra.reps - mean, points)
    return {k: float((1 + np.sum(replicated[k] >= observed[k])) / (bootstrap + 1)) for k in observed}


def distances(spectra: Spectra, cdf: Callable, *, bootstrap: int,
              rng: np.random.Generator) -> list[DistanceResult]:
    """KS, Cramér–von Mises (ω²) and Wasserstein-1 distances with their p-values."""
    pooled = spectra.pooled
    ks = stats.kstest(pooled, cdf, method="asymp")
    cvm = stats.cramervonmises(pooled, cdf)
    w1 = wasserstein1(pooled, cdf(pooled))
    p_rep = (_replicate_bootstrap(spectra, cdf, bootstrap, rng)
             if spectra.reps >= MIN_BOOTSTRAP_REPS and bootstrap > 0 else {})
    nan = float("nan")
    return [
        DistanceResult("Kolmogorov-Smirnov", float(ks.statistic), p_rep.get("Kolmogorov-Smirnov", nan),
                       float(ks.pvalue)),
        DistanceResult("Cramer-von Mises", float(cvm.statistic) / pooled.size,
                       p_rep.get("Cramer-von Mises", nan), float(cvm.pvalue)),
        DistanceResult("Wasserstein-1", w1, p_rep.get("Wasserstein-1", nan), nan),
    ]


def esd_bias_l2(spectra: Spectra, cdf: Callable, grid_size: int) -> float:
    r"""Noise-corrected :math:`L^2` distance between the mean ESD and the law.

    :math:`\sqrt{\max(0, \int(\bar F - F)^2dx - \frac1R\int s^2(x)\,dx)}` where
    :math:`s^2` is the between-replicate variance of the empirical CDFs: an unbiased
    estimate of :math:`\|E F_n - F\|_2^2` is inside the root, so this smooth statistic
    measures the finite-n bias (about 1/n) rather than the sampling noise.
    """
    if spectra.reps < 2:
        raise ValueError("esd_bias_l2 needs at least 2 replicates")
    points = spectra.grid(grid_size)
    rows = spectra.ecdf_rows(points)
    square = trapezoid((rows.mean(axis=0) - cdf(points)) ** 2, points)
    noise = trapezoid(rows.var(axis=0, ddof=1), points) / spectra.reps
    return float(np.sqrt(max(square - noise, 0.0)))
