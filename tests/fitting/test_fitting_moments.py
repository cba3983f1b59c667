"""Method of moments: recovery of known κ from finite-n samples, coverage, degenerate input."""
import math
import warnings

import numpy as np
import pytest

from htmp_theory import HTMP
from htmp_theory.fitting import FitResult, fit_moments
from htmp_theory.sampling import sample_htmp

GAMMA, KAPPA = 0.5, 2.0


@pytest.fixture(scope="module")
def spectra():
    """200 independent finite-n spectra with known (γ, κ), mean 1."""
    return sample_htmp(500, GAMMA, KAPPA, reps=200, rng=11, progress=False)


def test_variance_formula_matches_model_moments():
    # the estimator inverts Var = s^2 (gamma + 2 gamma / kappa); check that against the recursion
    for gamma, kappa, scale in [(0.5, 2.0, 1.0), (0.3, 0.7, 2.5), (2.0, 5.0, 0.3)]:
        law = HTMP(gamma, kappa, scale=scale)
        var = float(law.moment(2)) - float(law.moment(1)) ** 2
        assert var == pytest.approx(scale ** 2 * (gamma + 2 * gamma / kappa), rel=1e-12)


def test_recovers_kappa_and_scale(spectra):
    fits = [fit_moments(3.0 * x, GAMMA, se="none") for x in spectra[:50]]
    kappas = np.array([f.kappa for f in fits])
    scales = np.array([f.scale for f in fits])
    # the mean of 50 estimates is within 4 of its own standard errors of the truth
    assert abs(kappas.mean() - KAPPA) < 4 * kappas.std() / math.sqrt(50) + 0.02 * KAPPA
    assert abs(scales.mean() - 3.0) < 4 * scales.std() / math.sqrt(50) + 1e-3


def test_delta_interval_coverage_is_conservative(spectra):
    # eigenvalues of one spectrum repel: the i.i.d. delta error over-states the spread
    fits = [fit_moments(x, GAMMA) for x in spectra]
    covered = np.mean([f.interval(0.95)[0] <= KAPPA <= f.interval(0.95)[1] for f in fits])
    estimates = np.array([f.kappa for f in fits])
    assert covered >= 0.93
    assert np.median([f.kappa_se for f in fits]) >= 0.9 * estimates.std()
    model = fit_moments(spectra[0], GAMMA, moments="model")
    assert model.kappa_se == pytest.approx(fits[0].kappa_se, rel=0.3)


def test_replicate_jackknife_coverage(spectra):
    blocks = spectra.reshape(20, 10, 500)
    fits = [fit_moments(block, GAMMA, se="replicates") for block in blocks]
    covered = np.mean([f.interval(0.95)[0] <= KAPPA <= f.interval(0.95)[1] for f in fits])
    assert covered >= 0.8  # 20 experiments: 95% nominal, binomial slack
    spread = np.std([f.kappa for f in fits], ddof=1)
    assert np.median([f.kappa_se for f in fits]) == pytest.approx(spread, rel=0.5)


def test_parametric_bootstrap_matches_monte_carlo_spread(spectra):
    spread = np.std([fit_moments(x, GAMMA, se="none").kappa for x in spectra], ddof=1)
    fit = fit_moments(spectra[0], GAMMA, se="parametric", reps=40, rng=1)
    assert fit.kappa_se == pytest.approx(spread, rel=0.4)
    again = fit_moments(spectra[0], GAMMA, se="parametric", reps=40, rng=1)
    assert again.kappa_se == fit.kappa_se  # reproducible with the same rng


def test_inverse_fit_is_the_fit_of_reciprocals(spectra):
    x = 2.0 * spectra[0]
    direct = fit_moments(x, GAMMA)
    inverse = fit_moments(1.0 / x, GAMMA, inverse=True)
    assert inverse.kappa == pytest.approx(direct.kappa, rel=1e-12)
    assert inverse.scale == pytest.approx(1.0 / direct.scale, rel=1e-12)
    assert inverse.alpha == pytest.approx(1 + KAPPA / 2 * (1 / GAMMA - 1), rel=0.3)


def test_marchenko_pastur_gives_infinite_kappa_with_warning():
    rng = np.random.default_rng(3)
    w = rng.standard_normal((800, 400))
    x = np.linalg.eigvalsh(w.T @ w / 800)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = fit_moments(x, 0.5)
    # real Wishart is beta = 1, kappa = n = 400: large, or infinite when v/m^2 <= gamma
    assert fit.kappa > 40
    if math.isinf(fit.kappa):
        assert any("Marchenko-Pastur" in str(w.message) for w in caught)


