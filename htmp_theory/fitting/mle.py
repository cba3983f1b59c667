r"""Maximum-likelihood and minimum-distance fits of HTMP(γ, κ, scale) with γ known.

Both fits profile out the scale: for a fixed κ, the objective in :math:`\log s` is cheap
(the float64 density table of (γ, κ) is shared by every scale), while each new κ builds
a table (0.5–3 s).  The outer search is a bounded scalar minimisation over
:math:`\log\kappa` in a bracket of ± 6 delta-method errors (0.4 to 2.5 in log κ) around the
moment estimate, moved outwards when the minimum lands on an edge, with few evaluations.

Maximum likelihood
    :math:`\ell(\kappa, s) = \sum_i \log p_{\gamma,\kappa}(x_i/s) - N\log s`.  Standard
    errors come from the observed information: the Hessian of :math:`\ell` in
    :math:`\theta = (\log\kappa, \log s)` by central finite differences (step
    :math:`h`, three κ tables), :math:`\operatorname{Cov}\hat\theta = (-H)^{-1}`, and
    :math:`\operatorname{se}(\hat\kappa) = \hat\kappa\,\operatorname{se}(\log\hat\kappa)`.
    Like every i.i.d. likelihood error it ignores the repulsion between eigenvalues of one
    spectrum (see :mod:`.moments`).
Minimum distance
    Cramér–von Mises :math:`\omega^2 = \frac{1}{12N} + \sum_i (F(x_{(i)}) - \frac{2i-1}{2N})^2`
    or Kolmogorov–Smirnov :math:`D = \max_i \max(i/N - F_i, F_i - (i-1)/N)`, with
    :math:`F = F_{\gamma,\kappa}(x/s)`; no standard error (use the parametric bootstrap of
    the moment fit, or the MLE).
"""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy import optimize

from .._validation import check_int, check_positive
from .moments import FitResult, clean_eigenvalues, fit_moments

__all__ = ["fit_mle", "fit_distance", "log_likelihood"]

#: Widest and narrowest half-width of the κ search bracket, in log κ around the start.
LOG_KAPPA_HALF_WIDTH = 2.5
MIN_LOG_KAPPA_HALF_WIDTH = 0.4
#: Bracket of the profiled scale, in units of log s around log(mean).
LOG_SCALE_HALF_WIDTH = 1.5
#: κ range the float64 tables are validated on.
KAPPA_RANGE = (1e-3, 1e6)


def _law(gamma: float, kappa: float, scale: float = 1.0):
    from htmp_theory import HTMP

    return HTMP(gamma, kappa, scale=scale)


def log_likelihood(x: np.ndarray, gamma: float, kappa: float, scale: float) -> float:
    r"""i.i.d. log-likelihood :math:`\sum_i \log p(x_i/s) - N\log s` of HTMP(γ, κ, s)."""
    values = _law(gamma, kappa, scale).logpdf(x)
    return float(np.sum(values))


def _negloglik(x: np.ndarray, gamma: float, kappa: float, log_s: float) -> float:
    value = -log_likelihood(x, gamma, kappa, math.exp(log_s))
    return value if math.isfinite(value) else 1e300


def _cvm(x_sorted: np.ndarray, gamma: float, kappa: float, log_s: float) -> float:
    cdf = np.asarray(_law(gamma, kappa, math.exp(log_s)).cdf(x_sorted), dtype=float)
    n = cdf.size
    return float(1.0 / (12 * n) + np.sum((cdf - (2 * np.arange(1, n + 1) - 1) / (2 * n)) ** 2))


def _ks(x_sorted: np.ndarray, gamma: float, kappa: float, log_s: float) -> float:
    cdf = np.asarray(_law(gamma, kappa, math.exp(log_s)).cdf(x_sorted), dtype=float)
    n = cdf.size
    i = np.arange(1, n + 1)
    return float(max(np.max(i / n - cdf), np.max(cdf - (i - 1) / n)))


