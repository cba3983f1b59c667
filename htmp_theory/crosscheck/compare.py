r"""``compare(samples, law)``: calibrated checks of replicated spectra against a law.

``law`` is any object with a vectorised ``cdf`` (e.g. :class:`htmp_theory.HTMP` or a
frozen ``scipy.stats`` distribution); the other checks run when the law provides
what they need and are skipped otherwise.  With ``model=`` (an exact finite-n model
of :mod:`.models`) the references are exact at the sample's n:

=====================  ==========================================================
check                  reference
=====================  ==========================================================
KS, Cramér–von Mises,  the law's ``cdf`` (``pdf`` makes the tabulated CDF more
Wasserstein-1          accurate); with ``model``: a reference sample of the model
moment z-scores        ``law.moment(j)``; with ``model``: exact finite-n moments
tail exponents         ``lower_tail()`` / ``upper_tail()``: objects with ``exponent``
                       and optionally ``where`` (edge), ``rate``, ``rate_in_inverse``,
                       ``log_power`` — the :class:`htmp_theory.TailAsymptotics`
                       convention :math:`p \sim C t^{e} e^{-rt}`, t the distance to
                       the edge (or x for an upper tail at ∞)
=====================  ==========================================================

**Verdict.**  Checks come in families; ``passed`` is False when a check's
*familywise-adjusted* p-value is below ``alpha`` (:mod:`.multiplicity`: min-P / max-T
within a family, Holm across families), so the false-alarm rate of ``passed`` is at
most ``alpha`` (measured in ``benchmarks/bench_calibration.py``):

* *distance*: KS, CvM, W1 of the mean empirical spectral distribution (ESD).  P-values
  from the replicate bootstrap (:mod:`.distances`, ≥ 10 replicates), else the i.i.d.
  asymptotic ones; with ``model``, a permutation test of the replicates against a
  reference sample of the model (exact at every n).  W1 is left out for a law with
  an infinite mean.
* *moment*: :math:`z_j = (\hat m_j - m_j)/\mathrm{se}_j`, :math:`\hat m_j` the mean of
  :math:`x^j` over all eigenvalues.  The standard errors come from the
  high-temperature fluctuation theory when the law has one
  (:func:`~.fluctuations.moment_covariance`: :math:`\mathrm{Cov}(\hat m) = \Sigma/(nR)`,
  valid from a single replicate), else from the spread of the R replicates with a
  Student-t reference (R − 1 degrees of freedom), else (R = 1) the i.i.d. formula.
* *info* (not in the verdict): tail exponents and rates.  Hill and Clauset estimates
  are biased at finite n (the spectral tails have corrections of relative order
  :math:`t^{1}` near an edge), which makes their z-tests reject correct samplers; they
  are shown with their raw p-values as diagnostics.

Tails are turned into upper tails of :math:`Z`: :math:`Z = 1/(x - x_0)` at a finite
edge :math:`x_0` (then :math:`q_Z(z) \sim C z^{-e-2}`, a power law of density exponent
:math:`e+2`; with an inverse rate, Gamma-like :math:`z^{-e-2}e^{-rz}`), and
:math:`Z = x` at ∞ (power law :math:`|e|`, or Gamma-like :math:`x^{e}e^{-rx}`).  Power
laws are estimated by :func:`~.tails.hill` and :func:`~.tails.clauset`, Gamma-like
tails by the rate MLE :func:`~.tails.gamma_tail_rate`, with jackknife standard errors
over replicates; results are shown in the law's own convention.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
from scipy import stats

from .._numerics.validation import check_int, check_positive, check_rng
from ._spectra import DEFAULT_GRID, Spectra, as_spectra, law_cdf_at
from .distances import distances, two_sample_distances
from .fluctuations import moment_covariance
from .multiplicity import holm, holm_across, max_abs_adjust
from .tails import clauset, gamma_tail_rate, hill

__all__ = ["Check", "Comparison", "compare"]

#: Fewest replicates drawn from a model for the two-sample distance checks.
MIN_REFERENCE_REPS = 50
#: Families of checks that enter the verdict.
VERDICT_FAMILIES = ("distance", "moment")


@dataclass(frozen=True)
class Check:
    """One row of a :class:`Comparison`.

    Attributes
    ----------
    name : str
    estimate, theory, stderr : float
        Estimate, reference value and standard error (NaN for distances).
    p_value : float
        Raw p-value of this check alone.
    p_iid : float
        Distances only: the classical asymptotic p-value treating all eigenvalues as
        independent (for reference; the eigenvalues of a spectrum are dependent).
    note : str
    family : str
        ``"distance"`` or ``"moment"`` (in the verdict) or ``"info"`` (diagnostic).
    p_adjusted : float
        Familywise-adjusted p-value (NaN for ``"info"`` rows); the verdict rejects
        when it is below ``alpha``.
    df : float
        Degrees of freedom of the reference t law of z (``inf``: normal).
    """

    name: str
    estimate: float
    theory: float
    stderr: float
    p_value: float
    p_iid: float = math.nan
    note: str = ""
    family: str = "info"
    p_adjusted: float = math.nan
    df: float = math.inf

    @property
    def z(self) -> float:
        """(estimate − theory) / stderr (NaN for distances)."""
        return (self.estimate - self.theory) / self.stderr if self.stderr > 0 else math.nan

    @property
    def in_verdict(self) -> bool:
        """Whether this check takes part in :attr:`Comparison.passed`."""
        return self.family in VERDICT_FAMILIES and not math.isnan(self.p_adjusted)

    def interval(self, level: float) -> tuple[float, float]:
        """Confidence interval of the estimate (normal, or Student t with ``df``).

        Calibrated only for checks in the verdict: for the tail diagnostics the nominal 95 %
        interval covers only 68–95 % at finite n (``benchmarks/bench_calibration.py``), and the
        printed table leaves it out.
        """
        dist = stats.norm if math.isinf(self.df) else stats.t(self.df)
        half = dist.ppf(0.5 + level / 2) * self.stderr
        return self.estimate - half, self.estimate + half


@dataclass(frozen=True)
class Comparison:
    """Result of :func:`compare`; ``print()`` it for a table.

    Attributes
    ----------
    checks : list of Check
    alpha : float
        Familywise level of the verdict.
    level : float
        Confidence level of the printed intervals.
    reps, n : int
        Number of replicates and of eigenvalues per replicate.
    reference : str
        What the samples were compared with.
    """

    checks: list[Check]
    alpha: float
    level: float
    reps: int
    n: int
    reference: str = ""

    def __getitem__(self, name: str) -> Check:
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(f"no check named {name!r}; available: {[c.name for c in self.checks]}")

    @property
    def rejected(self) -> list[str]:
        """Checks of the verdict whose adjusted p-value is below ``alpha``."""
        return [c.name for c in self.checks if c.in_verdict and c.p_adjusted < self.alpha]

    @property
    def flagged(self) -> list[str]:
        """Every check (diagnostics included) whose *raw* p-value is below ``alpha``."""
        return [c.name for c in self.checks if c.p_value < self.alpha]

    @property
    def passed(self) -> bool:
        """True when no check of the verdict rejects (familywise level ``alpha``)."""
        return not self.rejected

    def __str__(self) -> str:
        ci = f"{round(100 * self.level)}% CI"
        head = (f"{'check':<30}{'estimate':>12}{'theory':>12}{ci:>24}{'z':>8}"
                f"{'p':>10}{'p adj':>10}{'p (iid)':>10}  verdict")
        lines = [f"{self.reps} replicates x n = {self.n}" + (f" vs {self.reference}" if self.reference else ""),
                 f"verdict: {'PASSED' if self.passed else 'REJECTED'} at familywise level {self.alpha:g}",
                 head, "-" * len(head)]
        for c in self.checks:
            lo, hi = c.interval(self.level)
            interval = "" if math.isnan(lo) or not c.in_verdict else f"[{lo:.4g}, {hi:.4g}]"
            if c.in_verdict:
                verdict = "reject" if c.p_adjusted < self.alpha else "ok"
            else:
                verdict = "info" + (", low p" if c.p_value < self.alpha else "")
            lines.append(f"{c.name:<30}{c.estimate:>12.5g}{c.theory:>12.5g}{interval:>24}"
                         f"{_fmt(c.z, '.2f'):>8}{_fmt(c.p_value, '.3g'):>10}{_fmt(c.p_adjusted, '.3g'):>10}"
                         f"{_fmt(c.p_iid, '.3g'):>10}  {verdict}{'  (' + c.note + ')' if c.note else ''}")
        lines += [
            "p: this check alone (distances: replicate bootstrap, or permutation against the exact "
            "model; moments: z-test).",
            "p adj: familywise (min-P within distances and within moments, Holm across); "
            "the verdict rejects when p adj < alpha.",
            "p (iid): classical KS/CvM p-value treating all n x reps eigenvalues as independent; "
            "reference only (eigenvalues of a spectrum are dependent).",
            "info rows (tail exponents and rates: biased at finite n) are diagnostics outside the verdict, "
            "without an interval (theirs would not have the stated coverage).",
        ]
        return "\n".join(lines)


def _fmt(value: float, spec: str) -> str:
    return "" if math.isnan(value) else format(value, spec)


def _two_sided(estimate: float, theory: float, stderr: float) -> float:
    return float(2 * stats.norm.sf(abs(estimate - theory) / stderr)) if stderr > 0 else math.nan


def _finite_mean(law) -> bool:
    """False when the law's mean is known to be infinite (or undefined)."""
    try:
        mean = law.moment(1) if callable(getattr(law, "moment", None)) else law.mean()
        return math.isfinite(float(mean))
    except (AttributeError, ValueError, ArithmeticError, NotImplementedError, TypeError):
        return True


