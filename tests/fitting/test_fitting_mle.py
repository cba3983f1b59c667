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
    # (kappa <= 150: tables of the Riccati equation, documented to ~1e-9 in log p)
    assert np.max(np.abs(fast - exact) / np.maximum(1.0, np.abs(exact))) < 1e-8
    value, slope, curvature = data.loglik(math.log(kappa), math.log(scale), order=2)
    assert value == pytest.approx(float(np.sum(exact)), rel=1e-9)
    # exact log s derivatives of the table against central differences of the exact likelihood
    # (five-point stencils in log s, step h: truncation errors O(h^4))
    h = 1e-3
    ll = np.array([log_likelihood(x, gamma, kappa, scale * math.exp(j * h)) for j in (-2, -1, 0, 1, 2)])
    assert slope == pytest.approx(ll @ [1, -8, 0, 8, -1] / (12 * h), rel=1e-7, abs=1e-6)
    assert curvature == pytest.approx(ll @ [-1, 16, -30, 16, -1] / (12 * h ** 2), rel=1e-5)


@pytest.mark.slow  # five full-range HTMP tables (seconds each)
def test_mle_is_the_maximiser_of_the_exact_likelihood():
    # brute force: the exact profile likelihood (HTMP.logpdf, scale maximised numerically) on a
    # grid of log kappa at half-standard-error spacing, refined by a quartic through the grid
    x = 0.8 * sample_htmp(300, GAMMA, KAPPA, rng=11, progress=False)[0]
    fit = fit_mle(x, GAMMA, correct_bias=False)
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
    # both argmaxes sit on a flat maximum: log-density differences of ~1e-10 move them by ~1e-8
    assert math.log(fit.scale) == pytest.approx(profile[2, 1], abs=5e-8)
    assert fit.loglik == pytest.approx(profile[2, 0], abs=1e-6)   # Riccati tables: ~1e-9 per log p, n = 300
    assert fit.info["newton_step"] < 0.01


def test_mle_standard_error_matches_the_spread_over_iid_samples():
    # i.i.d. draws from the law itself (inverse CDF): the observed-information error is the
    # large-sample spread of the estimate, so the two agree within the noise of 10 replicates
    law = HTMP(GAMMA, KAPPA, scale=1.5)
    rng = np.random.default_rng(31)
    fits = [fit_mle(law.ppf(rng.uniform(size=400)), GAMMA, se="observed") for _ in range(10)]
    log_k = np.log([f.kappa for f in fits])
    se = np.mean([f.kappa_se / f.kappa for f in fits])
    assert 0.5 < np.std(log_k, ddof=1) / se < 1.7
    assert abs(np.mean(log_k) - math.log(KAPPA)) < 3 * se / math.sqrt(len(fits))
    log_s = np.log([f.scale for f in fits])
    assert 0.5 < np.std(log_s, ddof=1) / np.mean([f.scale_se / f.scale for f in fits]) < 1.7
    # coverage of the 95% intervals (P(<= 6 of 10 covered) = 0.1% if calibrated)
    assert np.mean([f.interval()[0] <= KAPPA <= f.interval()[1] for f in fits]) >= 0.7


def test_sandwich_standard_error_matches_the_spread_of_beta_ensemble_spectra():
    # exact finite-n spectra: the default (sandwich) error is the spread of log kappa-hat
    # (benchmarks/bench_fit_coverage.py measures the coverage over 200 spectra per case)
    fits = [fit_mle(x, GAMMA, rng=i) for i, x in enumerate(sample_htmp(400, GAMMA, KAPPA, reps=12, rng=21))]
    assert all(f.se_method.startswith("sandwich") for f in fits)
    log_k = np.log([f.kappa for f in fits])
    se = np.mean([f.kappa_se / f.kappa for f in fits])
    # sd of 12 draws: ratio within [0.55, 1.45] of the truth with probability > 99%
    assert 0.55 < np.std(log_k, ddof=1) / se < 1.45
    assert abs(np.mean(log_k) - math.log(KAPPA)) < 3 * se / math.sqrt(len(fits))
    # the sandwich differs from the i.i.d. observed-information error
    assert np.mean([f.info["kappa_se_iid"] / f.kappa for f in fits]) != pytest.approx(se, rel=1e-3)


def test_sandwich_score_variance_against_direct_simulation():
    # Var of the score sums over finite-n spectra (DataProfile.score_variance, Riccati tables) against
    # the same variance from the mpmath log-density evaluated on the spectra (independent path)
    x = sample_htmp(300, GAMMA, KAPPA, rng=2)[0]
    data = DataProfile(x, GAMMA)
    sample = sample_htmp(15, GAMMA, KAPPA, reps=5, rng=3)
    fast = data.score_variance(math.log(KAPPA), 0.02, sample)

    def loglik(kappa, s):
        law = HTMP(GAMMA, kappa)
        return sum(law._logxp_node(math.log(v)) - math.log(v) for v in s)

    h, e = 0.02, 1e-4
    score_k = [(loglik(KAPPA * math.exp(h), s) - loglik(KAPPA * math.exp(-h), s)) / (2 * h) for s in sample]
    score_s = [(loglik(KAPPA, s * math.exp(-e)) - loglik(KAPPA, s * math.exp(e)) - 2 * e * s.size) / (2 * e)
               for s in sample]
    np.testing.assert_allclose(fast, np.cov([score_k, score_s]), rtol=1e-5)


