r"""``compare(samples, law)``: every quantitative check of replicated spectra against a law.

``law`` is any object with a vectorised ``cdf`` (e.g. :class:`htmp_theory.HTMP` or a
frozen ``scipy.stats`` distribution); the other checks run when the law provides
what they need and are skipped otherwise:

=====================  ==========================================================
check                  needs
=====================  ==========================================================
KS, Cramér–von Mises,  ``cdf`` (``pdf`` makes the tabulated CDF more accurate)
Wasserstein-1
moment z-scores        ``moment(j)``
tail exponents         ``lower_tail()`` / ``upper_tail()``: objects with ``exponent``
                       and optionally ``where`` (edge), ``rate``, ``rate_in_inverse``,
                       ``log_power`` — the :class:`htmp_theory.TailAsymptotics`
                       convention :math:`p \sim C t^{e} e^{-rt}`, t the distance to
                       the edge (or x for an upper tail at ∞)
=====================  ==========================================================

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
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._numerics.validation import check_int, check_positive, check_rng
from ._spectra import DEFAULT_GRID, Spectra, as_spectra, law_cdf_at
from .distances import distances
from .tails import clauset, gamma_tail_rate, hill

__all__ = ["Check", "Comparison", "compare"]


@dataclass(frozen=True)
class Check:
    """One row of a :class:`Comparison`.

    ``p_value`` drives the verdict (replicate bootstrap for distances when available,
    else the i.i.d. asymptotic ``p_iid``; normal z-test for moments and tails).
    """

    name: str
    estimate: float
    theory: float
    stderr: float
    p_value: float
    p_iid: float = math.nan
    note: str = ""

    @property
    def z(self) -> float:
        """(estimate − theory) / stderr (NaN for distances)."""
        return (self.estimate - self.theory) / self.stderr if self.stderr > 0 else math.nan

    def interval(self, level: float) -> tuple[float, float]:
        """Normal confidence interval of the estimate (NaN for distances)."""
        half = stats.norm.ppf(0.5 + level / 2) * self.stderr
        return self.estimate - half, self.estimate + half


@dataclass(frozen=True)
class Comparison:
    """Result of :func:`compare`; ``print()`` it for a table.

    Attributes
    ----------
    checks : list of Check
    alpha : float
        A check rejects the law when its p-value is below ``alpha``.
    level : float
        Confidence level of the printed intervals.
    reps, n : int
        Number of replicates and of eigenvalues per replicate.
    """

    checks: list[Check]
    alpha: float
    level: float
    reps: int
    n: int

    def __getitem__(self, name: str) -> Check:
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(f"no check named {name!r}; available: {[c.name for c in self.checks]}")

    @property
    def rejected(self) -> list[str]:
        """Names of the checks whose p-value is below ``alpha``."""
        return [c.name for c in self.checks if c.p_value < self.alpha]

    @property
    def passed(self) -> bool:
        """True when no check rejects the law."""
        return not self.rejected

    def __str__(self) -> str:
        ci = f"{round(100 * self.level)}% CI"
        head = (f"{'check':<30}{'estimate':>12}{'theory':>12}{ci:>24}{'z':>8}"
                f"{'p-value':>10}{'p (iid)':>10}  verdict")
        lines = [f"{self.reps} replicates x n = {self.n}; reject when p < {self.alpha:g}", head,
                 "-" * len(head)]
        for c in self.checks:
            lo, hi = c.interval(self.level)
            interval = "" if math.isnan(lo) else f"[{lo:.4g}, {hi:.4g}]"
            verdict = "reject" if c.p_value < self.alpha else ("ok" if c.p_value == c.p_value else "-")
            lines.append(f"{c.name:<30}{c.estimate:>12.5g}{c.theory:>12.5g}{interval:>24}"
                         f"{_fmt(c.z, '.2f'):>8}{_fmt(c.p_value, '.3g'):>10}{_fmt(c.p_iid, '.3g'):>10}"
                         f"  {verdict}{'  (' + c.note + ')' if c.note else ''}")
        return "\n".join(lines)


def _fmt(value: float, spec: str) -> str:
    return "" if math.isnan(value) else format(value, spec)


def _two_sided(estimate: float, theory: float, stderr: float) -> float:
    return float(2 * stats.norm.sf(abs(estimate - theory) / stderr)) if stderr > 0 else math.nan


def _moment_checks(spectra: Spectra, law, order: int) -> list[Check]:
    checks = []
    for j in range(1, order + 1):
        try:
            theory = float(law.moment(j))
        except (ValueError, ArithmeticError, NotImplementedError):
            continue
        if not math.isfinite(theory):
            continue
        per_rep = np.mean(spectra.values**j, axis=1)
        if spectra.reps >= 2:
            se, note = per_rep.std(ddof=1) / math.sqrt(spectra.reps), ""
        else:
            se, note = np.std(spectra.values**j, ddof=1) / math.sqrt(spectra.values.size), "iid s.e."
        estimate = float(per_rep.mean())
        checks.append(Check(f"moment {j}", estimate, theory, float(se),
                            _two_sided(estimate, theory, se), note=note))
    return checks


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
    est = gamma_tail_rate(z, power, groups=groups)
    return [Check(f"{label} rate (MLE)", est.value, rate, est.stderr,
                  _two_sided(est.value, rate, est.stderr), note=f"{est.count} pts")]


def compare(samples, law, *, moments: int = 4, tails: bool = True, alpha: float = 0.01,
            level: float = 0.95, grid_size: int = DEFAULT_GRID, bootstrap: int = 999,
            rng=0) -> Comparison:
    r"""Compare replicated spectra with a law.

    Parameters
    ----------
    samples
        Array of shape (reps, n) (rows: independent replicates) or (n,).
    law
        Object with a vectorised ``cdf``; optionally ``pdf``, ``moment``,
        ``lower_tail``, ``upper_tail`` (see the module notes).
    moments
        Highest moment j whose z-score is computed (0: none).  The standard error is
        the replicate spread / √reps.
    tails
        Estimate the tail exponents (or rates) and compare with the law's.
    alpha
        Rejection level of each check.
    level
        Level of the printed confidence intervals.
    grid_size
        The law's CDF is evaluated exactly at this many sample quantiles and
        interpolated in between (every point when the sample is smaller).
    bootstrap
        Replicate-bootstrap resamples for the distance p-values (0: i.i.d. only).
    rng
        Generator or seed of the bootstrap (default 0: reproducible).

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
    cdf = law_cdf_at(law, spectra, grid_size)
    checks = [Check(d.name, d.value, 0.0, math.nan, d.p_replicates if d.p_replicates == d.p_replicates else d.p_iid,
                    d.p_iid, note="" if d.p_replicates == d.p_replicates else "iid p")
              for d in distances(spectra, cdf, bootstrap=bootstrap, rng=check_rng(rng))]
    if callable(getattr(law, "moment", None)):
        checks += _moment_checks(spectra, law, moments)
    if tails:
        for side in ("lower", "upper"):
            method = getattr(law, f"{side}_tail", None)
            if callable(method):
                checks += _tail_checks(spectra, method(), side)
    return Comparison(checks, alpha, level, spectra.reps, spectra.values.shape[1])
