"""Layer spectra, file loading, heuristic phases, goodness of fit, reports and the CLI."""
import csv
import math

import numpy as np
import pytest

from htmp_theory.cli import main
from htmp_theory.fitting import (fit_layer, fit_layers, goodness_of_fit, fit_moments, layer_spectrum, load_weights,
                                 load_matrices, phase_label, write_report)
from htmp_theory.sampling import sample_htmp


def test_layer_spectrum_matches_gram_eigenvalues():
    w = np.random.default_rng(0).standard_normal((60, 25))
    spec = layer_spectrum(w)
    expected = np.sort(np.linalg.eigvalsh(w.T @ w / 60))
    np.testing.assert_allclose(spec.eigenvalues, expected, rtol=1e-10)
    assert spec.gamma == pytest.approx(25 / 60) and spec.zeros == 0
    np.testing.assert_allclose(layer_spectrum(w.T).eigenvalues, expected, rtol=1e-10)
    conv = np.random.default_rng(1).standard_normal((8, 4, 3, 3))  # reshaped to (8, 36)
    assert layer_spectrum(conv).gamma == pytest.approx(8 / 36)


def test_rank_deficient_and_bad_matrices():
    rng = np.random.default_rng(2)
    w = rng.standard_normal((50, 3)) @ rng.standard_normal((3, 40))
    spec = layer_spectrum(w)
    assert spec.eigenvalues.size == 3 and spec.zeros == 37
    assert phase_label(spec.eigenvalues, spec.gamma, math.nan, zeros=spec.zeros).label == "rank-collapse"
    with pytest.raises(ValueError, match="NaN"):
        layer_spectrum(np.full((5, 5), np.nan))
    with pytest.raises(ValueError, match="dimensions"):
        layer_spectrum(np.ones(5))
    with pytest.raises(ValueError, match="at least"):
        fit_layer(w)


def test_load_matrices(tmp_path):
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((30, 20)), rng.standard_normal((20, 10))
    np.save(tmp_path / "a.npy", a)
    np.savez(tmp_path / "m.npz", a=a, b=b, bias=np.ones(4))
    assert list(load_matrices(tmp_path / "a.npy")) == ["a"]
    loaded = load_matrices(tmp_path / "m.npz")
    assert sorted(loaded) == ["a", "b"]
    np.testing.assert_array_equal(loaded["b"], b)
    (tmp_path / "a.txt").write_text("1 2")
    with pytest.raises(ValueError, match="unsupported"):
        load_matrices(tmp_path / "a.txt")
    with pytest.raises(ValueError, match="no such file"):
        load_matrices(tmp_path / "missing.npz")
    with pytest.raises(ValueError, match=">= 2 dimensions"):
        load_matrices({"bias": np.ones(3)})
    with pytest.raises(TypeError, match="source"):
        load_matrices(3)


def test_torch_state_dict(tmp_path):
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    state = {"conv.weight": torch.randn(32, 8, 3, 3), "conv.bias": torch.randn(32),
             "bn.running_mean": torch.zeros(32), "bn.num_batches_tracked": torch.tensor(7),
             "fc.weight": torch.randn(60, 120).to(torch.bfloat16), "proj.weight": torch.randn(80, 40).half(),
             "attn.mask": torch.ones(1, 1, 16, 16, dtype=torch.bool)}
    torch.save(state, tmp_path / "model.pt")
    with pytest.warns(RuntimeWarning, match="non-floating-point.*attn.mask"):
        loaded = load_matrices(tmp_path / "model.pt")
    assert list(loaded) == ["conv.weight", "fc.weight", "proj.weight"]    # biases, buffers, mask skipped
    assert loaded["conv.weight"].shape == (32, 8, 3, 3) and loaded["conv.weight"].dtype == np.float64
    for name in loaded:                                                   # bf16/fp16 values kept exactly
        np.testing.assert_array_equal(loaded[name], state[name].float().numpy())
    # the conv kernel is read as a 32 x 72 matrix
    assert layer_spectrum(loaded["conv.weight"]).gamma == pytest.approx(32 / 72)
    # a training checkpoint nesting the state_dict is unwrapped
    torch.save({"state_dict": state, "epoch": 3}, tmp_path / "ckpt.pth")
    with pytest.warns(RuntimeWarning, match="non-floating-point"):
        assert list(load_matrices(tmp_path / "ckpt.pth")) == list(loaded)
    torch.save({"epoch": 3, "lr": 0.1}, tmp_path / "bare.pt")
    with pytest.raises(ValueError, match="no tensors at its top level"):
        load_matrices(tmp_path / "bare.pt")
    # a pickled module is refused (weights_only loading), with the remedy in the message
    torch.save(torch.nn.Linear(20, 10), tmp_path / "module.pt")
    with pytest.raises(ValueError, match=r"state_dict\(\) instead"):
        load_matrices(tmp_path / "module.pt")
    # the CLI on the state_dict: one row per weight matrix
    with pytest.warns(RuntimeWarning, match="non-floating-point"):
        assert main(["fit", str(tmp_path / "model.pt"), "--out", str(tmp_path / "rep"), "--no-plots",
                     "--no-gof"]) == 0
    with open(tmp_path / "rep" / "fit.csv") as fh:
        assert [r["layer"] for r in csv.DictReader(fh)] == list(loaded)


