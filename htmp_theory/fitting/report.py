r"""Goodness of fit and per-layer reports (table, markdown, plots).

Goodness of fit of a fitted HTMP law (:func:`goodness_of_fit`):

* KS / Cramér–von Mises / Wasserstein distances to the fitted law and to Marchenko–Pastur
  (κ = ∞, same γ, scale = sample mean), from :func:`htmp_theory.crosscheck.compare`.  The
  p-values are i.i.d. asymptotic ones and ignore that κ and the scale were estimated
  (they are optimistic for the fitted law); they are most useful as a comparison.
* A Vuong likelihood-ratio test against a pure power law on the tail above the Clauset
  threshold u (:func:`htmp_theory.crosscheck.clauset`): with
  :math:`d_i = \log p(x_i \mid x > u) - \log q_{\mathrm{Pareto}}(x_i)` for the n_u points above
  u, :math:`p(x\mid x>u) = p(x)/S(u)`, :math:`q(x) = (\hat\alpha-1)u^{\hat\alpha-1}x^{-\hat\alpha}`,
  the statistic is :math:`\bar d\sqrt{n_u}/\operatorname{sd}(d)` and the two-sided p-value
  :math:`2\Phi(-|z|)`; positive favours the fitted law.
"""
from __future__ import annotations

import csv
import math
import os
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .layers import LayerSpectrum, layer_spectrum, load_weights
from .mle import fit_distance, fit_mle
from .moments import FitResult, clean_eigenvalues, fit_moments
from .phases import Phase, phase_label

__all__ = ["GoodnessOfFit", "LayerReport", "goodness_of_fit", "fit_layer", "fit_layers",
           "write_report", "plot_layer", "COLUMNS"]


@dataclass(frozen=True)
class GoodnessOfFit:
    """Distances (and i.i.d. p-values) to the fitted law and to MP; Vuong test vs power law."""

    ks: float
    ks_p: float
    cvm: float
    cvm_p: float
    mp_ks: float
    mp_ks_p: float
    mp_cvm: float
    mp_cvm_p: float
    vuong_z: float
    vuong_p: float
    tail_count: int


def _distances(x: np.ndarray, law) -> tuple[float, float, float, float]:
    from htmp_theory.crosscheck import compare

    result = compare(x, law, moments=0, tails=False, bootstrap=0)
    ks, cvm = result["Kolmogorov-Smirnov"], result["Cramer-von Mises"]
    return ks.estimate, ks.p_iid, cvm.estimate, cvm.p_iid


def _vuong(x: np.ndarray, law) -> tuple[float, float, int]:
    from htmp_theory.crosscheck import clauset

    try:
        tail = clauset(x)
    except ValueError:
        return math.nan, math.nan, 0
    u, a = tail.threshold, tail.value
    y = x[x > u]
    log_p = np.asarray(law.logpdf(y), dtype=float) - math.log(float(law.sf(u)))
    log_q = math.log(a - 1) + (a - 1) * math.log(u) - a * np.log(y)
    d = log_p - log_q
    if not np.all(np.isfinite(d)) or d.size < 2 or np.std(d) == 0:
        return math.nan, math.nan, int(y.size)
    z = float(np.mean(d) * math.sqrt(d.size) / np.std(d, ddof=1))
    return z, float(2 * stats.norm.sf(abs(z))), int(y.size)


def goodness_of_fit(eigenvalues, fit: FitResult) -> GoodnessOfFit:
    """Goodness of fit of ``fit`` to the spectrum and of Marchenko–Pastur (module notes)."""
    from htmp_theory import MarchenkoPastur

    x = clean_eigenvalues(eigenvalues).ravel()
    law = fit.law()
    own = _distances(x, law)
    mp = _distances(x, MarchenkoPastur(fit.gamma, scale=float(np.mean(x))))
    vz, vp, count = _vuong(x, law)
    return GoodnessOfFit(*own, *mp, vz, vp, count)


