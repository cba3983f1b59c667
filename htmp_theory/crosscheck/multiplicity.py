r"""Familywise error control for the checks of :func:`~.compare.compare`.

The verdict of :func:`~.compare.compare` rejects the law when *any* of its checks
does, so the p-values are adjusted for multiplicity in two stages:

1. **within a family** of strongly dependent checks (the three distances; the
   moment z-scores) by the single-step min-P / max-T method (Westfall & Young
   1993): the adjusted p-value of a check is the probability, under the null, that
   the *smallest* p-value of the family is at most the observed one.  The joint null
   law comes from the resamples for the distances (bootstrap or permutation,
   :func:`min_p_adjust`) and from the (theory or estimated) correlation of the
   moments (:func:`max_abs_adjust`).  Unlike Bonferroni this loses no power to the
   dependence between the checks;
2. **across families** by Holm's step-down method (:func:`holm_across`).

The familywise error rate is then at most the nominal level, and close to it:
measured in ``benchmarks/bench_calibration.py``.
"""
from __future__ import annotations

import math

import numpy as np
from scipy import stats

__all__ = ["min_p_adjust", "max_abs_adjust", "holm", "holm_across"]

#: Draws used to simulate the null law of the largest |z| of a family.
MAX_T_DRAWS = 20_000
#: Relative tolerance under which a resampled statistic counts as equal to the observed one.
TIE_TOLERANCE = 1e-9


def min_p_adjust(observed: np.ndarray, null: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    r"""Raw and min-P adjusted resampling p-values (large statistics are extreme).

    Parameters
    ----------
    observed : array, shape (K,)
        Observed statistics.
    null : array, shape (B, K)
        The same statistics on B resamples drawn under the null.

    Returns
    -------
    raw, adjusted : ndarray, shape (K,)
        :math:`p_k = (1 + \#\{b: T^*_{bk} \ge T_k\})/(B + 1)`; adjusted
        :math:`\tilde p_k = (1 + \#\{b: \min_l p^*_{bl} \le p_k\})/(B + 1)`, where
        :math:`p^*_{bl}` is the p-value of resample b within the resampled law.

    Examples
    --------
    >>> null = np.random.default_rng(0).standard_normal((999, 2))
    >>> raw, adj = min_p_adjust(np.array([2.5, 0.0]), null)   # independent: adj ~ 1 - (1 - raw)^2
    >>> raw.tolist(), adj.tolist()
    ([0.004, 0.482], [0.007, 0.735])
    """
    null = np.asarray(null, dtype=float)
    observed = np.asarray(observed, dtype=float)
    b = null.shape[0]
    # ties (a permutation equal to the observed labelling) must count despite rounding
    raw = (1 + np.sum(null >= observed - TIE_TOLERANCE * np.abs(observed), axis=0)) / (b + 1)
    # p-value of each resample within its column: rank from the top
    order = np.sort(null, axis=0)
    exceed = b - np.stack([np.searchsorted(order[:, k], null[:, k], side="left")
                           for k in range(null.shape[1])], axis=1)
    min_p = (exceed / b).min(axis=1)
    adjusted = (1 + np.sum(min_p[:, None] <= raw[None, :], axis=0)) / (b + 1)
    return raw, np.maximum(adjusted, raw)


def max_abs_adjust(z: np.ndarray, corr: np.ndarray, df: float = math.inf,
                   rng: np.random.Generator | None = None) -> tuple[np.ndarray, np.ndarray]:
    r"""Raw and max-:math:`|T|` adjusted two-sided p-values of correlated z (or t) statistics.

    Parameters
    ----------
    z : array, shape (K,)
    corr : array, shape (K, K)
        Correlation matrix of the statistics under the null.
    df : float
        Degrees of freedom: ``inf`` for normal statistics, else Student t with a
        common variance estimate (multivariate t).
    rng
        Generator of the :data:`MAX_T_DRAWS` simulated null vectors.

    Returns
    -------
    raw, adjusted : ndarray
        :math:`2P(|T| > |z_k|)` and :math:`P(\max_l |T_l| \ge |z_k|)`.

    Examples
    --------
    >>> raw, adj = max_abs_adjust(np.array([2.5, 2.5]), np.eye(2), rng=np.random.default_rng(1))
    >>> round(float(raw[0]), 4), bool(abs(adj[0] - (1 - (1 - raw[0])**2)) < 0.003)
    (0.0124, True)
    """
    z = np.abs(np.asarray(z, dtype=float))
    dist = stats.norm if math.isinf(df) else stats.t(df)
    raw = 2 * dist.sf(z)
    if z.size == 1:
        return raw, raw
    rng = np.random.default_rng(0) if rng is None else rng
    # eigen-factor (corr may be singular: moments of a two-point law, say)
    w, v = np.linalg.eigh(np.asarray(corr, dtype=float))
    draws = rng.standard_normal((MAX_T_DRAWS, z.size)) @ (v * np.sqrt(np.clip(w, 0, None))).T
    if not math.isinf(df):
        draws /= np.sqrt(rng.chisquare(df, size=(MAX_T_DRAWS, 1)) / df)
    top = np.abs(draws).max(axis=1)
    adjusted = (1 + np.sum(top[:, None] >= z[None, :], axis=0)) / (MAX_T_DRAWS + 1)
    return raw, np.maximum(adjusted, raw)


def holm(p) -> np.ndarray:
    r"""Holm step-down adjusted p-values of one family (any dependence).

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03]).tolist()
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p, dtype=float)
    order = np.argsort(p)
    stepped = np.maximum.accumulate((p.size - np.arange(p.size)) * p[order])
    out = np.empty_like(p)
    out[order] = np.minimum(stepped, 1.0)
    return out


def holm_across(family_p: dict[str, float]) -> dict[str, float]:
    r"""Holm multipliers across families: family → factor for its adjusted p-values.

    Families are sorted by their smallest adjusted p-value; the i-th (from 0) of F gets
    the factor F − i.  :func:`~.compare.compare` multiplies each check's within-family
    adjusted p-value by its family's factor and makes the results non-decreasing in
    the Holm order.

    Examples
    --------
    >>> holm_across({"distance": 0.004, "moment": 0.3})
    {'distance': 2, 'moment': 1}
    """
    ranked = sorted(family_p, key=lambda name: family_p[name])
    return {name: len(ranked) - i for i, name in enumerate(ranked)}
