"""Plots of sampled spectra against a law (matplotlib ``Axes`` in, nothing global).

:func:`report_figure` builds a :class:`matplotlib.figure.Figure` directly (no pyplot,
no backend needed); save it with ``fig.savefig(path)``.
"""
from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ._spectra import as_spectra, law_cdf_at
from .finite_size import FiniteSizeStudy

__all__ = ["plot_histogram", "plot_qq", "plot_inverse_tail", "report_figure"]


def plot_histogram(ax, samples, law, *, bins: int = 80, log_x: bool | None = None) -> None:
    """Density histogram of the pooled positive samples with ``law.pdf`` on top.

    ``log_x=None`` picks logarithmic bins when the positive samples span more than
    three decades.
    """
    x = as_spectra(samples).pooled
    positive = x[x > 0]
    if log_x is None:
        log_x = positive.size > 0 and positive.max() / positive.min() > 1e3
    data = positive if log_x else x
    edges = np.geomspace(data.min(), data.max(), bins + 1) if log_x else np.linspace(data.min(), data.max(), bins + 1)
    counts, edges = np.histogram(data, bins=edges)
    ax.stairs(counts / (x.size * np.diff(edges)), edges, fill=True, alpha=0.4, label="samples")
    if callable(getattr(law, "pdf", None)):
        grid = np.geomspace(edges[0], edges[-1], 400) if log_x else np.linspace(edges[0], edges[-1], 400)
        ax.plot(grid, law.pdf(grid), "k-", lw=1.2, label="law density")
    if log_x:
        ax.set_xscale("log")
        ax.set_yscale("log")
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.legend(fontsize="small")


def plot_qq(ax, samples, law, *, points: int = 200) -> None:
    """Sample quantiles against the law's (``law.ppf``, or an inverted tabulated CDF)."""
    spectra = as_spectra(samples)
    probs = (np.arange(points) + 0.5) / points
    sample_q = np.quantile(spectra.pooled, probs)
    if callable(getattr(law, "ppf", None)):
        theory_q = np.asarray(law.ppf(probs), dtype=float)
    else:
        grid = spectra.grid(4 * points)
        theory_q = np.interp(probs, law_cdf_at(law, spectra)(grid), grid)
    ax.plot(theory_q, sample_q, ".", ms=3, label="quantiles")
    lo, hi = min(theory_q.min(), sample_q.min()), max(theory_q.max(), sample_q.max())
    ax.plot([lo, hi], [lo, hi], "k--", lw=0.8, label="y = x")
    ax.set_xlabel("law quantile")
    ax.set_ylabel("sample quantile")
    ax.legend(fontsize="small")


def plot_inverse_tail(ax, samples, law) -> None:
    r"""Log–log survival function of :math:`Y = 1/X` (the inverse law) for X > 0.

    Empirical :math:`P(Y > y \mid X > 0)` against the law's
    :math:`(F(1/y) - F(0))/(1 - F(0))`, plus the power law implied by
    ``law.lower_tail()`` (:math:`p(x) \sim Cx^{e}` gives
    :math:`P(Y>y) \sim C y^{-(e+1)}/(e+1)`, density exponent :math:`\alpha = e + 2`).
    """
    x = as_spectra(samples).pooled
    y = np.sort(1.0 / x[x > 0])
    survival = 1.0 - np.arange(y.size) / y.size
    step = max(y.size // 2000, 1)
    ax.loglog(y[::step], survival[::step], ".", ms=2, label="samples")
    grid = np.geomspace(y[0], y[-1], 300)
    atom = float(law.cdf(0.0))
    ax.loglog(grid, (np.asarray(law.cdf(1.0 / grid), dtype=float) - atom) / (1 - atom), "k-", lw=1,
              label="law")
    tail = law.lower_tail() if callable(getattr(law, "lower_tail", None)) else None
    if tail is not None and getattr(tail, "rate", 0.0) == 0 and tail.exponent > -1:
        e, c = tail.exponent, tail.constant
        tail_grid = grid[grid > np.quantile(y, 0.9)]
        ax.loglog(tail_grid, c * tail_grid ** -(e + 1) / (e + 1) / (1 - atom), "r--", lw=1,
                  label=f"power law, alpha = {e + 2:.3g}")
    ax.set_xlabel("y = 1/x")
    ax.set_ylabel("P(Y > y)")
    ax.legend(fontsize="small")


def report_figure(samples, law, study: FiniteSizeStudy | None = None, *, title: str = "") -> Figure:
    """Histogram, QQ plot, inverse-law tail and (optionally) the finite-size study."""
    fig = Figure(figsize=(11, 8.5), layout="constrained")
    axes = fig.subplots(2, 2).ravel()
    plot_histogram(axes[0], samples, law)
    axes[0].set_title("histogram vs density")
    plot_qq(axes[1], samples, law)
    axes[1].set_title("QQ plot")
    plot_inverse_tail(axes[2], samples, law)
    axes[2].set_title("tail of the inverse law")
    if study is None:
        axes[3].set_axis_off()
    else:
        study.plot(axes[3])
        axes[3].set_title("finite-size study")
    if title:
        fig.suptitle(title)
    return fig
