"""Batches, executors and progress reporting of the replicate runner."""
from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest

from htmp_theory.sampling import beta_laguerre, replicate, sample_htmp


def test_executor_does_not_change_the_draws():
    plain = sample_htmp(50, 0.5, 1.0, reps=10, rng=1, batch_size=3)
    with ThreadPoolExecutor(3) as pool:
        threaded = sample_htmp(50, 0.5, 1.0, reps=10, rng=1, batch_size=3, executor=pool)
    assert plain.shape == (10, 50)
    np.testing.assert_array_equal(plain, threaded)


def test_batches_are_independent():
    x = replicate(beta_laguerre, 1, 3.0, 1.0, reps=12, rng=2, batch_size=1)
    assert np.unique(x).size == 12


def test_process_pool_pickles_the_samplers():
    with ProcessPoolExecutor(2) as pool:
        x = sample_htmp(40, 0.5, 2.0, reps=4, rng=3, executor=pool)
    assert x.shape == (4, 40) and np.all(x > 0)


def test_progress_line_when_requested(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)   # force the built-in text progress
    sample_htmp(20, 0.5, 1.0, reps=5, rng=4, progress=True, batch_size=2)
    assert "5/5 replicates" in capsys.readouterr().err


def test_no_progress_when_not_a_terminal(capsys):
    replicate(sample_htmp, 20, 0.5, 1.0, reps=5, rng=4)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("kwargs, error", [
    (dict(reps=0), ValueError),
    (dict(reps=3, batch_size=0), ValueError),
    (dict(reps=3, executor="pool"), TypeError),
    (dict(reps=3, rng=np.random.RandomState(0)), TypeError),
])
def test_bad_arguments(kwargs, error):
    with pytest.raises(error):
        replicate(sample_htmp, 10, 0.5, 1.0, **kwargs)
