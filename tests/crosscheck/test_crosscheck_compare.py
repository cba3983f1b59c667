"""compare(): every statistic accepts the right law and rejects a wrong one."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from htmp_theory.crosscheck import compare
from htmp_theory.crosscheck.distances import wasserstein1
from htmp_theory.sampling import sample_htmp

DISTANCES = ["Kolmogorov-Smirnov", "Cramer-von Mises", "Wasserstein-1"]


class GammaWithTails:
    """scipy Gamma(shape, scale) plus the tail interface: p ~ C x^{a-1} at 0, x^{a-1}e^{-x/s} at inf."""

    def __init__(self, shape, scale=1.0):
        self.frozen = stats.gamma(shape, scale=scale)
        self.shape, self.scale = shape, scale
        self.cdf, self.pdf, self.ppf = self.frozen.cdf, self.frozen.pdf, self.frozen.ppf

    def moment(self, j):
        return self.frozen.moment(j)

    def lower_tail(self):
        return _Tail(0.0, self.shape - 1, 0.0)

    def upper_tail(self):
        return _Tail(math.inf, self.shape - 1, 1 / self.scale)


class _Tail:
    def __init__(self, where, exponent, rate):
        self.where, self.exponent, self.rate = where, exponent, rate


@pytest.fixture(scope="module")
def gamma_samples():
    # kappa -> 0 limit of HTMP(gamma, kappa): Gamma(shape kappa/(2 gamma), mean 1); iid rows
    return stats.gamma(0.8, scale=1 / 0.8).rvs(size=(40, 2500), random_state=np.random.default_rng(1))


def test_right_law_passes_every_check(gamma_samples):
    result = compare(gamma_samples, GammaWithTails(0.8, 1 / 0.8))
    names = [c.name for c in result.checks]
    for expected in DISTANCES + ["moment 1", "moment 4", "lower tail exponent (Hill)",
                                 "lower tail exponent (Clauset)", "upper tail rate (MLE)"]:
        assert expected in names
    assert result.passed, str(result)


def test_wrong_law_fails_every_check(gamma_samples):
    # same mean 1, other shape: every distance, moment >= 2 and tail check must see it
    result = compare(gamma_samples, GammaWithTails(0.6, 1 / 0.6))
    for name in DISTANCES + ["moment 2", "moment 3"]:
        assert name in result.rejected, str(result)
    # tail rows are diagnostics: flagged by their raw p-value, outside the verdict
    for name in ["lower tail exponent (Hill)", "lower tail exponent (Clauset)", "upper tail rate (MLE)"]:
        assert name in result.flagged and name not in result.rejected, str(result)
    assert "moment 1" not in result.rejected and not result.passed


def test_plain_scipy_law_without_tails(gamma_samples):
    result = compare(gamma_samples[0], stats.gamma(0.8, scale=1 / 0.8), moments=2)
    assert [c.name for c in result.checks] == DISTANCES + ["moment 1", "moment 2"]
    assert math.isnan(result["Kolmogorov-Smirnov"].p_value) is False
    assert result["moment 1"].note == "iid s.e."


def test_interpolated_cdf_matches_exact(gamma_samples):
    law = stats.gamma(0.8, scale=1 / 0.8)
    tabulated = compare(gamma_samples, law, grid_size=512, tails=False, moments=0)
    exact = compare(gamma_samples, law, grid_size=10**6, tails=False, moments=0, bootstrap=0)
    for name in DISTANCES:
        assert tabulated[name].estimate == pytest.approx(exact[name].estimate, rel=1e-3)


def test_wasserstein_matches_scipy_for_uniform():
    x = np.sort(np.random.default_rng(2).uniform(size=3000))
    # W1 between the empirical law and U(0,1) versus scipy's sample-to-sample W1 with a fine grid
    reference = stats.wasserstein_distance(x, np.linspace(0, 1, 300001))
    assert wasserstein1(x, x) == pytest.approx(reference, abs=2e-4)


def test_table_prints():
    x = stats.norm.rvs(size=(12, 200), random_state=3)
    text = str(compare(x, stats.norm()))
    assert "Kolmogorov-Smirnov" in text and "verdict" in text and "moment 2" in text


@pytest.mark.parametrize("kwargs, error", [
    (dict(samples=np.array([])), ValueError),
    (dict(samples=np.array([1.0, np.nan])), ValueError),
    (dict(law=object()), TypeError),
    (dict(alpha=1.5), ValueError),
    (dict(moments=-1), ValueError),
])
def test_bad_arguments(kwargs, error):
    args = dict(samples=np.ones((3, 30)) + np.arange(30), law=stats.norm())
    args.update(kwargs)
    with pytest.raises(error):
        compare(args.pop("samples"), args.pop("law"), **args)


def test_htmp_samples_against_htmp_law():
    """HTMP(γ, κ) samples are accepted by HTMP(γ, κ) and rejected by HTMP(γ, 2κ)."""
    htmp = getattr(pytest.importorskip("htmp_theory"), "HTMP", None)
    if htmp is None:
        pytest.skip("htmp_theory.HTMP is not available")
    gamma, kappa = 0.5, 1.0
    x = sample_htmp(1000, gamma, kappa, reps=40, rng=4)
    right = compare(x, htmp(gamma, kappa))
    assert right.passed, str(right)
    wrong = compare(x, htmp(gamma, 2 * kappa))
    for name in DISTANCES + ["moment 2"]:
        assert name in wrong.rejected, str(wrong)
    for name in ["lower tail exponent (Hill)", "lower tail exponent (Clauset)", "upper tail rate (MLE)"]:
        assert name in wrong.flagged, str(wrong)


def test_inverse_samples_against_inverse_law():
    """1/x of HTMP samples: the power-law tail exponent of InverseHTMP is accepted, 2κ's rejected."""
    inverse = getattr(pytest.importorskip("htmp_theory"), "InverseHTMP", None)
    if inverse is None:
        pytest.skip("htmp_theory.InverseHTMP is not available")
    gamma, kappa = 0.5, 1.0
    y = 1.0 / sample_htmp(1000, gamma, kappa, reps=40, rng=5)
    names = ["upper tail exponent (Hill)", "upper tail exponent (Clauset)"]
    right = compare(y, inverse(gamma, kappa), moments=0)
    assert all(name not in right.flagged for name in names), str(right)
    assert "Kolmogorov-Smirnov" not in right.rejected
    wrong = compare(y, inverse(gamma, 2 * kappa), moments=0)
    assert all(name in wrong.flagged for name in names), str(wrong)


def test_tail_estimators_explain_a_too_small_sample():
    """The default k = sqrt(N) below the minimum says how many values are needed (not an internal k range)."""
    from htmp_theory.crosscheck import gamma_tail_rate, hill

    y = np.random.default_rng(0).pareto(1.5, 100) + 1
    with pytest.raises(ValueError, match="needs at least 400 values"):
        hill(y)
    with pytest.raises(ValueError, match="needs at least 400 values"):
        gamma_tail_rate(y, 1.0)
    with pytest.raises(ValueError, match=r"k must be in \[20, 99\]"):
        hill(y, k=5)


def test_printed_table_gives_intervals_only_for_calibrated_checks():
    """Tail diagnostics (coverage 68-95 % at finite n) get no interval in the table; moments do."""
    from htmp_theory import HTMP

    text = str(compare(sample_htmp(400, 0.5, 2.0, reps=10, rng=0), HTMP(0.5, 2.0)))
    rows = {line.split("  ")[0]: line for line in text.splitlines()}
    assert "[" in rows["moment 2"]
    tail_rows = [line for name, line in rows.items() if "tail" in name and "info" in line]
    assert tail_rows and not any("[" in line.split("info")[0] for line in tail_rows)
