r"""Goodness of fit, model adequacy and per-layer reports (table, markdown, plots).

Per layer (:func:`fit_layer`): the fit (default ``"auto"``: maximum likelihood with sandwich
errors), the spike rule and the bulk refit (:mod:`.adequacy`), WeightWatcher's α (Clauset
fit of the ESD density tail, :math:`\rho(x) \propto x^{-\alpha}`, with the reason when no
tail fit is possible), the heuristic phase from the fitted quantities, and
:func:`goodness_of_fit`:

* KS / Cramér–von Mises distances to the fitted law (fast Riccati CDF) and to
  Marchenko–Pastur (κ = ∞, same γ, scale = sample mean), with i.i.d. asymptotic p-values
  (optimistic for the fitted law); the calibrated p-value ``cvm_model_p`` from the
  finite-n model (:func:`~.adequacy.cvm_pvalue`);
* AIC of HTMP, inverse HTMP and MP (:func:`~.adequacy.compare_models`);
* a Vuong likelihood-ratio test against a pure power law on the tail above the Clauset
  threshold u (:func:`htmp_theory.crosscheck.clauset`): with
  :math:`d_i = \log p(x_i \mid x > u) - \log q_{\mathrm{Pareto}}(x_i)` for the n_u points above
  u, :math:`p(x\mid x>u) = p(x)/S(u)`, :math:`q(x) = (\hat\alpha-1)u^{\hat\alpha-1}x^{-\hat\alpha}`,
  the statistic is :math:`\bar d\sqrt{n_u}/\operatorname{sd}(d)` and the two-sided p-value
  :math:`2\Phi(-|z|)`; positive favours the fitted law.
"""
from __future__ import annotations

import contextlib
import csv
import math
import os
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from .adequacy import compare_models, cvm_pvalue, fast_law, lowest_point, split_spikes
from .layers import LayerSpectrum, layer_spectrum, load_weights
from .mle import fit_distance, fit_mle, refit_mle, with_errors
from .moments import FitResult, clean_eigenvalues, fit_moments
from .phases import Phase, phase_label

__all__ = ["FitFailure", "GoodnessOfFit", "LayerReport", "goodness_of_fit", "fit_layer", "fit_layers",
           "write_report", "plot_layer", "COLUMNS"]


class FitFailure(ArithmeticError):
    """A layer whose fit failed numerically; the message names the layer, the stage and the cause.

    Raised by :func:`fit_layer` (a subclass of ``ArithmeticError``, so existing handlers still
    catch it); :func:`fit_layers` lists such layers in ``skipped`` instead.  ``layer``,
    ``stage`` and ``__cause__`` (the original error) are kept.
    """

    def __init__(self, layer: str, stage: str, cause: BaseException) -> None:
        super().__init__(f"layer {layer!r}: the {stage} failed numerically ({type(cause).__name__}: {cause}); "
                         f"try method='moments' for this layer")
        self.layer, self.stage = layer, stage


@dataclass(frozen=True)
class GoodnessOfFit:
    """Distances to the fitted law and to MP, calibrated p-value, AIC comparison, Vuong test.

    ``ks_p``, ``cvm_p``, ``mp_*_p`` are i.i.d. asymptotic p-values (optimistic for the
    fitted law: its parameters were estimated); ``cvm_model_p`` is the p-value from the
    finite-n model (:func:`~.adequacy.cvm_pvalue`; NaN without reference spectra);
    ``aic_*`` come from :func:`~.adequacy.compare_models`.
    """

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
    cvm_model_p: float = math.nan
    aic_htmp: float = math.nan
    aic_inverse: float = math.nan
    aic_mp: float = math.nan
    best_model: str = ""


def _distances(x: np.ndarray, cdf) -> tuple[float, float, float, float]:
    ks = stats.kstest(x, cdf)
    cvm = stats.cramervonmises(x, cdf)
    return float(ks.statistic), float(ks.pvalue), float(cvm.statistic) / x.size, float(cvm.pvalue)


