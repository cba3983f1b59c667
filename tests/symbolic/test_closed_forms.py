"""Closed forms: substitution residuals, normalisation, Riccati ODE solved by mpmath.odefun,
published special cases (ABG Gaussian, ABMV HTMP, Beta limit of Jacobi), the Wronskian
constants of the Laguerre, Gaussian and Jacobi families with arbitrary parameters (total mass
by quadrature), clear errors and printing."""
import math

import mpmath
import pytest
import sympy as sp

from htmp_theory.symbolic import (
    X,
    Z,
    TricomiU,
    closed_form,
    gaussian_closed_form,
    htmp_closed_form,
    jacobi_closed_form,
    laguerre_closed_form,
    loop_equation,
    solve_riccati,
)

R = sp.Rational
CASES = {
    # name: (closed form, quadrature breakpoints, test point, odefun start height)
    "htmp": (lambda: htmp_closed_form(R(1, 2), 2), [0, 0.5, 2, mpmath.inf], 0.7, None),
    "htmp_gamma_gt_1": (lambda: htmp_closed_form(R(3, 2), 3), [0, 0.01, 0.5, 2, mpmath.inf], 1.3, None),
    "gaussian": (lambda: gaussian_closed_form(R(3, 2)), [-mpmath.inf, 0, mpmath.inf], 0.5, 12),
    "jacobi": (lambda: jacobi_closed_form(R(1, 2), R(3, 2), 2), [0, 0.5, 1], 0.3, 3),
}


@pytest.fixture(scope="module", params=list(CASES))
def case(request):
    make, support, x0, height = CASES[request.param]
    return request.param, make(), support, x0, height


def test_substitution_residuals(case):
    _, cf, _, _, _ = case
    report = cf.verify(dps=30)
    assert report["symbolic"] is True
    assert report["linear"] < 1e-27 and report["riccati"] < 1e-27


def test_density_integrates_to_the_mass(case):
    name, cf, support, _, _ = case
    mass = 1 / 1.5 if name == "htmp_gamma_gt_1" else 1  # atom 1 - 1/gamma at 0 for gamma > 1
    with mpmath.workdps(12):
        total = mpmath.quad(lambda t: cf.density_numeric(t, dps=12), support)
    assert abs(total - mass) < 1e-9


def test_closed_form_against_riccati_solved_by_odefun(case):
    """Independent: odefun from the 1/z moment series, no special functions."""
    _, cf, _, x0, height = case
    dps = 18
    G_edge = solve_riccati(cf.loop, x0, dps=dps, height=height)  # on the support, x0 + i0
    with mpmath.workdps(dps):
        p_ode = -G_edge.imag / mpmath.pi
        assert abs(p_ode - cf.density_numeric(x0, dps=dps)) < 1e-16 * p_ode
        z = mpmath.mpc(x0, 1)
        G_ode = solve_riccati(cf.loop, z, dps=12, height=height)
        assert abs(G_ode - cf.cauchy_numeric(z, dps=12)) < 1e-10 * abs(G_ode)


def test_density_delivers_dps():
    cf = htmp_closed_form(R(1, 3), R(5, 2))
    lo = cf.density_numeric(0.8, dps=30)
    hi = cf.density_numeric(0.8, dps=60)
    assert abs(lo - hi) < mpmath.mpf(10) ** -30 * hi


def test_htmp_density_is_the_theory_formula():
    g, kap = sp.symbols("gamma kappa", positive=True)
    cf = htmp_closed_form(g, kap)
    b, k = kap / 2, kap / (2 * g)
    a, cc = k - b - 1, 1 + b - k
    x = X
    theory = k * (k * x) ** a * sp.exp(-k * x) / (sp.gamma(b + 1) * sp.gamma(k) * sp.Abs(TricomiU(b, cc, -k * x)) ** 2)
    ratio = (cf.density / theory).subs(sp.Abs(x), x)
    assert sp.simplify(sp.powsimp(sp.expand_power_base(ratio, force=True), force=True)) == 1
    s_theory = k * TricomiU(b + 1, cc + 1, -k * Z) / TricomiU(b, cc, -k * Z)
    assert sp.simplify(cf.stieltjes - s_theory) == 0


def test_gaussian_is_abg_and_tends_to_normal():
    cf = gaussian_closed_form(R(7, 10))
    x0 = mpmath.mpf("0.9")
    with mpmath.workdps(25):
        c = mpmath.mpf(7) / 10
        abg = 1 / (mpmath.sqrt(2 * mpmath.pi) * mpmath.gamma(1 + c) * abs(mpmath.pcfd(-c, 1j * x0)) ** 2)
        assert abs(cf.density_numeric(x0, dps=25) - abg) < 1e-22
    tiny = gaussian_closed_form(R(1, 10**8))
    normal = math.exp(-0.5 * 0.81) / math.sqrt(2 * math.pi)
    assert abs(float(tiny.density_numeric(0.9)) - normal) < 1e-7


def test_jacobi_constant_gives_beta_at_zero_coupling():
    a, b, c = sp.symbols("a b c", positive=True)
    cf = jacobi_closed_form(a, b, c)
    K0 = cf.constant.subs(c, 0)
    assert sp.simplify(sp.gammasimp(K0 * sp.beta(a + 1, b + 1))) == 1
    assert sp.hyperexpand(cf.u.subs(c, 0)) == 1