def _distance_checks(spectra: Spectra, law, model, reference, bootstrap: int, grid_size: int,
                     rng: np.random.Generator) -> list[Check]:
    if model is not None:
        if reference is None:
            reference = model.sample(reps=max(spectra.reps, MIN_REFERENCE_REPS), rng=rng)
        ref = as_spectra(reference, name="reference")
        if bootstrap == 0:
            return []
        note = f"permutation vs {ref.reps} reps of the model"
        return [Check(d.name, d.value, 0.0, math.nan, d.p_replicates, note=note, family="distance",
                      p_adjusted=d.p_adjusted)
                for d in two_sample_distances(spectra, ref, permutations=bootstrap, rng=rng)]
    cdf = law_cdf_at(law, spectra, grid_size)
    found = distances(spectra, cdf, bootstrap=bootstrap, rng=rng)
    bootstrapped = not math.isnan(found[0].p_replicates)
    p = np.array([d.p_replicates if bootstrapped else d.p_iid for d in found])
    finite = np.isfinite(p)
    adjusted = np.full(p.size, math.nan)
    adjusted[finite] = [d.p_adjusted for d, f in zip(found, finite) if f] if bootstrapped else holm(p[finite])
    checks = []
    for d, p_d, adj in zip(found, p, adjusted):
        note = "" if bootstrapped else "iid p"
        family = "distance"
        if d.name == "Wasserstein-1" and not _finite_mean(law):
            note, family = "the law has an infinite mean: W1 is no test", "info"
        checks.append(Check(d.name, d.value, 0.0, math.nan, float(p_d), d.p_iid, note, family, float(adj)))
    return checks


