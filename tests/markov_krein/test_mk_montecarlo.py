"""Monte Carlo: first-row spectral weights of the tridiagonal models are Dirichlet(beta/2) and independent of
the eigenvalues, so the (1,1) entry is the Dirichlet-process mean; and the DP mean of a non-classical base
measure has the moments of MK_c."""
from fractions import Fraction

import numpy as np
import pytest
from scipy import linalg, stats

from htmp_theory.laws.dirichlet_process import dp_mean_samples
from htmp_theory.laws.markov_krein import mk_transform
from htmp_theory.sampling import hermite_entries, laguerre_entries


def first_row_spectral_measure(d, e):
    lam, vec = linalg.eigh_tridiagonal(d, e)
    return lam, vec[0] ** 2


def spectral_samples(n, beta, reps, rng, kind):
    eig, weights, entry = [], [], []
    if kind == "hermite":
        D, E = hermite_entries(n, beta, reps=reps, rng=rng)
    else:  # L = B B^T, B lower bidiagonal: tridiagonal entries of L
        m = n / 0.5
        B, S = laguerre_entries(n, m, beta, reps=reps, rng=rng)
        D = B**2 + np.concatenate([np.zeros((reps, 1)), S**2], axis=1)
        E = B[:, 1:] * S
        D, E = D / (beta * m), E / (beta * m)
    for d, e in zip(D, E):
        lam, w = first_row_spectral_measure(d, e)
        eig.append(lam)
        weights.append(w)
        entry.append(d[0])
    return np.array(eig), np.array(weights), np.array(entry)


@pytest.mark.parametrize("kind", ["hermite", "laguerre"])
def test_weights_dirichlet_independent_and_entry_is_dp_mean(kind):
    n, c, reps = 40, 1.5, 600
    beta = 2 * c / n
    rng = np.random.default_rng(11)
    eig, w, entry = spectral_samples(n, beta, reps, rng, kind)
    assert np.allclose(np.sum(w * eig, axis=1), entry, atol=1e-10)       # e1^T T e1 = sum w_i lambda_i
    # marginal of a Dirichlet(beta/2, ..., beta/2) weight: Beta(beta/2, (n-1) beta/2)
    assert stats.kstest(w[:, -1], stats.beta(beta / 2, (n - 1) * beta / 2).cdf).pvalue > 1e-3
    # independence: the weight of the top eigenvalue is uncorrelated with it
    assert abs(stats.spearmanr(w[:, -1], eig[:, -1]).statistic) < 4 / np.sqrt(reps)
    # fresh Dirichlet weights on the eigenvalues reproduce the law of the (1,1) entry
    fresh = np.sum(rng.dirichlet(np.full(n, beta / 2), size=reps) * eig, axis=1)
    assert stats.ks_2samp(fresh, entry).pvalue > 1e-3
    # and the entry has the classical law (N(0,1); Gamma(shape beta m / 2, scale 2/(beta m)))
    target = stats.norm() if kind == "hermite" else stats.gamma(beta * 2 * n / 2, scale=2 / (beta * 2 * n))
    assert stats.kstest(entry, target.cdf).pvalue > 1e-3


def test_dirichlet_weights_power_detects_a_wrong_parameter():
    n, c, reps = 40, 1.5, 600
    beta = 2 * c / n
    _, w, _ = spectral_samples(n, beta, reps, np.random.default_rng(3), "hermite")
    wrong = stats.beta(beta, (n - 1) * beta)       # the test above must be able to fail
    assert stats.kstest(w[:, -1], wrong.cdf).pvalue < 1e-3


def test_dp_mean_of_uniform_has_mk_moments():
    c, reps = 1.5, 20000
    x = dp_mean_samples(lambda g, s: g.uniform(size=s), c, reps, rng=5)
    exact = mk_transform([Fraction(1, k + 1) for k in range(5)], Fraction(3, 2))
    for k in range(1, 5):
        se = np.sqrt((float(exact[2 * k]) if 2 * k < len(exact) else np.mean(x ** (2 * k))) - float(exact[k]) ** 2)
        assert abs(np.mean(x**k) - float(exact[k])) < 4.5 * se / np.sqrt(reps)


def test_dp_mean_of_arcsine_at_half_is_uniform():
    x = dp_mean_samples(lambda g, s: g.beta(0.5, 0.5, size=s), 0.5, 5000, rng=7)
    assert stats.kstest(x, "uniform").pvalue > 1e-3
    y = dp_mean_samples(lambda g, s: g.beta(0.5, 0.5, size=s), 2.0, 5000, rng=8)
    assert stats.kstest(y, "uniform").pvalue < 1e-3       # power: another c is not uniform