def _vuong(x: np.ndarray, law) -> tuple[float, float, int]:
    from htmp_theory.crosscheck import clauset

    try:
        tail = clauset(x)
    except ValueError:
        return math.nan, math.nan, 0
    u, a = tail.threshold, tail.value
    y = x[x > u]
    log_p = np.asarray(law.logpdf(y), dtype=float) - math.log(float(law.sf(np.array([u]))[0]))
    log_q = math.log(a - 1) + (a - 1) * math.log(u) - a * np.log(y)
    d = log_p - log_q
    if not np.all(np.isfinite(d)) or d.size < 2 or np.std(d) == 0:
        return math.nan, math.nan, int(y.size)
    z = float(np.mean(d) * math.sqrt(d.size) / np.std(d, ddof=1))
    return z, float(2 * stats.norm.sf(abs(z))), int(y.size)


def goodness_of_fit(eigenvalues, fit: FitResult, *, inverse_fit: FitResult | None = None) -> GoodnessOfFit:
    """Goodness of fit of ``fit`` to the spectrum and of Marchenko–Pastur (module notes).

    ``inverse_fit`` (an InverseHTMP fit of the same spectrum) enters the AIC comparison.
    """
    from htmp_theory import MarchenkoPastur

    x = np.sort(clean_eigenvalues(eigenvalues).ravel())
    if fit.inverse or not math.isfinite(fit.kappa):
        law = fit.law()
        own = _distances(x, law.cdf)
        model_p = math.nan
    else:
        law = fast_law(fit, lowest_point(x, fit))  # one table for the distances and the p-value
        own = _distances(x, law.cdf)
        model_p = cvm_pvalue(x, fit)[1]
    mp = _distances(x, MarchenkoPastur(min(fit.gamma, 1.0), scale=float(np.mean(x))).cdf)
    vz, vp, count = _vuong(x, law) if not fit.inverse else (math.nan, math.nan, 0)
    models = compare_models(x, fit, inverse_fit) if not fit.inverse else None
    extra = ((models.aic_htmp, models.aic_inverse, models.aic_mp, models.best) if models
             else (math.nan, math.nan, math.nan, ""))
    return GoodnessOfFit(*own, *mp, vz, vp, count, model_p, *extra)


@dataclass(frozen=True)
class LayerReport:
    """Everything reported for one layer (see :data:`COLUMNS`); ``warnings`` name the layer."""

    name: str
    shape: tuple[int, ...]
    spectrum: LayerSpectrum
    fit: FitResult
    clauset_alpha: float
    clauset_se: float
    clauset_xmin: float
    phase: Phase
    gof: GoodnessOfFit | None
    spikes: np.ndarray = field(default_factory=lambda: np.empty(0))
    clauset_note: str = ""
    moment_fit: FitResult | None = None
    warnings: tuple[str, ...] = ()

    def row(self) -> dict:
        """One table row."""
        lo, hi = self.fit.interval()
        g = self.gof
        nan = math.nan
        return {
            "layer": self.name, "shape": "x".join(map(str, self.shape)), "n": self.fit.n,
            "zeros": self.spectrum.zeros, "spikes": int(self.spikes.size), "gamma": self.fit.gamma,
            "method": self.fit.method, "kappa": self.fit.kappa, "kappa_se": self.fit.kappa_se,
            "kappa_lo95": lo, "kappa_hi95": hi, "kappa_moments": self.moment_fit.kappa if self.moment_fit else nan,
            "scale": self.fit.scale, "alpha_inverse_law": self.fit.alpha, "alpha_inverse_se": self.fit.alpha_se,
            "alpha_ww": self.clauset_alpha, "alpha_ww_se": self.clauset_se, "xmin_ww": self.clauset_xmin,
            "alpha_ww_note": self.clauset_note, "phase": self.phase.label, "phase_rule": self.phase.rule,
            "ks": g.ks if g else nan, "cvm": g.cvm if g else nan, "cvm_model_p": g.cvm_model_p if g else nan,
            "mp_ks": g.mp_ks if g else nan, "aic_htmp": g.aic_htmp if g else nan,
            "aic_inverse": g.aic_inverse if g else nan, "aic_mp": g.aic_mp if g else nan,
            "best_model": g.best_model if g else "", "vuong_z": g.vuong_z if g else nan,
            "vuong_p": g.vuong_p if g else nan, "warnings": "; ".join(self.warnings),
        }


