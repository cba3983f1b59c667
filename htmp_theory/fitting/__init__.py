"""Fitting HTMP(γ, κ, scale) to real spectra: estimators, per-layer reports, phases.

* :func:`fit_moments` — method of moments, κ̂ = 2γ/(v/m² − γ), with delta-method,
  parametric-bootstrap or replicate-jackknife standard errors;
* :func:`fit_mle` — maximum likelihood (scale profiled, Riccati density tables), sandwich
  errors from the finite-n model; :func:`fit_distance` — minimum Cramér–von Mises / KS;
* :func:`goodness_of_fit` — distances to the fit and to Marchenko–Pastur, calibrated
  p-value, AIC of HTMP / inverse HTMP / MP, Vuong test against a power-law tail; spikes
  (:mod:`.adequacy`);
* :func:`fit_layer`, :func:`fit_layers`, :func:`write_report` — weight matrices
  (:func:`load_weights`: .safetensors, .onnx, .npy, .npz, PyTorch state_dict, directories)
  to a CSV/markdown table and plots; :func:`phase_label` — heuristic HT-SR phase.
"""
from .formats import TensorFile, read_onnx, read_safetensors
from .layers import LayerSpectrum, layer_spectrum, load_matrices, load_weights
from .mle import fit_distance, fit_mle, log_likelihood
from .moments import FitResult, clean_eigenvalues, fit_moments
from .phases import Phase, phase_label
from .report import FitFailure, GoodnessOfFit, LayerReport, LayerReports, fit_layer, fit_layers, goodness_of_fit, plot_layer, write_report

__all__ = ["FitResult", "fit_moments", "fit_mle", "fit_distance", "log_likelihood", "clean_eigenvalues",
           "LayerSpectrum", "layer_spectrum", "load_matrices", "load_weights", "TensorFile", "read_onnx",
           "read_safetensors", "Phase", "phase_label", "FitFailure", "GoodnessOfFit",
           "LayerReport", "LayerReports", "fit_layer", "fit_layers", "goodness_of_fit", "plot_layer", "write_report"]
