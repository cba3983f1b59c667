"""β-Laguerre model and the HTMP scaling checked against exact finite-n facts."""
from __future__ import annotations

import mpmath
import numpy as np
import pytest

from htmp_theory.sampling import beta_laguerre, laguerre_entries, sample_htmp, sample_marchenko_pastur
from htmp_theory.sampling._lapack import bidiagonal_singular_values


def trace_square_from_entries(n: int, m: float, beta: float) -> float:
    """E tr (BB^T)^2 expanded in the independent chi^2 entries.

    tr L^2 = sum_i (d_i^2 + e_{i-1}^2)^2 + 2 sum_i e_i^2 d_i^2 with E chi_k^2 = k and
    E chi_k^4 = k(k+2).
    """
    D = beta * (m - np.arange(n))            # dof of d_i^2, i = 1..n
    E = np.r_[0.0, beta * np.arange(n - 1, 0, -1.0)]  # dof of e_{i-1}^2 (e_0 = 0)
    diag = D * (D + 2) + 2 * D * E + E * (E + 2)
    cross = 2 * np.sum(E[1:] * D[:-1])       # e_i (i = 1..n-1) sits below d_i
    return float(diag.sum() + cross)


@pytest.mark.parametrize("n, m, beta", [(3, 2.5, 0.7), (5, 9.3, 2.0), (20, 40.0, 0.05), (7, 6.2, 3.5)])
def test_trace_square_closed_form_matches_entry_expansion(n, m, beta):
    closed = beta * n * m * (beta * (n + m - 1) + 2)
    assert trace_square_from_entries(n, m, beta) == pytest.approx(closed, rel=1e-12)


@pytest.mark.parametrize("n, m, beta", [(3, 2.5, 0.7), (10, 25.0, 0.1), (40, 80.0, 1.0), (6, 5.4, 2.5)])
def test_first_two_trace_moments(n, m, beta):
    reps = 20000
    lam = beta_laguerre(n, m, beta, reps=reps, rng=12345)
    t1, t2 = lam.sum(axis=1), (lam**2).sum(axis=1)
    for values, exact in ((t1, beta * n * m), (t2, trace_square_from_entries(n, m, beta))):
        z = (values.mean() - exact) / (values.std(ddof=1) / np.sqrt(reps))
        assert abs(z) < 4.5, (exact, values.mean(), z)


def test_eigenvalues_equal_dense_product():
    d, e = laguerre_entries(6, 8.5, 1.3, reps=3, rng=2)
    lam = bidiagonal_singular_values(d, e) ** 2
    for r in range(3):
        B = np.diag(d[r]) + np.diag(e[r], -1)
        assert np.allclose(lam[r], np.linalg.eigvalsh(B @ B.T), rtol=1e-10, atol=1e-12)


def test_tiny_eigenvalues_keep_relative_accuracy():
    """Small kappa: the spectrum spans many decades; compare with 80-digit arithmetic."""
    d, e = laguerre_entries(12, 24.0, 0.005, rng=7)
    lam = bidiagonal_singular_values(d, e)[0] ** 2
    assert lam.max() / lam.min() > 1e12
    with mpmath.workdps(80):
        B = mpmath.matrix(12, 12)
        for i in range(12):
            B[i, i] = d[0, i]
            if i:
                B[i, i - 1] = e[0, i - 1]
        exact = sorted(mpmath.eigsy(B * B.T, eigvals_only=True))
        rel = [abs(mpmath.mpf(float(x)) / y - 1) for x, y in zip(lam, exact)]
    assert float(max(rel)) < 1e-12
    # and a dynamic range beyond double precision: det B = prod of singular values
    d, e = laguerre_entries(50, 100.0, 0.0005, rng=8)
    s = bidiagonal_singular_values(d, e)[0]
    assert s.min() / s.max() < 1e-20
    assert np.sum(np.log(s)) == pytest.approx(np.sum(np.log(d)), rel=1e-12)


def test_sample_htmp_shape_mean_and_second_moment():
    n, gamma, kappa, reps = 200, 0.5, 2.0, 400
    x = sample_htmp(n, gamma, kappa, reps=reps, rng=3)
    assert x.shape == (reps, n)
    assert np.all(np.diff(x, axis=1) >= 0) and x.min() > 0
    m1, m2 = x.mean(axis=1), (x**2).mean(axis=1)
    exact2 = 1 + gamma + 2 * gamma / kappa - gamma / n
    for values, exact in ((m1, 1.0), (m2, exact2)):
        assert abs(values.mean() - exact) < 4.5 * values.std(ddof=1) / np.sqrt(reps)


def test_sample_htmp_gamma_above_one_has_atom_and_mean_one():
    n, gamma = 300, 1.5
    x = sample_htmp(n, gamma, 3.0, reps=200, rng=4)
    rank = round(n / gamma)
    assert np.all(x[:, : n - rank] == 0) and np.all(x[:, n - rank:] > 0)
    means = x.mean(axis=1)
    assert abs(means.mean() - 1) < 4.5 * means.std(ddof=1) / np.sqrt(200)


def test_small_kappa_spectrum_is_positive_and_accurate():
    x = sample_htmp(2000, 0.5, 0.05, rng=5)
    assert x.min() > 0 and x.max() / x.min() > 1e30


def test_marchenko_pastur_scaling_has_mp_support():
    x = sample_marchenko_pastur(2000, 0.25, 2.0, rng=6)
    lo, hi = (1 - 0.5) ** 2, (1 + 0.5) ** 2
    assert lo - 0.02 < x.min() < lo + 0.02 and hi - 0.05 < x.max() < hi + 0.05


@pytest.mark.parametrize("kwargs, error", [
    (dict(n=0, gamma=0.5, kappa=1.0), ValueError),
    (dict(n=2.5, gamma=0.5, kappa=1.0), TypeError),
    (dict(n=10, gamma=0.0, kappa=1.0), ValueError),
    (dict(n=10, gamma=0.5, kappa=-1.0), ValueError),
    (dict(n=10, gamma=50.0, kappa=1.0), ValueError),
    (dict(n=10, gamma=0.5, kappa=1.0, rng=np.random.RandomState(0)), TypeError),
    (dict(n=10, gamma=0.5, kappa=1.0, reps=0), ValueError),
])
def test_sample_htmp_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error):
        sample_htmp(**kwargs)


def test_beta_laguerre_rejects_bad_arguments():
    with pytest.raises(ValueError, match="m must be > n - 1"):
        beta_laguerre(5, 3.9, 1.0)
    with pytest.raises(ValueError, match="beta"):
        beta_laguerre(5, 8.0, 0.0)
