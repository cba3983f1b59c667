"""The replicate machinery and calibration studies on a dask.distributed executor (skipped without dask)."""
from __future__ import annotations

from concurrent.futures import Executor, ThreadPoolExecutor

import numpy as np
import pytest
from scipy import stats

from htmp_theory.crosscheck import HermiteModel, calibration_study
from htmp_theory.sampling import beta_hermite, replicate

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def executor():
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    yield client.get_executor()
    client.close()
    cluster.close()


def test_dask_executor_is_a_concurrent_futures_executor(executor):
    assert isinstance(executor, Executor)
    serial = replicate(beta_hermite, 6, 0.5, reps=9, rng=3, batch_size=2)
    on_dask = replicate(beta_hermite, 6, 0.5, reps=9, rng=3, batch_size=2, executor=executor)
    np.testing.assert_array_equal(serial, on_dask)


def test_calibration_study_through_dask(executor):
    model = HermiteModel(20, 1.0)
    options = dict(reps=6, seeds=12, alpha=0.2, rng=7, bootstrap=99, tails=False)
    on_dask = calibration_study(model.sampler, model, executor=executor, **options)
    with ThreadPoolExecutor(2) as pool:
        threads = calibration_study(model.sampler, model, executor=pool, **options)
    np.testing.assert_array_equal(on_dask.min_p, threads.min_p)   # independent of the executor
    assert on_dask.rate <= stats.binom.ppf(0.999, 12, 0.2) / 12, str(on_dask)
    assert "rejection rate" in str(on_dask)