def test_torch_file_without_torch(tmp_path, monkeypatch):
    import sys

    (tmp_path / "model.pt").write_bytes(b"not read")
    monkeypatch.setitem(sys.modules, "torch", None)              # import torch raises ImportError
    with pytest.raises(ImportError, match=r"htmp_theory\[torch\]"):
        load_matrices(tmp_path / "model.pt")


@pytest.mark.parametrize("alpha, label", [(1.5, "very-heavy-tailed"), (3.0, "heavy-tailed"),
                                          (5.0, "bulk-decay")])
def test_phase_alpha_rules(alpha, label):
    phase = phase_label(np.ones(100), 0.5, alpha)
    assert phase.label == label and f"{alpha:.3g}" in phase.rule


def test_phase_spike_rules():
    bulk = np.linspace(0.2, 2.0, 1000)  # mean 1.1, MP edge (1 + sqrt 0.5)^2 * 1.1 * 1.1 ~ 3.5
    assert phase_label(bulk, 0.5, 8.0).label == "random-like"
    assert phase_label(np.append(bulk, [20.0, 30.0]), 0.5, 8.0).label == "bulk+spikes"
    assert phase_label(np.append(bulk, np.full(50, 20.0)), 0.5, math.nan).label == "bleeding-out"


def test_goodness_of_fit_accepts_truth_and_rejects_wrong_models():
    x = sample_htmp(3000, 0.5, 2.0, rng=4, progress=False)[0]
    gof = goodness_of_fit(x, fit_moments(x, 0.5))
    assert gof.ks_p > 0.01 and gof.cvm_p > 0.01
    assert gof.mp_ks_p < 1e-6  # kappa = 2 is far from Marchenko-Pastur
    # a pure Pareto spectrum (density ~ x^-3): the HTMP fit is rejected, the power law preferred
    y = np.random.default_rng(5).pareto(2.0, 3000) + 1.0
    bad = goodness_of_fit(y, fit_moments(y, 0.5))
    assert bad.ks_p < 1e-3 and bad.vuong_z < -2


def test_fit_layer_from_eigenvalues_and_matrix():
    x = sample_htmp(2000, 0.5, 2.0, rng=6, progress=False)[0]
    report = fit_layer(eigenvalues=x, gamma=0.5, name="L")
    lo, hi = report.fit.interval()
    assert lo < 2.0 < hi
    assert report.row()["kappa"] == report.fit.kappa and report.row()["phase"] == report.phase.label
    estimated = fit_layer(eigenvalues=x, gof=False)  # gamma from the third moment
    assert abs(estimated.fit.gamma - 0.5) < 5 * estimated.fit.gamma_se
    with pytest.raises(ValueError, match="gamma is required"):
        fit_layer(eigenvalues=x, method="mle")
    with pytest.raises(ValueError, match="exactly one"):
        fit_layer()
    with pytest.raises(ValueError, match="method"):
        fit_layer(eigenvalues=x, gamma=0.5, method="bayes")
    w = np.random.default_rng(7).standard_normal((400, 200))
    assert fit_layer(w).phase.label == "random-like"


def test_report_files_and_cli(tmp_path):
    rng = np.random.default_rng(8)
    weights = {"dense": rng.standard_normal((300, 150)), "heavy": rng.standard_t(2.5, (300, 150)),
               "bias": np.ones(3)}
    np.savez(tmp_path / "w.npz", **weights)
    reports = fit_layers(tmp_path / "w.npz")
    paths = write_report(reports, tmp_path / "out")
    with open(paths["csv"]) as fh:
        rows = list(csv.DictReader(fh))
    assert [r["layer"] for r in rows] == ["dense", "heavy"]
    assert rows[1]["phase"] in ("heavy-tailed", "very-heavy-tailed")
    assert (tmp_path / "out" / "heavy.png").stat().st_size > 1000
    assert "| heavy |" in (tmp_path / "out" / "fit.md").read_text()
    assert main(["fit", str(tmp_path / "w.npz"), "--out", str(tmp_path / "cli"), "--no-plots"]) == 0
    assert (tmp_path / "cli" / "fit.csv").exists() and not (tmp_path / "cli" / "dense.png").exists()


