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
``benchmarks/bench_calibration.py``).
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor

import numpy as np

from .._numerics.validation import check_int, check_rng
from ..sampling.replicates import replicate
from .compare import MIN_REFERENCE_REPS, Comparison, compare
from .models import FiniteModel

__all__ = ["validate_sampler"]


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
