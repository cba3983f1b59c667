"""Calibration of the crosscheck verdict: false-alarm rate, power, interval coverage.

    python benchmarks/bench_calibration.py [--seeds 200] [--workers 2] [--quick]

Every row runs ``--seeds`` independent seeds of one sampler at γ = 0.5, κ = 2 with 50
replicates and records the smallest familywise-adjusted p-value of the verdict
(so the rejection rate at any level comes from one run) and whether each reported
95% interval covers its target:

* false alarms: correct samplers (the package's ``sample_htmp``, and a hand-written
  tridiagonal sampler using ``scipy.linalg.eigvalsh_tridiagonal``, independent of the
  package's bidiagonal dqds path) at n = 100 and 1000, against the n → ∞ law
  ``HTMP(γ, κ)`` and against the exact finite-n model ``LaguerreModel(n, γ, κ)``;
* power at n = 1000: hand-written samplers with κ × 1.1, β × 2 (dofs and rescaling
  with the doubled β), and the 1/(βm) rescaling missing;
* coverage: moment intervals against the exact finite-n moments (the expectation of
  the statistic), tail intervals against the limit exponents (diagnostics).

Seeds run on a ``concurrent.futures`` process pool (``--workers``, default 2).  The
binomial standard error of a rate p over S seeds is sqrt(p(1-p)/S) (0.007 at p = 0.01,
S = 200).
"""
from __future__ import annotations

import argparse
import math
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial

import numpy as np
from scipy.linalg import eigvalsh_tridiagonal

from htmp_theory import HTMP
from htmp_theory.crosscheck import LaguerreModel, compare

GAMMA, KAPPA, REPS = 0.5, 2.0, 50
LEVELS = (0.01, 0.05)


def handwritten(n: int, *, reps: int, rng, kappa_factor: float = 1.0, beta_factor: float = 1.0,
                rescale: bool = True) -> np.ndarray:
    """Tridiagonal beta-Laguerre L = B B^T from chi entries, eigenvalues by scipy (stemr)."""
    rng = np.random.default_rng(rng)
    beta = beta_factor * kappa_factor * KAPPA / n
    m = n / GAMMA
    out = np.empty((reps, n))
    for r in range(reps):
        d2 = rng.chisquare(beta * (m - np.arange(n)))
        e2 = rng.chisquare(beta * np.arange(n - 1, 0, -1.0))
        diag = d2 + np.concatenate([[0.0], e2])
        off = np.sqrt(d2[:-1] * e2)
        x = eigvalsh_tridiagonal(diag, off)
        out[r] = x / (beta * m) if rescale else x
    return out


def package(n: int, *, reps: int, rng) -> np.ndarray:
    from htmp_theory.sampling import sample_htmp

    return sample_htmp(n, GAMMA, KAPPA, reps=reps, rng=rng)


SAMPLERS = {
    "package": package,
    "hand-written": handwritten,
    "kappa x 1.1": partial(handwritten, kappa_factor=1.1),
    "beta x 2": partial(handwritten, beta_factor=2.0),
    "missing 1/(beta m)": partial(handwritten, rescale=False),
}

#: n -> rows (sampler, reference): reference "law" = HTMP limit, "model" = exact finite-n model.
#: Within one seed every sampler is drawn once and the model's reference sample is shared.
ROWS = {
    100: [("package", "law"), ("package", "model"), ("hand-written", "model")],
    1000: [("package", "law"), ("package", "model"), ("hand-written", "law"),
           ("kappa x 1.1", "law"), ("beta x 2", "law"), ("missing 1/(beta m)", "law"), ("kappa x 1.1", "model")],
}
CORRECT = ("package", "hand-written")


