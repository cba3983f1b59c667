"""Start, search and density tables of the ML fit: fewer tables, the same maximiser."""
import math
import warnings

import numpy as np
import pytest
from numpy.polynomial import chebyshev as C
from numpy.polynomial.legendre import leggauss

from htmp_theory.fitting import fit_mle, fit_moments, mle
from htmp_theory.fitting import riccati as riccati_module
from htmp_theory.fitting.adequacy import split_spikes
from htmp_theory.fitting.mle import DataProfile, _chebyshev_values, _cubic_vertex, _log_moment_estimate
from htmp_theory.fitting.riccati import RiccatiLaw, riccati_pieces, riccati_table, upper_end
from htmp_theory.sampling import sample_htmp


def _spiked(gamma: float, kappa: float, n: int, seed: int) -> np.ndarray:
    """An exact finite-n spectrum with three planted spikes (12, 18 and 30 times its mean)."""
    x = sample_htmp(n, gamma, kappa, rng=seed)[0]
    return np.append(x, x.mean() * np.array([12.0, 18.0, 30.0]))


@pytest.mark.parametrize("gamma, kappa", [(0.5, 2.0), (0.25, 0.4), (0.1, 30.0), (0.4, 6.5)])
def test_log_mean_ratio_against_quadrature_of_the_density(gamma, kappa):
    # closed form (chi-square determinant of the beta-Laguerre model) against Gauss-Legendre
    # quadrature of u e^L(u) on a Riccati table of the density (mass 1 on the table)
    table = riccati_table(gamma, kappa, -60.0, upper_end(gamma, kappa))
    nodes, weights = leggauss(4000)
    half = 0.5 * (table.u_hi - table.u_lo)
    u = table.u_lo + half * (nodes + 1)
    density = np.exp(table.logxp(u)) * half * weights
    assert np.sum(density) == pytest.approx(1.0, abs=1e-10)
    expected = np.sum(density * u) - math.log(np.sum(density * np.exp(u)))
    assert mle.log_mean_ratio(gamma, math.log(kappa)) == pytest.approx(expected, abs=1e-9)


def test_log_mean_ratio_tends_to_marchenko_pastur():
    gamma = 0.3
    limit = (1 - 1 / gamma) * math.log(1 - gamma) - 1  # E log X of MP(gamma) with mean 1
    assert mle.log_mean_ratio(gamma, math.log(1e6)) == pytest.approx(limit, abs=1e-5)


