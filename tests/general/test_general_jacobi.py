"""JacobiHT: the closed form against quadrature, the loop equation, the c -> 0 Beta limit and
β-Jacobi samples; the phase CDF against quadrature of the density."""
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
import sympy as sp
from scipy import stats

import htmp_theory
from htmp_theory.laws import JacobiHT
from htmp_theory.sampling import beta_jacobi
from htmp_theory.symbolic import loop_equation
from htmp_theory.symbolic.loop import Z
from htmp_theory.symbolic.output import to_mpmath

# (a, b, c): both signs of a and b, c below and above 1 (phase turns for c > 1), integer cases
PARAMS = [(0.5, -1 / 3, 2.0), (-0.4, 1.3, 0.7), (0, 0, 1), (-0.9, -0.8, 5.0), (2, 0, 3)]


def _substituted(law, edge, width, exponent, dps):
    """∫ p over the panel of ``width`` at ``edge`` (0 or 1) by mpmath.quad, after
    distance = width r^(1/(1+exponent)) (removes the edge singularity distance^exponent).

    At the upper edge 1 - distance would round to 1, so the mirrored law p_{b,a,c}(distance)
    is used (the mirror symmetry is tested on its own in test_symmetry_x_to_one_minus_x).
    """
    e = 1 / (1 + mp.mpf(exponent))
    if edge == 1:
        a, b, c = law._params  # the exact parameters (a float b = -1/3 would differ from Fraction(-1, 3))
        law = JacobiHT(b, a, c)

    def f(r):
        d = width * r**e
        return law.pdf(d, dps=dps) * width * e * r ** (e - 1) if d > 0 else mp.mpf(0)

    return mp.quad(f, [0, 1])


def _between(law, lo, hi, dps):
    """∫_lo^hi p with breakpoints graded geometrically towards both edges."""
    pts = [mp.mpf(lo)]
    while pts[-1] < 0.25 and 2 * pts[-1] < hi:
        pts.append(2 * pts[-1])
    tail = [mp.mpf(hi)]
    while 1 - tail[-1] < 0.25 and 1 - 2 * (1 - tail[-1]) > pts[-1]:
        tail.append(1 - 2 * (1 - tail[-1]))
    return mp.quad(lambda t: law.pdf(t, dps=dps), pts + tail[::-1])


_EDGE = mp.mpf(1) / 16  # width of the substituted edge panels


def _mass_below(law, x, dps):
    x = mp.mpf(x)
    if x <= _EDGE:
        return _substituted(law, 0, x, law.a, dps)
    return _substituted(law, 0, _EDGE, law.a, dps) + _between(law, _EDGE, x, dps)


def _mass_above(law, x, dps):
    x = mp.mpf(x)
    if 1 - x <= _EDGE:
        return _substituted(law, 1, 1 - x, law.b, dps)
    return _substituted(law, 1, _EDGE, law.b, dps) + _between(law, x, 1 - _EDGE, dps)


def test_normalisation_and_moments():
    a, b, c = Fraction(1, 2), Fraction(-1, 3), Fraction(2)
    law = JacobiHT(a, b, c, scale=1)
    with mp.workdps(22):
        total = _mass_below(law, 0.5, 22) + _mass_above(law, 0.5, 22)
        quad_m = [mp.quad(lambda t, j=j: t**j * law.pdf(t, dps=22), [0, 0.5, 1]) for j in (1, 2, 3)]
    assert abs(total - 1) < 1e-18
    assert law.moment(1) == (1 + a + c) / (2 + a + b + 2 * c)  # exact Fraction
    for j, m in zip((1, 2, 3), quad_m):
        assert isinstance(law.moment(j), Fraction)
        assert abs(m - mp.mpf(law.moment(j).numerator) / law.moment(j).denominator) < 1e-15
    # float parameters give floats; scale s multiplies the j-th moment by s^j
    assert JacobiHT(0.5, -0.25, 2).moment(2) == pytest.approx(float(JacobiHT(Fraction(1, 2), Fraction(-1, 4), 2,
                                                                              scale=1).moment(2)), rel=1e-15)
    assert JacobiHT(a, b, c, scale=Fraction(3)).moment(2) == 9 * law.moment(2)
    # a = 0 or b = 0 (the loop equation is derived with symbols, then specialised)
    assert JacobiHT(0, 0, 1, scale=1).moment(1) == Fraction(1, 2)


