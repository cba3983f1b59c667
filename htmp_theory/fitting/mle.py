r"""Maximum-likelihood and minimum-distance fits of HTMP(γ, κ, scale) with γ known.

Both fits profile out the scale: for a fixed κ the objective in :math:`\log s` is cheap
(one density table of (γ, κ) serves every scale), while each new κ needs a new table.

Maximum likelihood
    :math:`\ell(\kappa, s) = \sum_i \log p_{\gamma,\kappa}(x_i/s) - N\log s
    = \sum_i L_\kappa(u_i - \log s) - \sum_i u_i` with :math:`u = \log x` and
    :math:`L = \log(x p)`.  :class:`DataProfile` tabulates :math:`L_\kappa` on the data
    range only, from the Riccati equation of :mod:`htmp_theory.fitting.riccati` for κ ≤ 1e4 (error of log p
    about 1e-9, tested to 1e-8 against :meth:`HTMP.logpdf`; 3–10 ms per κ) and from mpmath
    nodes beyond (relative accuracy :data:`DATA_TABLE_TOL`).  The
    profile in log κ is maximised by safeguarded successive parabolas (and a final cubic) from
    the log-moment estimate (:func:`log_mean_ratio`: spikes move it about as far as they move the
    MLE), to :data:`MLE_RTOL` standard errors.
Standard error (the default, ``se="sandwich"``)
    The eigenvalues of one spectrum are not independent, so the i.i.d. observed information
    does not give the spread of :math:`\hat\theta`, :math:`\theta = (\log\kappa, \log s)`.
    ``se_reps`` spectra of size n' = min(``se_size``, n) are drawn from the exact tridiagonal
    β-Laguerre model at (γ, κ̂); on each, the score :math:`g_r = \sum_i\nabla_\theta\log p(x_{ri})`
    and Hessian :math:`H_r` of the limit law's log-likelihood are evaluated (exact log s
    derivatives of the tables, central differences of step h in log κ).  With
    :math:`J' = -\overline{H}` and :math:`V' = \operatorname{Cov}(g)`,

    .. math::

        \operatorname{Cov}\hat\theta = \frac{n'}{n}\, J'^{-1} V' J'^{-1}

    (the covariance of the linearised estimator on the model spectra, rescaled from n' to n
    eigenvalues).  The score variance per eigenvalue drifts with n' when κ/n' is not small (at
    (γ, κ) = (0.1, 30), V'_κκ/n' = 0.0191 at n' = 1000, 0.0156 at 128), and J'/n' with it, so
    this form barely moves: it covers 94 % at (0.1, 30, n = 1000) with n' = 128, where
    the data's own observed information in place of J' (``info["kappa_se_data_information"]``)
    covered 89.5 %.  ``se="observed"`` gives the i.i.d. :math:`J^{-1}` (right for i.i.d.
    draws, 10–50 % too large or too small for β-ensemble spectra).
    :math:`\operatorname{se}(\hat\kappa) = \hat\kappa\,\operatorname{se}(\log\hat\kappa)`.
Bias correction (default with the sandwich)
    The maximiser of the limit law's likelihood is biased at finite n, by up to 0.4 standard
    errors (0.064 in log κ at (0.1, 30, 1000)), which pushed the coverage of the intervals
    below 93 %.  The second-order bias (:func:`_second_order_bias`) is estimated from the same
    model spectra and subtracted from :math:`\hat\theta`; ``info["kappa_mle"]`` keeps the
    maximiser.  Coverage: benchmarks/bench_fit_coverage.py.
Minimum distance
    Cramér–von Mises :math:`\omega^2 = \frac{1}{12N} + \sum_i (F(x_{(i)}) - \frac{2i-1}{2N})^2`
    or Kolmogorov–Smirnov :math:`D = \max_i \max(i/N - F_i, F_i - (i-1)/N)`, with
    :math:`F = F_{\gamma,\kappa}(x/s)`; no standard error (use the parametric bootstrap of
    the moment fit, or the MLE).  The outer search is a bounded scalar minimisation over
    log κ in ± 6 delta-method errors around the log-moment estimate (full-range CDF tables,
    0.5–3 s per κ).
"""
from __future__ import annotations

import math
import weakref
from collections.abc import Callable

import numpy as np
from scipy import optimize

from .._numerics.validation import check_int, check_positive, check_rng
from .adequacy import cvm_statistic
from .moments import FitResult, clean_eigenvalues, fit_moments
from .riccati import LIKELIHOOD_MAX_KAPPA, RICCATI_MAX_KAPPA, RICCATI_MAX_RANGE, PieceTable, RiccatiLaw, riccati_pieces, upper_end

__all__ = ["fit_mle", "refit_mle", "with_errors", "fit_distance", "log_likelihood", "log_mean_ratio", "DataProfile"]

