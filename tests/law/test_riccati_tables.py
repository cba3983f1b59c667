"""Float64 log-density tables from Riccati equations (htmp_theory._numerics.riccati, riccati_laws).

Every table is compared with an independent route: a closed-form solution of the ODE, the laws'
closed forms evaluated with mpmath at 30-40 digits, and the total mass (quadrature of the table
against the exact normalisation).
"""
from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest

from htmp_theory import HTMP, GaussianHT, JacobiHT
from htmp_theory._numerics.riccati import march
from htmp_theory._numerics.riccati_laws import _htmp_start_float, gaussian_pieces, htmp_pieces, jacobi_pieces
from htmp_theory._numerics.table import LogDensityTable


def test_march_solves_a_riccati_equation_with_a_closed_form():
    """v' = 1 + v^2 has v = tan(u + z0); with z0 = alpha + i beta,
    Im v = sinh(2 beta) / (cos(2(u + alpha)) + cosh(2 beta))."""
    alpha, beta = 0.3, 0.4

    def abc(u):
        return np.ones_like(u), np.zeros_like(u), np.ones_like(u)

    v0 = complex(np.tan(complex(alpha, beta)))
    edges, coef, y_end, _ = march(abc, 0.0, v0.real, math.log(v0.imag), 1, limit=6.0)
    table = LogDensityTable.from_pieces(edges, coef)
    u = np.linspace(0.0, 6.0, 301)
    exact = np.log(np.sinh(2 * beta) / (np.cos(2 * (u + alpha)) + np.cosh(2 * beta)))
    assert np.max(np.abs(table.logxp(u) - exact)) < 1e-13
    assert abs(y_end - np.tan(complex(6.0 + alpha, beta)).real) < 1e-12
    left, _, _, _ = march(abc, 0.0, v0.real, math.log(v0.imag), -1, limit=-2.0)
    assert left[0] == -2.0 and left[-1] == 0.0
    with pytest.raises(ValueError, match="direction"):
        march(abc, 0.0, 0.0, 0.0, 0, limit=1.0)


def _htmp_log_xp(law, u: float, dps: int = 30) -> float:
    with mp.workdps(dps):
        return float(law._log_density(mp.exp(mp.mpf(u))) + u)


@pytest.mark.parametrize("gamma, kappa", [(0.5, 0.1), (0.5, 2.0), (2.0, 5.0), (1.0, 3.0), (0.05, 1e-3),
                                          (0.5, 300.0), (0.3, 1e4),
                                          pytest.param(4.0, 1e6, marks=pytest.mark.slow)])
def test_htmp_table_against_mpmath(gamma, kappa):
    """log(x p) of the law's table against the closed form at 30 digits across the table (absolute
    error in log = relative error in p: a few 1e-16 of |log(x p)| down to e^-800), and its mass."""
    law = HTMP(gamma, kappa)
    table = law._table
    assert table.total_mass == pytest.approx(min(1.0, 1 / gamma), rel=1e-13)
    u = np.linspace(table.u_lo, table.u_hi, 13)[1:-1]
    fast = table.logxp(u)
    exact = np.array([_htmp_log_xp(law, v) for v in u])
    assert np.all(np.abs(fast - exact) <= 1e-14 * np.maximum(1.0, np.abs(exact)) + 5e-14)


def test_float64_start_against_mpmath():
    """The float64 rotated-path start v = t U'/U at t - i0 against 30-digit mpmath.hyperu: accepted
    values lie within a few times the requested relative error (of Im v, real and imaginary parts);
    with the fits' 1e-10 nearly all of the range kappa in (e^-6, e^4) is accepted."""
    rng = np.random.default_rng(7)
    cases = list(zip(rng.uniform(0.05, 3.0, 40), np.exp(rng.uniform(-6.0, 4.0, 40))))
    for rtol, least in ((1e-13, 5), (1e-10, 35)):
        accepted = 0
        for gamma, kappa in cases:
            b, k = kappa / 2, kappa / (2 * gamma)
            c, t = 1 + b - k, -k * max(1.0, gamma)
            v = _htmp_start_float(b, c, t, rtol)
            if v is None:
                continue
            accepted += 1
            with mp.workdps(30):
                w = -b * t * mp.hyperu(b + 1, c + 1, mp.mpc(t, -1e-40)) / mp.hyperu(b, c, mp.mpc(t, -1e-40))
            exact = complex(w)
            assert abs(v - exact) < 3 * rtol * abs(exact.imag)
        assert accepted >= least


