"""Bad and awkward input to compare(): clear errors, underflow zeros handled."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from htmp_theory import HTMP
from htmp_theory.crosscheck import compare
from htmp_theory.sampling import sample_htmp


def test_underflow_zeros_are_handled():
    # Gamma(0.01) (the kappa -> 0 limit of HTMP(gamma, 2 gamma 0.01)): ~0.1% of its mass is below 1e-300,
    # so exact zeros and subnormals appear; they used to crash the CDF interpolation ("dydx ... finite")
    law = stats.gamma(0.01, scale=100)
    x = law.rvs(size=(10, 300), random_state=np.random.default_rng(2))
    assert np.any(x == 0)
    result = compare(x, law, bootstrap=199, moments=2)   # x^4 of Gamma(0.01) is far from normal
    assert result.passed, str(result)
    assert compare(x, stats.gamma(0.02, scale=50)).rejected


@pytest.mark.slow
def test_underflow_zeros_at_tiny_kappa_htmp():
    x = sample_htmp(100, 0.5, 0.01, reps=10, rng=0)
    assert np.any(x == 0)
    result = compare(x, HTMP(0.5, 0.01), tails=False, bootstrap=199, grid_size=64)
    assert result.passed, str(result)
    assert compare(x, HTMP(0.5, 0.02), tails=False, grid_size=64).rejected


@pytest.mark.parametrize("samples, match", [
    (np.array([]), "non-empty"),
    (np.ones((3, 1)), "at least 2"),
    (np.array([[1.0, np.nan, 2.0], [1.0, 2.0, np.inf]]), "2 NaN/inf"),
    (np.ones((2, 2, 2)), "shape"),
])
def test_bad_samples_name_the_problem(samples, match):
    with pytest.raises(ValueError, match=match):
        compare(samples, stats.norm())


def test_non_numeric_samples():
    with pytest.raises(TypeError, match="real numbers"):
        compare([["a", "b"]], stats.norm())


def test_infinite_mean_law_has_no_w1_test():
    x = stats.cauchy.rvs(size=(12, 300), random_state=1)
    result = compare(x, stats.cauchy(), moments=0)
    assert result["Wasserstein-1"].family == "info" and "infinite mean" in result["Wasserstein-1"].note
    assert "Wasserstein-1" not in result.rejected and "p (iid)" in str(result)
