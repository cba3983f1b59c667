"""MLE and minimum-distance fits: recovery of known κ from finite-n samples (costly: few tests)."""
import math

import numpy as np
import pytest

from htmp_theory import HTMP
from scipy import optimize

from htmp_theory.fitting import fit_distance, fit_mle, fit_moments, log_likelihood
from htmp_theory.fitting.mle import DataProfile
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


@pytest.mark.parametrize("gamma, kappa, scale", [(0.5, 2.0, 1.7), (2.0, 0.5, 0.3), (0.3, 0.01, 1.0),
                                                  (0.5, 50.0, 4.0)])
def test_data_tables_match_the_exact_logpdf(gamma, kappa, scale):
    # the restricted likelihood tables against HTMP.logpdf (full-range tables, ~1e-13), point by point
    x = scale * sample_htmp(400, gamma, kappa, rng=5, progress=False)[0]
    x = x[x > 0]                                   # gamma > 1: atom at 0
    data = DataProfile(x, gamma)
    exact = HTMP(gamma, kappa, scale=scale).logpdf(x)
    fast = data.logpdf(math.log(kappa), math.log(scale))
    assert np.max(np.abs(fast - exact) / np.maximum(1.0, np.abs(exact))) < 1e-10
    value, slope, curvature = data.loglik(math.log(kappa), math.log(scale), order=2)
    assert value == pytest.approx(float(np.sum(exact)), rel=1e-11)
    # exact log s derivatives of the table against central differences of the exact likelihood
    # (five-point stencils in log s, step h: truncation errors O(h^4))
    h = 1e-3
    ll = np.array([log_likelihood(x, gamma, kappa, scale * math.exp(j * h)) for j in (-2, -1, 0, 1, 2)])
    assert slope == pytest.approx(ll @ [1, -8, 0, 8, -1] / (12 * h), rel=1e-7, abs=1e-6)
    assert curvature == pytest.approx(ll @ [-1, 16, -30, 16, -1] / (12 * h ** 2), rel=1e-5)


def test_mle_is_the_maximiser_of_the_exact_likelihood():
    # brute force: the exact profile likelihood (HTMP.logpdf, scale maximised numerically) on a
    # grid of log kappa at half-standard-error spacing, refined by a quartic through the grid
    x = 0.8 * sample_htmp(300, GAMMA, KAPPA, rng=11, progress=False)[0]
    fit = fit_mle(x, GAMMA)
    se = fit.kappa_se / fit.kappa
    grid = math.log(fit.kappa) + 0.5 * se * np.arange(-2, 3)

    def exact_profile(log_k):
        res = optimize.minimize_scalar(lambda ls: -log_likelihood(x, GAMMA, math.exp(log_k), math.exp(ls)),
                                       bounds=(math.log(fit.scale) - 0.2, math.log(fit.scale) + 0.2),
                                       method="bounded", options={"xatol": 1e-10})
        return -res.fun, res.x

    profile = np.array([exact_profile(t) for t in grid])
    assert int(np.argmax(profile[:, 0])) == 2           # the grid's best node is the MLE's
    quartic = np.polynomial.Polynomial.fit(grid, profile[:, 0], 4)
    roots = quartic.deriv().roots()
    best = min((r.real for r in roots if abs(r.imag) < 1e-12), key=lambda r: abs(r - grid[2]))
    assert abs(best - math.log(fit.kappa)) < 0.01 * se
    assert math.log(fit.scale) == pytest.approx(profile[2, 1], abs=1e-8)
    assert fit.loglik == pytest.approx(profile[2, 0], abs=1e-7)
    assert fit.info["newton_step"] < 0.01


def test_mle_standard_error_matches_the_spread_over_iid_samples():
    # i.i.d. draws from the law itself (inverse CDF): the observed-information error is the
    # large-sample spread of the estimate, so the two agree within the noise of 10 replicates
    law = HTMP(GAMMA, KAPPA, scale=1.5)
    rng = np.random.default_rng(31)
    fits = [fit_mle(law.ppf(rng.uniform(size=400)), GAMMA) for _ in range(10)]
    log_k = np.log([f.kappa for f in fits])
    se = np.mean([f.kappa_se / f.kappa for f in fits])
    assert 0.5 < np.std(log_k, ddof=1) / se < 1.7
    assert abs(np.mean(log_k) - math.log(KAPPA)) < 3 * se / math.sqrt(len(fits))
    log_s = np.log([f.scale for f in fits])
    assert 0.5 < np.std(log_s, ddof=1) / np.mean([f.scale_se / f.scale for f in fits]) < 1.7
    # coverage of the 95% intervals (P(<= 6 of 10 covered) = 0.1% if calibrated)
    assert np.mean([f.interval()[0] <= KAPPA <= f.interval()[1] for f in fits]) >= 0.7


def test_mle_standard_error_is_conservative_for_beta_ensemble_spectra():
    # eigenvalues of one spectrum repel: kappa-hat spreads much less than the i.i.d. error says
    # (measured 0.23x at n = 400, (gamma, kappa) = (0.5, 2), 8 spectra)
    fits = [fit_mle(x, GAMMA) for x in sample_htmp(400, GAMMA, KAPPA, reps=8, rng=21, progress=False)]
    log_k = np.log([f.kappa for f in fits])
    se = np.mean([f.kappa_se / f.kappa for f in fits])
    assert np.std(log_k, ddof=1) < se
    assert abs(np.mean(log_k) - math.log(KAPPA)) < 2 * se / math.sqrt(len(fits))


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
    # 30 independent spectra: coverage of the 95% observed-information interval (conservative:
    # the i.i.d. error over-states the spread of beta-ensemble spectra)
    samples = sample_htmp(1000, GAMMA, KAPPA, reps=30, rng=9, progress=False)
    fits = [fit_mle(x, GAMMA) for x in samples]
    covered = np.mean([f.interval()[0] <= KAPPA <= f.interval()[1] for f in fits])
    assert covered >= 0.8


@pytest.mark.slow
def test_mle_interval_coverage_iid():
    # 60 i.i.d. samples of the law: the 95% interval covers 95% (binomial sd 0.028)
    law = HTMP(GAMMA, KAPPA)
    rng = np.random.default_rng(41)
    fits = [fit_mle(law.ppf(rng.uniform(size=1000)), GAMMA) for _ in range(60)]
    covered = np.mean([f.interval()[0] <= KAPPA <= f.interval()[1] for f in fits])
    assert 0.85 <= covered <= 1.0
    assert np.mean([f.info["newton_step"] for f in fits]) < 0.01