def test_plot_without_a_law_for_an_infinite_inverse_fit():
    import dataclasses

    from htmp_theory.fitting import plot_layer

    report = fit_layer(np.random.default_rng(9).standard_normal((200, 100)), gof=False)
    fit = dataclasses.replace(report.fit, kappa=math.inf, inverse=True)
    with pytest.raises(ValueError, match="inverse"):
        fit.law()
    figure = plot_layer(dataclasses.replace(report, fit=fit))
    assert len(figure.axes) == 2


def test_numerical_failure_of_a_direct_fit_names_the_layer_and_the_cause(monkeypatch):
    import htmp_theory.fitting.mle as mle
    from htmp_theory.fitting import FitFailure

    def failing(*args, **kwargs):
        raise ArithmeticError("Riccati integration failed: step size too small")

    monkeypatch.setattr(mle.DataProfile, "table", failing)  # every density table of the fit fails
    x = sample_htmp(300, 0.5, 2.0, rng=10)[0]
    with pytest.raises(FitFailure, match=r"layer 'L7': the auto fit failed numerically \(ArithmeticError: "
                                         r"Riccati integration failed") as caught:
        fit_layer(eigenvalues=x, gamma=0.5, name="L7")
    assert caught.value.layer == "L7" and isinstance(caught.value.__cause__, ArithmeticError)
    assert isinstance(caught.value, ArithmeticError)  # existing handlers keep working
    q = np.linalg.qr(np.random.default_rng(11).standard_normal((120, 60)))[0]
    w = q * np.sqrt(120 * sample_htmp(60, 0.5, 2.0, rng=12)[0])  # W^T W / 120 has an HTMP spectrum
    with pytest.warns(RuntimeWarning, match="skipped 1"):
        reports = fit_layers({"L7": w})
    assert len(reports) == 0 and "auto fit failed numerically" in reports.skipped["L7"]


def test_singleton_axes_lstm_weights_and_stored_vectors():
    # ONNX keeps an LSTM's weights as (num_directions = 1, 4h, d) and some norms/biases as (1, 512):
    # the first is the (4h, d) matrix, the second a vector that is skipped with the reason
    rng = np.random.default_rng(13)
    lstm = rng.standard_normal((1, 32, 8))
    loaded = load_weights({"lstm": lstm, "ln": np.ones((1, 512)), "dense": rng.standard_normal((1, 12, 1, 6))})
    assert sorted(loaded.tensors) == ["dense", "lstm"]
    assert "vector" in loaded.skipped["ln"]
    spec = layer_spectrum(lstm)
    np.testing.assert_allclose(spec.eigenvalues, np.linalg.eigvalsh(lstm[0].T @ lstm[0] / 32), rtol=1e-10)
    assert spec.gamma == 0.25 and layer_spectrum(loaded.tensors["dense"]).gamma == 0.5
    with pytest.raises(ValueError, match="2 dimensions above 1"):
        layer_spectrum(np.ones((1, 7)))


def test_failed_inverse_fit_only_drops_its_aic(monkeypatch):
    import htmp_theory.fitting.report as report

    real = report.fit_mle

    def fit_mle(x, gamma, **options):
        if options.get("inverse"):
            raise ArithmeticError("Riccati collocation: too many pieces")
        return real(x, gamma, **options)

    monkeypatch.setattr(report, "fit_mle", fit_mle)
    with pytest.warns(RuntimeWarning, match="inverse-HTMP fit failed"):
        r = fit_layer(eigenvalues=sample_htmp(300, 0.5, 2.0, rng=14)[0], gamma=0.5, name="L8")
    assert math.isnan(r.gof.aic_inverse) and r.gof.best_model == "HTMP" and math.isfinite(r.fit.kappa_se)


def test_failed_goodness_of_fit_keeps_the_fit(monkeypatch):
    import htmp_theory.fitting.report as report

    def failing(*args, **kwargs):
        raise ArithmeticError("Riccati collocation: too many pieces")

    monkeypatch.setattr(report, "goodness_of_fit", failing)
    with pytest.warns(RuntimeWarning, match="L9: the goodness of fit failed numerically"):
        r = fit_layer(eigenvalues=sample_htmp(300, 0.5, 2.0, rng=15)[0], gamma=0.5, name="L9")
    assert r.gof is None and math.isfinite(r.fit.kappa_se) and math.isnan(r.row()["cvm_model_p"])
