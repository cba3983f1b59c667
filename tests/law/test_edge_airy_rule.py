"""The Airy (cubic) rule of the descent module next to the edges of the HTMP bulk (issue 12).

Where the two saddles of the Laplace integral of U nearly merge, the integral is taken in the
cubic variable u (phi = phi(t0) + zeta u - u^3/3 - C(u0)) on two rays.  Checked against two
independent computations: ``mpmath.quad`` on the steepest-descent polygon (``rule="mpquad"``)
and the same rule at 20 more digits; both inside the bulk (complex saddles) and just beyond it
(real saddles, where the far-tail phase must keep its relative accuracy).
"""
from __future__ import annotations

import math

import mpmath as mp
import pytest

from htmp_theory._numerics.special import hyperu_scaled


def _edges(gamma: float, kappa: float) -> tuple[float, float]:
    """The points where the saddles of U(b, c, -k x) merge (b = kappa/2, k = kappa/(2 gamma))."""
    b, k = kappa / 2, kappa / (2 * gamma)
    p, q = b - 1, k
    a2, a1, a0 = k * k, 2 * k * (p - q) - 4 * k * p, (p - q) ** 2
    root = math.sqrt(a1 * a1 - 4 * a2 * a0)
    return (-a1 - root) / (2 * a2), (-a1 + root) / (2 * a2)


def _u(gamma, kappa, x, rule, dps):
    """U to ``dps`` digits, the working precision carrying k x and the exponent (as the law does)."""
    with mp.workdps(dps + int(math.log10(kappa)) + 2):
        b = mp.mpf(kappa) / 2
        k = b / mp.mpf(gamma)
        return hyperu_scaled(b, 1 + b - k, -k * mp.mpf(x), method="contour", quadrature=rule, digits=dps)


# (gamma, kappa, which edge, relative offset): inside the bulk (< 0 at the upper edge) and beyond
_CASES = [(0.5, 1e4, 1, -0.003), (0.5, 500, 1, 0.01), (0.05, 300, 0, 0.002),
          (2.0, 1e4, 1, -0.002), (2.0, 1e4, 0, 0.002)]


@pytest.mark.parametrize("gamma,kappa,edge,offset", _CASES)
def test_airy_rule_matches_mpquad_and_higher_precision(gamma, kappa, edge, offset):
    x = repr(_edges(gamma, kappa)[edge] * (1 + offset))
    got = _u(gamma, kappa, x, "airy", 50)
    finer = _u(gamma, kappa, x, "airy", 70)
    ref = _u(gamma, kappa, x, "mpquad", 55)
    with mp.workdps(80):
        for other in (finer, ref):
            ratio = mp.exp(got.log_scale - other.log_scale) * got.value / other.value
            assert abs(ratio - 1) < mp.mpf(10) ** -48
        if finer.phase_pi is not None:  # beyond the bulk: the small phase to its own digits
            assert got.phase_pi == finer.phase_pi
            assert abs(got.residual / finer.residual - 1) < mp.mpf(10) ** -48


def test_airy_rule_refuses_far_from_the_edge():
    with pytest.raises(ArithmeticError, match="airy"):
        _u(0.5, 1e4, "1.1", "airy", 30)
