"""Familywise adjustment: min-P, max-|T|, Holm; false-alarm rate of compare().passed."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from htmp_theory.crosscheck import compare
from htmp_theory.crosscheck.multiplicity import holm, max_abs_adjust, min_p_adjust


def _binomial_ok(count: int, trials: int, rate: float) -> bool:
    """count within the central 99.8% binomial range of (trials, rate)."""
    lo, hi = stats.binom.ppf([0.001, 0.999], trials, rate)
    return lo <= count <= hi


def test_min_p_adjust_is_exact_under_exchangeability():
    # observed and resamples from the same law (3 correlated statistics): P(min adjusted p <= 0.1) = 0.1
    rng = np.random.default_rng(0)
    mix = np.array([[1.0, 0.8, 0.3], [0.0, 0.6, 0.5], [0.0, 0.0, 0.8]])
    trials, hits, raw_hits = 400, 0, 0
    for _ in range(trials):
        draws = rng.standard_normal((200, 3)) @ mix
        raw, adjusted = min_p_adjust(draws[0], draws[1:])
        hits += adjusted.min() <= 0.1
        raw_hits += raw.min() <= 0.1
    assert _binomial_ok(hits, trials, 0.1), hits
    assert raw_hits > hits + 20          # unadjusted minimum rejects far more often


def test_max_abs_adjust_matches_exact_laws():
    z = np.array([2.2, 0.3, 1.0])
    raw, adjusted = max_abs_adjust(z, np.eye(3), rng=np.random.default_rng(1))
    assert adjusted[0] == pytest.approx(1 - (1 - raw[0]) ** 3, abs=0.004)
    # perfectly correlated statistics: no multiplicity penalty
    raw, adjusted = max_abs_adjust(np.array([2.2, 2.2]), np.ones((2, 2)), rng=np.random.default_rng(2))
    assert adjusted[0] == pytest.approx(raw[0], abs=0.003)
    # Student t reference: larger p than normal
    raw_t, _ = max_abs_adjust(z, np.eye(3), df=4, rng=np.random.default_rng(3))
    assert raw_t[0] == pytest.approx(2 * stats.t(4).sf(2.2))


def test_holm_step_down():
    assert holm([0.001, 0.2, 0.012]).tolist() == pytest.approx([0.003, 0.2, 0.024])
    assert holm([0.6, 0.9]).tolist() == [1.0, 1.0]
    assert holm([0.3, 0.9]).tolist() == [0.6, 0.9]


def test_compare_false_alarm_rate_iid_samples():
    """Correct i.i.d. samples: passed fails at about the nominal rate (binomial tolerance)."""
    rng = np.random.default_rng(4)
    law = stats.gamma(1.5)
    trials, alpha = 60, 0.2
    failures = sum(not compare(law.rvs(size=(12, 60), random_state=rng), law, alpha=alpha, bootstrap=99,
                               tails=False, rng=seed).passed for seed in range(trials))
    # at most alpha (familywise), and not far below it (power is not wasted)
    assert failures <= stats.binom.ppf(0.999, trials, alpha), failures
    assert failures >= stats.binom.ppf(0.001, trials, 0.5 * alpha), failures
