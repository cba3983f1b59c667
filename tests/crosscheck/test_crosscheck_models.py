"""Exact finite-n models, compare(model=...) and validate_sampler (two-sample, permutation)."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from htmp_theory import HTMP
from htmp_theory.crosscheck import (HermiteModel, JacobiModel, LaguerreModel, compare, validate_sampler)
from htmp_theory.sampling import sample_htmp


def handwritten_laguerre(n, *, reps, rng, gamma=0.5, kappa=2.0, scale_bug=False):
    """Independent implementation: dense bidiagonal B, singular values by numpy (not LAPACK dqds)."""
    beta, m = kappa / n, n / gamma
    out = np.empty((reps, n))
    for r in range(reps):
        b = np.diag(np.sqrt(rng.chisquare(beta * (m - np.arange(n)))))
        b[np.arange(1, n), np.arange(n - 1)] = np.sqrt(rng.chisquare(beta * np.arange(n - 1, 0, -1.0)))
        s = np.linalg.svd(b, compute_uv=False) ** 2
        out[r] = np.sort(s if scale_bug else s / (beta * m))
    return out


@pytest.mark.parametrize("model", [LaguerreModel(30, 0.5, 2.0), LaguerreModel(30, 1.5, 1.0),
                                   HermiteModel(30, 0.5), JacobiModel(30, 1.0, 0.5, 1.5)], ids=repr)
def test_exact_moments_match_monte_carlo(model):
    x = model.sample(4000, rng=1)
    per_rep = np.stack([(x**j).mean(axis=1) for j in range(1, 5)], axis=1)
    z = (per_rep.mean(axis=0) - [model.moment(j) for j in range(1, 5)]) / (
        per_rep.std(axis=0, ddof=1) / np.sqrt(per_rep.shape[0]))
    assert np.all(np.abs(z) < 4.5), z


def test_exact_moment_differs_from_limit_by_one_over_n():
    model = LaguerreModel(40, 0.5, 2.0)
    assert model.moment(2) == pytest.approx(1 + 0.5 + 0.5 - 0.5 / 40, rel=1e-13)
    assert model.moment(2) - float(model.limit.moment(2)) == pytest.approx(-0.5 / 40, rel=1e-10)


def test_model_mode_accepts_finite_n_truth_and_rejects_a_bug():
    model = LaguerreModel(60, 0.5, 2.0)
    right = compare(sample_htmp(60, 0.5, 2.0, reps=30, rng=2), model=model, bootstrap=199)
    assert right.passed, str(right)
    assert "exact n" in right["moment 2"].note and right["moment 2"].theory == model.moment(2)
    wrong = compare(sample_htmp(60, 0.5, 4.0, reps=30, rng=3), model=model, bootstrap=199)
    assert {"Kolmogorov-Smirnov", "moment 2"} <= set(wrong.rejected), str(wrong)


def test_validate_sampler_handwritten():
    model = LaguerreModel(150, 0.5, 2.0)
    good = validate_sampler(handwritten_laguerre, model, reps=20, rng=4, bootstrap=199)
    assert good.passed, str(good)

    def missing_scale(n, *, reps, rng):
        return handwritten_laguerre(n, reps=reps, rng=rng, scale_bug=True)

    bad = validate_sampler(missing_scale, model, reps=2, rng=5, bootstrap=199)
    assert "moment 1" in bad.rejected and "Kolmogorov-Smirnov" in bad.rejected


def test_permutation_verdict_false_alarm_rate():
    """Correct sampler vs the exact model at small n: familywise rate <= alpha (binomial tolerance)."""
    model = HermiteModel(20, 1.0)
    trials, alpha = 30, 0.2
    failures = sum(not compare(model.sample(8, rng=100 + s), model=model, bootstrap=99, tails=False,
                               alpha=alpha, rng=s).passed for s in range(trials))
    assert failures <= stats.binom.ppf(0.999, trials, alpha), failures


def test_bad_input():
    model = LaguerreModel(20, 0.5, 2.0)
    x = sample_htmp(30, 0.5, 2.0, reps=3, rng=0)
    with pytest.raises(ValueError, match="n = 30"):
        compare(x, model=model)
    with pytest.raises(TypeError, match="model="):
        compare(x, HTMP(0.5, 2.0), reference=x)
    with pytest.raises(TypeError, match="law"):
        compare(x)
    with pytest.raises(TypeError, match="FiniteModel"):
        validate_sampler(handwritten_laguerre, HTMP(0.5, 2.0), reps=2)
    with pytest.raises(ValueError, match="shape"):
        validate_sampler(lambda n, *, reps, rng: np.ones((reps, n + 1)), model, reps=2)
    with pytest.raises(ValueError, match="a must be > -1"):
        JacobiModel(10, -1.5, 0.0, 1.0)
