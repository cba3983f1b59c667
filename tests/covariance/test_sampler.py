"""Broken-arrow β-Wishart sampler with covariance: vs dense Wishart (β = 1, 2), vs sample_htmp (Σ = I),
and the two κ limits by Monte Carlo."""
import mpmath as mp
import numpy as np
import pytest
from scipy import stats

from htmp_theory.laws.covariance import CovarianceProductLaw, FreeCovarianceLaw
from htmp_theory.sampling import (beta_wishart_covariance, dense_wishart_covariance, sample_correlated_htmp,
                                  sample_htmp)
from htmp_theory.sampling.correlated import _secular_roots

SIGMA = np.array([0.5] * 4 + [1.0] * 3 + [3.0] * 3)


def _stats(lam):
    return {"min": lam[:, 0], "max": lam[:, -1], "tr": lam.sum(1), "tr2": (lam**2).sum(1),
            "logdet": np.log(np.maximum(lam, 1e-300)).sum(1), "median": np.median(lam, axis=1)}


def _compare(a, b, zmax=4.5):
    sa, sb = _stats(a), _stats(b)
    for key in sa:
        z = (sa[key].mean() - sb[key].mean()) / np.sqrt(sa[key].var() / len(sa[key]) + sb[key].var() / len(sb[key]))
        assert abs(z) < zmax, (key, z)
    assert stats.ks_2samp(a.ravel(), b.ravel()).pvalue > 1e-3


def test_secular_roots_vs_dense_and_relative_accuracy():
    rng = np.random.default_rng(0)
    p = np.append(rng.exponential(size=40), 0.0)
    w = rng.exponential(size=41)
    ref = np.linalg.eigvalsh(np.diag(p) + np.outer(np.sqrt(w), np.sqrt(w)))
    assert np.max(np.abs(_secular_roots(p, w) - ref)) < 1e-13 * ref[-1]
    # a tiny root (weight 1e-40 on the zero pole): relative accuracy vs mpmath
    w[-1] = 1e-40
    root = _secular_roots(p, w)[0]
    assert 0 < root < 1e-38
    with mp.workdps(40):   # f changes sign across root (1 -+ 1e-13): relative accuracy 1e-13
        f = lambda x: 1 + mp.fsum(mp.mpf(wi) / (mp.mpf(pi) - x) for pi, wi in zip(p, w))
        assert f(mp.mpf(root) * (1 - mp.mpf(1e-13))) < 0 < f(mp.mpf(root) * (1 + mp.mpf(1e-13)))
    # ties and zero weights deflate exactly
    assert np.allclose(_secular_roots(np.array([1.0, 1.0, 2.0]), np.array([0.0, 0.0, 1.0])), [1.0, 1.0, 2.5 + 0.5])


@pytest.mark.parametrize("beta", [1, 2])
def test_matches_dense_wishart(beta):
    a = beta_wishart_covariance(SIGMA, 16, beta, reps=400, rng=10 + beta)
    b = dense_wishart_covariance(SIGMA, 16, beta, reps=2000, rng=20 + beta)
    _compare(a, b)


def test_matches_dense_wishart_rank_deficient():
    a = beta_wishart_covariance(SIGMA, 6, 1, reps=400, rng=3)
    b = dense_wishart_covariance(SIGMA, 6, 1, reps=2000, rng=4)
    assert np.all(a[:, :4] == 0)
    _compare(a[:, 4:], b[:, 4:])


@pytest.mark.parametrize("n,gamma,kappa", [(30, 0.5, 1.5), (20, 2.0, 1.0)])
def test_identity_matches_sample_htmp(n, gamma, kappa):
    a = sample_correlated_htmp(n, gamma, kappa, np.ones(n), reps=300, rng=5)
    b = sample_htmp(n, gamma, kappa, reps=2000, rng=6)
    assert np.array_equal((a == 0).sum(1)[:5], (b == 0).sum(1)[:5])   # n - rank zeros for gamma > 1
    for col in (n - 1, n - 2, n // 2 + 1):
        assert stats.ks_2samp(np.log(a[:, col]), np.log(b[:, col])).pvalue > 1e-3
    assert stats.ks_2samp(a[a > 0], b[b > 0]).pvalue > 1e-3


def test_mean_is_trace():
    x = sample_correlated_htmp(40, 0.5, 0.3, SIGMA.repeat(4), reps=100, rng=8)
    assert x.mean() == pytest.approx(SIGMA.mean(), rel=0.05)


def test_kappa_limits_by_monte_carlo():
    n, gamma = 200, 0.5
    sig = np.array([1.0] * 100 + [4.0] * 100)
    nu = (np.array([1.0, 4.0]), np.array([0.5, 0.5]))
    free = FreeCovarianceLaw(nu, gamma)
    big = sample_correlated_htmp(n, gamma, 200.0, sig, reps=2, rng=9).ravel()
    assert stats.kstest(big, free.cdf).statistic < 0.02
    small = sample_correlated_htmp(n, gamma, 0.05, sig, reps=2, rng=10).ravel()
    prod = CovarianceProductLaw(nu, gamma, 0.05)
    assert stats.kstest(small, prod.cdf).statistic < 0.06
    assert stats.kstest(small, free.cdf).statistic > 0.5


@pytest.mark.parametrize("kwargs,exc,name", [
    (dict(n=3, gamma=0.5, kappa=1.0, sigma=[1.0, 2.0]), ValueError, "sigma"),
    (dict(n=2, gamma=0.5, kappa=1.0, sigma=[1.0, -2.0]), ValueError, "sigma"),
    (dict(n=2, gamma=0.5, kappa=0.0, sigma=[1.0, 2.0]), ValueError, "kappa"),
    (dict(n=2, gamma=-1.0, kappa=1.0, sigma=[1.0, 2.0]), ValueError, "gamma"),
    (dict(n=2, gamma=0.5, kappa=1.0, sigma=[1.0, 2.0], rng="x"), TypeError, "rng"),
])
def test_validation(kwargs, exc, name):
    with pytest.raises(exc, match=name):
        sample_correlated_htmp(**kwargs)
