r"""Two-sample validation of a user's sampler against the package's exact finite-n model.

:func:`validate_sampler` draws ``reps`` replicates from the sampler under test and a
reference sample from the exact tridiagonal model at the same n and β
(:mod:`.models`), then runs :func:`~.compare.compare` in its model mode:

* distances between the two mean empirical spectral distributions, with permutation
  p-values (replicates of the two samples are exchangeable under the null: exact at
  every n and number of replicates);
* moments against the *exact* finite-n moments, with the high-temperature
  fluctuation theory for the standard errors (a single replicate gives a valid test);
* tail diagnostics against the limit law (outside the verdict).

The verdict controls the familywise false-alarm rate at ``alpha`` (measured in
``benchmarks/bench_calibration.py``).  :func:`calibration_study` repeats the
validation over many seeds, one job per seed on any ``concurrent.futures`` executor
(a process pool, or ``dask.distributed.Client(...).get_executor()`` for a cluster),
and reports the rejection rate: the false-alarm rate when the sampler is correct,
the power when it is not.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._numerics.validation import check_int, check_positive, check_rng
from ..sampling.replicates import replicate
from .compare import MIN_REFERENCE_REPS, Comparison, compare
from .models import FiniteModel

__all__ = ["validate_sampler", "calibration_study", "CalibrationStudy"]


def validate_sampler(sampler: Callable[..., np.ndarray], model: FiniteModel, *, reps: int,
                     reference_reps: int | None = None, rng=None, executor: Executor | None = None,
                     **compare_options) -> Comparison:
    r"""Check ``sampler`` against the exact finite-n ``model`` (same n, same β).

    Parameters
    ----------
    sampler
        ``sampler(n, reps=k, rng=generator) -> array (k, n)`` (the convention of
        :func:`htmp_theory.sampling.replicate`; wrap other signatures with
        :func:`functools.partial` or a small module-level function).
    model
        :class:`~.models.LaguerreModel`, :class:`~.models.HermiteModel` or
        :class:`~.models.JacobiModel` with the n to test.
    reps
        Replicates drawn from ``sampler`` (``>= 1``).
    reference_reps
        Replicates of the exact model (default ``max(reps, 50)``).
    rng
        Generator or seed; the sampler, the reference and the permutations use
        independent streams spawned from it.
    executor
        Any :class:`concurrent.futures.Executor` for both samples (e.g.
        ``dask.distributed.Client(...).get_executor()``).
    **compare_options
        Passed to :func:`~.compare.compare` (``alpha``, ``moments``, ``bootstrap``
        (permutations), ``tails``, ...).

    Returns
    -------
    Comparison

    Examples
    --------
    >>> from htmp_theory.crosscheck.models import LaguerreModel
    >>> from htmp_theory.sampling import sample_htmp
    >>> def doubled_beta(n, *, reps, rng):          # bug: beta = 2 kappa/n
    ...     return sample_htmp(n, 0.5, 4.0, reps=reps, rng=rng)
    >>> model = LaguerreModel(200, 0.5, 2.0)
    >>> validate_sampler(doubled_beta, model, reps=20, rng=0).passed
    False
    """
    if not isinstance(model, FiniteModel):
        raise TypeError(f"model must be a FiniteModel (LaguerreModel, HermiteModel, JacobiModel), "
                        f"got {type(model).__name__}")
    if not callable(sampler):
        raise TypeError(f"sampler must be callable, got {type(sampler).__name__}")
    reps = check_int("reps", reps, minimum=1)
    reference_reps = max(reps, MIN_REFERENCE_REPS) if reference_reps is None else \
        check_int("reference_reps", reference_reps, minimum=2)
    own, ref, resampling = check_rng(rng).spawn(3)
    samples = np.asarray(replicate(sampler, model.n, reps=reps, rng=own, executor=executor))
    if samples.ndim != 2 or samples.shape != (reps, model.n):
        raise ValueError(f"sampler returned shape {samples.shape}; expected (reps, n) = ({reps}, {model.n})")
    reference = model.sample(reference_reps, rng=ref, executor=executor)
    return compare(samples, model=model, reference=reference, rng=resampling, **compare_options)


@dataclass(frozen=True)
class CalibrationStudy:
    """Result of :func:`calibration_study`.

    Attributes
    ----------
    min_p : ndarray
        Smallest familywise-adjusted p-value of the verdict, one per seed (the verdict
        rejects at level a exactly when it is below a).
    alpha : float
        Level of :attr:`rate`.
    """

    min_p: np.ndarray
    alpha: float

    def rate_at(self, alpha: float) -> float:
        """Fraction of seeds whose verdict rejects at level ``alpha``."""
        return float(np.mean(self.min_p < alpha))

    @property
    def rate(self) -> float:
        """Rejection rate at :attr:`alpha`."""
        return self.rate_at(self.alpha)

    def interval(self, level: float = 0.95) -> tuple[float, float]:
        """Clopper–Pearson interval of the rejection probability at :attr:`alpha`."""
        k, s = int(np.sum(self.min_p < self.alpha)), self.min_p.size
        ci = stats.binomtest(k, s).proportion_ci(level, method="exact")
        return float(ci.low), float(ci.high)

    def __str__(self) -> str:
        lo, hi = self.interval()
        return (f"rejection rate at alpha = {self.alpha:g}: {self.rate:.3f} over {self.min_p.size} seeds "
                f"(95% CI [{lo:.3f}, {hi:.3f}])")


def _seed_min_p(sampler, model, reps: int, seed: np.random.SeedSequence, options: dict) -> float:
    """One seed of a calibration study (module level, so process pools can pickle it)."""
    result = validate_sampler(sampler, model, reps=reps, rng=np.random.default_rng(seed), **options)
    return min((c.p_adjusted for c in result.checks if c.in_verdict), default=1.0)


def calibration_study(sampler: Callable[..., np.ndarray], model: FiniteModel, *, reps: int, seeds: int,
                      alpha: float = 0.01, rng=None, executor: Executor | None = None,
                      **compare_options) -> CalibrationStudy:
    r"""Rejection rate of :func:`validate_sampler` over ``seeds`` independent seeds.

    With ``sampler = model.sampler`` this measures the false-alarm rate of the verdict
    (it should not exceed ``alpha``; the binomial standard error is
    :math:`\sqrt{\alpha(1-\alpha)/\text{seeds}}`); with a faulty sampler, the power.

    Parameters
    ----------
    sampler, model, reps
        As in :func:`validate_sampler`; both must pickle when ``executor`` runs in
        other processes (module-level functions, :class:`functools.partial`).
    seeds
        Number of independent repetitions (``>= 1``).
    alpha
        Level at which :attr:`CalibrationStudy.rate` is reported.
    rng
        Generator or seed; each repetition gets an independent spawned stream, so the
        result does not depend on the executor.
    executor
        Any :class:`concurrent.futures.Executor`: one job per seed.
    **compare_options
        Passed to :func:`~.compare.compare`.

    Examples
    --------
    >>> from htmp_theory.crosscheck.models import HermiteModel
    >>> model = HermiteModel(20, 1.0)
    >>> study = calibration_study(model.sampler, model, reps=5, seeds=4, alpha=0.05, bootstrap=99, tails=False)
    >>> study.min_p.shape
    (4,)
    """
    seeds = check_int("seeds", seeds, minimum=1)
    alpha = check_positive("alpha", alpha)
    streams = np.random.SeedSequence(check_rng(rng).integers(0, 2**63, size=4, dtype=np.uint64)).spawn(seeds)
    if executor is None:
        values = [_seed_min_p(sampler, model, reps, s, compare_options) for s in streams]
    else:
        futures = [executor.submit(_seed_min_p, sampler, model, reps, s, compare_options) for s in streams]
        values = [f.result() for f in futures]
    return CalibrationStudy(np.asarray(values, dtype=float), alpha)
