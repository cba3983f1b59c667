"""Benchmark: tridiagonal HTMP eigenvalues versus a dense Wishart sample of the same n.

Usage::

    python benchmarks/bench_sampling.py [--n 10000] [--gamma 0.5] [--kappa 2] [--budget 60]

Prints (1) the time of ``sample_htmp(n, ...)`` (bidiagonal model + LAPACK dqds,
O(n^2)) and of a dense real Wishart sample (n x m Gaussian X, eigvalsh(X X^T),
O(n^2 m)) run in the same process, and their ratio; (2) the largest n whose HTMP
sample finishes within ``--budget`` seconds: the growth exponent is fitted from two
sizes, the budget-limited n is predicted and then timed to confirm.
Wall-clock times are only printed, never asserted.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from htmp_theory.sampling import sample_htmp


def timed(func, *args, **kwargs) -> float:
    """Wall-clock seconds of one call."""
    start = time.perf_counter()
    func(*args, **kwargs)
    return time.perf_counter() - start


def dense_wishart_eigenvalues(n: int, m: int, rng: np.random.Generator) -> np.ndarray:
    """The dense baseline: eigenvalues of X X^T, X an n x m real Gaussian matrix."""
    x = rng.standard_normal((n, m))
    return np.linalg.eigvalsh(x @ x.T)


def largest_n(gamma: float, kappa: float, budget: float, start: int) -> tuple[int, float]:
    """Largest n (predicted from a power-law fit, then confirmed) sampled within ``budget`` s."""
    n1, n2 = start, 2 * start
    t1, t2 = timed(sample_htmp, n1, gamma, kappa, rng=1), timed(sample_htmp, n2, gamma, kappa, rng=2)
    exponent = np.log(t2 / t1) / np.log(2)
    n = int(n2 * (0.9 * budget / t2) ** (1 / exponent))
    print(f"  growth exponent {exponent:.2f} (n = {n1}: {t1:.2f} s, n = {n2}: {t2:.2f} s); "
          f"predicted n = {n}")
    while True:
        t = timed(sample_htmp, n, gamma, kappa, rng=3)
        print(f"  n = {n}: {t:.1f} s")
        if t <= budget:
            return n, t
        n = int(n * 0.97 * (budget / t) ** (1 / max(exponent, 2.0)))   # dqds is O(n^2) at worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--gamma", type=float, default=0.5)
    parser.add_argument("--kappa", type=float, default=2.0)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds for the largest-n search")
    parser.add_argument("--skip-largest", action="store_true", help="skip the largest-n search")
    args = parser.parse_args()

    n, m = args.n, int(round(args.n / args.gamma))
    rng = np.random.default_rng(0)
    sample_htmp(100, args.gamma, args.kappa, rng=0)  # warm-up (imports, LAPACK binding)
    t_tri = min(timed(sample_htmp, n, args.gamma, args.kappa, rng=k) for k in range(3))
    t_dense = timed(dense_wishart_eigenvalues, n, m, rng)
    print(f"HTMP(gamma={args.gamma:g}, kappa={args.kappa:g}), n = {n}, m = {m}")
    print(f"  tridiagonal (bidiagonal dqds) sample_htmp : {t_tri:8.3f} s (best of 3)")
    print(f"  dense Wishart eigvalsh(X X^T)             : {t_dense:8.3f} s")
    print(f"  speed-up                                   : {t_dense / t_tri:8.1f} x")
    if not args.skip_largest:
        print(f"largest n sampled within {args.budget:g} s:")
        n_max, t = largest_n(args.gamma, args.kappa, args.budget, start=n)
        print(f"  n = {n_max} in {t:.1f} s")


if __name__ == "__main__":
    main()
