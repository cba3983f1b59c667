r"""Model adequacy of an HTMP fit: spikes, calibrated goodness of fit, model comparison.

Spikes (:func:`split_spikes`)
    After a fit, every eigenvalue above the fitted law's quantile :math:`1 - 1/(10N)`
    (N = eigenvalues in the bulk) is a spike: under the model the chance that *any* of
    the N eigenvalues lies there is about 10 %·(tail dependence), so a spike is an
    outlier, not the tail of the bulk.  The spikes are removed, the bulk is refitted and
    the rule applied again, until no new spike appears (at most :data:`MAX_SPIKE_ROUNDS`
    rounds, at most :data:`MAX_SPIKE_FRACTION` of the spectrum).
Goodness of fit (:func:`cvm_pvalue`)
    Cramér–von Mises :math:`N\omega^2` of the spectrum against the fitted law, with a
    p-value from the finite-n model: the reference values are :math:`N'\omega^2` of the
    β-ensemble spectra drawn at the fitted (γ, κ̂) for the sandwich error (``fit.info
    ["reference"]``).  The spectrum and every reference spectrum are brought to the fitted
    scale by their own means (the same statistic on both sides: the scale refitted, κ not;
    with the maximum-likelihood scale on the data side instead, 30 % of exact spectra at
    (γ, κ, n) = (0.25, 8, 800) had p < 0.05).  The null law of :math:`N\omega^2` does not
    depend on N here (measured: medians 0.024 at N = 128 and 800).  :math:`p = (1 + \#\{\text{ref} \ge \text{obs}\})/(1 + R)`.  Its false-alarm
    rate is measured in ``benchmarks/bench_fit_adequacy.py``.
Model comparison (:func:`compare_models`)
    Log-likelihoods and AIC (:math:`2k - 2\ell`) of HTMP (k = 2), inverse HTMP (k = 2;
    the law of :math:`s/X`, likelihood of y: :math:`\ell_{1/y} - 2\sum\log y`) and
    Marchenko–Pastur (k = 1, scale by maximum likelihood; :math:`-\infty` when no scale
    puts every eigenvalue inside its support).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .moments import FitResult
from .riccati import RiccatiLaw

__all__ = ["split_spikes", "lowest_point", "cvm_statistic", "cvm_pvalue", "compare_models", "marchenko_pastur_loglik",
           "ModelComparison", "MAX_SPIKE_ROUNDS", "MAX_SPIKE_FRACTION"]

MAX_SPIKE_ROUNDS = 5
MAX_SPIKE_FRACTION = 0.05


_LAWS: dict[tuple[float, float, float], RiccatiLaw] = {}


def fast_law(fit: FitResult, x_min: float) -> RiccatiLaw:
    """CDF/SF of the fitted HTMP law above ``x_min`` (:class:`~.riccati.RiccatiLaw`).

    The last few laws are kept (the p-value and the distances of one layer share one table); a
    cached law is rebuilt only when ``x_min`` lies below its table.  For a maximiser of
    :func:`~.mle.fit_mle` (no bias correction, e.g. the spike rule's fits) the likelihood table
    at κ̂ serves (:meth:`~.mle.DataProfile.fitted_law`).
    """
    key = (fit.gamma, fit.kappa, fit.scale)
    law = _LAWS.get(key)
    if law is None or (law.table is not None and math.log(x_min / fit.scale) < law.table.u_lo):
        data = fit.info.get("profile")
        own = (data is not None and not fit.inverse and fit.kappa == math.exp(data.estimate)
               and fit.scale == math.exp(data.profiles[data.estimate][1]))
        law = (data.fitted_law(x_min) if own else None) or RiccatiLaw(fit.gamma, fit.kappa, fit.scale, x_min=x_min)
        _LAWS[key] = law
        while len(_LAWS) > 8:
            _LAWS.pop(next(iter(_LAWS)))
    return law


def lowest_point(x: np.ndarray, fit: FitResult) -> float:
    """The smallest of the data and of the fit's reference spectra (at the fitted scale): where a law must start."""
    reference = fit.info.get("reference")
    lowest = float(np.min(x))
    return lowest if reference is None else min(lowest, float(np.min(reference[reference > 0])) * fit.scale)


def split_spikes(x: np.ndarray, fit: FitResult, refit) -> tuple[np.ndarray, np.ndarray, FitResult]:
    r"""(bulk, spikes, fit of the bulk): the iterated rule of the module notes.

    ``refit(bulk)`` returns the fit of a bulk.  Fits with κ = ∞ or an inverse law are
    returned unchanged (no spike rule).

    Examples
    --------
    >>> from htmp_theory.sampling import sample_htmp
    >>> from htmp_theory.fitting import fit_mle
    >>> x = np.append(sample_htmp(500, 0.5, 2.0, rng=1)[0], [60.0, 90.0])
    >>> bulk, spikes, fit = split_spikes(x, fit_mle(x, 0.5, se="none"), lambda b: fit_mle(b, 0.5, se="none"))
    >>> spikes.tolist(), bulk.size
    ([60.0, 90.0], 500)
    """
    x = np.sort(x)
    if fit.inverse or not math.isfinite(fit.kappa):
        return x, x[:0], fit
    cut = x.size
    for _ in range(MAX_SPIKE_ROUNDS):
        threshold = fast_law(fit, x[0]).isf(1.0 / (10 * cut))
        new_cut = int(np.searchsorted(x, threshold, side="right"))
        if new_cut >= cut:
            break
        if x.size - new_cut > MAX_SPIKE_FRACTION * x.size:
            new_cut = x.size - int(MAX_SPIKE_FRACTION * x.size)
            if new_cut >= cut:
                break
        cut = new_cut
        fit = refit(x[:cut])
    return x[:cut], x[cut:], fit


def cvm_statistic(sorted_x: np.ndarray, cdf) -> float:
    r""":math:`N\omega^2 = \frac{1}{12N} + \sum_i (F(x_{(i)}) - \frac{2i-1}{2N})^2` of sorted data."""
    n = sorted_x.size
    values = np.asarray(cdf(sorted_x), dtype=float)
    return float(1.0 / (12 * n) + np.sum((values - (2 * np.arange(1, n + 1) - 1) / (2 * n)) ** 2))


def cvm_pvalue(x: np.ndarray, fit: FitResult) -> tuple[float, float]:
    """(Nω², p-value) of the spectrum against the fitted law (module notes); p NaN without reference."""
    x = np.sort(x)
    reference = fit.info.get("reference")
    law = fast_law(fit, lowest_point(x, fit))
    observed = cvm_statistic(x * (fit.scale / np.mean(x)), law.cdf)
    if reference is None:
        return observed, math.nan
    counts = np.sum(reference > 0, axis=1)
    if np.all(counts == counts[0]):  # one CDF call for all the rows
        rows = np.sort(np.where(reference > 0, reference, np.inf), axis=1)[:, :counts[0]]
        rows = rows * (fit.scale / np.mean(rows, axis=1, keepdims=True))
        m = rows.shape[1]
        cdf = np.asarray(law.cdf(rows.ravel()), dtype=float).reshape(rows.shape)
        values = 1.0 / (12 * m) + np.sum((cdf - (2 * np.arange(1, m + 1) - 1) / (2 * m)) ** 2, axis=1)
    else:
        values = np.array([cvm_statistic(np.sort(row[row > 0]) * (fit.scale / np.mean(row[row > 0])), law.cdf)
                           for row in reference])
    return observed, float((1 + np.sum(values >= observed)) / (1 + values.size))


def marchenko_pastur_loglik(x: np.ndarray, gamma: float) -> tuple[float, float]:
    r"""(max over the scale of the MP log-likelihood, argmax); (−∞, NaN) if no scale fits.

    With :math:`a, b = (1 \mp \sqrt\gamma)^2` (γ ≤ 1) the density of MP(γ, s) is
    :math:`\sqrt{(bs - x)(x - as)}/(2\pi\gamma s^2 x)` on :math:`[as, bs]`; the scale is
    maximised numerically over :math:`[x_{max}/b, x_{min}/a]`.
    """
    from scipy import optimize

    g = min(gamma, 1.0)
    a, b = (1 - math.sqrt(g)) ** 2, (1 + math.sqrt(g)) ** 2
    lo, hi = float(np.max(x)) / b, (float(np.min(x)) / a if a > 0 else math.inf)
    if not lo < hi:
        return -math.inf, math.nan
    hi = min(hi, 10 * lo)

    def negative(log_s: float) -> float:
        s = math.exp(log_s)
        inside = (b * s - x) * (x - a * s)
        if np.any(inside <= 0):
            return math.inf
        return -float(np.sum(0.5 * np.log(inside) - math.log(2 * math.pi * g) - 2 * log_s - np.log(x)))

    eps = 1e-12 * (hi - lo)
    res = optimize.minimize_scalar(negative, bounds=(math.log(lo + eps), math.log(hi - eps)), method="bounded")
    return -float(res.fun), math.exp(float(res.x))


@dataclass(frozen=True)
class ModelComparison:
    """Log-likelihoods and AIC of HTMP, inverse HTMP and Marchenko–Pastur on one spectrum."""

    loglik_htmp: float
    loglik_inverse: float
    loglik_mp: float
    aic_htmp: float
    aic_inverse: float
    aic_mp: float

    @property
    def best(self) -> str:
        """Name of the model with the smallest AIC."""
        aics = {"HTMP": self.aic_htmp, "InverseHTMP": self.aic_inverse, "MP": self.aic_mp}
        return min(aics, key=lambda k: aics[k] if math.isfinite(aics[k]) else math.inf)


def compare_models(x: np.ndarray, fit: FitResult, inverse_fit: FitResult | None) -> ModelComparison:
    """AIC of HTMP (``fit``), inverse HTMP (``inverse_fit``, NaN if None) and MP (module notes)."""
    mp, _ = marchenko_pastur_loglik(x, fit.gamma)
    inv = (inverse_fit.loglik - 2 * float(np.sum(np.log(x)))) if inverse_fit is not None else math.nan
    return ModelComparison(fit.loglik, inv, mp, 4 - 2 * fit.loglik, 4 - 2 * inv, 2 - 2 * mp)