@pytest.mark.parametrize("a, b, c", [(0.5, -1 / 3, 2.0), (-0.9, -0.8, 5.0), (-0.4, 1.3, 0.7)])
def test_cdf_matches_quadrature(a, b, c):
    law = JacobiHT(a, b, c)
    for x in (1e-3, 0.3, 0.8, 0.999):
        with mp.workdps(22):
            below, above = _mass_below(law, x, 22), _mass_above(law, x, 22)
        F, S = law.cdf(x, dps=20), law.sf(x, dps=20)
        assert abs(F - below) <= 1e-16 * below  # the quadrature is good to ~1e-18 relative
        assert abs(S - above) <= 1e-16 * above


@pytest.mark.parametrize("a, b, c", PARAMS)
def test_dps30_agrees_with_dps50(a, b, c):
    law = JacobiHT(a, b, c)
    for x in ("1e-7", "0.05", "0.5", "0.73", "0.9999"):
        for method in (law.pdf, law.cdf, law.sf):
            lo, hi = method(x, dps=30), method(x, dps=50)
            with mp.workdps(60):
                assert abs(lo - hi) <= mp.mpf(10) ** -29 * abs(hi), (method.__name__, x)


def test_symmetry_x_to_one_minus_x():
    """p_{a,b,c}(x) = p_{b,a,c}(1 - x): a check of K and u, which are not manifestly symmetric."""
    law, flip = JacobiHT(0.5, -1 / 3, 2.0), JacobiHT(-1 / 3, 0.5, 2.0)
    with mp.workdps(40):
        for x in (mp.mpf("1e-12"), mp.mpf("0.01"), mp.mpf("0.4"), mp.mpf("0.875"), 1 - mp.mpf("1e-12")):
            assert abs(law.pdf(x, dps=30) - flip.pdf(1 - x, dps=30)) < 1e-28 * law.pdf(x, dps=30)
            assert abs(law.cdf(x, dps=30) - flip.sf(1 - x, dps=30)) < 1e-28


def test_small_c_tends_to_beta():
    a, b = 0.5, -0.4
    x = np.linspace(0.02, 0.98, 9)
    beta = stats.beta(a + 1, b + 1).pdf(x)
    err = [np.max(np.abs(JacobiHT(a, b, c).pdf(x) - beta)) for c in (1e-2, 1e-3)]
    assert err[1] < 5e-3  # about 2.5 c
    assert 7 < err[0] / err[1] < 13  # O(c)


def test_stieltjes_boundary_values_and_quadrature():
    law = JacobiHT(0.5, -1 / 3, 2.0)
    for x in (0.1, 0.45, 0.9):
        s = law.stieltjes(x, side=1, dps=25)
        with mp.workdps(30):
            assert abs(mp.im(s) / mp.pi - law.pdf(x, dps=25)) < 1e-23 * law.pdf(x, dps=25)
        assert law.stieltjes(x, side=-1) == pytest.approx(np.conj(complex(s)), rel=1e-15)
    for z in (0.3 + 0.4j, 1.5 - 0.2j, -0.7 + 0.01j, 2.0):
        with mp.workdps(25):
            ref = mp.quad(lambda t: law.pdf(t, dps=22) / (t - z), [0, 0.3, 0.5, 1])
        assert abs(law.stieltjes(z, dps=20) - ref) < 1e-17 * abs(ref)
    # s(z) = -1/z - m1/z^2 + ...  and s_{kX}(z) = s_X(z/k)/k
    z = 1e4 + 1e4j
    assert law.stieltjes(z) == pytest.approx(-1 / z - law.mean() / z**2, rel=1e-7)
    scaled = JacobiHT(0.5, -1 / 3, 2.0, scale=3.0)
    assert scaled.stieltjes(0.9 + 0.3j) == pytest.approx(law.stieltjes(0.3 + 0.1j) / 3, rel=1e-14)