def _moment_checks(spectra: Spectra, law, model, order: int, rng: np.random.Generator) -> list[Check]:
    source = model if model is not None else law
    powers, theory = [], []
    for j in range(1, order + 1):
        try:
            value = float(source.moment(j))
        except (ValueError, ArithmeticError, NotImplementedError):
            continue
        if math.isfinite(value):
            powers.append(j)
            theory.append(value)
    if not powers:
        return []
    powers_arr, theory_arr = np.array(powers), np.array(theory)
    per_rep = np.stack([np.mean(spectra.values**j, axis=1) for j in powers], axis=1)   # (R, K)
    estimate = per_rep.mean(axis=0)
    total = spectra.values.size
    sigma = moment_covariance(model.limit if model is not None else law, int(powers_arr.max()))
    if sigma is not None:
        cov, df, note = sigma[np.ix_(powers_arr - 1, powers_arr - 1)] / total, math.inf, "theory s.e."
    elif spectra.reps >= 2:
        cov, df, note = np.atleast_2d(np.cov(per_rep.T)) / spectra.reps, spectra.reps - 1, \
            f"replicate s.e., t({spectra.reps - 1})"
    else:
        values = np.stack([spectra.values.ravel() ** j for j in powers])
        cov, df, note = np.atleast_2d(np.cov(values)) / total, math.inf, "iid s.e."
    se = np.sqrt(np.clip(np.diag(cov), 0, None))
    ok = se > 0
    z = np.where(ok, (estimate - theory_arr) / np.where(ok, se, 1), 0.0)
    raw, adjusted = np.full(z.size, math.nan), np.full(z.size, math.nan)
    if ok.any():
        corr = cov[np.ix_(ok, ok)] / np.outer(se[ok], se[ok])
        raw[ok], adjusted[ok] = max_abs_adjust(z[ok], corr, df, rng)
    exact = " (exact n)" if model is not None else ""
    return [Check(f"moment {j}", float(estimate[i]), float(theory_arr[i]), float(se[i]), float(raw[i]),
                  note=note + exact, family="moment", p_adjusted=float(adjusted[i]), df=float(df))
            for i, j in enumerate(powers)]


