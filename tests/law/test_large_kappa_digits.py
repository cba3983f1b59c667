"""Arbitrary precision at large kappa (issue 12): the fixed quadrature rules for Tricomi U and the
HTMP values built on them.

Independent checks: mpmath.hyperu itself where it converges (b <= 150), mpmath.quad on the same
path (a different rule), DLMF 13.3.7 (a relation between three U values, each computed on its own
path), the same quantity at 20 more digits, and quadrature of the density against the CDF (the
CDF comes from the phase of U, the density from its modulus).
"""
from __future__ import annotations

import mpmath as mp
import pytest

from htmp_theory import HTMP
from htmp_theory._numerics.special import hyperu_scaled


def _value(r):
    return mp.exp(r.log_scale) * r.value


# (b, c, w) covering the path geometries: complex saddles (bulk), real saddles on the cut (tails)
# with the corner far or near, a positive argument, and w off the axis
_HYPERU_CASES = [
    (140, -139, -280), (140, -139, -30), (140, -139, -700), (140, -139, "-0.08"),
    (120, 60, -500), (130, "-21.5", mp.mpc(-250, -40)), (100, "0.5", 60),
]


@pytest.mark.parametrize("rule", ["fixed", "trapezoid", "polygon"])
@pytest.mark.parametrize("b,c,w", _HYPERU_CASES)
def test_rules_match_mpmath_hyperu(b, c, w, rule):
    """Each rule alone (where its own check accepts) against mpmath.hyperu at 20 more digits."""
    with mp.workdps(60):
        b, c = mp.mpf(b), mp.mpf(c)
        w = mp.mpc(w) if isinstance(w, mp.mpc) else mp.mpf(w)
        ref = mp.hyperu(b, c, w)
        if mp.im(w) == 0 and w < 0:
            ref = mp.conj(ref)  # mpmath's value on the cut is the one from above
    with mp.workdps(40):
        try:
            got = _value(hyperu_scaled(b, c, w, method="contour", quadrature=rule))
        except ArithmeticError:
            assert rule == "trapezoid"  # refused where the path turns a corner near its peak
            return
        assert abs(got / ref - 1) < mp.mpf(10) ** -39


def test_hermite_rule_matches_mpmath_hyperu():
    with mp.workdps(60):
        b, c, w = mp.mpf(140), mp.mpf(-139), mp.mpf(-280)
        ref = mp.conj(mp.hyperu(b, c, w))
    with mp.workdps(30):
        got = _value(hyperu_scaled(b, c, w, method="contour", quadrature="hermite"))
        assert abs(got / ref - 1) < mp.mpf(10) ** -29


@pytest.mark.parametrize("kappa,gamma,x", [(1e4, 0.5, "1.1"), (1e4, 0.5, "3.3"), (1e6, 2.0, "0.7"),
                                           (2000, 0.3255, "0.05")])
def test_contiguous_relation_at_large_b(kappa, gamma, x):
    """DLMF 13.3.7, U(a-1,b,z) + (b-2a-z) U(a,b,z) + a(a-b+1) U(a+1,b,z) = 0, at 50 digits."""
    with mp.workdps(50):
        a = mp.mpf(kappa) / 2
        k = a / mp.mpf(gamma)
        c = 1 + a - k
        z = -k * mp.mpf(x)
        terms = [hyperu_scaled(a - 1, c, z), hyperu_scaled(a, c, z), hyperu_scaled(a + 1, c, z)]
        top = max(t.log_scale for t in terms)
        u = [mp.exp(t.log_scale - top) * t.value for t in terms]
        parts = [u[0], (c - 2 * a - z) * u[1], a * (a - c + 1) * u[2]]
        assert abs(mp.fsum(parts)) < mp.mpf(10) ** -45 * max(abs(v) for v in parts)


def test_mpquad_rule_still_reachable():
    with mp.workdps(30):
        b, c, w = mp.mpf(400), mp.mpf(-300), mp.mpf(-700)
        new = _value(hyperu_scaled(b, c, w))
        old = _value(hyperu_scaled(b, c, w, quadrature="mpquad"))
        assert abs(new / old - 1) < mp.mpf(10) ** -28
    with pytest.raises(ValueError, match="quadrature"):
        hyperu_scaled(b, c, w, quadrature="simpson")


