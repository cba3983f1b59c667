"""Randomised corner sweep of HTMP: every path against an independent route, worst error per path.

Parameters: gamma log-uniform on [0.01, 20] plus 1 - 1e-9 and 1 + 1e-9, kappa log-uniform on
[1e-4, 1e6] plus inf; points at the extremes (x = 1e-300, 1e-30, the quantiles of
q = 1e-12 ... 1 - 1e-12, and the float64 quantile of 1 - 1e-15).  Routes compared:

* float64 pdf / cdf / sf (Chebyshev table, its quadrature)  vs  the mpmath closed form and the
  phase formula at 25 digits (relative error; cdf/sf on the smaller side of the median; with an
  atom (gamma > 1) the float64 cdf is w0 + F_c and is compared as a whole);
* float64 ppf  vs  the 25-digit CDF (or SF above the median) at the returned point;
* ppf(q, dps=15)  vs  the 30-digit CDF/SF at the returned point (in units of 1e-15 max(q, x p(x)));
* pdf / cdf at 15 digits  vs  the same at 35 digits;
* kappa = inf: cdf vs the Marchenko-Pastur arcsine formula written out here (60 digits).

Any exception, NaN or probability outside [0, 1] is counted as a failure and listed.

Usage::

    python benchmarks/corner_sweep.py [--laws 14] [--seed 0]
"""
from __future__ import annotations

import argparse
import math
import time
from collections import defaultdict

import mpmath as mp
import numpy as np

from htmp_theory import HTMP

QS = (1e-12, 1e-3, 0.5, 0.999, 1 - 1e-12)


def parameter_sets(n_random: int, seed: int) -> list[tuple[float, float]]:
    """Random (gamma, kappa) plus the fixed corners."""
    rng = np.random.default_rng(seed)
    gammas = np.exp(rng.uniform(math.log(0.01), math.log(20.0), n_random))
    kappas = np.exp(rng.uniform(math.log(1e-4), math.log(1e6), n_random))
    fixed = [(1 - 1e-9, 2.0), (1 + 1e-9, 2.0), (0.3, math.inf), (5.0, math.inf), (20.0, 1e6), (0.01, 1e-4),
             (0.5, 1e6)]
    return fixed + [(float(g), float(k)) for g, k in zip(gammas, kappas)]


def _rel(a, b) -> float:
    a, b = mp.mpf(a), mp.mpf(b)
    if a == b:
        return 0.0
    return float(abs(a - b) / max(abs(b), mp.mpf("1e-300")))


def _band(gamma: float, kappa: float) -> str:
    g = "g<1" if gamma < 1 else "g>=1"
    if math.isinf(kappa):
        return f"{g}, k=inf"
    return f"{g}, k<1" if kappa < 1 else (f"{g}, 1<=k<=300" if kappa <= 300 else f"{g}, k>300")


def mp_cdf_reference(gamma: float, x) -> mp.mpf:
    """Marchenko-Pastur CDF from the arcsine antiderivative, 60 digits (absolute accuracy)."""
    with mp.workdps(60):
        g, x = mp.mpf(gamma), mp.mpf(x)
        lm, lp = (1 - mp.sqrt(g)) ** 2, (1 + mp.sqrt(g)) ** 2
        x = min(max(x, lm), lp)

        def asin(v):
            return mp.asin(max(-1, min(1, v)))

        def A(y):
            out = mp.sqrt(max((lp - y) * (y - lm), 0)) + (lp + lm) / 2 * asin((2 * y - lp - lm) / (lp - lm))
            if lm > 0:
                out -= mp.sqrt(lp * lm) * asin(((lp + lm) * y - 2 * lp * lm) / ((lp - lm) * y))
            return out

        return max(mp.mpf(0), 1 - 1 / g) + (A(x) - A(lm)) / (2 * mp.pi * g)