def _tail_checks(spectra: Spectra, tail, side: str) -> list[Check]:
    """Estimate the tail described by ``tail`` (see the module notes)."""
    where = float(getattr(tail, "where", 0.0 if side == "lower" else math.inf))
    e = float(tail.exponent)
    rate = float(getattr(tail, "rate", 0.0) or 0.0)
    inverse_rate = bool(getattr(tail, "rate_in_inverse", False))
    if float(getattr(tail, "log_power", 0.0) or 0.0) != 0.0:
        return []
    groups = np.broadcast_to(np.arange(spectra.reps)[:, None], spectra.values.shape)
    x = spectra.values
    label = f"{side} tail"
    if math.isfinite(where):
        t = x - where if side == "lower" else where - x
        keep = t > 0
        z, g = 1.0 / t[keep], groups[keep]
        if rate > 0 and inverse_rate:
            return _rate_check(label, z, g, -e - 2, rate)
        return _power_checks(label, z, g, theory=e, to_estimate=lambda alpha: alpha - 2)
    if rate > 0 and not inverse_rate:
        return _rate_check(label, x.ravel(), groups.ravel(), e, rate)
    sign = -1.0 if e < 0 else 1.0   # density x^{-alpha}: exponent stored as -alpha or alpha
    return _power_checks(label, x.ravel(), groups.ravel(), theory=e, to_estimate=lambda alpha: sign * alpha)


def _power_checks(label, z, groups, *, theory, to_estimate) -> list[Check]:
    checks = []
    for estimator in (hill, clauset):
        try:
            est = estimator(z, groups=groups)
        except ValueError as exc:
            return [Check(f"{label} exponent", math.nan, theory, math.nan, math.nan, note=str(exc))]
        value = to_estimate(est.value)
        checks.append(Check(f"{label} exponent ({est.method})", value, theory, est.stderr,
                            _two_sided(value, theory, est.stderr), note=f"{est.count} pts"))
    return checks


def _rate_check(label, z, groups, power, rate) -> list[Check]:
    if not power > -1:
        return []
    try:
        est = gamma_tail_rate(z, power, groups=groups)
    except ValueError as exc:
        return [Check(f"{label} rate (MLE)", math.nan, rate, math.nan, math.nan, note=str(exc))]
    return [Check(f"{label} rate (MLE)", est.value, rate, est.stderr,
                  _two_sided(est.value, rate, est.stderr), note=f"{est.count} pts")]


def _familywise(checks: list[Check]) -> list[Check]:
    """Multiply within-family adjusted p-values by the Holm factors across families."""
    families: dict[str, list[int]] = {}
    for i, c in enumerate(checks):
        if c.in_verdict:
            families.setdefault(c.family, []).append(i)
    smallest = {name: min(checks[i].p_adjusted for i in rows) for name, rows in families.items()}
    factors = holm_across(smallest)
    out, floor = list(checks), 0.0
    for name in sorted(smallest, key=smallest.get):
        for i in families[name]:
            out[i] = replace(checks[i], p_adjusted=max(floor, min(1.0, factors[name] * checks[i].p_adjusted)))
        floor = max(floor, min(1.0, factors[name] * smallest[name]))
    return out


