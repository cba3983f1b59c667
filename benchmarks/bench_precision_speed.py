"""Issue 12 targets, each printed as a ratio against a baseline timed in the same process.

    python benchmarks/bench_precision_speed.py

1. float64 Stieltjes transform on 10^4 points (off the axis, and at x + i0): the vectorised
   path against the point-by-point mpmath path it replaced (target: >= 100x per point).
2. rvs: draws per second after the set-up (target >= 10^6), and against inversion through
   ``ppf`` (the only way before).
3. First float64 call for a new (gamma, kappa) on 1000 points against 1000 plain
   ``mpmath.hyperu`` evaluations (target <= 0.2).
4. dps=50 pdf and cdf at kappa >= 300: seconds a point (target <= 0.05).
"""
from __future__ import annotations

import mpmath as mp
import numpy as np

from htmp_theory import HTMP, MarchenkoPastur
from htmp_theory._numerics.stieltjes import stieltjes_map
from bench_covariance import _best as _clock  # best of `repeat` wall-clock runs


def _old_stieltjes(law, z, side):
    """The previous float64 path: mpmath point by point (the law's upper-half-plane function)."""
    if isinstance(law, MarchenkoPastur):
        def upper(y):
            g = law._gamma_mp()
            lm, lp = law._edges_mp()
            return (1 - g - y + mp.sqrt(y - lm) * mp.sqrt(mp.mpc(y) - lp)) / (2 * g * y)
    else:
        from htmp_theory._numerics.special import hyperu_scaled

        def upper(y):
            b, k, a, c = law._params()
            num, den = hyperu_scaled(b + 1, c + 1, -k * y), hyperu_scaled(b, c, -k * y)
            return k * mp.exp(num.log_scale - den.log_scale) * num.value / den.value
    return stieltjes_map(law, z, upper, None, side)


def stieltjes_rows():
    rows = []
    for law in (HTMP(0.5, 2.0), HTMP(2.0, 50.0), MarchenkoPastur(0.3)):
        law.pdf(1.0)  # the table is built once per law, not part of the transform's cost
        lo, hi = law.support
        x = np.linspace(max(lo, 0.05), min(hi, 4.0), 10_000)[1:-1]
        for label, z, side in (("off axis", x + 0.3j, None), ("x + i0", x, 1)):
            fast = _clock(lambda: law.stieltjes(z, side=side), 3) / z.size
            few = z[:: z.size // 40]
            slow = _clock(lambda: _old_stieltjes(law, few, side), 1) / few.size
            rows.append((repr(law), label, slow * 1e6, fast * 1e6, slow / fast))
    print("1. float64 stieltjes, microseconds a point (10^4 points; old path timed on 40)")
    print(f"{'law':<40} {'points':<9} {'old':>9} {'new':>8} {'speed-up':>9}  target >= 100")
    for r in rows:
        print(f"{r[0]:<40} {r[1]:<9} {r[2]:9.1f} {r[3]:8.2f} {r[4]:9.0f}")


def rvs_rows():
    print("\n2. rvs: set-up seconds, draws a second (10^6 draws), speed-up against ppf inversion")
    print(f"{'law':<40} {'set-up':>7} {'draws/s':>10} {'vs ppf':>8}  target >= 1e6 draws/s")
    for law in (HTMP(0.5, 2.0), HTMP(2.0, 50.0), MarchenkoPastur(0.3)):
        setup = _clock(lambda: law._variate_table, 1)
        draws = _clock(lambda: law.rvs(10**6, rng=1), 3)
        u = np.random.default_rng(2).random(2000)
        ppf = _clock(lambda: law.ppf(u), 1) / u.size
        print(f"{law!r:<40} {setup:7.2f} {1e6 / draws:10.2e} {ppf / (draws / 1e6):8.0f}")


def first_call_row():
    print("\n3. first float64 call for a new (gamma, kappa), 1000 points, against 1000 mpmath.hyperu")
    hyperu = _clock(lambda: [mp.hyperu(1.3, 0.4 + j * 1e-4, -0.7 - 1e-3 * j) for j in range(1000)], 1)
    x = np.linspace(0.05, 4.0, 1000)
    for g, k in ((0.41, 3.3), (0.77, 40.0)):
        first = _clock(lambda: HTMP(g, k).pdf(x), 1)
        print(f"HTMP({g}, {k}): {first:.2f} s vs {hyperu:.2f} s: ratio {first / hyperu:.2f}  (target <= 0.2)")


def large_kappa_rows():
    print("\n4. dps=50 at large kappa: seconds a point (target <= 0.05)")
    for k in (300.0, 1e4):
        law = HTMP(0.5, k)
        law.pdf(1.0)
        pdf = _clock(lambda: law.pdf(1.01, dps=50), 1)
        cdf = _clock(lambda: law.cdf(1.01, dps=50), 1)
        print(f"HTMP(0.5, {k:g}): pdf {pdf:.3f} s, cdf {cdf:.3f} s")


if __name__ == "__main__":
    stieltjes_rows()
    rvs_rows()
    first_call_row()
    large_kappa_rows()
