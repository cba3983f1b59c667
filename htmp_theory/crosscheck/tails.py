r"""Tail estimators: Hill, Clauset et al. (xmin by minimum KS + MLE), Gamma-tail rate.

All power-law estimators return the **density** exponent :math:`\alpha` of
:math:`q(y) \sim C y^{-\alpha}` (the survival function decays like
:math:`y^{1-\alpha}`); the Pareto maximum-likelihood estimate above a threshold
:math:`u` from the :math:`k` exceedances :math:`y_i > u` is
:math:`\hat\alpha = 1 + k / \sum_i \log(y_i/u)` with asymptotic standard error
:math:`(\hat\alpha - 1)/\sqrt k`.

* :func:`hill`: threshold at the :math:`(k+1)`-th largest value, :math:`k = \lfloor\sqrt N\rfloor`
  by default (Hill 1975).
* :func:`clauset`: threshold minimising the KS distance between the exceedances and
  the fitted Pareto law (Clauset, Shalizi & Newman 2009).
* :func:`gamma_tail_rate`: for a Gamma-like tail :math:`y^{p} e^{-ry}` with known
  :math:`p`, the MLE of :math:`r` from the exceedances of the top :math:`k` values.

When the data come in independent groups (replicate spectra), the standard error is
the leave-one-group-out jackknife at the chosen threshold, which remains valid when
values inside a group are dependent; otherwise the asymptotic formula is used.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special, stats

__all__ = ["TailEstimate", "hill", "clauset", "gamma_tail_rate"]

#: Fewest exceedances a threshold may leave.
MIN_TAIL = 20


@dataclass(frozen=True)
class TailEstimate:
    """A tail parameter estimate with its standard error and threshold.

    Attributes
    ----------
    method : str
    value, stderr : float
        Estimate and standard error (jackknife over groups when available).
    threshold : float
        Threshold u of the fit; ``count`` values exceed it.
    count : int
    """

    method: str
    value: float
    stderr: float
    threshold: float
    count: int

    def interval(self, level: float = 0.95) -> tuple[float, float]:
        """Normal-approximation confidence interval."""
        z = stats.norm.ppf(0.5 + level / 2)
        return self.value - z * self.stderr, self.value + z * self.stderr


def _prepare(values, groups) -> tuple[np.ndarray, np.ndarray | None]:
    y = np.asarray(values, dtype=float).ravel()
    g = None if groups is None else np.asarray(groups).ravel()
    if g is not None and g.shape != y.shape:
        raise ValueError(f"groups must have the shape of values, {y.shape}, got {g.shape}")
    keep = np.isfinite(y) & (y > 0)
    y = y[keep]
    if y.size < MIN_TAIL + 1:
        raise ValueError(f"need at least {MIN_TAIL + 1} positive finite values, got {y.size}")
    return y, None if g is None else g[keep]


def _pareto_alpha(y: np.ndarray, u: float) -> float:
    tail = y[y > u]
    return float(1.0 + tail.size / np.sum(np.log(tail / u)))


def _stderr(estimator: Callable[[np.ndarray], float], y: np.ndarray, groups: np.ndarray | None,
            asymptotic: float) -> float:
    """Leave-one-group-out jackknife standard error (asymptotic without >= 10 groups)."""
    if groups is None:
        return float(asymptotic)
    labels = np.unique(groups)
    if labels.size < 10:
        return float(asymptotic)
    leave_out = np.array([estimator(y[groups != label]) for label in labels])
    g = labels.size
    return float(np.sqrt((g - 1) / g * np.sum((leave_out - leave_out.mean()) ** 2)))


def _tail_count(size: int, k: int | None) -> int:
    """Number of upper order statistics used: ``k``, or √size by default, checked against the sample."""
    if k is None:
        k = int(np.sqrt(size))
        if k < MIN_TAIL:
            raise ValueError(f"too few values for a tail estimate: the default k = sqrt({size}) = {k} tail points "
                             f"is below {MIN_TAIL}; it needs at least {MIN_TAIL ** 2} values (more eigenvalues "
                             "or replicates)")
    k = int(k)
    if not MIN_TAIL <= k < size:
        raise ValueError(f"k must be in [{MIN_TAIL}, {size - 1}], got {k}")
    return k


def hill(values, k: int | None = None, *, groups=None) -> TailEstimate:
    r"""Hill estimate of the density exponent :math:`\alpha` of an upper power-law tail.

    Parameters
    ----------
    values
        Samples (non-positive and non-finite values are ignored).
    k
        Number of upper order statistics used; default :math:`\lfloor\sqrt N\rfloor`.
    groups
        Optional group label of each value (e.g. the replicate index) for a jackknife
        standard error.

    Examples
    --------
    >>> y = np.random.default_rng(0).pareto(1.5, 100000) + 1   # density ~ y^{-2.5}
    >>> est = hill(y)
    >>> bool(abs(est.value - 2.5) < 4 * est.stderr)
    True
    """
    y, g = _prepare(values, groups)
    k = _tail_count(y.size, k)
    u = float(np.partition(y, y.size - k - 1)[y.size - k - 1])
    alpha = _pareto_alpha(y, u)
    se = _stderr(lambda z: _pareto_alpha(z, u), y, g, (alpha - 1) / np.sqrt(k))
    return TailEstimate("Hill", alpha, se, u, int(np.sum(y > u)))


def clauset(values, *, groups=None, candidates: int = 200, max_count: int | None = None) -> TailEstimate:
    r"""Clauset–Shalizi–Newman power-law fit: xmin by minimum KS distance, then MLE.

    Thresholds are tried at ``candidates`` log-spaced order statistics leaving between
    20 and ``max_count`` exceedances (default :math:`\lceil N^{2/3}\rceil`, the
    mean-square-optimal order when the tail has a first-order correction,
    :math:`q(y) = Cy^{-\alpha}(1 + O(1/y))`, as the spectral tails here do; a larger
    cap lets the KS criterion pick thresholds in the bulk, biased by that
    correction); for each the
    Pareto MLE :math:`\hat\alpha` is computed and the KS distance between the empirical
    CDF of the exceedances and :math:`1 - (y/u)^{1-\hat\alpha}`; the threshold with the
    smallest distance is kept.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> y = np.concatenate([rng.uniform(0, 1, 5000), rng.pareto(2.0, 5000) + 1])
    >>> est = clauset(y)            # density ~ y^{-3} above 1
    >>> bool(abs(est.value - 3) < 4 * est.stderr and est.threshold > 0.9)
    True
    """
    y, g = _prepare(values, groups)
    desc = np.sort(y)[::-1]
    top = int(np.ceil(y.size ** (2 / 3))) if max_count is None else int(max_count)
    if top <= MIN_TAIL:
        raise ValueError(f"max_count must exceed {MIN_TAIL}, got {top}")
    ks_count = np.unique(np.geomspace(MIN_TAIL, min(top, y.size - 1), candidates).astype(int))
    best = (np.inf, 0.0, 0.0, 0)
    for k in ks_count:
        u = desc[k]
        tail = desc[:k][::-1]
        tail = tail[tail > u]
        if tail.size < MIN_TAIL:
            continue
        alpha = 1.0 + tail.size / np.sum(np.log(tail / u))
        model = 1.0 - (tail / u) ** (1.0 - alpha)
        ecdf = np.arange(1, tail.size + 1) / tail.size
        distance = max(np.max(np.abs(ecdf - model)), np.max(np.abs(ecdf - 1 / tail.size - model)))
        if distance < best[0]:
            best = (distance, alpha, u, tail.size)
    _, alpha, u, count = best
    se = _stderr(lambda z: _pareto_alpha(z, u), y, g, (alpha - 1) / np.sqrt(count))
    return TailEstimate("Clauset", float(alpha), se, float(u), int(count))


def _gamma_rate_mle(tail: np.ndarray, u: float, power: float) -> float:
    """MLE of r for the density ∝ y^power e^{-r y} restricted to y > u."""

    def negloglik(log_r: float) -> float:
        r = np.exp(log_r)
        # log ∫_u^∞ y^p e^{-ry} dy = lgamma(p+1) - (p+1) log r + log Q(p+1, r u)
        log_norm = special.gammaln(power + 1) - (power + 1) * log_r + np.log(special.gammaincc(power + 1, r * u))
        return r * tail.mean() + log_norm

    start = np.log(1.0 / max(tail.mean() - u, 1e-300))
    res = optimize.minimize_scalar(negloglik, bracket=(start - 1.0, start + 1.0))
    return float(np.exp(res.x))


def gamma_tail_rate(values, power: float, k: int | None = None, *, groups=None) -> TailEstimate:
    r"""MLE of the rate r of a Gamma-like upper tail :math:`q(y) \propto y^{p}e^{-ry}`, p known.

    Uses the exceedances of the :math:`(k+1)`-th largest value (default
    :math:`k = \lfloor\sqrt N\rfloor`); requires ``power > -1``.

    Examples
    --------
    >>> y = np.random.default_rng(2).gamma(3.0, 1 / 2.0, 200000)   # y^2 e^{-2y}
    >>> est = gamma_tail_rate(y, 2.0)
    >>> bool(abs(est.value - 2.0) < 4 * est.stderr)
    True
    """
    y, g = _prepare(values, groups)
    if not power > -1:
        raise ValueError(f"power must be > -1, got {power!r}")
    k = _tail_count(y.size, k)
    u = float(np.partition(y, y.size - k - 1)[y.size - k - 1])

    def estimate(z: np.ndarray) -> float:
        return _gamma_rate_mle(z[z > u], u, power)

    rate = estimate(y)
    # asymptotic: the Fisher information of r per exceedance is Var(Y | Y > u)
    tail = y[y > u]
    se = _stderr(estimate, y, g, 1.0 / np.sqrt(tail.size * max(tail.var(), 1e-300)))
    return TailEstimate("Gamma-tail MLE", rate, se, u, int(tail.size))
