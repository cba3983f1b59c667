"""The cached Gauss rules of the descent module against exact moments, whatever the working
precision of their first call (the rules are cached by precision: a rule first built from a
call at low working precision once kept only that precision in its mirrored half, and a later
call at higher precision got nodes ~20 digits short)."""
from __future__ import annotations

import mpmath as mp
import pytest

from htmp_theory._numerics import descent


@pytest.mark.parametrize("build, moment", [
    (descent._gauss_legendre, lambda k: mp.mpf(2) / (k + 1) if k % 2 == 0 else mp.mpf(0)),
    # weight e^{-s^2/2} on the real line: (k - 1)!! sqrt(2 pi) for even k
    (descent._gauss_hermite, lambda k: mp.fac2(k - 1) * mp.sqrt(2 * mp.pi) if k % 2 == 0 else mp.mpf(0)),
])
@pytest.mark.parametrize("n", [5, 12])
def test_rule_first_built_at_low_precision_keeps_its_bits(build, moment, n):
    bits = 320  # a precision no other test asks for (the cache is per process)
    with mp.workprec(53):  # the caller's context: double precision
        nodes, weights = build(n, bits)
    with mp.workprec(bits + 40):
        for k in range(2 * n):  # exact for polynomials of degree < 2n
            total = mp.fsum(w * x ** k for x, w in zip(nodes, weights))
            scale = max(mp.mpf(1), abs(moment(k)))
            assert abs(total - moment(k)) < mp.mpf(2) ** (-bits + 12) * scale * max(abs(x) for x in nodes) ** k
        assert all(nodes[i] == -nodes[-1 - i] for i in range(n))
