"""The steepest-descent contour for Tricomi U against mpmath.hyperu (two independent methods)."""
from __future__ import annotations

import mpmath as mp
import pytest

from htmp_theory._numerics.special import hyperu_scaled


def _value(r):
    return mp.exp(r.log_scale) * r.value


@pytest.mark.parametrize("gamma,kappa", [(0.3255, 50.0), (0.5, 200.0), (1.5, 200.0), (4.0, 100.0)])
def test_contour_matches_hyperu_on_the_cut(gamma, kappa):
    with mp.workdps(30):
        b, k = mp.mpf(kappa) / 2, mp.mpf(kappa) / (2 * mp.mpf(gamma))
        c = 1 + b - k
        # inside the bulk (complex saddles) and on both sides of it (real saddles)
        for x in ("0.01", "0.04", "0.2", "1", "3", "6"):
            w = -k * mp.mpf(x)
            ref = mp.conj(mp.hyperu(b, c, w))  # mpmath gives the other side of the cut
            assert abs(_value(hyperu_scaled(b, c, w, method="contour")) / ref - 1) < 1e-25
            assert abs(_value(hyperu_scaled(b, c, w, method="contour", fast=True)) / ref - 1) < 1e-13


@pytest.mark.parametrize("w", [mp.mpc(-30, -5), mp.mpc(-30, 5), mp.mpc(20, -40), mp.mpf(15)])
def test_contour_matches_hyperu_off_the_cut(w):
    with mp.workdps(30):
        b, c = mp.mpf(40), mp.mpf("-21.5")
        ref = mp.hyperu(b, c, w)
        assert abs(_value(hyperu_scaled(b, c, w, method="contour")) / ref - 1) < 1e-25


def test_hyperu_scaled_rejects_unknown_method():
    with pytest.raises(ValueError, match="method"):
        hyperu_scaled(2, 0.5, -1.0, method="series")
