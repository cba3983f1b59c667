"""Benchmark: coverage of the 95% intervals of fit_mle on exact finite-n beta-ensemble spectra.

Usage::

    nice python benchmarks/bench_fit_coverage.py [--reps 200] [--configs small|default|hard] [--rows 3,4] [--se-size 128]

For each (gamma, kappa, n), ``--reps`` independent spectra are drawn from the exact
tridiagonal high-temperature beta-Laguerre model (:func:`htmp_theory.sampling.sample_htmp`,
scale 1.7), fitted by maximum likelihood (default: sandwich errors, second-order bias
correction), and the table prints

* n', the size of the model spectra behind the sandwich;
* the mean of log kappa-hat minus log kappa of the default (bias-corrected) estimate and of
  the uncorrected maximiser, and the Monte Carlo spread sd(log kappa-hat);
* the mean standard error of log kappa-hat of the default (sandwich) error, of the same
  sandwich with the data's observed information in place of the model spectra's
  (``info["kappa_se_data_information"]``) and of the i.i.d. observed-information error;
* the coverage of the 95% log-kappa interval: default (corrected estimate, sandwich), with
  its binomial standard error (target 93-97 %; sd = sqrt(0.95 * 0.05 / reps) = 1.5 % at 200
  spectra); the uncorrected maximiser with the same error; the corrected estimate with the
  data-information sandwich; the i.i.d. error; and the coverage of the scale's interval.

``--se-size`` sets the size n' of the model spectra (default 128, as ``fit_mle``).
"""
from __future__ import annotations

import argparse
import math
import time

import numpy as np
from scipy import stats

from htmp_theory.fitting import fit_mle, mle
from htmp_theory.sampling import sample_htmp

CONFIGS = {"default": [(0.5, 2.0, 400), (0.5, 2.0, 1500), (0.25, 10.0, 400), (0.8, 0.5, 300), (0.1, 30.0, 1000)],
           "small": [(0.5, 2.0, 300)], "hard": [(0.1, 30.0, 1000)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--configs", choices=sorted(CONFIGS), default="default")
    parser.add_argument("--se-size", type=int, default=mle.SANDWICH_SIZE)
    parser.add_argument("--rows", default="", help="comma-separated indices of the rows to run (default: all)")
    args = parser.parse_args()
    rows = CONFIGS[args.configs]
    if args.rows:
        rows = [rows[int(i)] for i in args.rows.split(",")]
    z = stats.norm.ppf(0.975)
    print(f"{'gamma':>5} {'kappa':>5} {'n':>5} {'n_ref':>5} {'bias':>7} {'bias_mle':>8} {'sd':>6} {'se':>6} "
          f"{'se_dat':>6} {'se_iid':>6} {'cover':>11} {'cov_mle':>7} {'cov_dat':>7} {'cov_iid':>7} "
          f"{'cov_s':>6} {'s/fit':>5}")
    for gamma, kappa, n in rows:
        spectra = 1.7 * sample_htmp(n, gamma, kappa, reps=args.reps, rng=int(1000 * gamma + n))
        start = time.perf_counter()
        fits = [fit_mle(x, gamma, se_size=args.se_size, rng=i) for i, x in enumerate(spectra)]
        per_fit = (time.perf_counter() - start) / args.reps
        sizes = [f.info["reference"].shape[1] for f in fits]
        err = np.log([f.kappa for f in fits]) - math.log(kappa)
        err_mle = np.log([f.info["kappa_mle"] for f in fits]) - math.log(kappa)
        se, se_data, se_iid = (np.array([f.kappa_se / f.kappa for f in fits]),
                                np.array([f.info["kappa_se_data_information"] / f.kappa for f in fits]),
                                np.array([f.info["kappa_se_iid"] / f.kappa for f in fits]))
        cover = np.mean(np.abs(err) <= z * se)
        cover_mle = np.mean(np.abs(err_mle) <= z * se)
        cover_data = np.mean(np.abs(err) <= z * se_data)
        cover_iid = np.mean(np.abs(err) <= z * se_iid)
        cover_s = np.mean([abs(f.scale - 1.7) <= z * f.scale_se for f in fits])
        print(f"{gamma:5.2f} {kappa:5.1f} {n:5d} {np.mean(sizes):5.0f} {np.mean(err):7.4f} {np.mean(err_mle):8.4f} "
              f"{np.std(err, ddof=1):6.4f} {np.mean(se):6.4f} {np.mean(se_data):6.4f} {np.mean(se_iid):6.4f} "
              f"{cover:6.3f}+-{math.sqrt(cover * (1 - cover) / args.reps):.3f} {cover_mle:7.3f} {cover_data:7.3f} "
              f"{cover_iid:7.3f} {cover_s:6.3f} {per_fit:5.2f}", flush=True)


if __name__ == "__main__":
    main()
