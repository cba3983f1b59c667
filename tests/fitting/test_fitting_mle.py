"""MLE and minimum-distance fits: recovery of known κ from finite-n samples (costly: few tests)."""
import math

import numpy as np
import pytest

from htmp_theory import HTMP
from htmp_theory.fitting import fit_distance, fit_mle, fit_moments, log_likelihood
from htmp_theory.sampling import sample_htmp

GAMMA, KAPPA = 0.5, 2.0


def test_log_likelihood_scale_jacobian():
    x = sample_htmp(300, GAMMA, KAPPA, rng=2, progress=False)[0] * 1.7
    direct = float(np.sum(HTMP(GAMMA, KAPPA).logpdf(x / 1.7))) - x.size * math.log(1.7)
    assert log_likelihood(x, GAMMA, KAPPA, 1.7) == pytest.approx(direct, rel=1e-10)


def test_mle_recovers_kappa_and_beats_the_truth_in_likelihood():
    x = 2.5 * sample_htmp(3000, GAMMA, KAPPA, rng=7, progress=False)[0]
    fit = fit_mle(x, GAMMA, max_evals=12)
    assert abs(fit.kappa - KAPPA) < 4 * fit.kappa_se
    assert abs(fit.scale - 2.5) < 4 * fit.scale_se
    assert fit.info["evaluations"] <= 12 + 1
    # the maximiser beats the true parameters and the moment estimate
    assert fit.loglik >= log_likelihood(x, GAMMA, KAPPA, 2.5) - 1e-6
    moments = fit_moments(x, GAMMA)
    assert fit.loglik >= log_likelihood(x, GAMMA, moments.kappa, moments.scale) - 1e-6
    # the observed-information error is of the order of the moment error (same data)
    assert 0.2 < fit.kappa_se / moments.kappa_se < 2.0


def test_bad_arguments():
    x = sample_htmp(100, GAMMA, KAPPA, rng=0, progress=False)[0]
    with pytest.raises(ValueError, match="distance"):
        fit_distance(x, GAMMA, distance="ad")
    with pytest.raises(ValueError, match="max_evals"):
        fit_mle(x, GAMMA, max_evals=1)
    with pytest.raises(ValueError, match="kappa0"):
        fit_mle(x, GAMMA, kappa0=-1.0)
    with pytest.raises(ValueError, match="NaN"):
        fit_mle(np.full(20, np.nan), GAMMA)


@pytest.mark.slow
@pytest.mark.parametrize("distance", ["cvm", "ks"])
def test_minimum_distance_recovers_kappa(distance):
    x = sample_htmp(3000, GAMMA, KAPPA, rng=8, progress=False)[0]
    fit = fit_distance(x, GAMMA, distance=distance)
    assert fit.kappa == pytest.approx(KAPPA, rel=0.25)
    assert fit.scale == pytest.approx(1.0, rel=0.05)


@pytest.mark.slow
def test_mle_interval_coverage():
    # 30 independent spectra: coverage of the 95% observed-information interval
    samples = sample_htmp(1000, GAMMA, KAPPA, reps=30, rng=9, progress=False)
    fits = [fit_mle(x, GAMMA) for x in samples]
    covered = np.mean([f.interval()[0] <= KAPPA <= f.interval()[1] for f in fits])
    assert covered >= 0.8
