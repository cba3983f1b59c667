"""Parameter sets shared by the law tests (the float64 tables are cached per (γ, κ))."""
from __future__ import annotations

import pytest

from htmp_theory import HTMP

#: (gamma, kappa): integer c and a = 0; the paper's gamma; gamma > 1 (atom); tiny kappa
CASES = [(0.5, 2.0), (0.3255, 1.9), (2.0, 3.0), (0.3255, 1e-3)]


@pytest.fixture(params=CASES, ids=lambda p: f"g{p[0]}-k{p[1]}")
def law(request) -> HTMP:
    return HTMP(*request.param)