def _profile(objective: Callable[[float, float], float], log_mean: float) -> Callable[[float], tuple[float, float]]:
    """Return log κ ↦ (min over log s of the objective, argmin), cached per κ."""
    cache: dict[float, tuple[float, float]] = {}

    def profiled(log_k: float) -> tuple[float, float]:
        if log_k not in cache:
            kappa = math.exp(log_k)
            res = optimize.minimize_scalar(lambda ls: objective(kappa, ls), method="bounded",
                                           bounds=(log_mean - LOG_SCALE_HALF_WIDTH,
                                                   log_mean + LOG_SCALE_HALF_WIDTH),
                                           options={"xatol": 1e-7})
            cache[log_k] = (float(res.fun), float(res.x))
        return cache[log_k]

    profiled.cache = cache  # type: ignore[attr-defined]
    return profiled


def _search(profiled, start: tuple[float, float], max_evals: int) -> tuple[float, float, int]:
    """Bounded minimisation of the profile over log κ; returns (log κ̂, log ŝ, evaluations).

    The bracket is ``centre ± half``; when the minimum lands on an edge the bracket is moved
    there and doubled (at most twice) before a warning that the model may not fit.
    """
    centre, half = start
    floor, ceiling = math.log(KAPPA_RANGE[0]), math.log(KAPPA_RANGE[1])
    for attempt in range(3):
        lo, hi = max(floor, centre - half), min(ceiling, centre + half)
        res = optimize.minimize_scalar(lambda lk: profiled(lk)[0], method="bounded", bounds=(lo, hi),
                                       options={"xatol": 3e-3, "maxiter": max_evals})
        log_k = float(res.x)
        at_lo, at_hi = log_k - lo < 1e-2 and lo > floor, hi - log_k < 1e-2 and hi < ceiling
        if not (at_lo or at_hi):
            break
        centre, half = (lo if at_lo else hi), 2 * half
    else:
        import warnings

        warnings.warn(f"kappa estimate {math.exp(log_k):.4g} is at the edge of the search bracket "
                      f"[{math.exp(lo):.3g}, {math.exp(hi):.3g}]; the model may not fit", RuntimeWarning,
                      stacklevel=3)
    return log_k, profiled(log_k)[1], len(profiled.cache)


def _start(x: np.ndarray, gamma: float, kappa0: float | None) -> tuple[float, float]:
    """(log κ₀, half-width of the log κ bracket): the moment estimate ± 6 of its delta errors."""
    if kappa0 is not None:
        return math.log(check_positive("kappa0", kappa0)), LOG_KAPPA_HALF_WIDTH
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        fit = fit_moments(x, gamma)
    kappa = min(max(fit.kappa, 2 * KAPPA_RANGE[0]), KAPPA_RANGE[1] / 2)
    relative = fit.kappa_se / fit.kappa if math.isfinite(fit.kappa) and fit.kappa_se > 0 else math.inf
    return math.log(kappa), float(np.clip(6 * relative, MIN_LOG_KAPPA_HALF_WIDTH, LOG_KAPPA_HALF_WIDTH))


def _prepared(eigenvalues, gamma, inverse: bool) -> tuple[np.ndarray, float]:
    gamma = check_positive("gamma", gamma)
    x = clean_eigenvalues(eigenvalues).ravel()
    return (1.0 / x if inverse else x), gamma


def _observed_se(x: np.ndarray, gamma: float, log_k: float, log_s: float, step: float) -> tuple[float, float]:
    r"""Standard errors of (κ̂, ŝ) from the finite-difference Hessian of ℓ in (log κ, log s)."""
    def ll(dk: float, ds: float) -> float:
        return log_likelihood(x, gamma, math.exp(log_k + dk), math.exp(log_s + ds))

    h = step
    f0 = ll(0, 0)
    hkk = (ll(h, 0) - 2 * f0 + ll(-h, 0)) / h ** 2
    hss = (ll(0, h) - 2 * f0 + ll(0, -h)) / h ** 2
    hks = (ll(h, h) - ll(h, -h) - ll(-h, h) + ll(-h, -h)) / (4 * h ** 2)
    info = -np.array([[hkk, hks], [hks, hss]])
    try:
        cov = np.linalg.inv(info)
    except np.linalg.LinAlgError:
        return math.nan, math.nan
    var_k, var_s = cov[0, 0], cov[1, 1]
    se_k = math.exp(log_k) * math.sqrt(var_k) if var_k > 0 else math.nan
    se_s = math.exp(log_s) * math.sqrt(var_s) if var_s > 0 else math.nan
    return se_k, se_s