@dataclass(frozen=True)
class LayerReport:
    """Everything reported for one layer (see :data:`COLUMNS`)."""

    name: str
    shape: tuple[int, ...]
    spectrum: LayerSpectrum
    fit: FitResult
    clauset_alpha: float
    clauset_se: float
    clauset_xmin: float
    phase: Phase
    gof: GoodnessOfFit | None

    def row(self) -> dict:
        """One table row."""
        lo, hi = self.fit.interval()
        g = self.gof
        return {
            "layer": self.name, "shape": "x".join(map(str, self.shape)), "n": self.fit.n,
            "zeros": self.spectrum.zeros, "gamma": self.fit.gamma, "method": self.fit.method,
            "kappa": self.fit.kappa, "kappa_se": self.fit.kappa_se, "kappa_lo95": lo, "kappa_hi95": hi,
            "scale": self.fit.scale, "alpha_inverse_law": self.fit.alpha, "alpha_inverse_se": self.fit.alpha_se,
            "alpha_clauset": self.clauset_alpha, "alpha_clauset_se": self.clauset_se,
            "xmin_clauset": self.clauset_xmin, "phase": self.phase.label, "phase_rule": self.phase.rule,
            "ks": g.ks if g else math.nan, "ks_p": g.ks_p if g else math.nan,
            "mp_ks": g.mp_ks if g else math.nan, "mp_ks_p": g.mp_ks_p if g else math.nan,
            "vuong_z": g.vuong_z if g else math.nan, "vuong_p": g.vuong_p if g else math.nan,
        }


#: Columns of the CSV/markdown table.
COLUMNS = ("layer", "shape", "n", "zeros", "gamma", "method", "kappa", "kappa_se", "kappa_lo95",
           "kappa_hi95", "scale", "alpha_inverse_law", "alpha_inverse_se", "alpha_clauset",
           "alpha_clauset_se", "xmin_clauset", "phase", "phase_rule", "ks", "ks_p", "mp_ks", "mp_ks_p",
           "vuong_z", "vuong_p")

_FITTERS = {"moments": lambda x, g, inv: fit_moments(x, g, inverse=inv),
            "mle": lambda x, g, inv: fit_mle(x, g, inverse=inv),
            "cvm": lambda x, g, inv: fit_distance(x, g, distance="cvm", inverse=inv),
            "ks": lambda x, g, inv: fit_distance(x, g, distance="ks", inverse=inv)}


def fit_layer(matrix=None, *, eigenvalues=None, gamma: float | None = None, name: str = "W",
              method: str = "moments", inverse: bool = False, gof: bool = True) -> LayerReport:
    r"""Fit one layer: κ̂ ± se, α, Clauset α, phase label, goodness of fit.

    Give either ``matrix`` (γ and the ESD come from :func:`~.layers.layer_spectrum`) or
    ``eigenvalues`` and ``gamma`` (``gamma=None`` estimates γ from the third moment, with
    ``method="moments"`` only).  ``method`` is ``"moments"`` (fast), ``"mle"``, ``"cvm"``
    or ``"ks"``; ``inverse=True`` fits InverseHTMP instead of HTMP.

    Examples
    --------
    >>> w = np.random.default_rng(0).standard_normal((400, 200))
    >>> report = fit_layer(w, gof=False)
    >>> report.phase.label, report.fit.gamma
    ('random-like', 0.5)
    """
    from htmp_theory.crosscheck import clauset

    if method not in _FITTERS:
        raise ValueError(f"method must be one of {sorted(_FITTERS)}, got {method!r}")
    if (matrix is None) == (eigenvalues is None):
        raise ValueError("give exactly one of matrix and eigenvalues")
    if matrix is not None:
        spectrum = layer_spectrum(matrix, name)
    else:
        if gamma is None and method != "moments":
            raise ValueError(f"gamma is required with eigenvalues and method={method!r}")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            raw = np.asarray(eigenvalues, dtype=float).ravel()
            x = clean_eigenvalues(raw)
        for w in caught:
            warnings.warn(w.message, w.category, stacklevel=2)
        spectrum = LayerSpectrum(name, np.sort(x), math.nan if gamma is None else float(gamma), raw.shape,
                                 int(raw.size - x.size))
    x = clean_eigenvalues(spectrum.eigenvalues, name=f"{name} eigenvalues")
    fit = _FITTERS[method](x, None if math.isnan(spectrum.gamma) else spectrum.gamma, inverse)
    try:
        tail = clauset(x)
        c_alpha, c_se, c_xmin = tail.value, tail.stderr, tail.threshold
    except ValueError:
        c_alpha = c_se = c_xmin = math.nan
    phase = phase_label(x, fit.gamma, c_alpha, zeros=spectrum.zeros)
    goodness = None
    if gof and not (fit.inverse and math.isinf(fit.kappa)):
        goodness = goodness_of_fit(x, fit)
    return LayerReport(name, spectrum.shape, spectrum, fit, c_alpha, c_se, c_xmin, phase, goodness)


class LayerReports(list):
    """The :class:`LayerReport` of every fitted layer, and ``skipped``: tensor name → reason."""

    def __init__(self, reports=(), skipped: dict[str, str] | None = None) -> None:
        super().__init__(reports)
        self.skipped = dict(skipped or {})


