"""HTMP against second closed forms, the Riccati equation, higher precision and its limits."""
from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
from scipy import stats

from htmp_theory import HTMP, MarchenkoPastur


def _riccati_residual(law: HTMP, z, dps: int):
    """ε z s' + γ z s² + (z - 1 + γ + ε) s + 1 with s' by numerical differentiation."""
    with mp.workdps(dps):
        z = mp.mpc(z)
        g, eps = mp.mpf(law.gamma), 2 * mp.mpf(law.gamma) / mp.mpf(law.kappa)
        s = law.stieltjes(z, dps=dps + 10)
        ds = mp.diff(lambda t: law.stieltjes(t, dps=mp.mp.dps), z)  # at diff's own precision
        return eps * z * ds + g * z * s**2 + (z - 1 + g + eps) * s + 1


@pytest.mark.parametrize("z", [1 + 0.5j, -2.0, 0.3 - 1e-3j, 5 + 5j])
def test_stieltjes_satisfies_riccati(law, z):
    assert abs(_riccati_residual(law, z, 25)) < 1e-18


def test_stieltjes_riccati_large_kappa():
    law = HTMP(0.3255, 1e4)  # contour-integral branch of U
    assert abs(_riccati_residual(law, 1.2 + 0.01j, 20)) < 1e-12


def test_imaginary_part_is_density(law):
    x = np.array([0.05, 0.7, 2.0])
    s = law.stieltjes(x, side=+1)
    assert np.allclose(s.imag / np.pi, law.pdf(x), rtol=1e-13)
    assert np.allclose(law.stieltjes(x, side=-1), np.conj(s), rtol=1e-15)
    assert law.stieltjes(1 + 1j).imag > 0  # Herglotz


def test_stieltjes_at_infinity_and_errors():
    law = HTMP(0.5, 2.0)
    z = 1e6j
    assert abs(law.stieltjes(z) * z + 1) < 1e-5  # s ~ -1/z
    with pytest.raises(ValueError, match="side"):
        law.stieltjes(1.0)
    with pytest.raises(ValueError, match="side"):
        law.stieltjes(1 + 1j, side=2)


@pytest.mark.parametrize("x", ["0.01", "0.8", "3.5"])
def test_tricomi_and_whittaker_forms_agree(law, x):
    """p = k / (Γ(b+1) Γ(k) |W_{c/2-b, (c-1)/2}(-kx)|²), from U = e^{z/2} z^{-c/2} W and a + c = 0."""
    with mp.workdps(30):
        b, k, a, c = law._params()
        w = mp.whitw(c / 2 - b, (c - 1) / 2, -k * mp.mpf(x))
        whittaker = k / (mp.gamma(b + 1) * mp.gamma(k) * abs(w) ** 2)
        assert abs(law.pdf(mp.mpf(x), dps=30) / whittaker - 1) < 1e-26


@pytest.mark.parametrize("gamma,kappa", [(0.3255, 1.9), (2.0, 3.0), (0.5, 2.0),
                                         pytest.param(0.3255, 1e4, marks=pytest.mark.slow)])  # contour U: 15 s
def test_dps50_agrees_with_dps70(gamma, kappa):
    law = HTMP(gamma, kappa)
    tol = mp.mpf(10) ** -49
    for x in ("0.2", "1.1"):
        x = mp.mpf(x)
        with mp.workdps(80):
            for f in (law.pdf, law.cdf):
                lo, hi = f(x, dps=50), f(x, dps=70)
                assert abs(lo / hi - 1) < tol, f.__name__
    if kappa < 100:
        with mp.workdps(80):
            s50, s70 = law.stieltjes(0.5 + 0.25j, dps=50), law.stieltjes(0.5 + 0.25j, dps=70)
            assert abs(s50 / s70 - 1) < tol


@pytest.mark.parametrize("gamma,kappa", [(0.3255, 1.9), (0.5, 2.0), (2.0, 3.0), (0.3255, 1e-3),
                                         (0.3255, 50.0), (0.1, 5.5)])
def test_float64_paths_match_mpmath(gamma, kappa):
    """The documented float64 accuracy: relative error <= 1e-12 for pdf, cdf and sf."""
    law = HTMP(gamma, kappa)
    x = law.ppf(np.array([0.02, 0.3, 0.6, 0.97]).clip(law.atom + 1e-3)) * np.array([0.9, 1.0, 1.05, 1.5])
    x = x[x > 1e-300]
    for f in (law.pdf, law.cdf, law.sf):
        exact = np.array([float(f(v, dps=20)) for v in x])
        assert np.max(np.abs(f(x) / exact - 1)) < 1e-12, f.__name__


def test_large_kappa_float_and_mp_agree():
    law = HTMP(0.3255, 1e4)
    x = np.array([0.25, 1.0, 2.3])
    exact = np.array([float(law.pdf(v, dps=20)) for v in x])
    assert np.max(np.abs(law.pdf(x) / exact - 1)) < 1e-12


def test_kappa_to_infinity_is_marchenko_pastur_at_rate_one_over_kappa():
    mp_law = MarchenkoPastur(0.3255)
    x = np.array([0.5, 1.0, 2.0])
    d = [np.max(np.abs(HTMP(0.3255, kap).cdf(x) - mp_law.cdf(x))) for kap in (1e3, 1e4)]
    assert 8 < d[0] / d[1] < 12
    inf_law = HTMP(0.3255, math.inf)
    assert inf_law.support == mp_law.support
    assert inf_law.pdf(0.1) == 0.0 and inf_law.cdf(3.0) == 1.0
    assert np.allclose(inf_law.pdf(x), mp_law.pdf(x), rtol=1e-15)


@pytest.mark.parametrize("y", [0.3, 1.0, 4.0])
def test_kappa_to_zero_density_approaches_gamma_on_the_scale_of_the_mean(y):
    """p / Gamma(k, rate k) density at x = y/k tends to 1 at rate O(kappa).

    (The Kolmogorov distance does *not* vanish: both laws degenerate at 0, with lower
    tails x^{k-b-1} and x^{k-1}; the limit holds for moments and for the density on the
    scale of the mean.)"""
    errs = []
    for kappa in (1e-2, 1e-3):
        law = HTMP(0.3255, kappa)
        x = y / law.k
        errs.append(abs(law.pdf(x) / stats.gamma(law.k, scale=1 / law.k).pdf(x) - 1))
    assert 6 < errs[0] / errs[1] < 14


def test_kappa_to_zero_moments_approach_gamma():
    for j in (2, 3, 4):
        errs = []
        for kappa in (1e-2, 1e-3):
            law = HTMP(0.3255, kappa)
            errs.append(abs(float(law.moment(j)) / stats.gamma(law.k, scale=1 / law.k).moment(j) - 1))
        assert 8 < errs[0] / errs[1] < 12