@pytest.mark.parametrize("a, b, c", [(Fraction(1, 2), Fraction(-1, 3), Fraction(2)),
                                     (Fraction(-3, 5), Fraction(7, 4), Fraction(3, 10))])
def test_loop_equation_residual(a, b, c):
    """G = -s solves h G' = c h G^2 + B G + C of loop_equation(-a log x - b log(1-x), edges (0, 1))."""
    x = sp.Symbol("x", positive=True)
    loop = loop_equation(-sp.Rational(a) * sp.log(x) - sp.Rational(b) * sp.log(1 - x), x, sp.Rational(c),
                         edges=(0, 1))
    h, B, C = (to_mpmath(e, [Z]) for e in (loop.h, loop.B, loop.C))
    law = JacobiHT(a, b, c)
    delta = mp.mpf(10) ** -12
    with mp.workdps(45):
        for z in (mp.mpc(0.3, 0.4), mp.mpc(-1.2, 0.5), mp.mpc(2.5, 1e-3), mp.mpc(0.6, 1e-8)):
            g = -law.stieltjes(z, dps=40)
            # central difference: truncation ~ delta^2, rounding ~ 1e-40 / delta
            dg = (law.stieltjes(z - delta, dps=40) - law.stieltjes(z + delta, dps=40)) / (2 * delta)
            terms = [h(z) * dg, -mp.mpf(c.numerator) / c.denominator * h(z) * g**2, -B(z) * g, -C(z)]
            assert abs(sum(terms)) < 1e-20 * max(abs(t) for t in terms)


def test_edges_outside_and_scale():
    law = JacobiHT(0, 0.5, 1.5)
    assert law.pdf(0.0) == 3.0  # 1 + b + c at a = 0
    assert law.pdf(1e-12) == pytest.approx(3.0, rel=1e-9)
    assert JacobiHT(1, 0, 2).pdf(1.0) == 4.0  # 1 + a + c at b = 0
    assert JacobiHT(-0.5, 0.5, 1).pdf(0.0) == np.inf and JacobiHT(0.5, 0.5, 1).pdf(0.0) == 0.0
    x = np.array([-1.0, 0.0, 1.0, 2.0, np.nan])
    assert np.array_equal(law.cdf(x), [0, 0, 1, 1, np.nan], equal_nan=True)
    assert np.array_equal(law.pdf(np.array([-0.5, 1.5])), [0.0, 0.0])
    scaled = JacobiHT(0, 0.5, 1.5, scale=4.0)
    assert scaled.support == (0.0, 1.0)
    assert scaled.pdf(2.0) == pytest.approx(law.pdf(0.5) / 4, rel=1e-14)
    assert scaled.cdf(2.0, dps=25) == law.cdf(0.5, dps=25)


def test_float_paths_and_quantiles():
    law = JacobiHT(0.5, -1 / 3, 2.0)
    x = np.array([1e-200, 1e-6, 0.2, 0.5, 0.95, 1 - 1e-9])
    ref = {m: np.array([float(v) for v in getattr(law, m)(x, dps=25)]) for m in ("logpdf", "cdf", "sf")}
    # float64 table in the logit variable: pdf/sf to 1e-13, cdf to 5e-13 relative (module docstring);
    # at x = 1e-200 the logit density is e^-688, its log held to a few units in the last place (~1e-13)
    assert np.allclose(np.exp(law.logpdf(x) - ref["logpdf"]), 1, rtol=0, atol=4e-13)
    assert np.allclose(law.cdf(x), ref["cdf"], rtol=5e-13, atol=0)
    assert np.allclose(law.sf(x), ref["sf"], rtol=1e-13, atol=0)
    q = np.array([1e-12, 0.2, 0.5, 0.9])
    assert np.allclose(law.cdf(law.ppf(q)), q, rtol=1e-12, atol=0)
    x30 = law.ppf(0.7, dps=30)  # the float 0.7 is its binary value (precision contract)
    assert abs(law.cdf(x30, dps=30) - mp.mpf(0.7)) < mp.mpf(10) ** -29