_POINTS = [(500.0, 0.5, "1.1"), (1e4, 0.5, "3.2"), (1e4, 4.0, "0.3"), (1e6, 0.5, "0.08"),
           (1e6, 2.0, "5.9"), (1e4, 0.05, "1.2")]


@pytest.mark.parametrize("kappa,gamma,x", _POINTS)
def test_dps50_agrees_with_dps70_at_large_kappa(kappa, gamma, x):
    """Bulk and both tails; the upper-tail and deep lower-tail densities are tiny (1e-500 and less)."""
    law = HTMP(gamma, kappa)
    with mp.workdps(80):
        lo, hi = law.pdf(mp.mpf(x), dps=50), law.pdf(mp.mpf(x), dps=70)
        assert abs(lo / hi - 1) < mp.mpf(10) ** -49
    if x in ("1.1", "1.2"):  # masses in the bulk (deep tails: test_tail_masses_dps50_agree_with_dps70)
        with mp.workdps(80):
            for f in (law.cdf, law.sf):
                lo, hi = f(mp.mpf(x), dps=50), f(mp.mpf(x), dps=70)
                assert abs(lo / hi - 1) < mp.mpf(10) ** -49, f.__name__


@pytest.mark.parametrize("x,name", [("3.21", "sf"), pytest.param("0.06", "cdf", marks=pytest.mark.slow)])
def test_deep_tail_masses_dps50_agree_with_dps70(x, name):
    """Masses 1e-267 and 1e-295: the phase of U split at the corner of its path (no extra digits)."""
    law = HTMP(0.5, 1e4)
    f = getattr(law, name)
    with mp.workdps(80):
        lo, hi = f(mp.mpf(x), dps=50), f(mp.mpf(x), dps=70)
        assert hi < mp.mpf(10) ** -260
        assert abs(lo / hi - 1) < mp.mpf(10) ** -49


@pytest.mark.slow
@pytest.mark.parametrize("x", ["2.95", "3.0", "3.1", "0.08", "0.07"])
def test_tail_masses_dps50_agree_with_dps70(x):
    """Tail masses 1e-16 to 1e-137 (near the edges the corner of the path is not negligible)."""
    law = HTMP(0.5, 1e4)
    with mp.workdps(80):
        for f in (law.cdf, law.sf):
            lo, hi = f(mp.mpf(x), dps=50), f(mp.mpf(x), dps=70)
            assert abs(lo / hi - 1) < mp.mpf(10) ** -49, f.__name__


@pytest.mark.slow
@pytest.mark.parametrize("gamma,kappa,x,upper", [(0.5, 1e4, "3.1", True), (0.5, 1e4, "0.07", False),
                                                 (2.0, 1e6, "5.9", True), (0.5, 1e6, "0.08", False)])
def test_tail_mass_from_the_phase_matches_quadrature_of_the_density(gamma, kappa, x, upper):
    """The split phase formula against quadrature of the density in log x (the method used where
    the phase is not split), at 25 digits; masses 1e-137, 1e-132, 1e-571, 1e-2613 (the last two
    came out wrong from the former path: its float estimate of the mass was far off next to the
    edges, so the phase formula ran with too few digits)."""
    law = HTMP(gamma, kappa)
    with mp.workdps(35):  # the quadrature without guard digits: 10 more
        y = mp.mpf(x)
        phase = law.sf(y, dps=25) if upper else law.cdf(y, dps=25)
        quad = law._tail_mass_quad(y, upper)
        assert abs(phase / quad - 1) < mp.mpf(10) ** -24