def _summary(result, model: LaguerreModel) -> dict:
    """Smallest adjusted p of the verdict, interval coverage, rows rejected at 0.01."""
    cover = {}
    for c in result.checks:
        lo, hi = c.interval(0.95)
        if math.isnan(lo):
            continue
        target = model.moment(int(c.name.split()[1])) if c.name.startswith("moment") else c.theory
        cover[c.name] = bool(lo <= target <= hi)
    return {"min_p": min(c.p_adjusted for c in result.checks if c.in_verdict), "cover": cover,
            "rejected": {c.name for c in result.checks if c.in_verdict and c.p_adjusted < 0.01}}


def one_seed(n: int, seed: int) -> dict:
    """Every row of size n for one seed."""
    rng = np.random.default_rng([seed, n])
    model = LaguerreModel(n, GAMMA, KAPPA)
    law = HTMP(GAMMA, KAPPA)
    samples = {name: SAMPLERS[name](n, reps=REPS, rng=rng) for name in dict.fromkeys(r[0] for r in ROWS[n])}
    reference = model.sample(REPS, rng=rng)
    out = {}
    for name, kind in ROWS[n]:
        tails = name in CORRECT   # diagnostics: only their interval coverage is measured
        result = (compare(samples[name], model=model, reference=reference, tails=tails, rng=rng)
                  if kind == "model" else compare(samples[name], law, tails=tails, rng=rng))
        out[(name, n, kind)] = _summary(result, model)
    return out


def run_rows(sizes, seeds: int, pool=None) -> dict:
    """All seeds of all sizes, on ``pool`` (an executor) or here."""
    jobs = [(n, s) for n in sizes for s in range(seeds)]
    outputs = ([f.result() for f in [pool.submit(one_seed, *job) for job in jobs]] if pool is not None
               else [one_seed(*job) for job in jobs])
    results: dict = {}
    for output in outputs:
        for row, summary in output.items():
            results.setdefault(row, []).append(summary)
    return results


def rate_text(count: int, seeds: int) -> str:
    p = count / seeds
    return f"{p:.3f} ± {math.sqrt(max(p * (1 - p), 1 / seeds) / seeds):.3f}"


def print_tables(results: dict, seeds: int) -> None:
    print(f"\nrejection rate of `passed` ({seeds} seeds, {REPS} replicates, gamma = {GAMMA}, kappa = {KAPPA})")
    head = f"{'sampler':<20}{'n':>6}  {'reference':<10}" + "".join(f"{f'alpha = {a:g}':>18}" for a in LEVELS)
    print(head)
    print("-" * len(head))
    for row, out in results.items():
        name, n, reference = row
        rates = "".join(f"{rate_text(sum(o['min_p'] < a for o in out), seeds):>18}" for a in LEVELS)
        print(f"{name:<20}{n:>6}  {reference:<10}{rates}")
    print("\ncoverage of the reported 95% intervals (correct samplers; moments vs exact finite-n moments, "
          "tails vs limit exponents)")
    for row, out in results.items():
        if row[0] not in CORRECT:
            continue
        names = sorted({k for o in out for k in o["cover"]})
        cells = [f"{k}: {np.mean([o['cover'][k] for o in out if k in o['cover']]):.3f}" for k in names]
        print(f"{row[0]:<14}n = {row[1]:<5} {row[2]:<6} " + "; ".join(cells))
    print("\nrows rejected at alpha = 0.01 (power rows, fraction of seeds)")
    for row, out in results.items():
        if row[0] in CORRECT:
            continue
        names = sorted({k for o in out for k in o["rejected"]})
        print(f"{row[0]:<20}{row[2]:<6} " + "; ".join(f"{k}: {np.mean([k in o['rejected'] for o in out]):.2f}"
                                                   for k in names))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="n = 100 rows only")
    args = parser.parse_args(argv)
    sizes = [100] if args.quick else [100, 1000]
    start = time.perf_counter()
    if args.workers > 1:
        with ProcessPoolExecutor(min(args.workers, 2)) as pool:
            results = run_rows(sizes, args.seeds, pool)
    else:
        results = run_rows(sizes, args.seeds)
    print_tables(results, args.seeds)
    print(f"\nwall time {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
