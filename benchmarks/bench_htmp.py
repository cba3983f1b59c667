"""Speed and accuracy of the HTMP law against a straightforward mpmath baseline (same process).

Baseline (what the reference code published with the paper does): the pdf from
``mpmath.hyperu`` at double precision, point by point, and the CDF by adaptive
quadrature (``mpmath.quad``) of that pdf.  Printed: time per point of each path and
the ratios, the one-off cost of the float64 table, and the float64 accuracy against
the mpmath path over a parameter grid.

Run:  python benchmarks/bench_htmp.py [--quick]
"""
from __future__ import annotations

import argparse
import time

import mpmath as mp
import numpy as np

from htmp_theory import HTMP


def baseline_pdf(x: float, gamma: float, kappa: float) -> float:
    """Closed form with mpmath.hyperu at 15 digits, one point."""
    with mp.workdps(15):
        b, k = mp.mpf(kappa) / 2, mp.mpf(kappa) / (2 * gamma)
        a, c = k - b - 1, 1 + b - k
        u = mp.hyperu(b, c, -k * x)
        return float(k * (k * x) ** a * mp.exp(-k * x) / (mp.gamma(b + 1) * mp.gamma(k) * abs(u) ** 2))


def baseline_cdf(x: float, gamma: float, kappa: float) -> float:
    """Adaptive quadrature of the baseline pdf over (0, x)."""
    with mp.workdps(15):
        return float(mp.quad(lambda t: baseline_pdf(t, gamma, kappa), [0, x]))


def per_point(fn, points) -> float:
    start = time.perf_counter()
    for p in points:
        fn(p)
    return (time.perf_counter() - start) / len(points)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer points (for a smoke run)")
    args = parser.parse_args()
    gamma, kappa = 0.3255, 1.9
    rng = np.random.default_rng(0)
    n_fast = 10_000 if args.quick else 100_000
    xs = rng.uniform(0.01, 4.0, n_fast)
    law = HTMP(gamma, kappa)

    t_base_pdf = per_point(lambda x: baseline_pdf(x, gamma, kappa), xs[:200])
    t_base_cdf = per_point(lambda x: baseline_cdf(x, gamma, kappa), xs[: 3 if args.quick else 10])

    start = time.perf_counter()
    law.pdf(1.0)
    t_table = time.perf_counter() - start
    start = time.perf_counter()
    law.pdf(xs)
    t_pdf = (time.perf_counter() - start) / n_fast
    start = time.perf_counter()
    law.cdf(xs)
    t_cdf = (time.perf_counter() - start) / n_fast
    t_pdf50 = per_point(lambda x: law.pdf(x, dps=50), xs[:50])
    t_cdf50 = per_point(lambda x: law.cdf(x, dps=50), xs[:20])

    print(f"HTMP(gamma={gamma}, kappa={kappa}); baseline = mpmath.hyperu pdf, mpmath.quad cdf")
    print(f"{'path':<34}{'time/point':>14}{'speed-up vs baseline':>24}")
    rows = [
        ("baseline pdf (hyperu, 15 digits)", t_base_pdf, None),
        ("baseline cdf (quad of pdf)", t_base_cdf, None),
        (f"float64 pdf ({n_fast} points)", t_pdf, t_base_pdf / t_pdf),
        (f"float64 cdf ({n_fast} points)", t_cdf, t_base_cdf / t_cdf),
        ("cdf(dps=50) (phase formula)", t_cdf50, t_base_cdf / t_cdf50),
    ]
    for name, t, ratio in rows:
        print(f"{name:<34}{t * 1e6:>11.3f} us{'' if ratio is None else f'{ratio:>23.0f}x'}")
    print(f"{'pdf(dps=50)':<34}{t_pdf50 * 1e6:>11.3f} us   (target: under 5 ms per point, "
          f"{'met' if t_pdf50 < 5e-3 else 'NOT met'})")
    amortised = t_table / n_fast + t_pdf
    print(f"one-off float64 table: {t_table:.2f} s; pdf speed-up including it over {n_fast} points: "
          f"{t_base_pdf / amortised:.0f}x")

    print("\nfloat64 accuracy against the mpmath path (max relative error, 40 points per law)")
    print(f"{'gamma':>8}{'kappa':>10}{'pdf':>12}{'cdf':>12}{'sf':>12}{'table s':>10}")
    grid = [(0.05, 1.0), (0.3255, 1e-3), (0.3255, 1.9), (0.5, 2.0), (0.9, 10.0), (2.0, 3.0), (4.0, 0.5),
            (0.3255, 200.0), (0.3255, 1e4), (0.3255, 1e6)]
    for g, kap in grid[:4] if args.quick else grid:
        lw = HTMP(g, kap)
        start = time.perf_counter()
        lw.pdf(1.0)
        built = time.perf_counter() - start
        q = np.linspace(0.01, 0.99, 40 if not args.quick else 10).clip(lw.atom + 1e-3, None)
        pts = lw.ppf(q)
        pts = pts[pts > 1e-300]
        errs = []
        for f in (lw.pdf, lw.cdf, lw.sf):
            exact = np.array([float(f(p, dps=20)) for p in pts])
            errs.append(np.max(np.abs(f(pts) / exact - 1)))
        print(f"{g:>8g}{kap:>10g}" + "".join(f"{e:>12.1e}" for e in errs) + f"{built:>10.2f}")


if __name__ == "__main__":
    main()
