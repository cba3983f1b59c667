"""``htmp crosscheck``: sample the finite-n model, compare with HTMP(γ, κ), save a report.

Example::

    htmp crosscheck --gamma 0.5 --kappa 2 --n 2000 --reps 50 --out report.png
"""
from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from functools import partial


def register(subparsers) -> None:
    """Add the ``crosscheck`` sub-command."""
    p = subparsers.add_parser(
        "crosscheck",
        help="Monte Carlo cross-check of the finite-n beta-Laguerre model against HTMP",
        description="Sample the high-temperature beta-Laguerre model (beta = kappa/n, m = n/gamma), "
                    "print KS / Cramer-von Mises / Wasserstein distances, moment z-scores and tail "
                    "exponents against HTMP(gamma, kappa), run a finite-size study and save plots.",
    )
    p.add_argument("--gamma", type=float, required=True, help="aspect ratio gamma = n/m > 0")
    p.add_argument("--kappa", type=float, required=True, help="repulsion kappa = beta n > 0")
    p.add_argument("--n", type=int, default=2000, help="eigenvalues per replicate (default 2000)")
    p.add_argument("--reps", type=int, default=50, help="replicates (default 50)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--alpha", type=float, default=0.01, help="rejection level of each check (default 0.01)")
    p.add_argument("--sizes", type=str, default="10,20,40,80,160",
                   help="comma-separated sizes of the finite-size study (default 10,20,40,80,160: "
                        "small sizes, where the 1/n bias stands above the noise)")
    p.add_argument("--study-reps", type=int, default=1000,
                   help="replicates per size in the finite-size study (default 1000)")
    p.add_argument("--no-finite-size", action="store_true", help="skip the finite-size study")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1: none)")
    p.add_argument("--out", type=str, default=None, help="save the report figure to this file (png, pdf, svg)")
    p.add_argument("--strict", action="store_true", help="exit with status 1 when a check rejects the law")
    p.set_defaults(func=run)


def _sizes(text: str) -> list[int]:
    try:
        return [int(s) for s in text.split(",")]
    except ValueError as exc:
        raise ValueError(f"--sizes must be comma-separated integers, got {text!r}") from exc


def run(args: argparse.Namespace) -> int:
    """Run the cross-check; returns the exit status."""
    import htmp_theory
    from htmp_theory import HTMP
    from htmp_theory.crosscheck import compare
    from htmp_theory.crosscheck.finite_size import finite_size_study
    from htmp_theory.sampling import sample_htmp

    if args.workers < 1:
        raise ValueError(f"--workers must be an integer >= 1, got {args.workers}")
    sizes = None if args.no_finite_size else _sizes(args.sizes)
    law = HTMP(args.gamma, args.kappa)
    sampler = partial(sample_htmp, gamma=args.gamma, kappa=args.kappa)
    pool = ProcessPoolExecutor(args.workers) if args.workers > 1 else nullcontext()
    with pool as executor:
        samples = sample_htmp(args.n, args.gamma, args.kappa, reps=args.reps, rng=args.seed,
                              executor=executor)
        result = compare(samples, law, alpha=args.alpha)
        print(f"HTMP(gamma={args.gamma:g}, kappa={args.kappa:g}) vs beta-Laguerre, beta = kappa/n")
        print(result)
        inverse = getattr(htmp_theory, "InverseHTMP", None)
        if inverse is not None:
            positive = samples[:, samples.min(axis=0) > 0]
            print(f"\ninverse law: 1/x against InverseHTMP(gamma={args.gamma:g}, kappa={args.kappa:g})")
            print(compare(1.0 / positive, inverse(args.gamma, args.kappa), alpha=args.alpha))
        study = None
        if sizes is not None:
            study = finite_size_study(sampler, law, sizes, reps=args.study_reps,
                                      rng=args.seed + 1, executor=executor)
            print()
            print(study)
    if args.out:
        from htmp_theory.crosscheck.plots import report_figure

        fig = report_figure(samples, law, study,
                            title=f"HTMP(gamma={args.gamma:g}, kappa={args.kappa:g}): "
                                  f"{args.reps} x n = {args.n}")
        fig.savefig(args.out, dpi=120)
        print(f"report saved to {args.out}")
    return 1 if args.strict and not result.passed else 0