#: Columns of the CSV/markdown table (alpha_ww: WeightWatcher's alpha, the Clauset exponent
#: of the ESD density tail rho(x) ~ x^-alpha; alpha_inverse_law: the same exponent of the
#: fitted law when the fit is inverse).
COLUMNS = ("layer", "shape", "n", "zeros", "spikes", "gamma", "method", "kappa", "kappa_se", "kappa_lo95",
           "kappa_hi95", "kappa_moments", "scale", "alpha_inverse_law", "alpha_inverse_se", "alpha_ww",
           "alpha_ww_se", "xmin_ww", "alpha_ww_note", "phase", "phase_rule", "ks", "cvm", "cvm_model_p",
           "mp_ks", "aic_htmp", "aic_inverse", "aic_mp", "best_model", "vuong_z", "vuong_p", "warnings")

#: Search tolerance (standard errors of log kappa) and most kappa values of the inverse-HTMP fit
#: that only enters the AIC comparison (its log-likelihood within ~1e-3 of the maximum, or a lower
#: bound of it when the search stops early; the comparison then leans towards HTMP).
QUICK_RTOL = 0.05
QUICK_EVALS = 8
#: "auto" falls back to the moment fit above this kappa (HTMP is within a few per cent of MP there).
AUTO_MP_KAPPA = 100.0
#: Moment and ML estimates disagree when |log ratio| exceeds this many combined standard errors.
DISAGREEMENT_Z = 3.0
#: A calibrated goodness-of-fit p-value below this is reported as a rejection (with the 64
#: reference spectra of the sandwich the smallest p is 1/65 = 0.0154: the spectrum is farther
#: from the fit than every reference spectrum).
GOF_ALPHA = 0.02


METHODS = ("auto", "mle", "moments", "cvm", "ks")


@contextlib.contextmanager
def _stage(layer: str, stage: str):
    """Turn a numerical failure (``ArithmeticError``, ``RuntimeError``) of one stage of a layer's fit into :class:`FitFailure`."""
    try:
        yield
    except FitFailure:
        raise
    except (ArithmeticError, RuntimeError) as exc:  # RuntimeError: a density table that does not converge
        raise FitFailure(layer, stage, exc) from exc


