"""Riccati density, spike rule, calibrated adequacy checks and layer-named warnings."""
import math

import mpmath as mp
import numpy as np
import pytest

from htmp_theory import HTMP
from htmp_theory.fitting import fit_layer, fit_mle
from htmp_theory.fitting.adequacy import marchenko_pastur_loglik, split_spikes
from htmp_theory.fitting.riccati import RiccatiLaw, riccati_table
from htmp_theory.sampling import sample_htmp


@pytest.mark.parametrize("gamma, kappa", [(0.5, 2.0), (0.2, 0.05), (0.9, 120.0), (2.0, 3.0)])
def test_riccati_log_density_against_mpmath(gamma, kappa):
    law = HTMP(gamma, kappa)
    u = np.linspace(-4.0, 1.5, 7)
    table = riccati_table(gamma, kappa, -4.0, 1.5)
    exact = np.array([law._logxp_node(v) for v in u])        # Tricomi U by mpmath at each point
    assert np.max(np.abs(table.logxp(u) - exact) / np.maximum(1, np.abs(exact))) < 1e-8


def test_riccati_survival_against_quadrature():
    gamma, kappa, scale = 0.5, 2.0, 1.3
    law, fast = HTMP(gamma, kappa), RiccatiLaw(gamma, kappa, scale, x_min=0.05)
    with mp.workdps(15):
        for x in (0.7, 4.0):
            tail = mp.quad(lambda u: mp.exp(law._logxp_node(float(u))), [math.log(x / scale), 2.5, 4.0])
            assert float(fast.sf(np.array([x]))[0]) == pytest.approx(float(tail), rel=1e-7, abs=1e-12)
    q = fast.isf(1e-4)
    assert float(fast.sf(np.array([q]))[0]) == pytest.approx(1e-4, rel=1e-9)


def test_marchenko_pastur_likelihood():
    # inside the support: the maximised log-likelihood beats the one at the sample mean (closed form)
    x = np.linspace(0.2, 2.5, 50)
    value, scale = marchenko_pastur_loglik(x, 0.5)
    a, b = (1 - math.sqrt(0.5)) ** 2, (1 + math.sqrt(0.5)) ** 2
    s = float(np.mean(x))
    at_mean = np.sum(0.5 * np.log((b * s - x) * (x - a * s)) - math.log(2 * math.pi * 0.5) - 2 * math.log(s) - np.log(x))
    assert value >= at_mean and x.max() <= b * scale and x.min() >= a * scale
    assert marchenko_pastur_loglik(np.array([0.01, 1.0, 50.0]), 0.5)[0] == -math.inf


def test_spikes_are_found_and_the_bulk_refitted():
    x = sample_htmp(800, 0.5, 2.0, rng=1)[0]
    spiked = np.append(x, [60.0, 80.0, 150.0])
    clean = fit_mle(x, 0.5, se="none")
    bulk, spikes, fit = split_spikes(spiked, fit_mle(spiked, 0.5, se="none"), lambda b: fit_mle(b, 0.5, se="none"))
    assert spikes.tolist() == [60.0, 80.0, 150.0] and bulk.size == 800
    assert fit.kappa == pytest.approx(clean.kappa, rel=1e-6)
    with pytest.warns(RuntimeWarning, match="spiky: 3 spike"):
        report = fit_layer(eigenvalues=spiked, gamma=0.5, name="spiky", gof=False)
    assert report.row()["spikes"] == 3


def test_no_spike_and_no_warning_on_an_exact_spectrum():
    x = sample_htmp(600, 0.5, 2.0, rng=2)[0]
    report = fit_layer(eigenvalues=x, gamma=0.5, name="clean")
    assert report.spikes.size == 0 and report.warnings == ()
    assert report.gof.best_model == "HTMP" and report.gof.cvm_model_p > 0.01


def test_heavy_tailed_entries_are_flagged():
    # Student-t(1.5) entries: a power-law ESD that HTMP cannot fit; a warning names the layer
    w = np.random.default_rng(3).standard_t(1.5, (300, 150))
    with pytest.warns(RuntimeWarning, match="heavy:"):
        report = fit_layer(w, name="heavy")
    assert any(("rejected" in m) or ("disagree" in m) or ("spike" in m) for m in report.warnings)


def test_low_rank_signal_gives_spikes():
    rng = np.random.default_rng(4)
    noise = rng.standard_normal((400, 200))
    signal = 12 * np.outer(rng.standard_normal(400), rng.standard_normal(200)) / math.sqrt(200)
    w = noise * rng.gamma(1.0, 1.0, (400, 1)) + signal      # rows of random size: HTMP-like bulk
    with pytest.warns(RuntimeWarning, match="lowrank:.*spike"):
        report = fit_layer(w, name="lowrank", gof=False)
    assert report.spikes.size >= 1


def test_small_layer_has_a_reason_for_missing_alpha():
    report = fit_layer(np.random.default_rng(5).standard_t(3.0, (40, 20)), gof=False, method="moments")
    assert math.isnan(report.clauset_alpha) and report.clauset_note.startswith("no power-law fit")
    assert report.row()["alpha_ww_note"] == report.clauset_note


def test_goodness_of_fit_p_value_is_calibrated_on_exact_spectra():
    """False alarms of the calibrated CvM p-value on exact finite-n spectra at the fitted model.

    20 spectra at (γ, κ, n) = (0.25, 8, 800): under a calibrated p-value P(p < 0.05) ≤ 0.05 and
    five or more rejections have probability 0.003; with the maximum-likelihood scale on the data side
    and mean-scaled references (the former statistic) 30 % were rejected, i.e. five or more in 76 % of runs.
    """
    from htmp_theory.fitting.adequacy import cvm_pvalue

    spectra = sample_htmp(800, 0.25, 8.0, reps=20, rng=11)
    p = np.array([cvm_pvalue(x, fit_mle(x, 0.25, rng=i))[1] for i, x in enumerate(spectra)])
    assert np.sum(p < 0.05) <= 4
