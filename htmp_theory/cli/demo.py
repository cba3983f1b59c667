"""``htmp demo``: a short tour printing pdf/cdf/moments/tails and writing a comparison plot.

Example::

    htmp demo --out htmp_demo.png
"""
from __future__ import annotations

import argparse
import math
import time

#: κ values drawn in the demo figure (γ fixed); ``inf`` is Marchenko–Pastur.
DEMO_KAPPAS = (0.5, 1.9, 5.5, 20.0, math.inf)


def register(subparsers) -> None:
    """Add the ``demo`` sub-command."""
    p = subparsers.add_parser("demo", help="print a summary table and write a comparison plot",
                              description="Print pdf, cdf, moments and tail exponents of HTMP for a default "
                                          "case and write a PNG comparing HTMP densities for several kappa "
                                          "with Marchenko-Pastur (linear and log-log panels).")
    p.add_argument("--gamma", type=float, default=0.3255, help="aspect ratio (default 0.3255)")
    p.add_argument("--kappa", type=float, default=1.9, help="repulsion of the summary table (default 1.9)")
    p.add_argument("--out", type=str, default="htmp_demo.png", help="figure file (default htmp_demo.png)")
    p.set_defaults(func=run)


def _table(gamma: float, kappa: float) -> None:
    import mpmath as mp

    from htmp_theory import HTMP, InverseHTMP

    law = HTMP(gamma, kappa)
    start = time.perf_counter()
    law.pdf(1.0)
    print(f"{law!r}: float64 table built in {time.perf_counter() - start:.2f} s")
    print(f"{'x':>8} {'pdf (float64)':>22} {'cdf (float64)':>22} {'pdf (30 digits)':>36}")
    for x in (0.1, 0.5, 1.0, 2.0, 4.0):
        print(f"{x:>8} {law.pdf(x):>22.15g} {law.cdf(x):>22.15g} {mp.nstr(law.pdf(x, dps=30), 30):>36}")
    print("moments m_1..m_4 (loop-equation recursion):", ", ".join(f"{float(law.moment(j)):.12g}" for j in range(1, 5)))
    print(f"quartiles: {', '.join(f'{v:.12g}' for v in law.ppf([0.25, 0.5, 0.75]))}")
    lo, hi = law.lower_tail(), law.upper_tail()
    print(f"lower tail: p(x) ~ C x^{lo.exponent:.6g};  upper tail: p(x) ~ C x^{hi.exponent:.6g} e^(-{hi.rate:.6g} x)")
    if gamma != 1:
        print(f"inverse law 1/X: power-law tail exponent alpha = {InverseHTMP(gamma, kappa).alpha:.12g}")


def _figure(gamma: float, path: str) -> None:
    import numpy as np
    from matplotlib.figure import Figure

    from htmp_theory import HTMP, InverseHTMP

    fig = Figure(figsize=(12, 4.6), layout="constrained")
    ax_lin, ax_log, ax_inv = fig.subplots(1, 3)
    x = np.linspace(1e-3, 4.0, 800)
    xl = np.logspace(-4, 1.5, 600)
    lam = np.logspace(-1, 4, 600)
    for kappa in DEMO_KAPPAS:
        law = HTMP(gamma, kappa)
        label = "Marchenko-Pastur (κ = ∞)" if math.isinf(kappa) else f"HTMP κ = {kappa:g}"
        style = {"color": "k", "lw": 2.2, "ls": "--"} if math.isinf(kappa) else {"lw": 1.6}
        ax_lin.plot(x, law.pdf(x), label=label, **style)
        ax_log.loglog(xl, law.pdf(xl), label=label, **style)
        if not math.isinf(kappa):
            inv = InverseHTMP(gamma, kappa)
            line, = ax_inv.loglog(lam, inv.pdf(lam), label=f"κ = {kappa:g}, α = {inv.alpha:.3g}", lw=1.6)
            tail = inv.upper_tail()
            ax_inv.loglog(lam[lam > 30], tail(lam[lam > 30]), ls=":", color=line.get_color())
    ax_lin.set(title=f"HTMP densities, γ = {gamma:g}", xlabel="x", ylabel="p(x)", ylim=(0, 2.5))
    ax_log.set(title="log-log: tails at 0 and ∞", xlabel="x", ylabel="p(x)", ylim=(1e-8, 1e2))
    ax_inv.set(title="law of 1/X (dotted: C λ^-α)", xlabel="λ", ylabel="q(λ)",
               ylim=(1e-14, 1e1))
    ax_lin.legend(fontsize=8)
    ax_inv.legend(fontsize=8)
    fig.savefig(path, dpi=120)


def run(args: argparse.Namespace) -> int:
    """Print the summary and write the figure; returns the exit status."""
    from . import output_file

    path = output_file(args.out)
    _table(args.gamma, args.kappa)
    _figure(args.gamma, path)
    print(f"figure written to {path}")
    return 0