def test_result_helpers():
    fit = FitResult("moments", 0.5, 2.0, 1.0, 0.1, 0.01, "delta", 100)
    lo, hi = fit.interval(0.95, log=False)
    assert (lo, hi) == pytest.approx((2 - 1.959964 * 0.1, 2 + 1.959964 * 0.1), rel=1e-6)
    assert fit.alpha == 2.0 and fit.alpha_se == pytest.approx(0.05)
    assert "kappa = 2" in str(fit)
    with pytest.raises(ValueError, match="level"):
        fit.interval(1.5)


@pytest.mark.parametrize("bad, error, match", [
    ([1.0, np.nan] * 10, ValueError, "NaN"),
    ([1.0, -1.0] * 10, ValueError, ">= 0"),
    ([1.0, 2.0, 3.0], ValueError, "at least"),
    (np.ones((2, 2, 20)), ValueError, "one-dimensional"),
    (["a"] * 20, TypeError, "real"),
])
def test_degenerate_input(bad, error, match):
    with pytest.raises(error, match=match):
        fit_moments(bad, 0.5)


def test_zeros_dropped_with_warning_and_bad_options():
    x = np.concatenate([np.zeros(5), sample_htmp(200, 0.5, 2.0, rng=0, progress=False)[0]])
    with pytest.warns(RuntimeWarning, match="zero eigenvalues"):
        assert fit_moments(x, 0.5).n == 200
    with pytest.raises(ValueError, match="gamma"):
        fit_moments(x[5:], 0.0)
    with pytest.raises(ValueError, match="se must be"):
        fit_moments(x[5:], 0.5, se="bogus")
    with pytest.raises(ValueError, match="replicates"):
        fit_moments(x[5:], 0.5, se="replicates")
    with pytest.raises(TypeError, match="rng"):
        fit_moments(x[5:], 0.5, se="parametric", rng="seed")


def test_delta_se_equals_closed_form(spectra):
    # closed form of the module notes (gamma known), computed independently of the code's
    # numerical Jacobian: se(R)^2 = g' S g / N, se(kappa) = kappa^2/(2 gamma) se(R)
    x = 2.0 * spectra[1]
    m1, m2, m3, m4 = (np.mean(x ** j) for j in range(1, 5))
    cov = np.array([[m2 - m1 ** 2, m3 - m1 * m2], [m3 - m1 * m2, m4 - m2 ** 2]])
    grad = np.array([-2 * m2 / m1 ** 3, 1 / m1 ** 2])
    ratio = m2 / m1 ** 2 - 1
    kappa = 2 * GAMMA / (ratio - GAMMA)
    se_kappa = kappa ** 2 / (2 * GAMMA) * np.sqrt(grad @ cov @ grad / x.size)
    fit = fit_moments(x, GAMMA)
    assert fit.kappa == pytest.approx(kappa, rel=1e-12)
    assert fit.kappa_se == pytest.approx(se_kappa, rel=1e-5)
    assert fit.scale_se == pytest.approx(np.sqrt(cov[0, 0] / x.size), rel=1e-5)
    assert fit.gamma_se == 0.0


def test_third_moment_identity_used_to_estimate_gamma():
    # r3 = (1 + gamma + 2 eps) r2 + gamma against the exact recursion
    for gamma, kappa in [(0.5, 2.0), (0.2, 0.5), (0.8, 30.0)]:
        law, eps = HTMP(gamma, kappa), 2 * gamma / kappa
        assert float(law.moment(3)) == pytest.approx((1 + gamma + 2 * eps) * float(law.moment(2)) + gamma,
                                                     rel=1e-12)


def test_estimated_gamma_recovery_and_coverage():
    samples = sample_htmp(2000, 0.3, 1.0, reps=60, rng=12, progress=False)
    fits = [fit_moments(x, None) for x in samples]
    gammas = np.array([f.gamma for f in fits])
    assert abs(gammas.mean() - 0.3) < 4 * gammas.std() / np.sqrt(60)
    covered = np.mean([abs(f.gamma - 0.3) <= 1.96 * f.gamma_se for f in fits])
    assert covered >= 0.85
    covered_kappa = np.mean([f.interval()[0] <= 1.0 <= f.interval()[1] for f in fits])
    assert covered_kappa >= 0.85
    with pytest.raises(ValueError, match="gamma could not be estimated"):
        fit_moments(np.random.default_rng(0).lognormal(0.0, 1.0, 5000), None)
