"""``htmp density``: pdf, cdf and sf of HTMP(γ, κ) (or its inverse) at given points.

Example::

    htmp density --gamma 0.5 --kappa 2 --x 0.5 1 2 --dps 40
"""
from __future__ import annotations

import argparse

from . import add_law_arguments, law_from_args


def register(subparsers) -> None:
    """Add the ``density`` sub-command."""
    p = subparsers.add_parser("density", help="evaluate pdf, cdf and sf at points",
                              description="Print pdf, cdf and sf of HTMP(gamma, kappa) at the given points.")
    add_law_arguments(p)
    p.add_argument("--x", type=str, nargs="+", required=True,
                   help="points (decimal strings are read exactly at the requested precision)")
    p.add_argument("--dps", type=int, default=None,
                   help="decimal digits (mpmath); default: float64 (about 13 correct digits)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the table; returns the exit status."""
    import mpmath as mp

    law = law_from_args(args)
    digits = args.dps or 15
    print(f"{law!r}   ({'float64' if args.dps is None else f'{args.dps} digits'})")
    print(f"{'x':>14}  {'pdf':>{digits + 8}}  {'cdf':>{digits + 8}}  {'sf':>{digits + 8}}")
    for text in args.x:
        x = text  # read exactly by the law (decimal strings at the requested precision)
        if args.dps is None:
            values = [law.pdf(x), law.cdf(x), law.sf(x)]
            cells = [f"{float(v):>{digits + 8}.{digits - 1}e}" for v in values]
        else:
            values = [law.pdf(x, dps=args.dps), law.cdf(x, dps=args.dps), law.sf(x, dps=args.dps)]
            cells = [f"{mp.nstr(v, args.dps, min_fixed=0, max_fixed=0):>{digits + 8}}" for v in values]
        print(f"{text:>14}  " + "  ".join(cells))
    return 0