@pytest.mark.slow
@pytest.mark.parametrize("kappa", [300.0, 500.0, 1e4, 1e5, 1e6])
@pytest.mark.parametrize("gamma", [0.05, 0.5, 1.0, 2.0, 4.0])
def test_dps50_agrees_with_dps70_grid(kappa, gamma):
    law = HTMP(gamma, kappa)
    qs = [0.001, 0.1, 0.5, 0.9, 0.999]
    xs = [law.ppf(law.atom + q * (1 - law.atom)) for q in qs] + [1.5 * law.ppf(0.999999)]
    for x in xs:
        x = mp.mpf(float(x))
        with mp.workdps(80):
            for f in (law.pdf, law.cdf, law.sf):
                lo, hi = f(x, dps=50), f(x, dps=70)
                assert abs(lo / hi - 1) < mp.mpf(10) ** -49, (f.__name__, x)


def test_cdf_difference_matches_quadrature_of_the_pdf():
    """F(x2) - F(x1) from the phase of U against 24-point Gauss-Legendre of the density (from |U|)."""
    law = HTMP(0.5, 1e4)
    x1, x2 = mp.mpf("1.0"), mp.mpf("1.02")
    with mp.workdps(30):
        nodes, weights = zip(*mp.calculus.quadrature.GaussLegendre(mp.mp).calc_nodes(4, mp.mp.prec))
        mid, half = (x1 + x2) / 2, (x2 - x1) / 2
        integral = half * mp.fsum(w * law.pdf(mid + half * t, dps=30) for t, w in zip(nodes, weights))
        assert len(nodes) == 24
        assert abs((law.cdf(x2, dps=30) - law.cdf(x1, dps=30)) / integral - 1) < mp.mpf(10) ** -25


def test_ppf_dps50_inverts_the_cdf_at_large_kappa():
    law = HTMP(0.5, 1e4)
    with mp.workdps(70):
        q = mp.mpf("0.3")
        x = law.ppf(q, dps=50)
        assert abs(law.cdf(x, dps=60) / q - 1) < mp.mpf(10) ** -48


def test_stieltjes_dps50_at_large_kappa():
    """s(z) = k U(b+1, c+1, -kz) / U(b, c, -kz): off the axis against 20 more digits, and at x + i0
    Im s = pi p(x) (the density from |U(b, c)|^2 alone)."""
    law = HTMP(0.5, 1e4)
    with mp.workdps(80):
        z = mp.mpc("0.9", "0.05")
        s50, s70 = law.stieltjes(z, dps=50), law.stieltjes(z, dps=70)
        assert abs(s50 / s70 - 1) < mp.mpf(10) ** -49
        x = mp.mpf("1.2")
        s = law.stieltjes(x, dps=50, side=1)
        assert abs(mp.im(s) / mp.pi / law.pdf(x, dps=50) - 1) < mp.mpf(10) ** -48


@pytest.mark.parametrize("w", [-200, -280, -450])
def test_hermite_rule_at_55_digits_against_mpmath_hyperu(w):
    """The Gauss-Hermite rule (its size from the predicted error, checked against a rule of about
    half the digits) against mpmath.hyperu at 20 more digits."""
    with mp.workdps(75):
        b, c, w = mp.mpf(140), mp.mpf(-139), mp.mpf(w)
        ref = mp.conj(mp.hyperu(b, c, w))
    with mp.workdps(55):
        got = _value(hyperu_scaled(b, c, w, method="contour", quadrature="hermite"))
        assert abs(got / ref - 1) < mp.mpf(10) ** -54


def test_hermite_check_rejects_an_optimistic_prediction(monkeypatch):
    """With the distance to the nearest singularity overstated 50-fold the predicted rule is too
    small: the check against the smaller rule must not accept it (the value is refused or right)."""
    import htmp_theory._numerics.descent as descent

    true_s2 = descent._singular_s2
    monkeypatch.setattr(descent, "_singular_s2", lambda *args: [50 * x for x in true_s2(*args)])
    with mp.workdps(75):
        b, c, w = mp.mpf(140), mp.mpf(-139), mp.mpf(-280)
        ref = mp.conj(mp.hyperu(b, c, w))
    with mp.workdps(55):
        try:
            got = _value(hyperu_scaled(b, c, w, method="contour", quadrature="hermite"))
        except ArithmeticError:
            return
        assert abs(got / ref - 1) < mp.mpf(10) ** -54
