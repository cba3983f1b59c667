"""``htmp tails``: tail exponents and constants of HTMP(γ, κ) and of its inverse law.

Example::

    htmp tails --gamma 0.3255 --kappa 1.9
"""
from __future__ import annotations

import argparse
import math


def register(subparsers) -> None:
    """Add the ``tails`` sub-command."""
    p = subparsers.add_parser("tails", help="tail exponents of HTMP and of its inverse law",
                              description="Print the asymptotics of the HTMP density at 0 and infinity and the "
                                          "power-law exponent alpha of the inverse law.")
    p.add_argument("--gamma", type=float, required=True, help="aspect ratio gamma = n/m > 0, != 1")
    p.add_argument("--kappa", type=float, required=True, help="repulsion kappa = beta n > 0")
    p.set_defaults(func=run)


def _describe(t) -> str:
    var = "x" if not math.isfinite(t.where) or t.where == 0 else f"|x - {t.where:.6g}|"
    parts = [f"C = exp({t.log_constant:.10g})", f"{var}^{t.exponent:.10g}"]
    if t.rate:
        parts.append(f"exp(-{t.rate:.10g}{'/' if t.rate_in_inverse else ' '}{var})")
    if t.log_power:
        parts.append(f"|log x|^{t.log_power:g}")
    return " * ".join(parts)


def run(args: argparse.Namespace) -> int:
    """Print the tails; returns the exit status."""
    from htmp_theory import HTMP, InverseHTMP

    law = HTMP(args.gamma, args.kappa)
    print(f"{law!r}")
    print(f"  density at 0      : p(x) ~ {_describe(law.lower_tail())}")
    print(f"  density at inf    : p(x) ~ {_describe(law.upper_tail())}")
    if law.gamma != 1 and math.isfinite(law.kappa):
        inv = InverseHTMP(args.gamma, args.kappa)
        print(f"{inv!r}")
        print(f"  power-law exponent: alpha = 1 + (kappa/2)|1/gamma - 1| = {inv.alpha:.12g}")
        print(f"  density at inf    : q(x) ~ {_describe(inv.upper_tail())}")
        print(f"  density at 0      : q(x) ~ {_describe(inv.lower_tail())}")
    return 0