@pytest.mark.slow
@pytest.mark.parametrize("distance", ["cvm", "ks"])
def test_minimum_distance_recovers_kappa(distance):
    x = sample_htmp(3000, GAMMA, KAPPA, rng=8, progress=False)[0]
    fit = fit_distance(x, GAMMA, distance=distance)
    assert fit.kappa == pytest.approx(KAPPA, rel=0.25)
    assert fit.scale == pytest.approx(1.0, rel=0.05)


@pytest.mark.slow
def test_mle_interval_coverage():
    # 40 independent spectra: coverage of the default (sandwich) 95% interval
    # (P(<= 33 of 40 covered) = 0.7% if calibrated)
    samples = sample_htmp(1000, GAMMA, KAPPA, reps=40, rng=9, progress=False)
    fits = [fit_mle(x, GAMMA, rng=i) for i, x in enumerate(samples)]
    covered = np.mean([f.interval()[0] <= KAPPA <= f.interval()[1] for f in fits])
    assert covered >= 34 / 40


@pytest.mark.slow
def test_mle_interval_coverage_iid():
    # 60 i.i.d. samples of the law: the 95% interval covers 95% (binomial sd 0.028)
    law = HTMP(GAMMA, KAPPA)
    rng = np.random.default_rng(41)
    fits = [fit_mle(law.ppf(rng.uniform(size=1000)), GAMMA, se="observed") for _ in range(60)]
    covered = np.mean([f.interval()[0] <= KAPPA <= f.interval()[1] for f in fits])
    assert 0.85 <= covered <= 1.0
    assert np.mean([f.info["newton_step"] for f in fits]) < 0.01


def test_second_order_bias_formula_on_the_exponential_law():
    # i.i.d. exponential draws with rate lam, theta = log lam: l = n theta - e^theta S, the score
    # G = n - lam S, H = T = -lam S, J = n.  The formula gives J^-1 (0 + Var G / n - n/(2n)) = 1/(2n);
    # the exact bias of log(1/mean) is log n - digamma(n) = 1/(2n) + O(1/n^2)
    from scipy.special import digamma

    from htmp_theory.fitting.mle import _second_order_bias

    n, lam = 40, 2.0
    s = np.random.default_rng(5).exponential(1 / lam, (20000, n)).sum(axis=1)
    scores, hessians = (n - lam * s)[:, None], (-lam * s)[:, None, None]
    bias = _second_order_bias(np.array([[1 / n]]), scores, hessians, np.full((1, 1, 1), -float(n)),
                              np.array([[1 / n]]))[0]
    assert bias == pytest.approx(math.log(n) - digamma(n), rel=0.05)   # MC error of Var G: 1 %


def test_third_derivatives_against_differences_of_the_exact_derivatives():
    x = sample_htmp(300, GAMMA, KAPPA, rng=12)[0]
    data = DataProfile(x, GAMMA)
    lk, ls, e = math.log(KAPPA), 0.01, 1e-4
    third = data.third_derivatives(lk, ls, 0.02)
    d2 = lambda k, s: data.loglik(k, s, 2)[2]  # noqa: E731
    assert third[1, 1, 1] == pytest.approx((d2(lk, ls + e) - d2(lk, ls - e)) / (2 * e), rel=1e-5)
    assert third[0, 1, 1] == pytest.approx((d2(lk + 0.05, ls) - d2(lk - 0.05, ls)) / 0.1, rel=2e-2)
    profile = [data.loglik(lk + j * 0.05, ls)[0] for j in (-2, -1, 1, 2)]
    assert third[0, 0, 0] == pytest.approx((profile[3] - 2 * profile[2] + 2 * profile[1] - profile[0]) / (2 * 0.05 ** 3),
                                           rel=5e-2)
    assert third[0, 0, 1] == third[1, 0, 0] == third[0, 1, 0]


def test_third_derivative_from_the_search_tables_moves_the_bias_correction_negligibly():
    # with the search's tables at hand the third log-kappa derivative is a cubic fit instead of a
    # central difference on two more tables; its term of the bias, 1/2 J^-1 T Sigma, changes by
    # about 1/2 se_iid^2 dT se^2, which must stay below 5 % of the standard error
    x = sample_htmp(1000, 0.1, 30.0, rng=5)[0]
    fit = fit_mle(x, 0.1)
    data = fit.info["profile"]
    lk = math.log(fit.info["kappa_mle"])
    ls = data.profile(lk)[1]
    cubic = data.third_derivatives(lk, ls, 0.02)[0, 0, 0]
    central = DataProfile(x, 0.1).third_derivatives(lk, ls, 0.02)[0, 0, 0]
    se, se_iid = fit.kappa_se / fit.kappa, fit.info["kappa_se_iid"] / fit.kappa
    assert 0.5 * se_iid ** 2 * abs(cubic - central) * se < 0.05
