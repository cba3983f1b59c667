"""Speed and accuracy of mk_inverse(nu, c) against the closed forms of the three classical cases.

For nu = N(0, 1), Gamma and Beta the law MK_c^-1(nu) is GaussianHT, HTMP and JacobiHT. Printed per case:
set-up time of the float64 table, time for the density on 10^3 points (after set-up) and its ratio to the
closed form's float64 pdf on the same points, the largest relative error there, and the time per point of
the 30-digit density (after a first call that builds the 30-digit tables, timed separately) with its ratio
to the closed form at 30 digits and the digits the two agree to (against the closed form at 50 digits).

Second table: the c-convolution by the general (numerical) route, ``c_convolve(..., method="numerical")``:
set-up (convolution of the two images plus the Markov–Krein table), 10^3 points float64, the largest
relative error against the closed form where there is one, and the 10-digit density per point; for
HTMP(1/2, 4) box_2 HTMP(1/2, 4) the same law by the closed-form route (Gamma + Gamma) is timed as the ratio's
baseline.

Run: ``python benchmarks/bench_markov_krein.py``.
"""
from __future__ import annotations

import time

import mpmath as mp
import numpy as np
from scipy import stats

from htmp_theory import HTMP, GaussianHT, JacobiHT, c_convolve
from htmp_theory.laws.mk_law import MKInverseLaw

CASES = [
    ("N(0,1), c = 1 -> GaussianHT(1)", stats.norm(), 1.0, GaussianHT(1.0)),
    ("Gamma(2, 1/2), c = 1 -> HTMP(1/2, 2)", stats.gamma(2.0, scale=0.5), 1.0, HTMP(0.5, 2.0)),
    ("Beta(9/4, 3/2), c = 3/4 -> JacobiHT(1/2, -1/4, 3/4)", stats.beta(2.25, 1.5), 0.75, JacobiHT(0.5, -0.25, 0.75)),
]


def timed(func, repeat: int = 3) -> tuple[float, object]:
    best, out = np.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        out = func()
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> None:
    header = (f"{'case':52s} {'set-up s':>9s} {'1e3 pts s':>9s} {'ratio':>7s} {'max rel err':>11s} "
              f"{'30 dig ms/pt':>12s} {'ratio':>7s} {'agree dig':>9s} {'first call s':>12s}")
    print(header)
    for name, nu, c, ref in CASES:
        start = time.perf_counter()
        law = MKInverseLaw(nu, c)
        setup = time.perf_counter() - start
        x = np.linspace(*ref.ppf([1e-6, 1 - 1e-6]), 1000)
        t_law, p = timed(lambda: law.pdf(x))
        t_ref, q = timed(lambda: ref.pdf(x))
        err = float(np.max(np.abs(p / q - 1)))
        pts = [mp.mpf(v) for v in ref.ppf([0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95])]
        start = time.perf_counter()
        law.pdf(mp.mpf(ref.ppf(0.3)), dps=30)  # the first call builds the 30-digit Chebyshev moment tables
        first = time.perf_counter() - start
        t_mp, vals = timed(lambda: [law.pdf(v, dps=30) for v in pts], repeat=1)
        t_mp_ref, refs = timed(lambda: [ref.pdf(v, dps=30) for v in pts], repeat=1)
        exact = [ref.pdf(v, dps=50) for v in pts]
        with mp.workdps(50):
            agree = min(-float(mp.log10(abs(a / b - 1))) if a != b else 50.0 for a, b in zip(vals, exact))
        print(f"{name:52s} {setup:9.2f} {t_law:9.4f} {t_law / t_ref:7.2f} {err:11.1e} "
              f"{1e3 * t_mp / len(pts):12.1f} {t_mp / t_mp_ref:7.1f} {agree:9.1f} {first:12.2f}")


CONVOLUTIONS = [
    ("HTMP(1/2,4) box_2 HTMP(1/2,4) = 2 HTMP(1/4,4)", HTMP(0.5, 4.0), HTMP(0.5, 4.0), 2.0, HTMP(0.25, 4.0, scale=2.0)),
    ("GaussianHT(1) box_1 GaussianHT(1) = sqrt2 GHT(1)", GaussianHT(1.0), GaussianHT(1.0), 1.0,
     GaussianHT(1.0, scale=np.sqrt(2.0))),
    ("HTMP(1/2,4) box_2 HTMP(1/4,4) (no closed form)", HTMP(0.5, 4.0), HTMP(0.25, 4.0), 2.0, None),
]


def convolutions() -> None:
    print()
    print(f"{'c-convolution, numerical route':52s} {'set-up s':>9s} {'closed s':>9s} {'1e3 pts s':>9s} "
          f"{'max rel err':>11s} {'10 dig ms/pt':>12s} {'ratio':>7s}")
    for name, mu1, mu2, c, ref in CONVOLUTIONS:
        start = time.perf_counter()
        law = c_convolve(mu1, mu2, c, method="numerical")
        setup = time.perf_counter() - start
        closed, closed_law = np.nan, None
        if ref is not None:
            start = time.perf_counter()
            closed_law = c_convolve(mu1, mu2, c, method="closed")
            closed = time.perf_counter() - start
        x = np.linspace(*law.ppf([1e-6, 1 - 1e-6]), 1000)
        t_law, p = timed(lambda: law.pdf(x))
        err = float(np.max(np.abs(p / ref.pdf(x) - 1))) if ref is not None else np.nan
        pts = [mp.mpf(v) for v in law.ppf([0.1, 0.5, 0.9])]
        law.pdf(pts[0] + mp.mpf(1) / 100, dps=10)
        t_mp, _ = timed(lambda: [law.pdf(v, dps=10) for v in pts], repeat=1)
        ratio = np.nan
        if closed_law is not None:
            closed_law.pdf(pts[0] + mp.mpf(1) / 100, dps=10)
            t_mp_closed, _ = timed(lambda: [closed_law.pdf(v, dps=10) for v in pts], repeat=1)
            ratio = t_mp / t_mp_closed
        print(f"{name:52s} {setup:9.2f} {closed:9.2f} {t_law:9.4f} {err:11.1e} {1e3 * t_mp / len(pts):12.1f} "
              f"{ratio:7.2f}")


if __name__ == "__main__":
    main()
    convolutions()
