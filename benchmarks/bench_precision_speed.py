"""Issue 12 targets, each printed as a ratio against a baseline timed in the same process.

    python benchmarks/bench_precision_speed.py        # all sections; "... 3" for section 3 only

1. float64 Stieltjes transform on 10^4 points (off the axis, and at x + i0): the vectorised
   path against the point-by-point mpmath path it replaced (target: >= 100x per point).
2. rvs: draws per second after the set-up (target >= 10^6), and against inversion through
   ``ppf`` (the only way before).
3. First float64 call (pdf, and cdf) for a new law on 1000 points against 1000 plain mpmath
   evaluations of its special function at the law's own parameters and points (target <= 0.2):
   HTMP (``hyperu``), GaussianHT (``pcfd``), JacobiHT (``hyp2f1``); with the max relative error
   of those calls against dps=30.
4. dps=50 pdf and cdf at kappa >= 300: seconds a point (target <= 0.05).
"""
from __future__ import annotations

import math
import time

import mpmath as mp
import numpy as np

from htmp_theory import HTMP, GaussianHT, JacobiHT, MarchenkoPastur
from htmp_theory.laws import htmp as htmp_module
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


def _baseline(special, points, subset: int) -> tuple[float, str]:
    """Seconds for 1000 evaluations of ``special`` (mpmath), timed on ``subset`` of the points and
    scaled; an evaluation that raises (mpmath gives up) counts with the time it took."""
    few = points[:: max(1, len(points) // subset)][:subset]
    failed = 0
    start = time.perf_counter()
    for x in few:
        try:
            special(x)
        except (mp.libmp.NoConvergence, ValueError, ZeroDivisionError):
            failed += 1
    seconds = (time.perf_counter() - start) * 1000 / len(few)
    return seconds, (f"{failed}/{len(few)} failed" if failed else "")


def _max_rel_error(fast, exact, points, subset: int) -> float:
    few = points[:: max(1, len(points) // subset)][:subset]
    values = fast[:: max(1, len(points) // subset)][:subset]
    ref = np.array([float(v) for v in exact(few)])
    keep = ref > 1e-300
    return float(np.max(np.abs(values[keep] / ref[keep] - 1)))


def _first_call(make, x, repeat: int = 3):
    """Best of ``repeat`` constructions + first calls (pdf, then cdf on another fresh law), the
    shared HTMP table cache emptied before each."""
    best_pdf = best_cdf = np.inf
    for _ in range(repeat):
        htmp_module._TABLES.clear()
        t = time.perf_counter()
        law = make()
        p = law.pdf(x)
        best_pdf = min(best_pdf, time.perf_counter() - t)
        htmp_module._TABLES.clear()
        t = time.perf_counter()
        law = make()
        F = law.cdf(x)
        best_cdf = min(best_cdf, time.perf_counter() - t)
    return law, p, F, best_pdf, best_cdf


def _points(law, n: int = 1000) -> np.ndarray:
    """n points over the law's bulk: (0, mean + 4 sd] for laws on (0, inf), the support otherwise."""
    lo, hi = law.support
    if math.isfinite(hi):
        return np.linspace(lo, hi, n + 2)[1:-1]
    mean, sd = float(law.mean()), math.sqrt(float(law.var()))
    if isinstance(law, GaussianHT):
        return np.linspace(-4 * sd, 4 * sd, n)
    return np.linspace(0.0, mean + 4 * sd, n + 1)[1:]


def first_call_rows():
    print("\n3. first float64 call for a new law on 1000 points over its bulk, against 1000 mpmath")
    print("   evaluations of its special function at the same parameters and points (target: ratio <= 0.2);")
    print("   max relative error of the call's pdf and cdf against dps=30 on a subset of the points")
    print(f"{'law':<34} {'special function':<22} {'1000 mp [s]':>11} {'pdf [s]':>8} {'ratio':>6} "
          f"{'cdf [s]':>8} {'ratio':>6} {'pdf err':>8} {'cdf err':>8}")
    cases = [(lambda g=g, k=k: HTMP(g, k), "hyperu(b, c, -k x)") for g, k in
             ((0.5, 0.1), (0.5, 2.0), (0.5, 30.0), (0.5, 300.0), (0.5, 1e4), (2.0, 5.0), (0.1, 30.0))]
    cases += [(lambda c=c: GaussianHT(c), "pcfd(-c, i x)") for c in (0.5, 2.0, 20.0)]
    cases += [(lambda p=p: JacobiHT(*p), "hyp2f1(c, 1+a+c; C; 1/x)") for p in
              ((0.5, -0.25, 2.0), (-0.5, 1 / 3, 1.0), (3.0, 4.0, 10.0))]
    for make, label in cases:
        law = make()
        x = _points(law)
        if isinstance(law, HTMP):
            b, k, _, c = (float(v) for v in law._params())
            special = lambda v, b=b, c=c, k=k: mp.hyperu(b, c, -k * v)  # noqa: E731
            subset, checks = (10, 8) if law.kappa > 100 else (100, 25)
        elif isinstance(law, GaussianHT):
            special = lambda v, c=law.c: mp.pcfd(-c, mp.mpc(0, v))  # noqa: E731
            subset, checks = 100, 25
        else:
            A, B, C = law.c, 1 + law.a + law.c, 2 + law.a + law.b + 2 * law.c
            special = lambda v, A=A, B=B, C=C: mp.hyp2f1(A, B, C, 1 / v)  # noqa: E731
            subset, checks = 100, 25
        with mp.workdps(15):
            base, note = _baseline(special, x, subset)
        law, p, F, t_pdf, t_cdf = _first_call(make, x)
        err_p = _max_rel_error(p, lambda v: law.pdf(v, dps=30), x, checks)
        err_F = _max_rel_error(F, lambda v: law.cdf(v, dps=30), x, checks)
        print(f"{law!r:<34.34} {label:<22} {base:11.2f} {t_pdf:8.3f} {t_pdf / base:6.2g} {t_cdf:8.3f} "
              f"{t_cdf / base:6.2g} {err_p:8.1e} {err_F:8.1e} {note}")


def large_kappa_rows():
    print("\n4. dps=50 at large kappa: seconds a point (target <= 0.05)")
    for k in (300.0, 1e4):
        law = HTMP(0.5, k)
        law.pdf(1.0)
        pdf = _clock(lambda: law.pdf(1.01, dps=50), 1)
        cdf = _clock(lambda: law.cdf(1.01, dps=50), 1)
        print(f"HTMP(0.5, {k:g}): pdf {pdf:.3f} s, cdf {cdf:.3f} s")


if __name__ == "__main__":
    import sys

    sections = (stieltjes_rows, rvs_rows, first_call_rows, large_kappa_rows)
    for number in sys.argv[1:] or range(1, len(sections) + 1):  # e.g. ``... 3`` for section 3 only
        sections[int(number) - 1]()
