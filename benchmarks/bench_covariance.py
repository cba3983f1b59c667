"""Timings of the covariance module (python benchmarks/bench_covariance.py [--ks]).

* FreeCovarianceLaw (MP_gamma ⊠ nu_Sigma): float64 pdf and cdf per point (2 and 50 atoms), pdf at dps=30;
* broken-arrow beta-Wishart sampler with covariance vs a dense real Wishart (SVD) at the same n, beta = 1
  (the dense route exists only for beta = 1, 2; the ratio is the price of arbitrary beta);
* --ks: KS distance of the sampled spectra (gamma = 0.5, Sigma = half 1, half 4) to the kappa = inf free law
  and to the kappa -> 0 product law, for kappa from 0.05 to 2000.
"""
from __future__ import annotations

import sys
import time

import numpy as np

from htmp_theory.laws.covariance import CovarianceProductLaw, FreeCovarianceLaw
from htmp_theory.sampling import beta_wishart_covariance, dense_wishart_covariance, sample_correlated_htmp


def _best(func, repeat=3):
    best = np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - t)
    return best


def bench_free() -> None:
    print("FreeCovarianceLaw, gamma = 0.5")
    print(f"{'nu':>22} {'setup':>9} {'pdf/pt':>10} {'cdf/pt':>10} {'pdf dps=30':>11}")
    rng = np.random.default_rng(0)
    cases = {"2 atoms {1, 4}": ([1.0, 4.0], [0.5, 0.5]),
             "50 atoms (lognormal)": (np.exp(rng.normal(0, 0.5, 50)), np.full(50, 0.02))}
    for name, nu in cases.items():
        t = time.perf_counter()
        law = FreeCovarianceLaw(nu, 0.5)
        law.cdf(1.0)  # edges + Chebyshev tables
        setup = time.perf_counter() - t
        x = np.linspace(*law.support, 10_002)[1:-1]
        tp = _best(lambda: law.pdf(x)) / x.size
        tc = _best(lambda: law.cdf(x)) / x.size
        td = _best(lambda: law.pdf(float(x[3000]), dps=30), repeat=2)
        print(f"{name:>22} {setup:8.2f}s {tp * 1e6:8.1f}us {tc * 1e6:8.2f}us {td * 1e3:9.1f}ms")


def bench_sampler() -> None:
    print("\nsampler vs dense real Wishart (beta = 1, gamma = 0.5, Sigma = half 1, half 4), seconds per replicate")
    print(f"{'n':>5} {'broken-arrow':>13} {'dense SVD':>10} {'ratio':>7} {'(HT, kappa=1)':>14}")
    for n in (50, 100, 200, 400):
        sig = np.array([1.0] * (n // 2) + [4.0] * (n - n // 2))
        reps = max(1, 400 // n)
        ta = _best(lambda: beta_wishart_covariance(sig, 2 * n, 1.0, reps=reps, rng=1), repeat=1) / reps
        td = _best(lambda: dense_wishart_covariance(sig, 2 * n, 1, reps=reps, rng=1)) / reps
        th = _best(lambda: sample_correlated_htmp(n, 0.5, 1.0, sig, reps=reps, rng=1), repeat=1) / reps
        print(f"{n:5d} {ta:12.3f}s {td:9.4f}s {ta / td:7.0f} {th:13.3f}s")


def ks_table(n: int = 400, reps: int = 3) -> None:
    gamma = 0.5
    nu = (np.array([1.0, 4.0]), np.array([0.5, 0.5]))
    sig = np.array([1.0] * (n // 2) + [4.0] * (n - n // 2))
    free = FreeCovarianceLaw(nu, gamma)

    def ks(x, law):
        x = np.sort(x.ravel())
        F, N = law.cdf(x), x.size
        return max(np.max(np.arange(1, N + 1) / N - F), np.max(F - np.arange(N) / N))

    print(f"\nKS distance vs kappa (n = {n}, {reps} replicates pooled, gamma = {gamma}, Sigma = half 1, half 4)")
    print(f"{'kappa':>7} {'KS free (k=inf)':>16} {'KS product (k->0)':>18}")
    for kappa in (0.05, 0.2, 1.0, 5.0, 20.0, 200.0, 2000.0):
        x = sample_correlated_htmp(n, gamma, kappa, sig, reps=reps, rng=12345)
        prod = CovarianceProductLaw(nu, gamma, kappa)
        print(f"{kappa:7g} {ks(x, free):16.4f} {ks(x, prod):18.4f}", flush=True)


if __name__ == "__main__":
    bench_free()
    bench_sampler()
    if "--ks" in sys.argv:
        ks_table()