def fit_layer(matrix=None, *, eigenvalues=None, gamma: float | None = None, name: str = "W",
              method: str = "auto", inverse: bool = False, gof: bool = True, spikes: bool = True,
              rng=0) -> LayerReport:
    r"""Fit one layer: κ̂ ± se, spikes, α (ours and WeightWatcher's), phase, adequacy, warnings.

    Give either ``matrix`` (γ and the ESD come from :func:`~.layers.layer_spectrum`) or
    ``eigenvalues`` and ``gamma`` (``gamma=None`` estimates γ from the third moment, with
    ``method="moments"`` only).  ``method``: ``"auto"`` (default: maximum likelihood with
    sandwich errors, unless the moment or the ML estimate of κ exceeds :data:`AUTO_MP_KAPPA`
    or is infinite — a Marchenko–Pastur-like layer, reported with the moment fit), ``"mle"``,
    ``"moments"``, ``"cvm"`` or ``"ks"``; ``inverse=True`` fits InverseHTMP instead.
    ``spikes`` applies the spike rule of :mod:`.adequacy` (likelihood fits only).  The
    warnings (also issued as ``RuntimeWarning``) name the layer: HTMP worse than MP by AIC,
    calibrated goodness of fit rejected (p < :data:`GOF_ALPHA`), moment and ML estimates
    more than :data:`DISAGREEMENT_Z` combined errors apart.

    Raises
    ------
    FitFailure
        (an ``ArithmeticError``) when a numerical step fails (an ``ArithmeticError`` or
        ``RuntimeError`` inside, e.g. the density table of a trial κ cannot be built): the
        message names the layer, the stage (the fit or the spike rule's refits) and the
        original error, which is kept as ``__cause__``.  A numerical failure of the
        goodness of fit or of the inverse-HTMP fit only removes those checks (NaN AIC,
        ``gof`` None) and adds a warning naming the layer.
        :func:`fit_layers` lists such layers in ``skipped``.
    ValueError
        Bad arguments, or too few eigenvalues.

    Examples
    --------
    >>> w = np.random.default_rng(0).standard_normal((400, 200))
    >>> report = fit_layer(w, gof=False)
    >>> report.phase.label, report.fit.gamma, report.fit.method
    ('random-like', 0.5, 'moments')
    """
    from htmp_theory.crosscheck import clauset

    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    if (matrix is None) == (eigenvalues is None):
        raise ValueError("give exactly one of matrix and eigenvalues")
    if matrix is not None:
        spectrum = layer_spectrum(matrix, name)
    else:
        if gamma is None and method not in ("moments", "auto"):
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
    g = None if math.isnan(spectrum.gamma) else spectrum.gamma
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        moment_fit = fit_moments(x, g, inverse=inverse)
    notes += [f"{name}: {w.message}" for w in caught]
    if method == "auto" and (g is None or not moment_fit.kappa <= AUTO_MP_KAPPA):
        fit, used = moment_fit, "moments"
    else:
        used = method
        likelihood = method in ("mle", "auto")  # searched without errors first: spikes, then with_errors
        with warnings.catch_warnings(record=True) as caught, _stage(name, f"{method} fit"):
            warnings.simplefilter("always")
            if method == "moments":
                fit = moment_fit
            elif likelihood:
                fit = fit_mle(x, g, inverse=inverse, se="none")
            else:
                fit = fit_distance(x, g, distance=method, inverse=inverse)
        if method == "auto" and not fit.kappa <= AUTO_MP_KAPPA:  # the likelihood also says: MP-like
            fit, used = moment_fit, "moments"
            caught.append(warnings.WarningMessage(
                f"ML estimate of kappa above {AUTO_MP_KAPPA:g}: Marchenko-Pastur-like, the moment fit is reported",
                RuntimeWarning, __file__, 0))
        notes += [f"{name}: {w.message}" for w in caught]
    bulk, spike_values = x, x[:0]
    if used in ("mle", "auto"):
        with _stage(name, "spike rule (bulk refit)"), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if spikes:
                last = [fit]  # each round starts from the previous round's search and tables

                def refit(b: np.ndarray) -> FitResult:
                    last[0] = refit_mle(b, last[0])
                    return last[0]

                bulk, spike_values, fit = split_spikes(x, fit, refit)
            if method == "auto" and not fit.kappa <= AUTO_MP_KAPPA:  # the bulk is MP-like
                fit = fit_moments(bulk, g, inverse=inverse)
                warnings.warn(f"ML estimate of kappa of the bulk above {AUTO_MP_KAPPA:g}: Marchenko-Pastur-like, "
                              "the moment fit of the bulk is reported", RuntimeWarning)
            else:
                fit = with_errors(fit, rng=rng)
                fit.info.pop("profile")  # the density tables are not kept per layer (memory on large models)
        notes += [f"{name}: {w.message}" for w in caught if f"{name}: {w.message}" not in notes]
        if spike_values.size:
            notes.append(f"{name}: {spike_values.size} spike(s) beyond the fitted bulk "
                         f"(largest {spike_values[-1]:.4g}) removed before the fit")
    if used in ("mle", "auto") and math.isfinite(moment_fit.kappa) and moment_fit.kappa_se > 0:
        bulk_moments = fit_moments(bulk, g, inverse=inverse) if spike_values.size else moment_fit
        z = abs(math.log(bulk_moments.kappa / fit.kappa)) / math.hypot(
            bulk_moments.kappa_se / bulk_moments.kappa, fit.kappa_se / fit.kappa)
        if z > DISAGREEMENT_Z:
            notes.append(f"{name}: moment and ML estimates of kappa disagree ({bulk_moments.kappa:.3g} vs "
                         f"{fit.kappa:.3g}, {z:.1f} combined standard errors): the spectrum is not HTMP-shaped")
    try:
        tail = clauset(x)
        c_alpha, c_se, c_xmin, c_note = tail.value, tail.stderr, tail.threshold, ""
    except ValueError as exc:
        c_alpha = c_se = c_xmin = math.nan
        c_note = f"no power-law fit: {exc}"
    phase = phase_label(bulk, fit.gamma, c_alpha, zeros=spectrum.zeros,
                        spikes=int(spike_values.size) if used in ("mle", "auto") and spikes else None)
    goodness = None
    if gof and not (fit.inverse and math.isinf(fit.kappa)):
        inverse_fit = None
        if not fit.inverse and fit.method == "mle":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    # from the log-moment start of 1/x (on the trained magika and silero layers 3.9
                    # tables instead of 5.1 from the geometric mean of the inverse moment estimate
                    # and the HTMP estimate, the start before; 5.7 instead of 5.6 on synthetic layers)
                    inverse_fit = fit_mle(bulk, fit.gamma, inverse=True, se="none", rtol=QUICK_RTOL,
                                          max_evals=QUICK_EVALS)
                except (ArithmeticError, RuntimeError) as exc:  # only the AIC needs it: reported as NaN
                    notes.append(f"{name}: the inverse-HTMP fit failed numerically ({exc}); its AIC is NaN")
        try:
            goodness = goodness_of_fit(bulk, fit, inverse_fit=inverse_fit)
        except (ArithmeticError, RuntimeError) as exc:  # the fit stands; its checks are missing, and said so
            notes.append(f"{name}: the goodness of fit failed numerically ({exc}); no p-value or AIC")
    if goodness is not None:
        if goodness.aic_mp < goodness.aic_htmp:
            notes.append(f"{name}: HTMP fits worse than Marchenko-Pastur (AIC {goodness.aic_htmp:.1f} vs "
                         f"{goodness.aic_mp:.1f})")
        if goodness.cvm_model_p < GOF_ALPHA:
            notes.append(f"{name}: HTMP rejected by the calibrated goodness of fit (p = {goodness.cvm_model_p:.3g})"
                         + (f"; {goodness.best_model} is preferred by AIC" if goodness.best_model != "HTMP" else ""))
    for note in notes:
        warnings.warn(note, RuntimeWarning, stacklevel=2)
    return LayerReport(name, spectrum.shape, spectrum, fit, c_alpha, c_se, c_xmin, phase, goodness,
                       spike_values, c_note, moment_fit, tuple(notes))


