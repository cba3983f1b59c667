"""Long accuracy checks over the documented parameter range (run with ``pytest -m slow``)."""
from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

from htmp_theory import HTMP

pytestmark = pytest.mark.slow

GRID = [(g, k) for g in (0.05, 0.3255, 0.9, 1.5, 4.0) for k in (1e-3, 0.5, 5.5, 200.0, 1e4, 1e6)]


@pytest.mark.parametrize("gamma,kappa", GRID)
def test_float64_accuracy_over_documented_range(gamma, kappa):
    law = HTMP(gamma, kappa)
    q = np.linspace(0.01, 0.99, 25).clip(law.atom + 1e-3, None)
    x = law.ppf(q)
    x = x[x > 1e-300]
    for f in (law.pdf, law.cdf, law.sf):
        exact = np.array([float(f(v, dps=20)) for v in x])
        assert np.max(np.abs(f(x) / exact - 1)) < 1e-12, f.__name__


@pytest.mark.parametrize("kappa", [1e5, 1e6])
def test_huge_kappa_dps40_agrees_with_dps60(kappa):
    law = HTMP(0.3255, kappa)
    for x in ("0.3", "1.0", "2.2"):
        with mp.workdps(70):
            lo, hi = law.pdf(mp.mpf(x), dps=40), law.pdf(mp.mpf(x), dps=60)
            assert abs(lo / hi - 1) < mp.mpf(10) ** -39