#: Widest and narrowest half-width of the κ search bracket, in log κ around the start.
LOG_KAPPA_HALF_WIDTH = 2.5
MIN_LOG_KAPPA_HALF_WIDTH = 0.4
#: The same with a given start ``kappa0`` (first steps of 0.1 in log κ; the search widens them as needed).
KAPPA0_HALF_WIDTH = 0.6
#: Bracket of the profiled scale, in units of log s around log(mean).
LOG_SCALE_HALF_WIDTH = 1.5
#: κ range the float64 tables are validated on.
KAPPA_RANGE = (1e-3, 1e6)
#: Trailing-coefficient tolerance of the likelihood tables restricted to the data.
DATA_TABLE_TOL = 1e-11
#: Narrowest first half-width of the profiled scale bracket (log s around log(mean)).
MIN_SCALE_HALF_WIDTH = 0.02
#: Default number and size of the finite-n spectra behind the sandwich standard error.
SANDWICH_REPS = 64
SANDWICH_SIZE = 128
MIN_SANDWICH_SIZE = 10
#: Tables within this distance in log κ serve the third derivative in log κ (bias correction).
THIRD_DERIVATIVE_WINDOW = 0.75
#: The MLE search stops when its step is below this many standard errors of log κ.
MLE_RTOL = 1e-3
#: Above this κ the log-moment estimate does not start the search (the moment estimate does): there
#: the spread of log x is that of Marchenko–Pastur or less, so the spectrum is MP-like or not HTMP-
#: shaped at all.  A shifted Pareto spectrum (density x^-3 on [1, ∞), γ = 0.5) has a log-moment
#: estimate of ∞ but a local ML estimate of κ about 3–8 (log-likelihood 50–500 higher than the search
#: from κ = 5e5 reached).
LOG_MOMENT_MAX_KAPPA = 1e3


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
    return cvm_statistic(x_sorted, _law(gamma, kappa, math.exp(log_s)).cdf)


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
    """(log κ₀, half-width of the log κ bracket): the log-moment estimate (:func:`_log_moment_estimate`;
    the moment estimate where there is none or where it exceeds :data:`LOG_MOMENT_MAX_KAPPA`) ± 6 of its
    delta errors."""
    if kappa0 is not None:
        return math.log(check_positive("kappa0", kappa0)), KAPPA0_HALF_WIDTH
    estimate = _log_moment_estimate(x, gamma)
    if estimate is None or estimate[0] > math.log(LOG_MOMENT_MAX_KAPPA):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            fit = fit_moments(x, gamma)
        kappa = fit.kappa
        relative = fit.kappa_se / fit.kappa if math.isfinite(fit.kappa) and fit.kappa_se > 0 else math.inf
    else:
        kappa, relative = math.exp(estimate[0]), estimate[1]
    kappa = min(max(kappa, 2 * KAPPA_RANGE[0]), KAPPA_RANGE[1] / 2)
    return math.log(kappa), float(np.clip(6 * relative, MIN_LOG_KAPPA_HALF_WIDTH, LOG_KAPPA_HALF_WIDTH))


def log_mean_ratio(gamma: float, log_kappa: float) -> float:
    r""":math:`E\log(X/EX)` under HTMP(γ, κ), γ < 1: :math:`(\log\Gamma(k) - \log\Gamma(k - b))/b - \log k`.

    With :math:`b = \kappa/2`, :math:`k = \kappa/(2\gamma)`.  In the tridiagonal β-Laguerre model
    whose limit is HTMP the determinant is the product of the squared diagonal entries of the
    bidiagonal factor, independent :math:`\chi^2` variables with :math:`2(k - b s)` degrees of
    freedom (:math:`s = (i-1)/n`), and the mean is 2k: :math:`E\log(X/EX)` is the mean of
    :math:`\psi(k - b s) - \log k` over s in [0, 1], the integral above.  It rises from −∞
    (κ → 0) to the Marchenko–Pastur value :math:`(1 - 1/\gamma)\log(1-\gamma) - 1` (κ → ∞).
    """
    from scipy.special import gammaln

    if not 0 < gamma < 1:
        raise ValueError(f"gamma must lie in (0, 1) (the closed form needs k > b), got {gamma!r}")
    kappa = math.exp(log_kappa)
    b, k = kappa / 2.0, kappa / (2.0 * gamma)
    return float((gammaln(k) - gammaln(k - b)) / b - math.log(k))


def _log_moment_estimate(x: np.ndarray, gamma: float) -> tuple[float, float] | None:
    r"""(log κ̃, its delta error) solving :func:`log_mean_ratio` = :math:`T`, :math:`T = \overline{\log x} - \log\bar x`.

    The analogue of the Gamma law's maximum-likelihood equation: T moves with a large eigenvalue
    x like the likelihood does (linearly, through the mean), not quadratically like the
    variance, so a few spikes move κ̃ about as far as they move the ML estimate (on the
    trained magika and silero layers within 0.5 of the ML estimate of log κ, where the moment
    estimate was 0.7–3 below it): the start of the likelihood search.  Delta error:
    :math:`\operatorname{sd}(\log x_i - x_i/\bar x)/\sqrt n` over the slope of
    :func:`log_mean_ratio` in log κ (i.i.d. reading).  ``None`` for γ ≥ 1 (no such closed form).
    Clipped to the search range :data:`KAPPA_RANGE`.
    """
    if not gamma < 1:
        return None
    mean = float(np.mean(x))
    target = float(np.mean(np.log(x))) - math.log(mean)
    lo, hi = math.log(2 * KAPPA_RANGE[0]), math.log(KAPPA_RANGE[1] / 2)
    if target <= log_mean_ratio(gamma, lo):
        log_k = lo
    elif target >= log_mean_ratio(gamma, hi):
        log_k = hi
    else:
        log_k = optimize.brentq(lambda t: log_mean_ratio(gamma, t) - target, lo, hi, xtol=1e-6)
    h = 1e-3
    slope = (log_mean_ratio(gamma, log_k + h) - log_mean_ratio(gamma, log_k - h)) / (2 * h)
    spread = float(np.std(np.log(x) - x / mean)) / math.sqrt(x.size)
    return log_k, (spread / slope if slope > 0 else math.inf)


def _prepared(eigenvalues, gamma, inverse: bool) -> tuple[np.ndarray, float]:
    gamma = check_positive("gamma", gamma)
    x = clean_eigenvalues(eigenvalues).ravel()
    return (1.0 / x if inverse else x), gamma