def fit_mle(eigenvalues, gamma: float, *, kappa0: float | None = None, max_evals: int = 15,
            step: float = 0.02, inverse: bool = False) -> FitResult:
    r"""Maximum-likelihood estimate of κ and scale of HTMP(γ, κ, scale) (γ known).

    Parameters
    ----------
    eigenvalues
        Positive spectrum (1-D; 2-D input is pooled).  Zeros are dropped with a warning.
    gamma
        Aspect ratio γ > 0.
    kappa0
        Starting κ (default: the moment estimate, bracket ± 6 of its errors); with
        ``kappa0`` the search covers :math:`\kappa_0 e^{\pm 2.5}` within [1e-3, 1e6].
    max_evals
        Most κ values (density tables) the search may build.
    step
        Finite-difference step in log κ and log s for the observed information.
    inverse
        Fit InverseHTMP(γ, κ, scale) (the law of :math:`s/X`) by fitting HTMP to :math:`1/y`
        (same κ̂; the Jacobian does not depend on the parameters).

    Returns
    -------
    FitResult
        ``loglik`` is :math:`\ell(\hat\kappa, \hat s)` of the fitted variable (1/y when
        ``inverse``); ``info["evaluations"]`` counts κ tables used by the search.

    Examples
    --------
    >>> from htmp_theory.sampling import sample_htmp
    >>> x = sample_htmp(2000, 0.5, 2.0, rng=3)[0]
    >>> fit = fit_mle(x, 0.5)
    >>> bool(abs(fit.kappa - 2.0) < 3 * fit.kappa_se)
    True
    """
    x, gamma = _prepared(eigenvalues, gamma, inverse)
    max_evals = check_int("max_evals", max_evals, minimum=3)
    step = check_positive("step", step)
    profiled = _profile(lambda k, ls: _negloglik(x, gamma, k, ls), math.log(np.mean(x)))
    log_k, log_s, evaluations = _search(profiled, _start(x, gamma, kappa0), max_evals)
    se_k, se_s = _observed_se(x, gamma, log_k, log_s, step)
    scale, loglik = math.exp(log_s), -profiled(log_k)[0]
    if inverse:
        se_s, scale = se_s / scale ** 2, 1.0 / scale
    return FitResult("mle", gamma, math.exp(log_k), scale, se_k, se_s, "observed information", int(x.size),
                     loglik=loglik, inverse=inverse, info={"evaluations": evaluations})


def fit_distance(eigenvalues, gamma: float, *, distance: str = "cvm", kappa0: float | None = None,
                 max_evals: int = 15, inverse: bool = False) -> FitResult:
    r"""Minimum Cramér–von Mises (``"cvm"``) or Kolmogorov–Smirnov (``"ks"``) fit of κ, scale.

    Same search as :func:`fit_mle`; the objective is the distance between the empirical CDF
    and :math:`F_{\gamma,\kappa}(x/s)` (module notes).  ``info["distance"]`` holds the
    minimum.  No standard error is given.

    Examples
    --------
    >>> from htmp_theory.sampling import sample_htmp
    >>> x = sample_htmp(2000, 0.5, 2.0, rng=4)[0]
    >>> bool(abs(fit_distance(x, 0.5).kappa - 2.0) < 0.6)
    True
    """
    if distance not in ("cvm", "ks"):
        raise ValueError(f"distance must be 'cvm' or 'ks', got {distance!r}")
    x, gamma = _prepared(eigenvalues, gamma, inverse)
    x = np.sort(x)
    max_evals = check_int("max_evals", max_evals, minimum=3)
    metric = _cvm if distance == "cvm" else _ks
    profiled = _profile(lambda k, ls: metric(x, gamma, k, ls), math.log(np.mean(x)))
    log_k, log_s, evaluations = _search(profiled, _start(x, gamma, kappa0), max_evals)
    scale = math.exp(log_s)
    return FitResult(distance, gamma, math.exp(log_k), 1.0 / scale if inverse else scale, math.nan, math.nan,
                     "none", int(x.size), inverse=inverse,
                     info={"evaluations": evaluations, "distance": profiled(log_k)[0]})
