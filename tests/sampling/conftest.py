"""Shared statistical helpers for the sampler tests."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats


def _same_law(x: np.ndarray, y: np.ndarray, z_max: float = 4.5, p_min: float = 1e-4) -> None:
    """Assert two sets of independent spectra (rows = replicates) look alike.

    Welch z-scores of E tr X^k (k = 1, 2, 3; replicates are independent, so the
    standard error is the replicate spread / sqrt(reps)) and a two-sample
    Kolmogorov-Smirnov test of the largest eigenvalue (independent across replicates).
    """
    for k in (1, 2, 3):
        a, b = (x**k).sum(axis=1), (y**k).sum(axis=1)
        se = np.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
        z = (a.mean() - b.mean()) / se
        assert abs(z) < z_max, f"tr X^{k}: z = {z:.2f}"
    assert stats.ks_2samp(x.max(axis=1), y.max(axis=1)).pvalue > p_min


@pytest.fixture
def assert_same_law():
    return _same_law
