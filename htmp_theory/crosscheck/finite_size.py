r"""Finite-size study: how the distance between sampled spectra and the limit decays with n.

For each size n, ``reps`` replicates are drawn and compared with the law.  The
statistics are the pooled KS distance, Cramér–von Mises :math:`\omega^2`, Wasserstein-1
(all contain sampling noise of order :math:`(nR)^{-1/2}` besides the bias), the
noise-corrected :math:`L^2` bias of the mean ESD (:func:`~.distances.esd_bias_l2`) and
the absolute moment biases :math:`|\bar m_j - m_j|` — the *smooth* statistics, whose
decay is the finite-n bias, typically :math:`\propto 1/n`.  Each is fitted as
:math:`C n^{-\text{rate}}` by least squares on log–log axes.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._numerics.validation import check_int, check_rng
from ..sampling.replicates import replicate
from ._spectra import as_spectra, law_cdf_at
from .distances import distances, esd_bias_l2

__all__ = ["FiniteSizeStudy", "fit_rate", "finite_size_study"]


def fit_rate(sizes, values) -> tuple[float, float]:
    r"""Fit ``values ≈ C n^{-rate}``: least squares of log value on log n.

    Non-positive or non-finite values are dropped.  Returns ``(rate, stderr)``
    (stderr NaN with fewer than 3 usable points).

    Examples
    --------
    >>> fit_rate([10, 20, 40, 80], [0.3, 0.15, 0.075, 0.0375])
    (1.0, 0.0)
    """
    n = np.asarray(sizes, dtype=float)
    v = np.asarray(values, dtype=float)
    keep = np.isfinite(v) & (v > 0)
    if keep.sum() < 2:
        return math.nan, math.nan
    fit = stats.linregress(np.log(n[keep]), np.log(v[keep]))
    se = float(fit.stderr) if keep.sum() > 2 else math.nan
    return round(float(-fit.slope), 12), round(se, 12) if se == se else se


@dataclass(frozen=True)
class FiniteSizeStudy:
    """Statistics per size and their fitted decay rates.

    Attributes
    ----------
    sizes : ndarray
    values : dict[str, ndarray]
        Statistic name → value at each size.
    stderr : dict[str, ndarray]
        Standard errors where known (moment biases).
    rates : dict[str, tuple[float, float]]
        Statistic name → (rate, stderr) of the fit :math:`C n^{-rate}`.
    reps : ndarray
        Replicates drawn at each size.
    """

    sizes: np.ndarray
    values: dict[str, np.ndarray]
    stderr: dict[str, np.ndarray]
    rates: dict[str, tuple[float, float]]
    reps: np.ndarray

    def __str__(self) -> str:
        names = list(self.values)
        head = f"{'n':>8}{'reps':>8}" + "".join(f"{name:>19}" for name in names)
        lines = ["finite-size study: fitted C n^-rate (moment biases within 2 s.e. of 0 left out)", head]
        for i, n in enumerate(self.sizes):
            lines.append(f"{n:>8d}{self.reps[i]:>8d}" + "".join(f"{self.values[k][i]:>19.4e}" for k in names))
        lines.append(f"{'rate':>16}" + "".join(
            f"{f'{r:.2f} +- {s:.2f}' if s == s else f'{r:.2f}':>19}" for r, s in (self.rates[k] for k in names)))
        return "\n".join(lines)

    def plot(self, ax, names: Sequence[str] | None = None) -> None:
        """Log–log plot of the statistics against n with their fitted power laws."""
        n = self.sizes.astype(float)
        for name in names or list(self.values):
            v = self.values[name]
            line, = ax.loglog(n, np.where(v > 0, v, np.nan), "o-", label=f"{name}")
            rate, _ = self.rates[name]
            keep = v > 0
            if rate == rate and keep.any():
                c = np.exp(np.mean(np.log(v[keep]) + rate * np.log(n[keep])))
                ax.loglog(n, c * n**-rate, "--", color=line.get_color(), alpha=0.6,
                          label=f"  fit n^-{rate:.2f}")
        ax.loglog(n, n[0] / n * 0.5 * max(np.nanmax(v) for v in self.values.values()), ":", color="k",
                  label="1/n")
        ax.set_xlabel("n")
        ax.set_ylabel("distance to the limit")
        ax.legend(fontsize="x-small")


def finite_size_study(sampler: Callable[..., np.ndarray], law, sizes: Sequence[int], *, reps: int = 50,
                      equal_work: bool = False, moments: int = 2, rng=None, executor: Executor | None = None,
                      progress: bool | None = None, grid_size: int = 1024) -> FiniteSizeStudy:
    r"""Sample at each size in ``sizes`` and measure the distance to ``law``.

    Parameters
    ----------
    sampler
        ``sampler(n, reps=k, rng=generator) -> (k, n)`` array, e.g.
        ``functools.partial(sample_htmp, gamma=0.5, kappa=2.0)`` (picklable, so that
        ``executor`` may be a process pool).
    law
        Limiting law (vectorised ``cdf``; ``moment`` for the moment biases).
    sizes
        Increasing sizes n (at least 2; 3 or more for a rate standard error).
    reps
        Replicates per size (``>= 2``), or at the largest size when ``equal_work``.
    equal_work
        Use ``ceil(reps * max(sizes) / n)`` replicates at size n, so that every size
        draws about the same number of eigenvalues (same noise floor): the decay of
        the bias then shows over a wider range of n.
    moments
        Moment biases j = 1..moments (when the law has ``moment``).
    rng, executor, progress
        See :func:`htmp_theory.sampling.replicate`.

    Returns
    -------
    FiniteSizeStudy

    Examples
    --------
    >>> from functools import partial
    >>> from scipy import stats
    >>> from htmp_theory.sampling import sample_semicircle
    >>> study = finite_size_study(partial(sample_semicircle, beta=2.0), stats.semicircular(scale=2),
    ...                           [20, 40, 80], reps=20, rng=0)
    >>> sorted(study.rates)[:2]
    ['Cramer-von Mises', 'ESD bias (L2)']
    """
    sizes = [check_int("sizes[i]", n, minimum=1) for n in sizes]
    if len(sizes) < 2:
        raise ValueError(f"sizes must hold at least 2 sizes, got {len(sizes)}")
    reps = check_int("reps", reps, minimum=2)
    moments = check_int("moments", moments, minimum=0)
    rng = check_rng(rng)
    has_moments = callable(getattr(law, "moment", None))
    theory = [float(law.moment(j)) for j in range(1, moments + 1)] if has_moments else []
    values: dict[str, list[float]] = {}
    errors: dict[str, list[float]] = {}
    counts = [math.ceil(reps * max(sizes) / n) if equal_work else reps for n in sizes]
    for n, k in zip(sizes, counts):
        spectra = as_spectra(replicate(sampler, n, reps=k, rng=rng, executor=executor, progress=progress))
        cdf = law_cdf_at(law, spectra, grid_size)
        for d in distances(spectra, cdf, bootstrap=0, rng=rng):
            values.setdefault(d.name, []).append(d.value)
        values.setdefault("ESD bias (L2)", []).append(esd_bias_l2(spectra, cdf, grid_size))
        for j, m in enumerate(theory, start=1):
            per_rep = np.mean(spectra.values**j, axis=1)
            values.setdefault(f"|moment {j} bias|", []).append(abs(per_rep.mean() - m))
            errors.setdefault(f"|moment {j} bias|", []).append(per_rep.std(ddof=1) / math.sqrt(k))
    arrays = {name: np.asarray(v) for name, v in values.items()}
    stderr = {name: np.asarray(v) for name, v in errors.items()}
    # a moment bias within 2 standard errors of 0 is noise: leave it out of the fit
    rates = {name: fit_rate(sizes, np.where(v > 2 * stderr[name], v, np.nan) if name in stderr else v)
             for name, v in arrays.items()}
    return FiniteSizeStudy(np.asarray(sizes), arrays, stderr, rates, np.asarray(counts))
