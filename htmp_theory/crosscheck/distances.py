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
``p_adjusted`` is the min-P adjustment of ``p_replicates`` over the three distances
(:func:`~.multiplicity.min_p_adjust`, from the same resamples).

Against an exact finite-n reference sample (:func:`two_sample_distances`) the same
functionals of :math:`\bar F - \bar F_{\rm ref}` are compared with their permutation
law: replicates of the two samples are exchangeable under the null, so the
permutation p-values are exact at every n and number of replicates.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import stats
from scipy.integrate import trapezoid

from ._spectra import Spectra
from .multiplicity import min_p_adjust

__all__ = ["DistanceResult", "distances", "two_sample_distances", "esd_bias_l2", "wasserstein1",
           "MIN_BOOTSTRAP_REPS"]

#: Fewest replicates for which the replicate bootstrap is attempted.
MIN_BOOTSTRAP_REPS = 10
#: Sample quantiles on which the bootstrap compares the mean ESD with the law.
BOOTSTRAP_GRID = 512


@dataclass(frozen=True)
class DistanceResult:
    """One distance with its p-values (NaN where not available)."""

    name: str
    value: float
    p_replicates: float
    p_iid: float
    p_adjusted: float = float("nan")


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
                         rng: np.random.Generator) -> dict[str, tuple[float, float]]:
    """Distance name -> (bootstrap p-value, min-P adjusted p-value)."""
    points = spectra.grid(BOOTSTRAP_GRID)
    rows = spectra.ecdf_rows(points)
    mean = rows.mean(axis=0)
    observed = _grid_functionals(mean - cdf(points), points)
    weights = rng.multinomial(spectra.reps, np.full(spectra.reps, 1 / spectra.reps), size=bootstrap)
    replicated = _grid_functionals(weights @ rows / spectra.reps - mean, points)
    return _resampling_pvalues(observed, replicated)


def _resampling_pvalues(observed: dict, resampled: dict) -> dict[str, tuple[float, float]]:
    names = list(observed)
    raw, adjusted = min_p_adjust(np.array([observed[k] for k in names]),
                                 np.stack([resampled[k] for k in names], axis=1))
    return {k: (float(raw[i]), float(adjusted[i])) for i, k in enumerate(names)}


def distances(spectra: Spectra, cdf: Callable, *, bootstrap: int,
              rng: np.random.Generator) -> list[DistanceResult]:
    """KS, Cramér–von Mises (ω²) and Wasserstein-1 distances with their p-values."""
    pooled = spectra.pooled
    ks = stats.kstest(pooled, cdf, method="asymp")
    with np.errstate(invalid="ignore", divide="ignore"):   # scipy's asymptotic series at huge statistics
        cvm = stats.cramervonmises(pooled, cdf)
    w1 = wasserstein1(pooled, cdf(pooled))
    nan = float("nan")
    p_rep = (_replicate_bootstrap(spectra, cdf, bootstrap, rng)
             if spectra.reps >= MIN_BOOTSTRAP_REPS and bootstrap > 0 else {})
    values = {"Kolmogorov-Smirnov": (float(ks.statistic), float(ks.pvalue)),
              "Cramer-von Mises": (float(cvm.statistic) / pooled.size, float(cvm.pvalue)),
              "Wasserstein-1": (w1, nan)}
    missing = (nan, nan)
    return [DistanceResult(name, value, p_rep.get(name, missing)[0], p_iid, p_rep.get(name, missing)[1])
            for name, (value, p_iid) in values.items()]


def two_sample_distances(spectra: Spectra, reference: Spectra, *, permutations: int,
                         rng: np.random.Generator) -> list[DistanceResult]:
    r"""Distances between the mean ESDs of two replicated samples, permutation p-values.

    The statistics are the functionals of :math:`\bar F - \bar F_{\rm ref}` on
    :data:`BOOTSTRAP_GRID` quantiles of the pooled samples (KS: sup, CvM: mean square
    over the grid, W1: integral); their null law is that of random relabellings of the
    :math:`R + R_{\rm ref}` replicates (exact: the replicates are exchangeable).

    Examples
    --------
    >>> from htmp_theory.crosscheck._spectra import as_spectra
    >>> rng = np.random.default_rng(0)
    >>> x, y = as_spectra(rng.normal(size=(20, 50))), as_spectra(rng.normal(size=(30, 50)))
    >>> [round(d.p_replicates, 1) > 0.01 for d in two_sample_distances(x, y, permutations=199, rng=rng)]
    [True, True, True]
    """
    if spectra.values.shape[1] != reference.values.shape[1]:
        raise ValueError(f"the reference must have n = {spectra.values.shape[1]} eigenvalues per replicate, "
                         f"got {reference.values.shape[1]}")
    both = Spectra(np.concatenate([spectra.values, reference.values]))
    points = both.grid(BOOTSTRAP_GRID)
    rows = both.ecdf_rows(points)
    r, total = spectra.reps, both.reps
    label = np.zeros(total)
    label[:r] = 1

    def contrast(lab: np.ndarray) -> np.ndarray:   # weights of mean(sample) - mean(reference)
        return lab / r - (1 - lab) / (total - r)

    # the observed labelling goes through the same matrix product as the permutations
    shuffled = np.stack([label] + [rng.permutation(label) for _ in range(permutations)])
    functionals = _grid_functionals(contrast(shuffled) @ rows, points)
    observed = {k: v[0] for k, v in functionals.items()}
    resampled = {k: v[1:] for k, v in functionals.items()}
    p = _resampling_pvalues(observed, resampled)
    return [DistanceResult(name, float(observed[name]), p[name][0], float("nan"), p[name][1])
            for name in observed]


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
