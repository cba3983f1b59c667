"""The fixed-point polishing step (``_numerics.reversion.refine``) against mpmath.findroot at
twice the digits: roots of phi(t) - c, phi(t) = A t + p log t - q log(1 + t), real and complex,
of very different sizes, and phi' there against its closed form."""
from __future__ import annotations

import mpmath as mp
import pytest

from htmp_theory._numerics.reversion import refine


def _phi(A, p, q):
    return lambda t: A * t + p * mp.log(t) - q * mp.log(1 + t)


def _digits(a, b) -> float:
    with mp.workdps(300):
        e = abs(a / b - 1)
        return 999.0 if e == 0 else float(-mp.log10(e))


# (A, p, q, root): the root is chosen, the constant c = phi(root) follows; sizes from 1e-7 to 1e6,
# next to a saddle of phi (A, p, q of HTMP at kappa = 1e6, where phi' nearly vanishes) and on the
# positive axis
CASES = [
    ("6.03e6", "5e5", "1e7", ("0.27", "0.011")),
    ("-700", "399", "700", ("1.3", "-0.4")),
    ("2.5", "40", "61.5", ("1e-30", "3e-31")),
    ("1e-3", "3", "2", ("1e12", "2e11")),
    ("17.5", "149", "75", ("3.1", None)),
    (None, "3", "2", ("1e12", "5e11")),  # A such that phi' nearly cancels at a large root
]


@pytest.mark.parametrize("A,p,q,root", CASES)
@pytest.mark.parametrize("dps", [30, 60, 120])
def test_refine_reaches_the_root_to_the_digits_asked(A, p, q, root, dps):
    with mp.workdps(2 * dps + 20):
        p_, q_ = mp.mpf(p), mp.mpf(q)
        complex_root = root[1] is not None
        exact = mp.mpc(*root) if complex_root else mp.mpf(root[0])
        A_ = mp.mpf(A) if A is not None else -(p_ / exact - q_ / (1 + exact)) * (1 - mp.mpf("1e-6"))
        c = _phi(A_, p_, q_)(exact)
        phi_prime = A_ + p_ / exact - q_ / (1 + exact)
    # the working precision carries phi's large terms and the root's condition (as the callers'
    # guard digits do), no more
    with mp.workdps(50):
        terms = abs(A_ * exact) + abs(p_ * mp.log(exact)) + abs(q_ * mp.log(1 + exact))
        guard = int(mp.log10(terms) + max(0, mp.log10(terms / abs(phi_prime * exact))))
    with mp.workdps(dps + 3 + guard):
        start = complex(exact) * (1 + 3e-15)  # a double-precision root
        tm = mp.mpc(start) if complex_root else mp.mpf(start.real)
        phi = _phi(+A_, +p_, +q_)
        got = refine(lambda t: phi(t) - c, +A_, +p_, +q_, tm, abs(start), dps, 4)
    assert got is not None
    t, derivative = got
    assert isinstance(t, mp.mpc) == complex_root
    # the root has its digits; phi' (a difference of large terms next to a saddle) those left
    # after the cancellation
    assert _digits(t, exact) > dps
    with mp.workdps(50):
        lost = max(0.0, float(mp.log10((abs(A_) + p_ / abs(exact) + q_ / abs(1 + exact)) / abs(phi_prime))))
    assert _digits(derivative, phi_prime) > dps - lost


def test_refine_gives_none_when_it_does_not_converge():
    """From a point 1e-3 away, one step cannot reach 60 digits: None, not a wrong root."""
    with mp.workdps(70):
        A, p, q = mp.mpf(-700), mp.mpf(399), mp.mpf(700)
        exact = mp.mpc("1.3", "-0.4")
        c = _phi(A, p, q)(exact)
        phi = _phi(A, p, q)
        start = mp.mpc(complex(exact) * (1 + 1e-3))
        assert refine(lambda t: phi(t) - c, A, p, q, start, 1.4, 60, 1) is None
        t, _ = refine(lambda t: phi(t) - c, A, p, q, start, 1.4, 60, 6)
        assert _digits(t, exact) > 60


def test_refine_gives_none_at_a_pole_of_the_step():
    """At t = -1 (phi' undefined) the step cannot be formed: None, not ZeroDivisionError."""
    with mp.workdps(40):
        A, p, q = mp.mpf(2), mp.mpf(3), mp.mpf(5)
        assert refine(lambda t: t, A, p, q, mp.mpf(-1), 1.0, 30, 3) is None
