"""Monte Carlo smoke check: the Dumitriu–Edelman model at n = 1000 reproduces the HTMP CDF."""
from __future__ import annotations

import numpy as np
import pytest

from htmp_theory import HTMP
from htmp_theory.sampling import sample_htmp


@pytest.mark.parametrize("gamma,kappa", [(0.5, 2.0), (0.3255, 5.5)])
def test_bidiagonal_model_matches_cdf(gamma, kappa):
    samples = sample_htmp(1000, gamma, kappa, reps=100, rng=np.random.default_rng(12345)).ravel()
    samples.sort()
    law = HTMP(gamma, kappa)
    F = law.cdf(samples)
    n = samples.size
    ks = max(np.max(np.arange(1, n + 1) / n - F), np.max(F - np.arange(n) / n))
    # finite-n bias O(1/n) plus sampling noise ~ 1/sqrt(1e5) (eigenvalues are correlated within a
    # replicate, which shrinks the noise): a few thousandths
    assert ks < 0.004
    # and a wrong kappa is far off
    assert np.max(np.abs(HTMP(gamma, 2 * kappa).cdf(samples) - F)) > 0.02