def compare(samples, law=None, *, model=None, reference=None, moments: int = 4, tails: bool = True,
            alpha: float = 0.01, level: float = 0.95, grid_size: int = DEFAULT_GRID, bootstrap: int = 999,
            rng=0) -> Comparison:
    r"""Compare replicated spectra with a law, or with an exact finite-n model.

    Parameters
    ----------
    samples
        Array of shape (reps, n) (rows: independent replicates) or (n,): finite reals.
    law
        Object with a vectorised ``cdf``; optionally ``pdf``, ``moment``,
        ``lower_tail``, ``upper_tail`` (see the module notes).  May be omitted when
        ``model`` is given (its limit law is used for the tails and the
        fluctuation theory).
    model
        An exact finite-n model (:mod:`htmp_theory.crosscheck.models`, e.g.
        ``LaguerreModel(n, gamma, kappa)``) with the sample's n: the moment checks use
        its exact finite-n moments and the distances compare with a reference sample
        of it (permutation test) instead of the n → ∞ law.
    reference
        Reference sample of ``model`` (shape (R_ref, n)); default: drawn here,
        ``max(reps, 50)`` replicates.
    moments
        Highest moment j whose z-score is computed (0: none).
    tails
        Estimate the tail exponents (or rates) and compare with the law's
        (diagnostics, outside the verdict).
    alpha
        Familywise level of the verdict ``passed``.
    level
        Level of the printed confidence intervals.
    grid_size
        The law's CDF is evaluated exactly at this many sample quantiles and
        interpolated in between (every point when the sample is smaller).
    bootstrap
        Bootstrap resamples (permutations with ``model``) for the distance p-values
        (0: i.i.d. p-values only; with ``model``, no distance checks).
    rng
        Generator or seed of the resampling (default 0: reproducible).

    Returns
    -------
    Comparison

    Examples
    --------
    >>> from scipy import stats
    >>> x = stats.gamma(2.0).rvs(size=(20, 500), random_state=1)
    >>> result = compare(x, stats.gamma(2.0))
    >>> result.passed, compare(x, stats.gamma(2.2)).passed
    (True, False)
    """
    spectra = as_spectra(samples)
    moments = check_int("moments", moments, minimum=0)
    alpha, level = check_positive("alpha", alpha), check_positive("level", level)
    if not (alpha < 1 and level < 1):
        raise ValueError(f"alpha and level must lie in (0, 1), got {alpha!r}, {level!r}")
    grid_size = check_int("grid_size", grid_size, minimum=16)
    bootstrap = check_int("bootstrap", bootstrap, minimum=0)
    rng = check_rng(rng)
    if model is not None:
        if spectra.values.shape[1] != model.n:
            raise ValueError(f"samples have n = {spectra.values.shape[1]} eigenvalues per replicate but "
                             f"the model has n = {model.n}")
        law = model.limit if law is None else law
    elif reference is not None:
        raise TypeError("reference needs model= (the exact model it was drawn from)")
    if law is None:
        raise TypeError("give a law (with a vectorised cdf) or model=")
    if not callable(getattr(law, "cdf", None)):
        raise TypeError(f"law must have a vectorised cdf method, got {type(law).__name__}")
    checks = _distance_checks(spectra, law, model, reference, bootstrap, grid_size, rng)
    if moments and (model is not None or callable(getattr(law, "moment", None))):
        checks += _moment_checks(spectra, law, model, moments, rng)
    if tails:
        for side in ("lower", "upper"):
            method = getattr(law, f"{side}_tail", None)
            if callable(method):
                checks += _tail_checks(spectra, method(), side)
    if model is not None:
        name = repr(model)
    else:   # a law's own repr when it has one, else its class name (not '<... object at 0x...>')
        name = repr(law) if type(law).__repr__ is not object.__repr__ else type(law).__name__
    return Comparison(_familywise(checks), alpha, level, spectra.reps, spectra.values.shape[1], name)