def test_htmp_matches_numeric_layer_if_present():
    htmp = pytest.importorskip("htmp_theory").__dict__.get("HTMP")
    if htmp is None:
        pytest.skip("htmp_theory.HTMP not available yet")
    cf = htmp_closed_form(R(1, 2), 2)
    law = htmp(0.5, 2.0)
    for t in (0.1, 0.7, 3.0):
        with mpmath.workdps(20):
            assert abs(law.pdf(t, dps=20) - cf.density_numeric(t, dps=20)) < 1e-18


def test_bad_parameters():
    with pytest.raises(ValueError, match="gamma"):
        htmp_closed_form(-1, 2)
    with pytest.raises(ValueError, match="kappa"):
        htmp_closed_form(R(1, 2), 0)
    with pytest.raises(ValueError, match="a must lie"):
        jacobi_closed_form(-2, 1, 1)
    with pytest.raises(ValueError, match="c must lie"):
        gaussian_closed_form(0)


FAMILIES = {
    # name: (closed form, quadrature breakpoints, expected mass)
    "plain_laguerre": (lambda: closed_form(loop_equation(X - R(1, 2) * sp.log(X), X, R(13, 10), edges=(0,))),
                       [0, 1, 5, mpmath.inf], 1),
    "laguerre_k": (lambda: laguerre_closed_form(2, R(7, 10), R(5, 2)), [0, 1, 5, mpmath.inf], 1),
    "laguerre_atom": (lambda: laguerre_closed_form(R(-3, 2), 2), [0, 0.01, 1, 5, mpmath.inf], R(3, 2) / 2),
    "laguerre_shifted_edge": (lambda: closed_form(loop_equation(2 * X - sp.log(X - 1), X, 1, edges=(1,))),
                              [1, 2, 5, mpmath.inf], 1),
    "gaussian_mean_variance": (lambda: gaussian_closed_form(R(7, 10), mean=R(-3, 10), variance=R(1, 2)),
                               [-mpmath.inf, 0, mpmath.inf], 1),
    "jacobi_interval": (lambda: jacobi_closed_form(R(1, 2), 3, 2, interval=(-1, 3)), [-1, 1, 3], 1),
}


@pytest.mark.parametrize("name", list(FAMILIES))
def test_family_constants_give_total_mass(name):
    """The Wronskian constant K for arbitrary parameters: quadrature of K w/|u|^2."""
    make, support, mass = FAMILIES[name]
    cf = make()
    with mpmath.workdps(12):
        total = mpmath.quad(lambda t: cf.density_numeric(t, dps=12), support)
    assert abs(total - mass) < 1e-9


def test_laguerre_constant_symbolic():
    a, c, k = sp.symbols("a c k", positive=True)
    cf = laguerre_closed_form(a, c, k)
    assert sp.simplify(cf.constant - k ** (a + 1) / (sp.gamma(c + 1) * sp.gamma(a + c + 1))) == 0
    assert cf.u == TricomiU(c, -a, -k * Z)
    # HTMP is the case k = 1 + a + c: its constant k^(a+1) / (Gamma(1+c) Gamma(k))
    g, kap = sp.symbols("gamma kappa", positive=True)
    kk, cc = kap / (2 * g), kap / 2
    expected = kk ** (kk - cc) / (sp.gamma(1 + cc) * sp.gamma(kk))
    assert sp.simplify(htmp_closed_form(g, kap).constant / expected) == 1


def test_verify_with_symbols_says_numbers_are_needed():
    cf = htmp_closed_form()
    for call in (cf.verify, lambda: cf.density_numeric(1.0), lambda: cf.cauchy_numeric(1j)):
        with pytest.raises(ValueError, match="must be numbers.*gamma, kappa"):
            call()


def test_weights_print_on_the_support():
    a, c = sp.symbols("a c", positive=True)
    assert str(laguerre_closed_form(a, c).weight) == "x**a*exp(-x)"
    assert str(jacobi_closed_form(a, 2, c).weight) == "x**a*(1 - x)**2"
    assert str(gaussian_closed_form(c).weight) == "exp(-x**2/2)"
    assert "Abs" not in str(htmp_closed_form().weight)


def test_family_bad_parameters():
    with pytest.raises(ValueError, match="a must lie"):
        laguerre_closed_form(-3, 1)
    with pytest.raises(ValueError, match="k must lie"):
        laguerre_closed_form(1, 1, k=0)
    with pytest.raises(ValueError, match="variance"):
        gaussian_closed_form(1, variance=-1)
    with pytest.raises(ValueError, match="interval"):
        jacobi_closed_form(1, 1, 1, interval=(1, 0))


@pytest.mark.parametrize("name", ["plain_laguerre", "laguerre_shifted_edge", "gaussian_mean_variance", "jacobi_interval"])
def test_constant_is_the_boundary_value_of_the_cauchy_transform(name):
    """K w/|u|^2 = -Im G(x + i0)/pi pointwise (Abel's identity), with G = -u'/(cu) from the ODE alone."""
    cf = FAMILIES[name][0]()
    lo = float(cf.support[0]) if cf.support[0].is_finite else -2.0
    hi = float(cf.support[1]) if cf.support[1].is_finite else lo + 6.0
    for t in (0.3, 0.7):
        x = mpmath.mpf(lo + t * (hi - lo))
        with mpmath.workdps(40):
            boundary = -cf.cauchy_numeric(mpmath.mpc(x, mpmath.mpf(10) ** -35), dps=40).imag / mpmath.pi
            assert abs(cf.density_numeric(x, dps=30) / boundary - 1) < 1e-25
