"""Benchmark: coverage of the 95% intervals of fit_mle on exact finite-n beta-ensemble spectra.

Usage::

    nice python benchmarks/bench_fit_coverage.py [--reps 200] [--configs small|default]

For each (gamma, kappa, n), ``--reps`` independent spectra are drawn from the exact
tridiagonal high-temperature beta-Laguerre model (:func:`htmp_theory.sampling.sample_htmp`,
scale 1.7), fitted by maximum likelihood, and the table prints

* the Monte Carlo spread sd(log kappa-hat) and the mean standard error of log kappa-hat of
  the default (sandwich) error and of the i.i.d. observed-information error;
* the coverage of the 95% log-kappa intervals of both, with its binomial standard error
  (target 93-97 % for the default; sd = sqrt(0.95 * 0.05 / reps) = 1.5 % at 200 spectra);
* the coverage of the 95% interval of the scale.
"""
from __future__ import annotations

import argparse
import math
import time

import numpy as np
from scipy import stats

from htmp_theory.fitting import fit_mle
from htmp_theory.sampling import sample_htmp

CONFIGS = {"default": [(0.5, 2.0, 400), (0.5, 2.0, 1500), (0.25, 10.0, 400), (0.8, 0.5, 300), (0.1, 30.0, 1000)],
           "small": [(0.5, 2.0, 300)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--configs", choices=sorted(CONFIGS), default="default")
    args = parser.parse_args()
    z = stats.norm.ppf(0.975)
    print(f"{'gamma':>6} {'kappa':>6} {'n':>5} {'sd(logk)':>9} {'se sandw':>9} {'se iid':>8} "
          f"{'cover sandw':>12} {'cover iid':>10} {'cover scale':>12} {'s/fit':>6}")
    for gamma, kappa, n in CONFIGS[args.configs]:
        spectra = 1.7 * sample_htmp(n, gamma, kappa, reps=args.reps, rng=int(1000 * gamma + n))
        start = time.perf_counter()
        fits = [fit_mle(x, gamma, rng=i) for i, x in enumerate(spectra)]
        per_fit = (time.perf_counter() - start) / args.reps
        log_k = np.log([f.kappa for f in fits])
        se = np.array([f.kappa_se / f.kappa for f in fits])
        se_iid = np.array([f.info["kappa_se_iid"] / f.kappa for f in fits])
        cover = np.mean(np.abs(log_k - math.log(kappa)) <= z * se)
        cover_iid = np.mean(np.abs(log_k - math.log(kappa)) <= z * se_iid)
        cover_s = np.mean([abs(f.scale - 1.7) <= z * f.scale_se for f in fits])
        print(f"{gamma:6.2f} {kappa:6.2f} {n:5d} {np.std(log_k, ddof=1):9.4f} {np.mean(se):9.4f} "
              f"{np.mean(se_iid):8.4f} {cover:8.3f}+-{math.sqrt(cover * (1 - cover) / args.reps):.3f} "
              f"{cover_iid:10.3f} {cover_s:12.3f} {per_fit:6.2f}", flush=True)


if __name__ == "__main__":
    main()
