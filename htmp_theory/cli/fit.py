"""``htmp fit``: fit HTMP(γ, κ, scale) to every weight matrix of a file, write a report.

Example::

    htmp fit model.safetensors --out report/
"""
from __future__ import annotations

import argparse
import warnings


def register(subparsers) -> None:
    """Add the ``fit`` sub-command."""
    p = subparsers.add_parser(
        "fit",
        help="fit kappa (and scale) of HTMP to the spectra of weight matrices",
        description="For each weight matrix (>= 2-D floating-point array) of a .npy/.npz/.safetensors/"
                    ".onnx file, a PyTorch state_dict (.pt/.pth/.bin, needs torch) or a directory of these, fit HTMP(gamma, kappa, scale) to the ESD of "
                    "W^T W / max(p, q) (gamma = min/max side), and write fit.csv, fit.md and one plot "
                    "per layer: kappa +- se, alpha of the inverse law, Clauset alpha, heuristic HT-SR "
                    "phase, distances to the fit and to Marchenko-Pastur, Vuong test vs a power law.",
    )
    p.add_argument("source", help="weights file (.npy, .npz, .safetensors, .onnx, .pt, .pth, .bin) or directory")
    p.add_argument("--out", default="fit_report", help="output folder (default fit_report)")
    p.add_argument("--method", choices=("auto", "mle", "moments", "cvm", "ks"), default="auto",
                   help="estimator (default auto: maximum likelihood with sandwich errors, the moment fit "
                        "for Marchenko-Pastur-like layers with kappa > 100; moments: fastest; cvm/ks: slow)")
    p.add_argument("--no-spikes", action="store_true", help="do not remove spikes beyond the fitted bulk")
    p.add_argument("--inverse", action="store_true", help="fit InverseHTMP (power-law tail) instead")
    p.add_argument("--no-plots", action="store_true", help="write the tables only")
    p.add_argument("--no-gof", action="store_true", help="skip the goodness-of-fit columns")
    p.set_defaults(func=run)


def skipped_summary(skipped: dict[str, str]) -> str:
    """One line per kind of skipped tensor: counts of non-float tensors and vectors, names of the rest.

    >>> print(skipped_summary({"i": "dtype int64 (not floating point)", "b": "1-D (bias/norm/scalar)",
    ...                        "W": "not fitted: ValueError: W: at least 10 eigenvalues needed"}))
    skipped 3 tensors: 1 not floating point, 1 vectors (bias/norm/scalar)
      W: not fitted: ValueError: W: at least 10 eigenvalues needed
    """
    kinds = {"not floating point": 0, "vectors (bias/norm/scalar)": 0}
    other = []
    for name, why in skipped.items():
        if "not floating point" in why:
            kinds["not floating point"] += 1
        elif "bias/norm/scalar" in why:
            kinds["vectors (bias/norm/scalar)"] += 1
        else:
            other.append(f"  {name}: {why}")
    counts = ", ".join(f"{count} {kind}" for kind, count in kinds.items() if count)
    return "\n".join([f"skipped {len(skipped)} tensors" + (f": {counts}" if counts else "")] + other)


def run(args: argparse.Namespace) -> int:
    """Fit every layer and write the report; returns the exit status (1: nothing fitted)."""
    from htmp_theory.fitting import fit_layers, write_report

    from . import output_dir

    output_dir(args.out)
    with warnings.catch_warnings():  # every warning names its layer and is printed below
        warnings.simplefilter("ignore", RuntimeWarning)
        reports = fit_layers(args.source, method=args.method, inverse=args.inverse, gof=not args.no_gof,
                             spikes=not args.no_spikes)
    if not reports:
        print("no layer could be fitted")
        return 1
    paths = write_report(reports, args.out, plots=not args.no_plots)
    for r in reports:
        lo, hi = r.fit.interval()
        print(f"{r.name:<24} gamma={r.fit.gamma:.3g} kappa={r.fit.kappa:.4g} +- {r.fit.kappa_se:.2g} "
              f"[{lo:.3g}, {hi:.3g}] alpha={r.fit.alpha:.3g} alpha_ww={r.clauset_alpha:.3g} "
              f"spikes={r.spikes.size} phase={r.phase.label}")
    flagged = [w for r in reports for w in r.warnings]
    if flagged:
        print(f"{len(flagged)} warnings:\n  " + "\n  ".join(flagged))
    if reports.skipped:
        print(skipped_summary(reports.skipped) + f" (all listed in {paths['markdown']})")
    print(f"wrote {paths['csv']}, {paths['markdown']}"
          + (f" and {len(paths) - 2} plots" if len(paths) > 2 else ""))
    return 0