def test_htmp_pieces_on_a_range_start_outside_it():
    """The fitting's use: a range away from the starting point (the march covers up to it)."""
    law = HTMP(0.4, 7.0)
    edges, coef = htmp_pieces(0.4, 7.0, 0.5, 1.2)
    table = LogDensityTable.from_pieces(edges, coef)
    assert table.u_lo <= 0.0 and table.u_hi >= 1.2  # u0 = log(max(1, gamma)) = 0
    u = np.array([0.6, 0.9, 1.15])
    assert np.max(np.abs(table.logxp(u) - [_htmp_log_xp(law, v) for v in u])) < 1e-14


@pytest.mark.parametrize("c", [0.01, 2.0, 30.0])
def test_gaussian_pieces_against_pcfd(c):
    """log p_c = -log(sqrt(2 pi) Gamma(1+c)) - 2 log|D_{-c}(ix)| at 30 digits, and the mass."""
    reach = 2 * math.sqrt(1 + c) + 8
    table = LogDensityTable.from_pieces(*gaussian_pieces(c, reach))
    x = np.linspace(-reach, reach, 9)[1:-1] + 0.1
    with mp.workdps(30):
        exact = [float(-mp.log(mp.sqrt(2 * mp.pi)) - mp.loggamma(1 + c) - 2 * mp.log(abs(mp.pcfd(-c, mp.mpc(0, v)))))
                 for v in x]
    assert np.all(np.abs(table.logxp(x) - exact) <= 2e-14 * np.maximum(1.0, np.abs(exact)))
    assert table.total_mass == pytest.approx(1.0, abs=1e-13)
    law = GaussianHT(c)
    assert law._density.total_mass == pytest.approx(1.0, abs=1e-13)


@pytest.mark.parametrize("a, b, c", [(0.5, -0.25, 2.0), (3.0, 4.0, 10.0), (-0.95, 2.0, 0.5)])
def test_jacobi_pieces_against_hyp2f1(a, b, c):
    """The logit density log(p x (1-x)) against the closed form at 40 digits; the law's table holds
    mass 1 (for a = -0.95 the table stops at the smallest double with mass beyond it)."""
    law = JacobiHT(a, b, c)
    table = law._density
    assert table.total_mass == pytest.approx(1.0, abs=1e-13)
    u = np.array([-25.0, -6.0, -1.0, 0.3, 2.0, 9.0, 20.0])
    with mp.workdps(40):
        exact = [float(law._logpdf_mp(x) + mp.log(x) + mp.log(1 - x)) for x in (1 / (1 + mp.exp(-mp.mpf(v))) for v in u)]
    assert np.all(np.abs(table.logxp(u) - exact) <= 2e-15 * np.maximum(1.0, np.abs(exact)) + 2e-14)
    if a < -0.9:
        assert table.tail_below > 0 and table.u_lo == pytest.approx(-708.0)
    edges, coef = jacobi_pieces(a, b, c, 0.0, law._v_start(0.0), reach=3.0)
    assert edges[0] == -3.0 and edges[-1] == 3.0


def test_from_pieces_checks_its_input():
    with pytest.raises(ValueError, match="degree"):
        LogDensityTable.from_pieces([0.0, 1.0], np.zeros((1, 5)))
    with pytest.raises(ValueError, match="increase"):
        LogDensityTable.from_pieces([1.0, 0.0], np.zeros((1, 32)))


def test_htmp_logpdf_beyond_the_table():
    """Where the density is below e^-800 (beyond the table) float64 logpdf continues the march: within
    1e-14 of |log p| of the closed form at 30 digits, far into both tails."""
    law = HTMP(0.5, 1e4)
    x = np.array([0.001, 0.05, 3.8, 10.0, 100.0])
    assert np.all((np.log(x) < law._table.u_lo) | (np.log(x) > law._table.u_hi))
    fast = law.logpdf(x)
    exact = np.array([float(law.logpdf(v, dps=30)) for v in x])
    assert np.all(np.abs(fast - exact) <= 1e-14 * np.abs(exact))
    assert np.all(law.pdf(x) == 0.0)


def test_table_where_the_march_fails_comes_from_mpmath_nodes():
    """γ = 1, κ = 1e6: the march needs more than its limit of pieces; the table is then built from
    mpmath values of U at the nodes (it raised 'too many pieces' before)."""
    law = HTMP(1.0, 1e6)
    with pytest.raises(ArithmeticError, match="too many pieces"):
        htmp_pieces(1.0, 1e6, -700.0, 700.0, floor=-800.0)
    x = np.array([0.5, 1.3])
    ref_pdf = np.array([float(law.pdf(v, dps=20)) for v in x])
    ref_cdf = np.array([float(law.cdf(v, dps=20)) for v in x])
    assert np.allclose(law.pdf(x), ref_pdf, rtol=1e-12, atol=0)
    assert np.allclose(law.cdf(x), ref_cdf, rtol=1e-13, atol=0)