def sweep_one(gamma: float, kappa: float, worst: dict, failures: list) -> None:
    """Evaluate every path of HTMP(gamma, kappa) and record the worst relative errors."""
    band = _band(gamma, kappa)

    def record(path: str, err: float, where: str) -> None:
        key = (path, band)
        if not math.isfinite(err):
            failures.append(f"HTMP({gamma:.6g}, {kappa:.6g}) {path} at {where}: error {err}")
            return
        if err > worst[key][0]:
            worst[key] = (err, f"({gamma:.4g}, {kappa:.4g}) {where}")

    def guarded(path: str, where: str, func):
        try:
            value = func()
        except Exception as exc:  # noqa: BLE001 - a sweep lists every failure
            failures.append(f"HTMP({gamma:.6g}, {kappa:.6g}) {path} at {where}: {type(exc).__name__}: {exc}"[:300])
            return None
        values = np.atleast_1d(np.asarray(value, dtype=object))
        if any(isinstance(v, (float, mp.mpf, np.floating)) and mp.isnan(v) for v in values):
            failures.append(f"HTMP({gamma:.6g}, {kappa:.6g}) {path} at {where}: NaN")
            return None
        return value

    law = guarded("construct", "-", lambda: HTMP(gamma, kappa))
    if law is None:
        return
    xq = guarded("ppf64", "grid", lambda: law.ppf(np.array(QS + (1 - 1e-15,))))
    if xq is None:
        return
    atom = law.atom
    points = [1e-300, 1e-30] + [float(v) for v in xq if 0 < v < math.inf]
    for x in points:
        where = f"x={x:.3g}"
        with mp.workdps(40):
            ref_pdf = guarded("pdf25", where, lambda: law.pdf(x, dps=25))
            ref_cdf = guarded("cdf25", where, lambda: law.cdf(x, dps=25))
            ref_sf = guarded("sf25", where, lambda: law.sf(x, dps=25))
            if ref_pdf is None or ref_cdf is None or ref_sf is None:
                continue
            if math.isinf(kappa):
                record("cdf dps (vs arcsine form, abs)", float(abs(ref_cdf - mp_cdf_reference(gamma, x))), where)
            pdf64 = guarded("pdf64", where, lambda: law.pdf(x))
            if pdf64 is not None and ref_pdf > mp.mpf("1e-300") and ref_pdf < mp.mpf("1e300"):
                record("float64 pdf", _rel(pdf64, ref_pdf), where)
            cdf64 = guarded("cdf64", where, lambda: law.cdf(x))
            sf64 = guarded("sf64", where, lambda: law.sf(x))
            for name, value in (("cdf", cdf64), ("sf", sf64)):
                if value is not None and not 0 <= value <= 1:
                    failures.append(f"HTMP({gamma:.6g}, {kappa:.6g}) {name}64 at {where}: {value} outside [0, 1]")
            lower = ref_cdf - atom < ref_sf
            if cdf64 is not None and lower and ref_cdf - atom > mp.mpf("1e-300"):
                # with an atom the float64 cdf holds w0 + F_c: relative to the whole cdf
                record("float64 cdf (lower half)", _rel(cdf64, ref_cdf), where)
            if sf64 is not None and not lower and ref_sf > mp.mpf("1e-300"):
                record("float64 sf (upper half)", _rel(sf64, ref_sf), where)
            p15 = guarded("pdf15", where, lambda: law.pdf(x, dps=15))
            c15 = guarded("cdf15", where, lambda: law.cdf(x, dps=15))
            p35 = guarded("pdf35", where, lambda: law.pdf(x, dps=35))
            c35 = guarded("cdf35", where, lambda: law.cdf(x, dps=35))
            if None not in (p15, p35) and p35 > 0:
                record("pdf dps=15 (vs dps=35)", _rel(p15, p35), where)
            if None not in (c15, c35) and c35 > 0:
                record("cdf dps=15 (vs dps=35)", _rel(c15, c35), where)
    for q, x in zip(QS, xq):
        where = f"q={q:.3g}"
        if q <= atom or not 0 < x < math.inf:
            continue
        with mp.workdps(40):
            upper = q > 0.5
            mass = guarded("sf25" if upper else "cdf25", where,
                           lambda: law.sf(x, dps=25) if upper else law.cdf(x, dps=25))
            if mass is not None:
                record("float64 ppf (mass at ppf)", _rel(mass, 1 - mp.mpf(q)) if upper else _rel(mass, q), where)
            xm = guarded("ppf15", where, lambda: law.ppf(q, dps=15))
            if xm is not None and 0 < xm < mp.inf:
                mass = guarded("mass30", where, lambda: law.sf(xm, dps=30) if upper else law.cdf(xm, dps=30))
                if mass is not None:
                    target = 1 - mp.mpf(q) if upper else mp.mpf(q)
                    # 15 digits of x move the mass by up to x p(x) 1e-15: the ratio below is <~ 1
                    pdf = law.pdf(xm, dps=20)
                    scale = mp.mpf("1e-15") * max(target, pdf * xm)
                    record("ppf dps=15: |F(x)-q| / (1e-15 max(q, x p))", float(abs(mass - target) / scale), where)


def run(n_random: int, seed: int) -> tuple[dict, list]:
    worst: dict = defaultdict(lambda: (0.0, ""))
    failures: list[str] = []
    for gamma, kappa in parameter_sets(n_random, seed):
        start = time.perf_counter()
        sweep_one(gamma, kappa, worst, failures)
        print(f"  HTMP({gamma:.6g}, {kappa:.6g}) done in {time.perf_counter() - start:.1f} s", flush=True)
    return dict(worst), failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laws", type=int, default=14, help="random (gamma, kappa) pairs (default 14)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    worst, failures = run(args.laws, args.seed)
    print(f"\n| path | parameters | worst relative error | where |\n|---|---|---|---|")
    for (path, band), (err, where) in sorted(worst.items()):
        print(f"| {path} | {band} | {err:.2g} | {where} |")
    print(f"\nfailures (exceptions, NaN, probabilities outside [0, 1]): {len(failures)}")
    for line in failures:
        print("  " + line)


if __name__ == "__main__":
    main()