class LayerReports(list):
    """The :class:`LayerReport` of every fitted layer, and ``skipped``: tensor name → reason."""

    def __init__(self, reports=(), skipped: dict[str, str] | None = None) -> None:
        super().__init__(reports)
        self.skipped = dict(skipped or {})


def fit_layers(source, *, method: str = "auto", inverse: bool = False, gof: bool = True, spikes: bool = True,
               rng=0) -> LayerReports:
    """:func:`fit_layer` for every weight matrix of ``source`` (see :func:`~.layers.load_weights`).

    Tensors that are not weight matrices (biases, integer buffers, ...) and layers that
    cannot be fitted (too few eigenvalues, ...) are listed in ``skipped`` of the result
    with the reason, and summarised in one ``RuntimeWarning``.
    """
    loaded = load_weights(source)
    reports = LayerReports(skipped=loaded.skipped)
    for name, matrix in loaded.tensors.items():
        try:
            reports.append(fit_layer(matrix, name=name, method=method, inverse=inverse, gof=gof, spikes=spikes,
                                     rng=rng))
        except (ValueError, ArithmeticError) as exc:  # too few eigenvalues, ...; FitFailure
            reports.skipped[name] = f"not fitted: {type(exc).__name__}: {exc}"
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
    ax_hist.set_title(f"{report.name}: kappa = {report.fit.kappa:.3g} +- {report.fit.kappa_se:.2g} "
                      f"({report.fit.method}), {report.phase.label}", fontsize="medium")
    for value in report.spikes:
        ax_hist.axvline(value, color="m", lw=0.8, ls=":")
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
        ax_tail.loglog(pl, frac * (pl / u) ** (1 - a), "g--", lw=1, label=f"power law, alpha_ww = {a:.3g}")
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
