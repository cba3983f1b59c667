r"""Method-of-moments estimate of κ and the scale of HTMP(γ, κ, scale) from eigenvalues.

For :math:`X \sim \mathrm{HTMP}(\gamma, \kappa, s)` (exact, from the loop-equation
recursion :func:`htmp_theory.laws.moments.htmp_moments`)

.. math::

    E X = s, \qquad \operatorname{Var} X = s^2 \bigl(\gamma + 2\gamma/\kappa\bigr),

so with the sample mean :math:`m` and the (1/N) sample variance :math:`v`,
:math:`R = v/m^2` estimates :math:`\gamma + 2\gamma/\kappa` and

.. math::

    \hat s = m, \qquad \hat\kappa = \frac{2\gamma}{R - \gamma}.

When :math:`R \le \gamma` the data are no more spread than Marchenko–Pastur and
:math:`\hat\kappa = \infty` (a warning is issued).

Standard errors
---------------
``se="delta"``
    Central-limit (delta-method) error treating the eigenvalues as i.i.d.: with
    :math:`\mu_j` the j-th raw moment and :math:`g = (-2\mu_2/\mu_1^3, 1/\mu_1^2)` the
    gradient of :math:`R = \mu_2/\mu_1^2 - 1` in :math:`(\mu_1, \mu_2)`,
    :math:`\operatorname{se}(R)^2 = g^\top \Sigma g / N`,
    :math:`\Sigma = \begin{pmatrix}\mu_2-\mu_1^2 & \mu_3-\mu_1\mu_2\\ \mu_3-\mu_1\mu_2 & \mu_4-\mu_2^2\end{pmatrix}`,
    and :math:`\operatorname{se}(\hat\kappa) = \hat\kappa^2/(2\gamma)\,\operatorname{se}(R)`.
    ``moments="sample"`` uses the sample moments, ``moments="model"`` the moments of the
    fitted law (``HTMP(γ, κ̂, ŝ).moment(j)``).  Eigenvalues of one spectrum repel, so this
    i.i.d. error is only an approximation (it *over*-states the error of a β-ensemble
    spectrum, whose linear statistics fluctuate less than i.i.d. sums: measured over 400
    spectra of n = 1000, the Monte Carlo spread of κ̂ is 0.81× the mean delta error at
    (γ, κ) = (0.5, 2) and 0.54× at (0.5, 10)); use it as a conservative quick figure.
``se="parametric"``
    Parametric bootstrap under the finite-n model: ``reps`` spectra of the same size are
    drawn with :func:`htmp_theory.sampling.sample_htmp` at (γ, κ̂), refitted, and the
    standard deviation of the refits is the error (calibrated for the correlated
    eigenvalues of the β-Laguerre model).
``se="replicates"``
    Input of shape (reps, n), independent spectra: the leave-one-replicate-out
    jackknife of the pooled estimate.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from .._numerics.validation import check_int, check_positive, check_rng

__all__ = ["FitResult", "clean_eigenvalues", "fit_moments", "moment_ratio_kappa"]

#: Fewest eigenvalues a fit accepts.
MIN_EIGENVALUES = 10


@dataclass(frozen=True)
class FitResult:
    r"""Estimate of (κ, scale) of HTMP(γ, κ, scale) with standard errors.

    Attributes
    ----------
    method : str
        ``"moments"``, ``"mle"``, ``"cvm"`` or ``"ks"``.
    gamma, kappa, scale : float
        γ (given or estimated), κ̂ (``inf``: Marchenko–Pastur), ŝ.
    kappa_se, scale_se : float
        Standard errors (NaN when unavailable).
    se_method : str
        How the errors were obtained.
    n : int
        Number of eigenvalues used.
    loglik : float
        Log-likelihood at the estimate (NaN when not computed).
    gamma_se : float
        Standard error of γ (0 when γ was given).
    inverse : bool
        True when the law of 1/X (``InverseHTMP``) was fitted to the data.
    info : dict
        Extra diagnostics (evaluations, warnings, ...).
    """

    method: str
    gamma: float
    kappa: float
    scale: float
    kappa_se: float
    scale_se: float
    se_method: str
    n: int
    loglik: float = math.nan
    inverse: bool = False
    gamma_se: float = 0.0
    info: dict = field(default_factory=dict, compare=False)

    @property
    def alpha(self) -> float:
        r"""Power-law exponent of the inverse law, :math:`\alpha = 1 + (\kappa/2)|1/\gamma - 1|`."""
        return 1.0 + 0.5 * self.kappa * abs(1.0 / self.gamma - 1.0)

    @property
    def alpha_se(self) -> float:
        """Standard error of :attr:`alpha` (linear in κ)."""
        return 0.5 * self.kappa_se * abs(1.0 / self.gamma - 1.0)

    def interval(self, level: float = 0.95, *, log: bool = True) -> tuple[float, float]:
        r"""Confidence interval of κ.

        ``log=True`` (default) is the normal interval on :math:`\log\kappa`,
        :math:`\hat\kappa \exp(\pm z\,\operatorname{se}/\hat\kappa)` (κ > 0 and the
        estimator is skewed); ``log=False`` is :math:`\hat\kappa \pm z\,\operatorname{se}`.
        """
        if not 0 < level < 1:
            raise ValueError(f"level must lie in (0, 1), got {level!r}")
        z = float(stats.norm.ppf(0.5 + level / 2))
        k, se = self.kappa, self.kappa_se
        if not (math.isfinite(k) and math.isfinite(se)):
            return (math.nan, math.nan) if not math.isinf(k) else (math.nan, math.inf)
        if log:
            return k * math.exp(-z * se / k), k * math.exp(z * se / k)
        return k - z * se, k + z * se

    def law(self):
        """The fitted law: ``HTMP`` (or ``InverseHTMP`` when :attr:`inverse`)."""
        from htmp_theory import HTMP, InverseHTMP, MarchenkoPastur

        if math.isinf(self.kappa):
            if self.inverse:
                raise ValueError("kappa = inf: the inverse Marchenko-Pastur law is not available")
            return MarchenkoPastur(self.gamma, scale=self.scale)
        return (InverseHTMP if self.inverse else HTMP)(self.gamma, self.kappa, scale=self.scale)

    def __str__(self) -> str:
        lo, hi = self.interval()
        kind = "InverseHTMP" if self.inverse else "HTMP"
        return (f"{kind} fit ({self.method}, se: {self.se_method}), n = {self.n}, gamma = {self.gamma:g}: "
                f"kappa = {self.kappa:.4g} +- {self.kappa_se:.2g} (95% CI [{lo:.4g}, {hi:.4g}]), "
                f"scale = {self.scale:.4g} +- {self.scale_se:.2g}, alpha = {self.alpha:.4g}")


def clean_eigenvalues(values, *, name: str = "eigenvalues", allow_2d: bool = False) -> np.ndarray:
    """Validate a spectrum: finite, positive, at least :data:`MIN_EIGENVALUES` values.

    NaN/inf raise ``ValueError``; negative values raise ``ValueError``; zeros (rank
    deficiency) are dropped with a ``RuntimeWarning``.  2-D input (replicates in rows)
    is kept 2-D when ``allow_2d`` (zeros are then an error).
    """
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of real numbers") from exc
    if x.ndim == 2 and allow_2d:
        pass
    elif x.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional{' or (reps, n)' if allow_2d else ''}, "
                         f"got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{name} must be finite, got {int(np.sum(~np.isfinite(x)))} NaN/inf values")
    if np.any(x < 0):
        raise ValueError(f"{name} must be >= 0 (a Gram spectrum), got minimum {x.min():g}")
    zeros = x <= 0
    if np.any(zeros):
        if x.ndim == 2:
            raise ValueError(f"{name} (replicates) must be > 0, got {int(zeros.sum())} zeros")
        warnings.warn(f"{name}: dropped {int(zeros.sum())} zero eigenvalues (rank-deficient spectrum)",
                      RuntimeWarning, stacklevel=3)
        x = x[~zeros]
    if x.shape[-1] < MIN_EIGENVALUES:
        raise ValueError(f"{name}: need at least {MIN_EIGENVALUES} positive eigenvalues, got {x.shape[-1]}")
    return x


def moment_ratio_kappa(ratio: float, gamma: float) -> float:
    r"""κ from :math:`R = \operatorname{Var}/\text{mean}^2`: :math:`2\gamma/(R-\gamma)` (∞ if R ≤ γ)."""
    return 2.0 * gamma / (ratio - gamma) if ratio > gamma else math.inf


def _estimate(mu: np.ndarray, gamma: float | None) -> np.ndarray:
    r"""(κ̂, ŝ, γ̂) from raw moments :math:`\mu_1, \mu_2[, \mu_3]` (γ̂ = γ when given).

    With :math:`r_j = \mu_j/\mu_1^j`: :math:`r_2 = 1 + \gamma + \varepsilon`,
    :math:`r_3 = (1 + \gamma + 2\varepsilon) r_2 + \gamma` (:math:`\varepsilon = 2\gamma/\kappa`),
    so :math:`\hat\gamma = (2r_2^2 - r_2 - r_3)/(r_2 - 1)`.
    """
    m1 = mu[0]
    r2 = mu[1] / m1 ** 2
    if gamma is None:
        r3 = mu[2] / m1 ** 3
        gamma = (2 * r2 * r2 - r2 - r3) / (r2 - 1) if r2 > 1 else math.nan
    return np.array([moment_ratio_kappa(r2 - 1.0, gamma) if gamma > 0 else math.nan, m1, gamma])


def _raw_moments(x: np.ndarray, order: int) -> np.ndarray:
    r"""Sample raw moments :math:`\mu_1..\mu_{order}` (scaled by the mean for accuracy)."""
    c = float(np.mean(x))
    y = x / c
    return np.array([float(np.mean(y ** j)) * c ** j for j in range(1, order + 1)])


def _point(x: np.ndarray, gamma: float | None) -> np.ndarray:
    """(κ̂, ŝ, γ̂) of a 1-D or pooled spectrum."""
    return _estimate(_raw_moments(x, 2 if gamma is not None else 3), gamma)


def _delta_se(mu: np.ndarray, n: int, gamma: float | None) -> np.ndarray:
    r"""i.i.d. delta-method standard errors of (κ̂, ŝ, γ̂) from raw moments :math:`\mu_1..\mu_{2k}`.

    :math:`\Sigma_{ij} = \mu_{i+j} - \mu_i\mu_j` (i, j ≤ k) is the covariance of
    :math:`(x, \dots, x^k)`; the Jacobian of :func:`_estimate` is taken by central differences.
    """
    k = 2 if gamma is not None else 3
    base = _estimate(mu[:k], gamma)
    if not np.all(np.isfinite(base)):
        return np.array([math.nan, math.sqrt(max(mu[1] - mu[0] ** 2, 0.0) / n), math.nan])
    i = np.arange(k)
    cov = mu[i[:, None] + i[None, :] + 1] - np.outer(mu[:k], mu[:k])
    jac = np.empty((3, k))
    for j in range(k):
        h = 1e-6 * mu[j]
        up, down = mu[:k].copy(), mu[:k].copy()
        up[j] += h
        down[j] -= h
        jac[:, j] = (_estimate(up, gamma) - _estimate(down, gamma)) / (2 * h)
    var = np.einsum("ij,jk,ik->i", jac, cov, jac) / n
    se = np.sqrt(np.clip(var, 0.0, None))
    if gamma is not None:
        se[2] = 0.0
    return se


def _spread(estimates: np.ndarray) -> float:
    """Standard deviation of finite estimates (NaN if too few are finite)."""
    finite = estimates[np.isfinite(estimates)]
    return float(np.std(finite, ddof=1)) if finite.size >= 2 else math.nan


def fit_moments(eigenvalues, gamma: float | None, *, se: str = "delta", moments: str = "sample",
                reps: int = 50, rng=None, inverse: bool = False) -> FitResult:
    r"""Method-of-moments estimate of κ and scale (and optionally γ) of HTMP(γ, κ, scale).

    Parameters
    ----------
    eigenvalues
        Positive spectrum, shape (n,); or (reps, n) independent replicates (pooled for the
        estimate).  Zeros are dropped with a warning; NaN/inf/negative values raise.  For
        γ > 1 (an atom at 0), pass the positive eigenvalues with γ' = 1/γ: they are the
        spectrum of the transposed Gram matrix, HTMP(1/γ, κ/γ) up to scale.
    gamma
        Aspect ratio γ > 0 (known from the matrix shape), or ``None`` to estimate it from
        the third moment as well (:func:`_estimate`; much noisier).
    se
        ``"delta"`` (i.i.d. central limit), ``"parametric"`` (finite-n bootstrap with
        ``reps`` samples and ``rng``), ``"replicates"`` (jackknife over rows of 2-D input)
        or ``"none"``; see the module notes.
    moments
        ``"sample"`` or ``"model"``: raw moments used by the delta method (the model ones are
        those of the fitted law, ``HTMP(γ̂, κ̂, ŝ).moment(j)``).
    reps, rng
        Parametric bootstrap size and generator (or seed).  Each replicate draws one
        spectrum of the same size (about 1 s at n = 10⁴).
    inverse
        Fit InverseHTMP(γ, κ, scale) instead: the moments of :math:`1/y` are used
        (:math:`1/Y \sim \mathrm{HTMP}(\gamma, \kappa, 1/s)`), which all exist even when
        the power-law tail of Y has no variance.

    Returns
    -------
    FitResult

    Examples
    --------
    >>> from htmp_theory.sampling import sample_htmp
    >>> x = 3.0 * sample_htmp(4000, 0.5, 2.0, rng=1)[0]
    >>> fit = fit_moments(x, 0.5)
    >>> round(fit.scale, 1), bool(abs(fit.kappa - 2.0) < 0.3)
    (3.0, True)
    """
    if gamma is not None:
        gamma = check_positive("gamma", gamma)
    if se not in ("delta", "parametric", "replicates", "none"):
        raise ValueError(f"se must be 'delta', 'parametric', 'replicates' or 'none', got {se!r}")
    if moments not in ("sample", "model"):
        raise ValueError(f"moments must be 'sample' or 'model', got {moments!r}")
    x = clean_eigenvalues(eigenvalues, allow_2d=True)
    if se == "replicates" and (x.ndim != 2 or x.shape[0] < 3):
        raise ValueError(f"se='replicates' needs eigenvalues of shape (reps >= 3, n), got {x.shape}")
    if inverse:
        x = 1.0 / x
    kappa, scale, gamma_hat = (float(v) for v in _point(x.ravel(), gamma))
    if not gamma_hat > 0:
        raise ValueError(f"gamma could not be estimated from the moments (got {gamma_hat:.4g} <= 0): "
                         "the spectrum is not HTMP-like; pass gamma")
    ratio = float(np.var(x) / np.mean(x) ** 2)
    if math.isinf(kappa):
        warnings.warn(f"variance/mean^2 = {ratio:.4g} <= gamma = {gamma_hat:g}: no excess spread over "
                      "Marchenko-Pastur, kappa = inf", RuntimeWarning, stacklevel=2)
    errors = np.full(3, math.nan)
    if se == "delta":
        order = 4 if gamma is not None else 6
        if moments == "sample":
            mu = _raw_moments(x.ravel(), order)
        else:
            from htmp_theory import HTMP, MarchenkoPastur

            law = (MarchenkoPastur(gamma_hat, scale=scale) if math.isinf(kappa)
                   else HTMP(gamma_hat, kappa, scale=scale))
            mu = np.array([float(law.moment(j)) for j in range(1, order + 1)])
        errors = _delta_se(mu, x.size, gamma)
    elif se == "replicates":
        g = x.shape[0]
        leave = np.array([_point(np.delete(x, i, axis=0).ravel(), gamma) for i in range(g)])
        errors = np.sqrt((g - 1) / g * np.sum((leave - leave.mean(axis=0)) ** 2, axis=0))
    elif se == "parametric":
        errors = _parametric_se(x, gamma, kappa, scale, gamma_hat, check_int("reps", reps, minimum=2),
                                check_rng(rng))
    kappa_se, scale_se, gamma_se = (float(e) for e in errors)
    if inverse:
        scale, scale_se = 1.0 / scale, scale_se / scale ** 2
    return FitResult("moments", gamma_hat, kappa, scale, kappa_se, scale_se, se, int(x.size),
                     inverse=inverse, gamma_se=gamma_se if gamma is None else 0.0, info={"ratio": ratio})


def _parametric_se(x: np.ndarray, gamma: float | None, kappa: float, scale: float, gamma_hat: float,
                   reps: int, rng: np.random.Generator) -> np.ndarray:
    """Standard deviations of moment refits of finite-n spectra drawn at (γ̂, κ̂, ŝ)."""
    if math.isinf(kappa):
        return np.full(3, math.nan)
    from htmp_theory.sampling import sample_htmp

    rows, n = (1, x.size) if x.ndim == 1 else x.shape
    draws = scale * sample_htmp(n, gamma_hat, kappa, reps=reps * rows, rng=rng, progress=False)
    refits = np.array([_point(d[d > 0], gamma) for d in draws.reshape(reps, rows * n)])
    return np.array([_spread(refits[:, j]) for j in range(3)])