@pytest.mark.parametrize("gamma, kappa, n", [(0.5, 2.0, 400), (0.25, 8.0, 300), (0.3, 0.5, 200)])
def test_log_moment_start_is_near_the_mle_of_a_spiked_spectrum(gamma, kappa, n):
    # three planted spikes move the moment estimate 1.2-1.8 away from the ML estimate of log kappa
    # (full spectrum, spikes included: the first fit of the spike rule); the log-moment start stays
    # within two of its own delta errors of it
    x = _spiked(gamma, kappa, n, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        best = math.log(fit_mle(x, gamma, se="none", rtol=1e-4, max_evals=30).kappa)
        moments = math.log(fit_moments(x, gamma).kappa)
    start, error = _log_moment_estimate(x, gamma)
    assert abs(start - best) <= 2 * error and abs(start - best) < 0.6
    assert abs(moments - best) > 1.0


def _tables_from(x: np.ndarray, gamma: float, start: float, delta: float) -> tuple[float, int]:
    """(maximiser, tables built) of the ML search from ``start`` with first steps ``delta``."""
    data = DataProfile(x, gamma)
    bounds = (math.log(mle.KAPPA_RANGE[0]), math.log(mle.KAPPA_RANGE[1]))
    log_k, converged = mle._minimise_smooth(lambda t: -data.profile(t)[0], start, delta, bounds, 30, mle.MLE_RTOL)
    assert converged
    data.profile(log_k)  # the fit evaluates its estimate (a table of its own when the search did not)
    return log_k, data.built


def test_log_moment_start_builds_fewer_tables_on_spiked_spectra():
    # tables built by the search (and for its estimate) from the log-moment start and from the moment
    # start (the start before), on three spiked spectra: never more, fewer in all, the same maximiser
    gamma, ours, before = 0.5, [], []
    for seed in range(3):
        x = _spiked(gamma, 2.0, 400, seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            moments = fit_moments(x, gamma)
        start, error = _log_moment_estimate(x, gamma)
        ours.append(_tables_from(x, gamma, start, error))
        before.append(_tables_from(x, gamma, math.log(moments.kappa), moments.kappa_se / moments.kappa))
        assert ours[-1][0] == pytest.approx(before[-1][0], abs=5e-4)  # the same maximiser (se of log kappa: 0.09)
        assert ours[-1][1] <= before[-1][1]
    assert sum(t for _, t in ours) < sum(t for _, t in before)


@pytest.mark.parametrize("gamma, kappa, n, spiked", [(0.5, 2.0, 400, False), (0.8, 0.5, 300, False),
                                                     (0.1, 30.0, 1000, False), (0.25, 8.0, 300, True)])
def test_search_stops_within_its_tolerance_of_the_maximiser(gamma, kappa, n, spiked):
    # reference: a bounded scalar search of the same profile to 1e-9 in log kappa (independent of the
    # parabola/cubic steps); the default search must land within a few rtol standard errors
    x = _spiked(gamma, kappa, n, 1) if spiked else sample_htmp(n, gamma, kappa, rng=1)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = fit_mle(x, gamma, se="observed")
    from scipy import optimize

    data = DataProfile(x, gamma)
    centre = math.log(fit.kappa)
    reference = optimize.minimize_scalar(lambda t: -data.profile(t)[0], bounds=(centre - 0.3, centre + 0.3),
                                         method="bounded", options={"xatol": 1e-9}).x
    se = fit.kappa_se / fit.kappa
    assert abs(math.log(fit.kappa) - reference) <= 3 * mle.MLE_RTOL * se


def test_cubic_vertex_is_exact_on_a_cubic():
    points = [0.3, -0.2, 0.9, 0.5]
    values = [2 * t ** 2 + 0.4 * t ** 3 - t for t in points]
    exact = (-4 + math.sqrt(16 + 4 * 1.2)) / (2 * 1.2)  # root of 1.2 t^2 + 4 t - 1 with positive curvature
    assert _cubic_vertex(points, values) == pytest.approx(exact, abs=1e-12)


def test_chebyshev_values_against_chebval_and_chebder():
    table = riccati_pieces(0.3, 0.4, -8.0, 4.0)
    v = np.sort(np.random.default_rng(0).uniform(-8.0, 4.0, 300))
    values = _chebyshev_values(table, v, 3)
    for k, point in enumerate(v[::7]):
        i = min(int(np.searchsorted(table.edges, point, side="right")) - 1, len(table.coef) - 1)
        lo, hi = table.edges[i], table.edges[i + 1]
        coef = table.coef[i]
        for d in range(4):
            exact = C.chebval((2 * point - lo - hi) / (hi - lo), coef) * (2 / (hi - lo)) ** d
            assert values[d, 7 * k] == pytest.approx(exact, rel=1e-12, abs=1e-12)
            coef = C.chebder(coef)


def test_spike_rule_takes_its_quantile_from_the_likelihood_table(monkeypatch):
    # the law of each spike-rule fit comes from the likelihood table at kappa-hat (no table of its
    # own), and its quantile is that of a fresh Riccati law (separate table, full range)
    x = _spiked(0.5, 2.0, 400, 2)
    fit = fit_mle(x, 0.5, se="none")
    data = fit.info["profile"]
    own = data.fitted_law(float(x.min()))
    fresh = RiccatiLaw(0.5, fit.kappa, fit.scale, x_min=float(x.min()))
    for q in (1 / 4030, 1e-2, 1e-6):
        assert own.isf(q) == pytest.approx(fresh.isf(q), rel=1e-9)
    built = []
    original = riccati_module.riccati_table
    monkeypatch.setattr(riccati_module, "riccati_table", lambda *a: built.append(a) or original(*a))
    bulk, spikes, _ = split_spikes(x, fit, lambda b: mle.refit_mle(b, fit))
    assert spikes.size == 3 and bulk.size == 400 and not built


def test_isf_against_the_survival_function():
    law = RiccatiLaw(0.25, 0.4, 0.7, x_min=0.01)
    for q in (0.5, 1e-2, 1 / 640, 1e-8):
        assert float(law.sf(np.array([law.isf(q)]))[0]) == pytest.approx(q, rel=1e-9)


def test_not_htmp_shaped_spectrum_starts_from_the_moment_estimate():
    # a shifted Pareto spectrum (density x^-3 on [1, inf)) has less log-spread than Marchenko-Pastur:
    # its log-moment estimate is infinite, and a search from there ends at the edge of the range with a
    # log-likelihood 57 lower; from the moment estimate it finds the local maximum near kappa = 7.6
    x = np.random.default_rng(11).pareto(2.0, 400) + 1.0
    start, _ = _log_moment_estimate(x, 0.5)
    assert start > math.log(mle.LOG_MOMENT_MAX_KAPPA)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = fit_mle(x, 0.5, se="none")
    data = DataProfile(x, 0.5)
    grid = max(data.profile(t)[0] for t in np.linspace(math.log(2.0), math.log(30.0), 12))
    assert fit.kappa < 30 and fit.loglik >= grid - 1e-6


@pytest.mark.parametrize("gamma", [1.0, 2.0, 0.0])
def test_log_mean_ratio_rejects_gamma_outside_0_1(gamma):
    """The closed form holds for gamma < 1 only: outside, a ValueError naming gamma (not NaN)."""
    with pytest.raises(ValueError, match="gamma"):
        mle.log_mean_ratio(gamma, 0.0)
