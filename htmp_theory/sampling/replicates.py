"""Replicates in batches, with a progress bar and any ``concurrent.futures`` executor.

Every sampler of :mod:`htmp_theory.sampling` has the calling convention
``sampler(*args, reps=k, rng=generator, **kwargs) -> ndarray`` whose first axis has
length ``k``.  :func:`replicate` splits ``reps`` into batches, gives each batch an
independent generator spawned from ``rng`` (:class:`numpy.random.SeedSequence`), runs
the batches in this process or on an :class:`concurrent.futures.Executor` (thread
pool, process pool, or a cluster executor such as the one returned by
``dask.distributed.Client.get_executor()``), and stacks the results in batch order.
For a given ``rng`` seed and ``batch_size`` the result does not depend on the executor.
"""
from __future__ import annotations

import functools
import math
import sys
from collections.abc import Callable
from concurrent.futures import Executor, as_completed
from typing import Any

import numpy as np

from .._numerics.validation import check_int, check_rng

__all__ = ["replicate", "batched"]

#: Number of batches used when ``batch_size`` is not given but batching is needed.
DEFAULT_BATCHES = 16


class _TextProgress:
    """Minimal progress line on stderr, used when :mod:`tqdm` is not installed."""

    def __init__(self, total: int):
        self.total, self.done = total, 0

    def update(self, k: int) -> None:
        self.done += k
        sys.stderr.write(f"\r{self.done}/{self.total} replicates")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()


class _NoProgress:
    def update(self, k: int) -> None:
        """Ignore progress."""

    def close(self) -> None:
        """Nothing to close."""


def _progress_bar(total: int, enabled: bool | None):
    """tqdm bar (or a text line) on stderr; ``enabled=None`` means 'only on a terminal'."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return _NoProgress()
    try:
        from tqdm import tqdm
    except ImportError:
        return _TextProgress(total)
    return tqdm(total=total, unit="rep", file=sys.stderr)


def _run_batch(sampler: Callable, args: tuple, kwargs: dict, size: int,
               seed: np.random.SeedSequence) -> np.ndarray:
    """Run one batch (module level so process pools can pickle it)."""
    return np.asarray(sampler(*args, reps=size, rng=np.random.default_rng(seed), **kwargs))


def replicate(sampler: Callable[..., np.ndarray], *args: Any, reps: int, rng=None,
              batch_size: int | None = None, executor: Executor | None = None,
              progress: bool | None = None, **kwargs: Any) -> np.ndarray:
    """Draw ``reps`` replicates of ``sampler(*args, **kwargs)`` in independent batches.

    Parameters
    ----------
    sampler
        Callable ``sampler(*args, reps=k, rng=generator, **kwargs)`` returning an array
        whose first axis has length ``k``.  It must be picklable (a module-level
        function) when ``executor`` runs in other processes.
    reps
        Total number of replicates (``>= 1``).
    rng
        ``numpy.random.Generator``, integer seed or ``None``; the batches use
        generators spawned from it, so they are independent.
    batch_size
        Replicates per batch.  Default: all in one batch, or
        ``ceil(reps / 16)`` when an executor or a progress bar is used.
    executor
        Any :class:`concurrent.futures.Executor`; ``None`` runs the batches here.
    progress
        Progress bar on stderr (tqdm when installed, else a text line).  ``None``: on
        only when stderr is a terminal.
    **kwargs
        Passed to ``sampler``.

    Returns
    -------
    ndarray
        The batches concatenated along the first axis (length ``reps``), in order.

    Examples
    --------
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> from htmp_theory.sampling import beta_hermite
    >>> with ThreadPoolExecutor(2) as pool:
    ...     x = replicate(beta_hermite, 5, 0.5, reps=8, rng=1, batch_size=3, executor=pool)
    >>> x.shape
    (8, 5)
    """
    reps = check_int("reps", reps, minimum=1)
    rng = check_rng(rng)
    if executor is not None and not isinstance(executor, Executor):
        raise TypeError(f"executor must be a concurrent.futures.Executor or None, "
                        f"got {type(executor).__name__}")
    show = sys.stderr.isatty() if progress is None else bool(progress)
    if batch_size is None:
        batch_size = math.ceil(reps / min(reps, DEFAULT_BATCHES)) if executor or show else reps
    batch_size = check_int("batch_size", batch_size, minimum=1)
    sizes = [min(batch_size, reps - start) for start in range(0, reps, batch_size)]
    root = np.random.SeedSequence(rng.integers(0, 2**63, size=4, dtype=np.uint64))
    seeds = root.spawn(len(sizes))
    bar = _progress_bar(reps, show)
    try:
        if executor is None:
            results = []
            for size, seed in zip(sizes, seeds):
                results.append(_run_batch(sampler, args, kwargs, size, seed))
                bar.update(size)
        else:
            futures = {executor.submit(_run_batch, sampler, args, kwargs, size, seed): i
                       for i, (size, seed) in enumerate(zip(sizes, seeds))}
            results = [None] * len(sizes)
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                bar.update(sizes[futures[future]])
    finally:
        bar.close()
    return np.concatenate(results, axis=0)


def batched(sampler: Callable[..., np.ndarray]) -> Callable[..., np.ndarray]:
    """Give a sampler the keywords ``batch_size``, ``executor`` and ``progress``.

    The decorated function keeps ``sampler``'s signature plus those three keywords;
    when all three are left at ``None`` it calls ``sampler`` directly, otherwise it
    goes through :func:`replicate`.  Its module attribute is the wrapper, so process
    pools can pickle it by name.
    """

    @functools.wraps(sampler)
    def wrapper(*args: Any, reps: int = 1, rng=None, batch_size: int | None = None,
                executor: Executor | None = None, progress: bool | None = None,
                **kwargs: Any) -> np.ndarray:
        if batch_size is None and executor is None and not progress:
            return sampler(*args, reps=reps, rng=rng, **kwargs)
        return replicate(wrapper, *args, reps=reps, rng=rng, batch_size=batch_size,
                         executor=executor, progress=progress, **kwargs)

    return wrapper