class DataProfile:
    r"""Log-likelihood of HTMP(γ, κ, s) at fixed data, on density tables restricted to the data.

    With :math:`u_i = \log x_i` and :math:`L_\kappa(u) = \log(x\,p_{\gamma,\kappa}(x))`,
    :math:`\ell(\kappa, s) = \sum_i L_\kappa(u_i - \log s) - \sum_i u_i`: the scale only
    shifts the data, so one table of :math:`L_\kappa` per κ serves every scale.  The table
    (:class:`htmp_theory._numerics.table.LogDensityTable`, Chebyshev pieces of degree 31 in u) only
    covers the data range widened by the scale bracket (a log-range of about 5–30 for
    typical spectra instead of the full table's 40–720, e.g. 192 evaluations of U instead
    of 1408 at (γ, κ) = (0.5, 2), n = 10⁴) at relative accuracy ``tol`` instead of 1e-14;
    the normalising constant is the analytic one of the closed form, so no quadrature is
    needed.  Derivatives in :math:`\log s` are exact derivatives of the Chebyshev pieces.

    Parameters
    ----------
    x : ndarray
        Positive data (validated by the caller).
    gamma : float
        Aspect ratio γ.
    tol : float
        Trailing-coefficient tolerance of the tables (:data:`DATA_TABLE_TOL`); the
        log-density error is at most about ``tol * max(1, |log p|)`` per point.
    restricted : bool
        ``False`` uses the full-range float64 tables of :class:`~htmp_theory.HTMP`
        instead (the previous method; for benchmarks and tests).

    Examples
    --------
    >>> x = np.array([0.3, 0.8, 1.1, 1.9, 0.5, 2.4, 0.9, 1.2, 0.7, 1.6])
    >>> data = DataProfile(x, 0.5)
    >>> fast = data.loglik(math.log(2.0), math.log(1.1))[0]
    >>> bool(abs(fast - log_likelihood(x, 0.5, 2.0, 1.1)) < 1e-9)
    True
    """

    def __init__(self, x: np.ndarray, gamma: float, *, tol: float = DATA_TABLE_TOL, restricted: bool = True,
                 tables: dict | None = None) -> None:
        self.order = np.argsort(x)
        self.u = np.log(x)[self.order]
        self.gamma = gamma
        self.tol = tol
        self.restricted = restricted
        self.sum_u = float(np.sum(self.u))
        mean = float(np.mean(x))
        self.centre = math.log(mean)
        # about 8 standard errors of log(mean) (the MLE of log s is close to it), doubled as needed
        relative_se = math.sqrt(float(np.var(x)) / x.size) / mean
        self.half = float(np.clip(8 * relative_se, MIN_SCALE_HALF_WIDTH, LOG_SCALE_HALF_WIDTH))
        self.cover = (math.inf, -math.inf)  # further points (standardised, log scale) the tables must cover
        self.tables: dict[float, object] = {} if tables is None else tables  # shared with refit_mle
        self.profiles: dict[float, tuple[float, float]] = {}
        self.built = 0
        self.estimate = math.nan  # log κ̂ of the fit (set by _finish)

    def table(self, log_k: float, *, upper: bool = False):
        """The density table of κ = exp(log_k), covering the data for every scale in the bracket.

        ``upper``: also up to :func:`~.riccati.upper_end` (where the upper tail holds about
        e^-40), so that the table gives the law's upper quantiles (:meth:`fitted_law`).
        """
        lo = min(self.u[0] - self.centre - self.half, self.cover[0])
        hi = max(self.u[-1] - self.centre + self.half, self.cover[1])
        if upper:
            hi = max(hi, upper_end(self.gamma, math.exp(log_k)))
        table = self.tables.get(log_k)
        if table is None or table.u_lo > lo or table.u_hi < hi:
            law = _law(self.gamma, math.exp(log_k))
            margin = 1e-9 * (1 + hi - lo)
            table = law._table if not self.restricted else None
            if self.restricted and math.exp(log_k) <= LIKELIHOOD_MAX_KAPPA and hi - lo <= RICCATI_MAX_RANGE:
                try:
                    table = riccati_pieces(self.gamma, math.exp(log_k), lo - margin, hi + margin)
                except ArithmeticError:  # e.g. too many pieces far in a steep upper tail: mpmath nodes
                    table = None
            if table is None:
                from htmp_theory._numerics.table import LogDensityTable

                table = LogDensityTable(law._logxp_node, lo - margin, hi + margin, tol=self.tol,
                                        initial_pieces=2, max_log_range=math.inf)
            self.tables[log_k] = table
            self.built += 1
        return table

    def fitted_law(self, x_min: float) -> RiccatiLaw | None:
        """:class:`~.riccati.RiccatiLaw` of HTMP(γ, κ̂, ŝ) at the estimate, above ``x_min``, from its likelihood
        table (widened to the upper tail; no new table when the fit built it so); ``None`` where a
        Riccati table of the likelihood does not serve (κ̂ > :data:`~.riccati.RICCATI_MAX_KAPPA`,
        full-range tables)."""
        log_k = self.estimate
        if not (self.restricted and math.exp(log_k) <= RICCATI_MAX_KAPPA):
            return None
        table, log_s = self.table(log_k, upper=True), self.profiles[log_k][1]
        if not isinstance(table, PieceTable) or table.u_lo > math.log(x_min) - log_s:
            return None
        return RiccatiLaw(self.gamma, math.exp(log_k), math.exp(log_s), x_min=x_min, table=table.with_masses())

    def loglik(self, log_k: float, log_s: float, order: int = 0) -> np.ndarray:
        r""":math:`(\ell, \partial_{\log s}\ell, \partial^2_{\log s}\ell, \dots)[:order + 1]` at (κ, s)."""
        values = _chebyshev_values(self.table(log_k), self.u - log_s, order).sum(axis=1)
        values[0] -= self.sum_u
        values[1::2] = -values[1::2]  # d/d(log s) = -d/du
        return values

    def logpdf(self, log_k: float, log_s: float) -> np.ndarray:
        r""":math:`\log p(x_i)` of HTMP(γ, κ, s) at the data, in the order given."""
        values = np.empty(self.u.size)
        values[self.order] = _chebyshev_values(self.table(log_k), self.u - log_s, 0)[0] - self.u
        return values

    def profile(self, log_k: float) -> tuple[float, float]:
        r"""(max over log s of ℓ(κ, s), argmax), cached per κ.

        Newton's method on :math:`\partial_{\log s}\ell = 0` (exact derivatives of the table)
        from the argmax of the nearest κ already profiled, to a step below 1e-7 (quadratic
        convergence: the next step would be about 1e-14; the maximum is the quadratic model's,
        :math:`\ell - \ell_s^2/(2\ell_{ss})`); when a step leaves the bracket or the curvature
        is not negative, a bounded scalar search instead.
        The scale bracket is :math:`\log\bar x \pm` ``half`` (8 standard errors of
        :math:`\log\bar x` at first, at least :data:`MIN_SCALE_HALF_WIDTH`), doubled up to
        :data:`LOG_SCALE_HALF_WIDTH` when the maximiser lands on its edge.
        """
        if log_k not in self.profiles:
            near = min(self.profiles, key=lambda t: abs(t - log_k), default=None)
            log_s = self.profiles[near][1] if near is not None else self.centre
            for _ in range(12):
                value, slope, curve = self.loglik(log_k, log_s, 2)
                step = -slope / curve if curve < 0 else math.inf
                if not abs(log_s + step - self.centre) < self.half:
                    break
                log_s += step
                if abs(step) < 1e-7:
                    self.profiles[log_k] = (float(value + 0.5 * slope * step), log_s)
                    return self.profiles[log_k]
            while True:
                lo, hi = self.centre - self.half, self.centre + self.half
                res = optimize.minimize_scalar(lambda ls: -self.loglik(log_k, ls)[0], method="bounded",
                                               bounds=(lo, hi), options={"xatol": 1e-10})
                at_edge = min(res.x - lo, hi - res.x) < 1e-6
                if not at_edge or self.half >= LOG_SCALE_HALF_WIDTH:
                    break
                self.half = min(2 * self.half, LOG_SCALE_HALF_WIDTH)
            self.profiles[log_k] = (-float(res.fun), float(res.x))
        return self.profiles[log_k]

    def observed_information(self, log_k: float, log_s: float, step: float) -> np.ndarray:
        r""":math:`-\nabla^2\ell` in :math:`(\log\kappa, \log s)`.

        :math:`\partial^2_{\log s}` is exact; :math:`\partial^2_{\log\kappa}` and the mixed
        derivative are central differences (step ``step``) of ℓ and of the exact
        :math:`\partial_{\log s}\ell` between the tables at :math:`\log\kappa \pm` ``step``.
        """
        plus, minus = self.loglik(log_k + step, log_s, 1), self.loglik(log_k - step, log_s, 1)
        centre = self.loglik(log_k, log_s, 2)
        hkk = (plus[0] - 2 * centre[0] + minus[0]) / step ** 2
        hks = (plus[1] - minus[1]) / (2 * step)
        return -np.array([[hkk, hks], [hks, centre[2]]])


    def third_derivatives(self, log_k: float, log_s: float, step: float) -> np.ndarray:
        r""":math:`\nabla^3\ell` in :math:`(\log\kappa, \log s)`, shape (2, 2, 2), symmetric.

        Derivatives in :math:`\log s` are exact, those in :math:`\log\kappa` central
        differences of step ``step`` (tables at :math:`\log\kappa`, :math:`\pm` ``step``).
        :math:`\partial^3_{\log\kappa}\ell` is the third derivative of the cubic fitted (least
        squares) to ℓ at fixed s over those three κ and the other tables already built within
        :data:`THIRD_DERIVATIVE_WINDOW` in log κ (the search's, which cover the data), when
        there are at least two; otherwise the tables at :math:`\log\kappa \pm 2`\ ``step``
        are built and the central difference is used.
        """
        at = {j: self.loglik(log_k + j * step, log_s, 3 if j == 0 else 2) for j in (-1, 0, 1)}
        others = [t for t in self.tables if abs(t - log_k) <= THIRD_DERIVATIVE_WINDOW
                  and abs(t - log_k) > 1.5 * step and self.tables[t].u_lo <= self.u[0] - log_s
                  and self.tables[t].u_hi >= self.u[-1] - log_s]
        if len(others) >= 2:
            points = [log_k + j * step for j in (-1, 0, 1)] + others
            values = [at[j][0] for j in (-1, 0, 1)]
            values += [float(_chebyshev_values(self.tables[t], self.u - log_s, 0)[0].sum()) - self.sum_u
                       for t in others]
            kkk = 6 * np.polynomial.polynomial.polyfit(np.array(points) - log_k, values, 3)[3]
        else:
            far = {j: self.loglik(log_k + j * step, log_s)[0] for j in (-2, 2)}
            kkk = (far[2] - 2 * at[1][0] + 2 * at[-1][0] - far[-2]) / (2 * step ** 3)
        third = np.empty((2, 2, 2))
        values = {(0, 0, 0): kkk,
                  (0, 0, 1): (at[1][1] - 2 * at[0][1] + at[-1][1]) / step ** 2,
                  (0, 1, 1): (at[1][2] - at[-1][2]) / (2 * step),
                  (1, 1, 1): at[0][3]}
        for (i, j, k), value in values.items():
            for a, b, c in {(i, j, k), (i, k, j), (j, i, k), (j, k, i), (k, i, j), (k, j, i)}:
                third[a, b, c] = value
        return third

    def reference_derivatives(self, log_k: float, step: float, sample: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r"""Score sums and Hessians of the rows of ``sample`` (spectra of the law with scale 1).

        Row r gives :math:`g_r = \sum_i \nabla_{(\log\kappa, \log s)} \log p(x_{ri})` and
        :math:`H_r = \sum_i \nabla^2 \log p(x_{ri})` at :math:`s = 1`, from the tables at
        :math:`\log\kappa` and :math:`\log\kappa \pm` ``step`` (central differences in
        :math:`\log\kappa`, exact :math:`v = \log x` derivatives, :math:`\partial_{\log s} = -\partial_v`;
        the tables are widened to cover the sample).  Returns arrays of shapes (R, 2) and (R, 2, 2).
        """
        reps = sample.shape[0]
        rows = np.repeat(np.arange(reps), sample.shape[1])
        v = np.log(sample.ravel())
        keep = np.isfinite(v)  # zeros (atom, gamma > 1) carry no continuous score
        v, rows = v[keep], rows[keep]
        order = np.argsort(v)
        v, rows = v[order], rows[order]
        self.cover = (min(self.cover[0], float(v[0])), max(self.cover[1], float(v[-1])))
        plus = _chebyshev_values(self.table(log_k + step), v, 1)
        minus = _chebyshev_values(self.table(log_k - step), v, 1)
        centre = _chebyshev_values(self.table(log_k), v, 2)

        def total(values: np.ndarray) -> np.ndarray:
            return np.bincount(rows, values, minlength=reps)

        scores = np.stack([total((plus[0] - minus[0]) / (2 * step)), total(-centre[1])], axis=1)
        hessians = np.empty((reps, 2, 2))
        hessians[:, 0, 0] = total((plus[0] - 2 * centre[0] + minus[0]) / step ** 2)
        hessians[:, 0, 1] = hessians[:, 1, 0] = total(-(plus[1] - minus[1]) / (2 * step))
        hessians[:, 1, 1] = total(centre[2])
        return scores, hessians

    def score_variance(self, log_k: float, step: float, sample: np.ndarray) -> np.ndarray:
        r"""Covariance over rows of ``sample`` of the score sums (:meth:`reference_derivatives`)."""
        return np.cov(self.reference_derivatives(log_k, step, sample)[0].T)


def _chebyshev_values(table, v: np.ndarray, order: int) -> np.ndarray:
    """The table's L and its first ``order`` u-derivatives at sorted points ``v``, shape (order + 1, len(v)).

    Vectorised over the pieces and the orders: the Chebyshev polynomials :math:`T_j(t_i)` of every
    point (three-term recurrence, one numpy operation per degree) are contracted with each point's
    coefficients of L and of its derivatives (zero-padded to one length), whatever the number of
    pieces and the order.
    """
    if v[0] < table.u_lo or v[-1] > table.u_hi:
        raise ArithmeticError("data outside the density table (scale bracket exceeded)")
    piece = np.clip(np.searchsorted(table.edges, v, side="right") - 1, 0, len(table.coef) - 1)
    lo, hi = table.edges[piece], table.edges[piece + 1]
    t = (2 * v - lo - hi) / (hi - lo)
    coef = _derivative_coefficients(table, order)[:order + 1, piece]  # (order + 1, len(v), degree + 1)
    chebyshev = np.empty((coef.shape[-1], v.size))
    chebyshev[0], chebyshev[1] = 1.0, t
    for j in range(2, coef.shape[-1]):
        chebyshev[j] = 2 * t * chebyshev[j - 1] - chebyshev[j - 2]
    return np.einsum("dij,ji->di", coef, chebyshev) * (2 / (hi - lo)) ** np.arange(order + 1)[:, None]


def _derivative_coefficients(table, order: int) -> np.ndarray:
    """Chebyshev coefficients of L and of its u-derivatives up to ``order`` on each piece, zero-padded:
    shape (≥ order + 1, pieces, degree + 1); computed once per table and order."""
    from numpy.polynomial import chebyshev as C

    known = _DERIVATIVES.get(table)
    if known is None or known.shape[0] <= order:
        rows = [np.asarray(table.coef, dtype=float)]
        while len(rows) <= order:
            rows.append(C.chebder(rows[-1], axis=1))
        known = np.zeros((order + 1,) + rows[0].shape)
        for d, row in enumerate(rows):
            known[d, :, :row.shape[1]] = row
        _DERIVATIVES[table] = known
    return known


#: Chebyshev coefficients of the u-derivatives of each table's pieces, computed once per table.
_DERIVATIVES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _parabola(xs: tuple[float, float, float], fs: tuple[float, float, float]) -> tuple[float, float]:
    """(vertex, second derivative) of the parabola through three points."""
    (a, b, c), (fa, fb, fc) = xs, fs
    d1, d2 = (fb - fa) / (b - a), (fc - fb) / (c - b)
    second = 2 * (d2 - d1) / (c - a)
    return (0.5 * (a + b) - d1 / second if second > 0 else math.nan), second


def _cubic_vertex(points: list[float], values: list[float]) -> float:
    """Minimiser of the cubic through four points nearest the first point (NaN when it has none nearby)."""
    d = np.asarray(points) - points[0]
    c0, c1, c2, c3 = np.linalg.solve(np.vander(d, 4, increasing=True), np.asarray(values))
    roots = np.roots([3 * c3, 2 * c2, c1]) if c3 != 0 else np.array([-c1 / (2 * c2)])
    roots = roots[np.isreal(roots)].real
    roots = roots[2 * c2 + 6 * c3 * roots > 0]
    return float(points[0] + roots[np.argmin(np.abs(roots))]) if roots.size else math.nan


def _minimise_smooth(f: Callable[[float], float], start: float, delta: float, bounds: tuple[float, float],
                     max_evals: int, rtol: float, initial: tuple[float, ...] = ()) -> tuple[float, bool]:
    r"""Minimise a smooth, locally quadratic ``f`` by successive parabolas (safeguarded).

    Starts from ``start ± delta`` (or from the points ``initial``).  Until the minimum is
    bracketed: when the vertex of the parabola through the three points nearest the lowest edge
    lies between the last two of them, it is tried (once per edge point); otherwise a step
    outwards to it, between 0.5 and 4 times the span of those three points (twice the span when
    the parabola is concave).  Then moves to the vertex of the parabola through the best point
    and its two nearest neighbours, kept inside the bracket; when that is unusable, or the
    bracket is loose, it probes the wider side at one standard error (:math:`1/\sqrt{f''}`).

    Stops when the vertex is within ``rtol`` standard errors of the best point (returned), or
    when the minimiser of the cubic through the four points nearest the best one (all within 4
    standard errors of it) is within ``rtol`` standard errors of that vertex: the cubic's
    minimiser is returned without evaluating ``f`` there (the caller evaluates it anyway; the
    two interpolants' difference bounds the lower one's error).  Both neighbours must lie
    within 4 standard errors.  Returns (argmin, converged); the minimiser may sit on a bound.
    """
    lo, hi = bounds
    values: dict[float, float] = {}
    probed: set[float] = set()  # edge points whose inner vertex was already tried

    def evaluate(t: float) -> None:
        t = min(max(t, lo), hi)
        if t not in values:
            values[t] = f(t)

    def parabola(points: list[float]) -> tuple[float, float]:
        points = sorted(points)
        return _parabola(tuple(points), tuple(values[t] for t in points))

    for t in initial or (start - delta, start, start + delta):
        evaluate(t)
    while len(values) < max_evals:
        xs = sorted(values)
        i = int(np.argmin([values[t] for t in xs]))
        if i in (0, len(xs) - 1):  # not bracketed yet
            if xs[i] in (lo, hi):
                return xs[i], True
            edge, sign = (xs[:3], -1) if i == 0 else (xs[-3:], 1)
            span = edge[-1] - edge[0]
            vertex, _ = parabola(edge)
            inner = edge[1] if i == 0 else edge[-2]
            if min(inner, xs[i]) < vertex < max(inner, xs[i]) and xs[i] not in probed:
                probed.add(xs[i])
                evaluate(vertex)
                continue
            jump = abs(vertex - xs[i]) if math.isfinite(vertex) else 2 * span
            evaluate(xs[i] + sign * min(max(jump, 0.5 * span), 4 * span))
            continue
        a, b, c = xs[i - 1], xs[i], xs[i + 1]
        nearest = sorted(xs, key=lambda t: abs(t - b))
        vertex, second = parabola(nearest[:3])
        if not second > 0:
            vertex, second = parabola([a, b, c])
        se = 1 / math.sqrt(second) if second > 0 else c - a
        xtol = rtol * se
        tight = max(b - a, c - b) <= 4 * se
        if abs(vertex - b) <= xtol and tight:
            return b, True
        if tight and len(xs) >= 4 and abs(nearest[3] - b) <= 4 * se:
            cubic = _cubic_vertex(nearest[:4], [values[t] for t in nearest[:4]])
            if a < cubic < c and abs(cubic - vertex) <= xtol:
                return cubic, True
        if not (a + xtol < vertex < c - xtol) or abs(vertex - b) <= xtol:
            # unusable vertex, or a loose bracket: probe the wider side at one standard error
            wide = c - b > b - a
            vertex = b + (1 if wide else -1) * min(se, 0.5 * max(c - b, b - a))
        evaluate(vertex)
    xs = sorted(values)
    return xs[int(np.argmin([values[t] for t in xs]))], False


def fit_mle(eigenvalues, gamma: float, *, kappa0: float | None = None, max_evals: int = 15,
            step: float = 0.02, inverse: bool = False, se: str = "sandwich", se_reps: int = SANDWICH_REPS,
            se_size: int = SANDWICH_SIZE, correct_bias: bool = True, rtol: float = MLE_RTOL, rng=0) -> FitResult:
    r"""Maximum-likelihood estimate of κ and scale of HTMP(γ, κ, scale) (γ known).

    Parameters
    ----------
    eigenvalues
        Positive spectrum (1-D; 2-D input is pooled).  Zeros are dropped with a warning.
    gamma
        Aspect ratio γ > 0.
    kappa0
        Starting κ (default: the log-moment estimate, :func:`log_mean_ratio`, or the moment
        estimate for γ ≥ 1; first steps of one delta-method error);
        with ``kappa0`` the first steps are 0.1 in log κ.  The search stays in [1e-3, 1e6].
    max_evals
        Most κ values (density tables) the search may try (two more tables are built
        for the observed information).
    step
        Finite-difference step in log κ for the observed information.
    inverse
        Fit InverseHTMP(γ, κ, scale) (the law of :math:`s/X`) by fitting HTMP to :math:`1/y`
        (same κ̂; the Jacobian does not depend on the parameters).
    se
        ``"sandwich"`` (default; module notes), ``"observed"`` (i.i.d. observed information)
        or ``"none"``.
    se_reps, se_size, rng
        Number and size (at most n) of the model spectra behind the sandwich, and their
        generator (default seed 0: the same data give the same error).
        ``info["reference"]`` keeps them (scale 1) for the calibrated goodness of fit of
        :mod:`.adequacy`.
    correct_bias
        With the sandwich (default), subtract the second-order bias of
        :math:`(\log\hat\kappa, \log\hat s)` estimated on the same model spectra
        (module notes); ``info["kappa_mle"]`` keeps the uncorrected maximiser and
        ``info["bias"]`` the correction (log κ, log s).  Ignored for other ``se``.
    rtol
        The search stops when its step is below ``rtol`` standard errors of log κ
        (default :data:`MLE_RTOL`; the log-likelihood is then within about
        :math:`\mathrm{rtol}^2/2` of its maximum).

    Returns
    -------
    FitResult
        ``loglik`` is :math:`\ell(\hat\kappa, \hat s)` of the fitted variable (1/y when
        ``inverse``); ``info["evaluations"]`` counts the κ values tried by the search,
        ``info["tables"]`` all density tables built, ``info["newton_step"]`` the size of
        the Newton step from the maximiser, in standard errors of log κ (a check of
        convergence: about ``rtol`` or less; NaN with ``se="none"``, which skips the
        observed information), ``info["kappa_se_data_information"]`` the sandwich with the
        data's observed information in place of the model spectra's (a diagnostic: the two
        agree when the data follow the model), ``info["profile"]`` the search's
        :class:`DataProfile` (:func:`with_errors` reuses it).

    Notes
    -----
    The likelihood is evaluated on :class:`DataProfile` tables (relative accuracy of
    :math:`p` about :data:`DATA_TABLE_TOL`); the scale is profiled out exactly (to about 1e-13
    in log s) for each κ, and the profile is maximised in log κ by successive parabolas
    until the step is below :data:`MLE_RTOL` standard errors.  Errors: module notes
    (``info["kappa_se_iid"]`` keeps the i.i.d. observed-information error).

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
    if se not in ("sandwich", "observed", "none"):
        raise ValueError(f"se must be 'sandwich', 'observed' or 'none', got {se!r}")
    se_reps = check_int("se_reps", se_reps, minimum=3)
    se_size = check_int("se_size", se_size, minimum=MIN_SANDWICH_SIZE)
    return _fit_mle(x, gamma, kappa0, max_evals, step, inverse, restricted=True, se=se, se_reps=se_reps,
                    se_size=se_size, rng=check_rng(rng), correct_bias=bool(correct_bias),
                    rtol=check_positive("rtol", rtol))


def _fit_mle(x: np.ndarray, gamma: float, kappa0: float | None, max_evals: int, step: float, inverse: bool,
             *, restricted: bool, se: str = "observed", se_reps: int = SANDWICH_REPS, se_size: int = SANDWICH_SIZE,
             rng=None, correct_bias: bool = False, rtol: float = MLE_RTOL, tables: dict | None = None,
             initial: tuple[float, ...] = ()) -> FitResult:
    """:func:`fit_mle` on validated data; ``restricted=False`` uses the full-range tables."""
    data = DataProfile(x, gamma, restricted=restricted, tables=tables)
    log_k0, half = (initial[len(initial) // 2], 0.0) if initial else _start(x, gamma, kappa0)
    bounds = (math.log(KAPPA_RANGE[0]), math.log(KAPPA_RANGE[1]))
    log_k, converged = _minimise_smooth(lambda lk: -data.profile(lk)[0], log_k0,
                                        float(np.clip(half / 6, 0.02, 0.5)), bounds, max_evals, rtol, initial)
    if not converged or log_k in bounds:
        import warnings

        what = "did not converge" if not converged else "is at the edge of the search range"
        warnings.warn(f"kappa estimate {math.exp(log_k):.4g} {what} ({len(data.profiles)} kappa values); "
                      "the model may not fit", RuntimeWarning, stacklevel=3)
    return _finish(data, log_k, step, inverse, se=se, se_reps=se_reps, se_size=se_size, rng=rng,
                   correct_bias=correct_bias)


def refit_mle(eigenvalues, fit: FitResult, *, max_evals: int = 15) -> FitResult:
    """:func:`fit_mle` (``se="none"``) of new data near those of ``fit``, e.g. a bulk after spikes were removed.

    The search starts from the κ values ``fit``'s search tried (the ``max_evals - 6`` nearest its
    estimate, so that at least six new ones remain), and shares its density tables (a table is
    rebuilt only when it does not cover the new data): the profile of the new data at those κ
    costs no new table, and brackets its maximiser when it moved by less than the old search's
    spread.  Same γ, same ``inverse``.

    Examples
    --------
    >>> from htmp_theory.sampling import sample_htmp
    >>> x = sample_htmp(500, 0.5, 2.0, rng=3)[0]
    >>> first = fit_mle(x, 0.5, se="none")
    >>> again = refit_mle(x[:-3], first)
    >>> bool(abs(again.kappa - fit_mle(x[:-3], 0.5, se="none").kappa) < 2e-3 * again.kappa)
    True
    """
    data = fit.info.get("profile")
    if fit.method != "mle" or data is None:
        raise ValueError("fit must come from fit_mle (its info['profile'] is reused)")
    x, _ = _prepared(eigenvalues, data.gamma, fit.inverse)
    best = data.estimate
    max_evals = check_int("max_evals", max_evals, minimum=9)
    nearest = sorted(sorted(data.profiles, key=lambda t: abs(t - best))[:max_evals - 6])
    return _fit_mle(x, data.gamma, None, max_evals, 0.02, fit.inverse,
                    restricted=data.restricted, se="none", tables=data.tables, initial=tuple(nearest))


def with_errors(fit: FitResult, *, step: float = 0.02, se_reps: int = SANDWICH_REPS, se_size: int = SANDWICH_SIZE,
                correct_bias: bool = True, rng=0) -> FitResult:
    """The :func:`fit_mle` result with sandwich errors, from a fit made with ``se="none"`` (its search reused).

    Same as calling :func:`fit_mle` on the same data with these options (``info["profile"]``,
    the search's :class:`DataProfile`, keeps the tables built so far), without searching again.

    Examples
    --------
    >>> from htmp_theory.sampling import sample_htmp
    >>> x = sample_htmp(500, 0.5, 2.0, rng=3)[0]
    >>> a, b = with_errors(fit_mle(x, 0.5, se="none")), fit_mle(x, 0.5)
    >>> bool(abs(a.kappa - b.kappa) < 1e-12 * b.kappa and abs(a.kappa_se - b.kappa_se) < 1e-12 * b.kappa_se)
    True
    """
    data = fit.info.get("profile")
    if fit.method != "mle" or data is None:
        raise ValueError("fit must come from fit_mle (its info['profile'] is reused)")
    return _finish(data, data.estimate, check_positive("step", step), fit.inverse, se="sandwich",
                   se_reps=check_int("se_reps", se_reps, minimum=3),
                   se_size=check_int("se_size", se_size, minimum=MIN_SANDWICH_SIZE), rng=check_rng(rng),
                   correct_bias=bool(correct_bias))


def _finish(data: DataProfile, log_k: float, step: float, inverse: bool, *, se: str, se_reps: int, se_size: int,
            rng, correct_bias: bool) -> FitResult:
    """FitResult at the maximiser ``log_k`` of ``data``'s profile: errors (``se``), bias correction."""
    n = data.u.size
    data.estimate = log_k
    sample, size, bias = None, n, np.zeros(2)
    if se == "sandwich":
        from htmp_theory.sampling import sample_htmp

        size = min(se_size, n)
        sample = sample_htmp(size, data.gamma, math.exp(log_k), reps=se_reps, rng=rng, progress=False)
        positive = sample[sample > 0]
        data.cover = (float(np.log(positive.min())), float(np.log(positive.max())))  # tables built once
    elif not inverse:  # the spike rule's upper quantile comes from this table (:meth:`DataProfile.fitted_law`)
        data.table(log_k, upper=True)
    loglik, log_s = data.profile(log_k)
    se_k = se_s = newton = iid_k = data_k = math.nan
    cov = None
    if se != "none":
        try:
            cov = np.linalg.inv(data.observed_information(log_k, log_s, step))
        except np.linalg.LinAlgError:
            pass
    if cov is not None and cov[0, 0] > 0 and cov[1, 1] > 0:
        iid_k = math.exp(log_k) * math.sqrt(cov[0, 0])
        gradient = np.array([(data.loglik(log_k + step, log_s)[0] - data.loglik(log_k - step, log_s)[0])
                             / (2 * step), data.loglik(log_k, log_s, 1)[1]])
        newton = abs(float((cov @ gradient)[0])) / math.sqrt(cov[0, 0])
        if se == "sandwich":
            scores, hessians = data.reference_derivatives(log_k, step, sample)
            variance = np.cov(scores.T)
            data_k = math.exp(log_k) * math.sqrt((cov @ variance @ cov)[0, 0] * n / size)
            model = np.linalg.inv(-hessians.mean(axis=0)) * (size / n)  # J^-1 of the model at n eigenvalues
            cov = model @ (variance * (n / size)) @ model
            if correct_bias:
                bias = _second_order_bias(model, scores, hessians, data.third_derivatives(log_k, log_s, step), cov)
        se_k, se_s = math.exp(log_k) * math.sqrt(cov[0, 0]), math.exp(log_s) * math.sqrt(cov[1, 1])
    mle_kappa = math.exp(log_k)
    log_k, log_s = log_k - bias[0], log_s - bias[1]
    se_k, se_s = se_k * math.exp(-bias[0]), se_s * math.exp(-bias[1])
    scale = math.exp(log_s)
    if inverse:
        se_s, scale = se_s / scale ** 2, 1.0 / scale
    how = {"sandwich": f"sandwich ({se_reps} beta-ensemble spectra of n = {size})",
           "observed": "observed information (i.i.d.)", "none": "none"}[se]
    return FitResult("mle", data.gamma, math.exp(log_k), scale, se_k, se_s, how, int(n),
                     loglik=loglik, inverse=inverse,
                     info={"evaluations": len(data.profiles), "tables": data.built, "newton_step": newton,
                           "kappa_se_iid": iid_k * math.exp(-bias[0]), "kappa_se_data_information": data_k * math.exp(-bias[0]),
                           "reference": sample, "kappa_mle": mle_kappa, "bias": (float(bias[0]), float(bias[1])),
                           "profile": data})


def _second_order_bias(inverse_information: np.ndarray, scores: np.ndarray, hessians: np.ndarray,
                       third: np.ndarray, covariance: np.ndarray) -> np.ndarray:
    r"""Second-order bias of the maximiser :math:`\hat\theta` (here :math:`(\log\hat\kappa, \log\hat s)`).

    Expanding the score equation :math:`G(\hat\theta) = 0` about the truth to second order,
    with :math:`H = \nabla G` (:math:`J = -E H`, :math:`\Delta H = H - E H`) and
    :math:`T = \nabla^3\ell`,

    .. math::

        E\hat\theta - \theta \approx J^{-1}\bigl(E\,G + E[\Delta H\,J^{-1}G]
        + \tfrac12 T[\Sigma]\bigr), \qquad \Sigma = \operatorname{Cov}\hat\theta .

    Each bracketed term is O(1) and, to leading order, does not depend on the number of
    eigenvalues: :math:`E\,G` is the finite-n shift of the score (the spectra are not i.i.d.
    draws of the limit law), :math:`E[\Delta H J^{-1} G]` the covariance of Hessian and score
    (zero for a linear score).  Both are averaged over the model spectra (``scores``,
    ``hessians``: shapes (R, 2), (R, 2, 2), with their own mean information); ``third`` is
    the data's :math:`T`, ``covariance`` the sandwich :math:`\Sigma` and
    ``inverse_information`` the data's :math:`J^{-1}`.  For i.i.d. draws of an exponential
    law with rate λ this gives the bias 1/(2n) of :math:`\log\hat\lambda` (test).
    """
    expected = -hessians.mean(axis=0)
    spread = hessians - hessians.mean(axis=0)
    steps = np.linalg.solve(expected, scores.T).T  # J^-1 g_r
    second = np.einsum("rij,rj->i", spread, steps) / scores.shape[0]
    curvature = 0.5 * np.einsum("ijk,jk->i", third, covariance)
    return inverse_information @ (scores.mean(axis=0) + second + curvature)


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
