"""``htmp crosscheck``: validate spectra (sampled here or from a file) against a law or an exact model.

Examples::

    htmp crosscheck --gamma 0.5 --kappa 2 --n 2000 --reps 50 --out report.png
    htmp crosscheck --samples mine.npy --gamma 0.5 --kappa 2            # against HTMP(0.5, 2)
    htmp crosscheck --samples mine.npy --gamma 0.5 --kappa 2 --exact    # exact finite-n model
    htmp crosscheck --samples mine.npy --model hermite --c 1 --exact

``--samples`` reads a ``.npy`` file or a text file (``numpy.loadtxt``), one replicate
per row, n eigenvalues per row (a single row or column is one replicate).
"""
from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path

MODELS = ("laguerre", "hermite", "jacobi")


def register(subparsers) -> None:
    """Add the ``crosscheck`` sub-command."""
    p = subparsers.add_parser(
        "crosscheck",
        help="validate spectra (sampled or from --samples) against HTMP / GaussianHT / JacobiHT",
        description="Compare replicated spectra with the n -> infinity law of a high-temperature "
                    "beta-ensemble (or, with --exact, with the exact finite-n tridiagonal model): "
                    "KS / Cramer-von Mises / Wasserstein distances, moment z-scores, tail diagnostics, "
                    "with a familywise-calibrated verdict. Without --samples the model is sampled here "
                    "and a finite-size study is run.",
    )
    p.add_argument("--samples", type=str, default=None,
                   help="external spectra: .npy, or text readable by numpy.loadtxt; shape (reps, n) or (n,)")
    p.add_argument("--model", choices=MODELS, default="laguerre",
                   help="ensemble: laguerre (HTMP: --gamma, --kappa), hermite (GaussianHT: --c), "
                        "jacobi (JacobiHT: --a, --b, --c); default laguerre")
    p.add_argument("--gamma", type=float, default=None, help="laguerre: aspect ratio gamma = n/m > 0")
    p.add_argument("--kappa", type=float, default=None, help="laguerre: repulsion kappa = beta n > 0")
    p.add_argument("--c", type=float, default=None, help="hermite, jacobi: coupling c = beta n / 2 > 0")
    p.add_argument("--a", type=float, default=None, help="jacobi: exponent a > -1 of x^a")
    p.add_argument("--b", type=float, default=None, help="jacobi: exponent b > -1 of (1-x)^b")
    p.add_argument("--exact", action="store_true",
                   help="compare with the exact finite-n model at the samples' n (exact moments, "
                        "permutation test against a reference sample) instead of the limit law")
    p.add_argument("--n", type=int, default=2000, help="eigenvalues per replicate when sampling (default 2000)")
    p.add_argument("--reps", type=int, default=50, help="replicates when sampling (default 50)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--alpha", type=float, default=0.01, help="familywise level of the verdict (default 0.01)")
    p.add_argument("--sizes", type=str, default="10,20,40,80,160",
                   help="comma-separated sizes of the finite-size study (default 10,20,40,80,160: "
                        "small sizes, where the 1/n bias stands above the noise)")
    p.add_argument("--study-reps", type=int, default=1000,
                   help="replicates per size in the finite-size study (default 1000)")
    p.add_argument("--no-finite-size", action="store_true", help="skip the finite-size study")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1: none)")
    p.add_argument("--out", type=str, default=None, help="save the report figure to this file (png, pdf, svg)")
    p.add_argument("--strict", action="store_true", help="exit with status 1 when the verdict rejects")
    p.set_defaults(func=run)


def _sizes(text: str) -> list[int]:
    try:
        return [int(s) for s in text.split(",")]
    except ValueError as exc:
        raise ValueError(f"--sizes must be comma-separated integers, got {text!r}") from exc


