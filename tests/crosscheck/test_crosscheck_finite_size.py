"""Finite-size study: the bias of smooth statistics decays like 1/n."""
from __future__ import annotations

from functools import partial

import numpy as np
import pytest
from matplotlib.figure import Figure
from scipy import integrate, stats

from htmp_theory.crosscheck.finite_size import finite_size_study, fit_rate
from htmp_theory.sampling import sample_marchenko_pastur


class MarchenkoPasturQuadrature:
    """MP law with ratio γ < 1 and mean 1: closed-form density, CDF by quadrature."""

    def __init__(self, gamma):
        self.gamma = gamma
        self.lo, self.hi = (1 - np.sqrt(gamma)) ** 2, (1 + np.sqrt(gamma)) ** 2

    def pdf(self, x):
        x = np.asarray(x, dtype=float)
        inside = (x > self.lo) & (x < self.hi)
        root = np.sqrt(np.clip((self.hi - x) * (x - self.lo), 0, None))
        return np.where(inside, root / (2 * np.pi * self.gamma * np.where(inside, x, 1)), 0.0)

    def cdf(self, x):
        x = np.clip(np.asarray(x, dtype=float), self.lo, self.hi)
        return np.array([integrate.quad(self.pdf, self.lo, v)[0] for v in np.ravel(x)]).reshape(x.shape)

    def moment(self, j):   # Narayana polynomials (mean-one scaling)
        from math import comb
        return 1.0 if j == 0 else sum(comb(j, r) * comb(j - 1, r) / (r + 1) * self.gamma**r for r in range(j))


def test_fit_rate_recovers_power():
    n = np.array([10, 20, 40, 80, 160])
    assert fit_rate(n, 3.0 / n) == (1.0, 0.0)
    rate, se = fit_rate(n, 2.0 * n**-0.5 * np.exp(np.random.default_rng(0).normal(0, 0.05, n.size)))
    assert abs(rate - 0.5) < 4 * se + 0.05
    assert np.isnan(fit_rate([10, 20], [0.0, -1.0])[0])


def test_marchenko_pastur_bias_decays_like_one_over_n():
    law = MarchenkoPasturQuadrature(0.5)
    assert law.cdf(np.array([law.hi])) == pytest.approx(1.0, abs=1e-8)
    sampler = partial(sample_marchenko_pastur, gamma=0.5, beta=1.0)
    study = finite_size_study(sampler, law, [10, 20, 40, 80], reps=400, rng=1, moments=2, grid_size=256)
    # exact finite-n: E (1/n) sum x^2 = 1 + gamma + gamma/n at beta = 1, i.e. bias gamma/n
    assert study.values["|moment 2 bias|"][0] == pytest.approx(0.05, abs=4 * study.stderr["|moment 2 bias|"][0])
    for name in ("ESD bias (L2)", "|moment 2 bias|"):
        rate, se = study.rates[name]
        assert abs(rate - 1) < max(4 * se, 0.3), (name, rate, se)
    assert "rate" in str(study)
    fig = Figure()
    study.plot(fig.subplots())


def test_equal_work_and_bad_arguments():
    sampler = partial(sample_marchenko_pastur, gamma=0.5, beta=2.0)
    study = finite_size_study(sampler, stats.uniform(0, 3), [10, 40], reps=4, equal_work=True, rng=2)
    assert list(study.reps) == [16, 4]
    with pytest.raises(ValueError, match="sizes"):
        finite_size_study(sampler, stats.uniform(0, 3), [10], reps=4)
    with pytest.raises(ValueError, match="reps"):
        finite_size_study(sampler, stats.uniform(0, 3), [10, 20], reps=1)