def fit_layers(source, *, method: str = "moments", inverse: bool = False, gof: bool = True) -> LayerReports:
    """:func:`fit_layer` for every weight matrix of ``source`` (see :func:`~.layers.load_weights`).

    Tensors that are not weight matrices (biases, integer buffers, ...) and layers that
    cannot be fitted (too few eigenvalues, ...) are listed in ``skipped`` of the result
    with the reason, and summarised in one ``RuntimeWarning``.
    """
    loaded = load_weights(source)
    reports = LayerReports(skipped=loaded.skipped)
    for name, matrix in loaded.tensors.items():
        try:
            reports.append(fit_layer(matrix, name=name, method=method, inverse=inverse, gof=gof))
        except ValueError as exc:
            reports.skipped[name] = f"not fitted: {exc}"
    if reports.skipped:
        names = list(reports.skipped)
        warnings.warn(f"skipped {len(names)} tensors ({', '.join(names[:5])}{' ...' if len(names) > 5 else ''}); "
                      "see .skipped for the reasons", RuntimeWarning, stacklevel=2)
    return reports


def plot_layer(report: LayerReport):
    """Figure: ESD histogram with the fitted law and MP; log–log survival of the tail."""
    from matplotlib.figure import Figure

    from htmp_theory import MarchenkoPastur
    from htmp_theory.crosscheck.plots import plot_histogram

    x = report.spectrum.eigenvalues
    fig = Figure(figsize=(10, 4), layout="constrained")
    ax_hist, ax_tail = fig.subplots(1, 2)
    try:
        law = report.fit.law()
    except ValueError:  # inverse fit with kappa = inf: no law to draw
        law = None
    plot_histogram(ax_hist, x, law, bins=60)
    lo, hi = ax_hist.get_xlim()
    log_x = ax_hist.get_xscale() == "log"
    grid = np.geomspace(max(lo, x.min()), hi, 400) if log_x else np.linspace(max(lo, 0.0), hi, 400)
    mp = MarchenkoPastur(report.fit.gamma, scale=float(np.mean(x)))
    ax_hist.plot(grid, mp.pdf(grid), "r--", lw=1, label="Marchenko-Pastur")
    ax_hist.set_xlabel("eigenvalue")
    ax_hist.set_ylabel("density")
    ax_hist.set_title(f"{report.name}: {report.phase.label}, kappa = {report.fit.kappa:.3g}")
    ax_hist.legend(fontsize="small")
    y = np.sort(x)
    survival = 1.0 - np.arange(y.size) / y.size
    ax_tail.loglog(y, survival, ".", ms=2, label="ESD")
    tail_grid = np.geomspace(np.quantile(y, 0.5), y[-1], 200)
    if law is not None:
        ax_tail.loglog(tail_grid, law.sf(tail_grid), "k-", lw=1, label="fit")
    if math.isfinite(report.clauset_alpha):
        u, a = report.clauset_xmin, report.clauset_alpha
        frac = float(np.mean(y > u))
        pl = tail_grid[tail_grid >= u]
        ax_tail.loglog(pl, frac * (pl / u) ** (1 - a), "g--", lw=1, label=f"Clauset alpha = {a:.3g}")
    ax_tail.set_xlabel("eigenvalue")
    ax_tail.set_ylabel("P(X > x)")
    ax_tail.legend(fontsize="small")
    return fig


def _fmt(value) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def write_report(reports: list[LayerReport], out_dir, *, plots: bool = True) -> dict[str, str]:
    """Write ``fit.csv``, ``fit.md`` and one ``<layer>.png`` per layer to ``out_dir``.

    Returns the paths written, by kind.
    """
    out_dir = os.fspath(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    rows = [r.row() for r in reports]
    paths = {"csv": os.path.join(out_dir, "fit.csv"), "markdown": os.path.join(out_dir, "fit.md")}
    with open(paths["csv"], "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    with open(paths["markdown"], "w") as fh:
        fh.write("| " + " | ".join(COLUMNS) + " |\n|" + "---|" * len(COLUMNS) + "\n")
        for row in rows:
            fh.write("| " + " | ".join(_fmt(row[c]).replace("|", "/") for c in COLUMNS) + " |\n")
        skipped = getattr(reports, "skipped", {})
        if skipped:
            fh.write(f"\nSkipped tensors ({len(skipped)}):\n\n")
            fh.writelines(f"- `{name}`: {why}\n" for name, why in skipped.items())
        fh.write("\nPhase labels are a heuristic (see htmp_theory.fitting.phases); "
                 "p-values are i.i.d. asymptotic and ignore estimated parameters.\n")
    if plots:
        for report in reports:
            safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in report.name)
            path = os.path.join(out_dir, f"{safe}.png")
            plot_layer(report).savefig(path, dpi=100)
            paths[f"plot:{report.name}"] = path
    return paths