@pytest.mark.parametrize("a, b, c, reps", [(0.5, -0.5, 2.0, 4), (-0.5, 1.0, 0.5, 3)])
def test_monte_carlo_beta_jacobi(a, b, c, reps):
    """β-Jacobi eigenvalues with β = 2c/n and weight λ^a (1-λ)^b: the sampler's exponent is
    (β/2)(a_s + 1) - 1, so a_s = (a + 1) n / c - 1."""
    n = 500
    beta = 2 * c / n
    sample = beta_jacobi(n, (a + 1) * n / c - 1, (b + 1) * n / c - 1, beta, reps=reps, rng=20261124).ravel()
    ks = stats.kstest(sample, JacobiHT(a, b, c).cdf).statistic
    assert ks < 0.035  # measured 0.009-0.020 over seeds; the Beta(a+1, b+1) (c = 0) law gives > 0.15
    assert stats.kstest(sample, stats.beta(a + 1, b + 1).cdf).statistic > 0.1


def test_bad_input():
    with pytest.raises(ValueError, match="a must lie in"):
        JacobiHT(-1, 0, 1)
    with pytest.raises(ValueError, match="b must lie in"):
        JacobiHT(0, -1.5, 1)
    with pytest.raises(ValueError, match="c must lie in"):
        JacobiHT(0, 0, 0)
    with pytest.raises(ValueError, match="scale must lie in"):
        JacobiHT(0, 0, 1, scale=-2)
    with pytest.raises(ValueError, match="a must be a real number"):
        JacobiHT(float("nan"), 0, 1)
    with pytest.raises(TypeError, match="b must be a real number"):
        JacobiHT(0, [1], 1)
    with pytest.raises(ValueError, match="b must be a real number"):
        JacobiHT(0, "x1", 1)
    with pytest.raises(TypeError, match="c must be a real number"):
        JacobiHT(0, 0, 1j)
    law = JacobiHT(0, 0, 1)
    with pytest.raises(ValueError, match="dps"):
        law.pdf(0.5, dps=0)
    with pytest.raises(ValueError, match="q must lie"):
        law.ppf(1.5)
    with pytest.raises(ValueError, match="side"):
        law.stieltjes(0.5)


def test_exports():
    assert htmp_theory.JacobiHT is JacobiHT
    assert "JacobiHT" in htmp_theory.__all__ and "JacobiHT" in htmp_theory.laws.__all__


@pytest.mark.parametrize("a, b, c", [(-0.5, 1 / 3, 1.0), pytest.param(3.0, 4.0, 10.0, marks=pytest.mark.slow),
                                     (-0.9, -0.8, 0.3)])
def test_float64_table_accuracy(a, b, c):
    """The logit-variable Riccati table (edge exponents near -1 included) against dps=25."""
    law = JacobiHT(a, b, c)
    x = np.concatenate([np.logspace(-12, -1, 6), np.linspace(0.15, 0.85, 5), 1 - np.logspace(-1, -12, 6)])
    # pdf, sf: the log of the logit density (down to -120 at 1 - x = 1e-12 for a, b, c = 3, 4, 10) is
    # held to a few units in its last place
    for method, tol in (("pdf", 4e-13), ("cdf", 5e-13), ("sf", 4e-13)):
        ref = np.array([float(v) for v in getattr(law, method)(x, dps=25)])
        assert np.max(np.abs(getattr(law, method)(x) / ref - 1)) < tol, method