def _require(args: argparse.Namespace, *names: str) -> list[float]:
    missing = [f"--{name}" for name in names if getattr(args, name) is None]
    if missing:
        raise ValueError(f"--model {args.model} needs {', '.join(missing)}")
    return [getattr(args, name) for name in names]


def _model(args: argparse.Namespace, n: int):
    """(exact finite-n model at size n, title of its limit law)."""
    from htmp_theory.crosscheck.models import HermiteModel, JacobiModel, LaguerreModel

    if args.model == "laguerre":
        gamma, kappa = _require(args, "gamma", "kappa")
        model = LaguerreModel(n, gamma, kappa)
        return model, f"HTMP(gamma={gamma:g}, kappa={kappa:g})"
    if args.model == "hermite":
        (c,) = _require(args, "c")
        model = HermiteModel(n, c)
        return model, f"GaussianHT(c={c:g})"
    a, b, c = _require(args, "a", "b", "c")
    model = JacobiModel(n, a, b, c)
    return model, f"JacobiHT(a={a:g}, b={b:g}, c={c:g})"


def load_samples(path: str):
    """Spectra from a ``.npy`` or text file, with a clear error when unreadable."""
    import numpy as np

    file = Path(path)
    if not file.is_file():
        raise ValueError(f"--samples: no such file {path!r}")
    try:
        data = np.load(file, allow_pickle=False) if file.suffix == ".npy" else np.loadtxt(file, ndmin=1)
    except (OSError, ValueError) as exc:
        raise ValueError(f"--samples: cannot read {path!r} as .npy or text numbers: {exc}") from None
    if data.ndim == 2 and data.shape[1] == 1:
        data = data[:, 0]
    return data


def run(args: argparse.Namespace) -> int:
    """Run the cross-check; returns the exit status."""
    import htmp_theory
    from htmp_theory.crosscheck import compare
    from htmp_theory.crosscheck._spectra import as_spectra
    from htmp_theory.crosscheck.finite_size import finite_size_study

    from . import output_file

    if args.workers < 1:
        raise ValueError(f"--workers must be an integer >= 1, got {args.workers}")
    out = output_file(args.out) if args.out else None
    external = args.samples is not None
    samples = as_spectra(load_samples(args.samples), name="--samples").values if external else None
    n = samples.shape[1] if external else args.n
    model, title = _model(args, n)
    sizes = None if (args.no_finite_size or external) else _sizes(args.sizes)
    pool = ProcessPoolExecutor(args.workers) if args.workers > 1 else nullcontext()
    with pool as executor:
        if not external:
            samples = model.sample(args.reps, rng=args.seed, executor=executor)
        source = f"samples from {args.samples}" if external else f"{args.model} model, n = {n}"
        print(f"{title} vs {source}" + (" (exact finite-n reference)" if args.exact else ""))
        result = (compare(samples, model=model, alpha=args.alpha, rng=args.seed) if args.exact
                  else compare(samples, model.limit, alpha=args.alpha, rng=args.seed))
        print(result)
        inverse = getattr(htmp_theory, "InverseHTMP", None)
        if args.model == "laguerre" and inverse is not None and not args.exact:
            positive = samples[:, samples.min(axis=0) > 0]
            if positive.shape[1] >= 2:
                print(f"\ninverse law: 1/x against InverseHTMP(gamma={args.gamma:g}, kappa={args.kappa:g})")
                print(compare(1.0 / positive, inverse(args.gamma, args.kappa), alpha=args.alpha))
        study = None
        if sizes is not None:
            study = finite_size_study(model.sampler, model.limit, sizes, reps=args.study_reps,
                                      rng=args.seed + 1, executor=executor)
            print()
            print(study)
    if out:
        from htmp_theory.crosscheck.plots import report_figure

        fig = report_figure(samples, model.limit, study, title=f"{title}: {samples.shape[0]} x n = {n}")
        fig.savefig(out, dpi=120)
        print(f"report saved to {out}")
    return 1 if args.strict and not result.passed else 0
