"""Benchmark: fitting one layer of 10^4 eigenvalues (moments, MLE, minimum distance, report), and a
100-layer synthetic model (or real ONNX/safetensors models) layer by layer.

Usage::

    python benchmarks/bench_fitting.py [--n 10000] [--gamma 0.5] [--kappa 2] [--bootstrap 20] [--no-compare]
    python benchmarks/bench_fitting.py --layers 100 [--model PATH ...]

``--layers L`` draws L layer spectra from the exact finite-n model (n from 64 to 1024,
gamma from 0.1 to 0.9, kappa from 0.3 to 30; after the eigenvalues, so the SVD is not
timed) and times the default ``fit_layer`` (MLE, sandwich errors, spikes, adequacy) and a
plain power-law (Clauset) fit on the same eigenvalues; it prints the time per layer and
their ratio.  ``--model PATH`` does the same on the weight matrices of model files (e.g.
the ONNX model inside the ``magika`` wheel: ``pip download magika --no-deps`` and unzip).

Draws one finite-n spectrum with known (gamma, kappa) (scale 2), then times each
estimator of :mod:`htmp_theory.fitting` on it and prints the estimate, its standard
error and the number of density tables (kappa values) built.  The MLE builds tables
of log p restricted to the data (3-10 ms each); the minimum-distance fits use the
full-range tables of ``HTMP`` (0.5-3 s each for a new kappa; the cache is cleared
before each fit so every fit pays for its own).  Unless ``--no-compare``, the MLE is
also run on the full-range tables (the tables the MLE used before; same search), and
the ratio of the two times is printed.  Wall-clock times are only printed, never
asserted.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from htmp_theory.laws import htmp as _htmp_module
from htmp_theory.fitting import FitFailure, fit_distance, fit_layer, fit_mle, fit_moments, layer_spectrum
from htmp_theory.fitting.mle import _fit_mle
from htmp_theory.sampling import sample_htmp


def timed(func, *args, **kwargs):
    """(result, wall-clock seconds) of one call."""
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def many_layers(spectra: list[tuple[str, np.ndarray, float]]) -> None:
    """Time the default fit_layer and a plain Clauset power-law fit per layer; print the ratio.

    Both wall-clock and CPU (process) time are printed: on a shared machine the wall-clock
    time inflates with the load, the CPU time much less.
    """
    import warnings

    from htmp_theory.crosscheck import clauset

    fit_wall = fit_cpu = pl_cpu = 0.0
    flagged = spiky = failed = 0
    for name, x, gamma in spectra:
        cpu, wall = time.process_time(), time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                report = fit_layer(eigenvalues=x, gamma=gamma, name=name)
                flagged += bool(report.warnings)
                spiky += bool(report.spikes.size)
            except FitFailure as exc:
                failed += 1
                print(f"  {exc}")
        fit_cpu += time.process_time() - cpu
        fit_wall += time.perf_counter() - wall
        cpu = time.process_time()
        try:
            clauset(x)
        except ValueError:
            pass
        pl_cpu += time.process_time() - cpu
    count = len(spectra)
    print(f"  {count} layers ({spiky} with spikes, {flagged} with warnings, {failed} FitFailure): fit_layer {fit_wall / count:.3f} s/layer "
          f"wall, {fit_cpu / count:.3f} s/layer CPU; plain power-law fit {pl_cpu / count:.4f} s/layer CPU; "
          f"ratio (CPU) {fit_cpu / max(pl_cpu, 1e-12):.0f}x")


def synthetic_layers(count: int) -> list[tuple[str, np.ndarray, float]]:
    """``count`` exact finite-n spectra with varied (n, gamma, kappa)."""
    rng = np.random.default_rng(5)
    out = []
    for i in range(count):
        n, gamma, kappa = int(rng.integers(64, 1025)), float(rng.uniform(0.1, 0.9)), float(np.exp(rng.uniform(-1.2, 3.4)))
        out.append((f"layer{i}(g={gamma:.2f},k={kappa:.2f})", sample_htmp(n, gamma, kappa, rng=i)[0], gamma))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--gamma", type=float, default=0.5)
    parser.add_argument("--kappa", type=float, default=2.0)
    parser.add_argument("--bootstrap", type=int, default=20, help="parametric bootstrap replicates")
    parser.add_argument("--no-compare", action="store_true", help="skip the MLE on full-range tables")
    parser.add_argument("--layers", type=int, default=0, help="time a synthetic model of this many layers")
    parser.add_argument("--model", nargs="*", default=[], help="model files/directories to time layer by layer")
    args = parser.parse_args()
    if args.layers or args.model:
        if args.layers:
            print(f"synthetic model, {args.layers} layers (exact finite-n spectra):")
            many_layers(synthetic_layers(args.layers))
        for path in args.model:
            from htmp_theory.fitting import load_matrices

            spectra = []
            for name, matrix in load_matrices(path).items():
                try:
                    s = layer_spectrum(matrix, name)
                except ValueError:
                    continue
                if s.eigenvalues.size >= 10:
                    spectra.append((name, s.eigenvalues, s.gamma))
            print(f"{path}: {len(spectra)} layers")
            many_layers(spectra)
        return

    x = 2.0 * sample_htmp(args.n, args.gamma, args.kappa, rng=0, progress=False)[0]
    print(f"one spectrum of n = {args.n} eigenvalues, HTMP(gamma={args.gamma:g}, kappa={args.kappa:g}, scale=2)")
    runs = [
        ("moments, delta se", fit_moments, {}),
        (f"moments, parametric se ({args.bootstrap} reps)", fit_moments,
         {"se": "parametric", "reps": args.bootstrap, "rng": 1}),
        ("MLE (profiled scale)", fit_mle, {}),
        ("minimum Cramer-von Mises", fit_distance, {"distance": "cvm"}),
    ]
    if not args.no_compare:
        runs.insert(3, ("MLE on full-range tables (before)", _fit_mle,
                        {"kappa0": None, "max_evals": 15, "step": 0.02, "inverse": False, "restricted": False}))
    seconds_by_label = {}
    for label, func, kwargs in runs:
        _htmp_module._TABLES.clear()
        fit, seconds = timed(func, x, args.gamma, **kwargs)
        seconds_by_label[label] = seconds
        tables = fit.info.get("tables", fit.info.get("evaluations", 0))
        print(f"  {label:<40} {seconds:7.2f} s   kappa = {fit.kappa:.4f} +- {fit.kappa_se:.3g}, "
              f"scale = {fit.scale:.4f}" + (f", {tables} kappa tables" if tables else ""))
    if not args.no_compare:
        ratio = seconds_by_label["MLE on full-range tables (before)"] / seconds_by_label["MLE (profiled scale)"]
        print(f"  {'MLE speed-up (data tables vs full)':<40} {ratio:7.1f} x")
    for method in ("moments", "mle"):
        _htmp_module._TABLES.clear()
        report, seconds = timed(fit_layer, eigenvalues=x, gamma=args.gamma, method=method)
        print(f"  {'fit_layer (%s + Clauset + gof)' % method:<40} {seconds:7.2f} s   phase = {report.phase.label}")
    m = int(round(args.n / args.gamma))
    w = np.random.default_rng(2).standard_normal((m, args.n)) if args.n <= 4000 else None
    if w is not None:
        _, seconds = timed(layer_spectrum, w)
        print(f"  {'layer_spectrum (SVD of %d x %d)' % w.shape:<40} {seconds:7.2f} s")


if __name__ == "__main__":
    main()
