"""Corners of the law objects (issue 15): every value correct or a clear error.

Each test compares with a computation independent of the code path under test: Tricomi U
from mpmath directly (more precision and terms), the Marchenko-Pastur CDF written out here
with arcsines at high precision, quadrature of the density, the known behaviour at 0, or the
same quantity at many more digits.
"""
from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest

from htmp_theory import HTMP, InverseHTMP, MarchenkoPastur
from htmp_theory.cli import main, output_file
from htmp_theory.laws import GaussianHT


def htmp_logpdf_ref(gamma, kappa, x, dps=40):
    """log p from the closed form with mpmath.hyperu given ample precision and terms."""
    with mp.workdps(dps):
        g, kap, x = mp.mpf(gamma), mp.mpf(kappa), mp.mpf(x)
        b, k = kap / 2, kap / (2 * g)
        a, c = k - b - 1, 1 + b - k
        u = mp.hyperu(b, c, -k * x, maxprec=60000, maxterms=10**6)  # value above the cut: |U| the same
        return mp.log(k) + a * mp.log(k * x) - k * x - mp.loggamma(b + 1) - mp.loggamma(k) - 2 * mp.log(abs(u))


def _load_sweep():
    """benchmarks/corner_sweep.py as a module (it holds the Marchenko-Pastur reference CDF)."""
    import importlib.util
    import pathlib

    path = pathlib.Path(__file__).resolve().parents[2] / "benchmarks" / "corner_sweep.py"
    spec = importlib.util.spec_from_file_location("corner_sweep", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: Marchenko-Pastur CDF from the textbook arcsine antiderivative at 60 digits
mp_cdf_ref = _load_sweep().mp_cdf_reference


def bisect(f, q, lo, hi, dps=40, steps=200):
    """Root of the increasing f(x) = q by plain bisection (independent of the Newton solvers)."""
    with mp.workdps(dps):
        lo, hi = mp.mpf(lo), mp.mpf(hi)
        for _ in range(steps):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if f(mid) < q else (lo, mid)
        return (lo + hi) / 2


# ----------------------------------------------------------------- item 1: far tails, kappa < 300
FAR_TAILS = [(0.1, 199.9, 3.54), (0.05, 123.4, 3.155), (0.01, 199.9, 0.5)]


@pytest.mark.slow  # several seconds (float64 table or mpmath quadratures)
def test_far_tail_density_for_moderate_kappa():
    gamma, kappa, x = FAR_TAILS[0]
    law = HTMP(gamma, kappa)
    ref = law.logpdf(x, dps=40)  # 20 more digits than checked below
    assert abs(law.logpdf(x, dps=20) - ref) < 1e-19 * abs(ref)
    assert law.pdf(x) == 0.0 and float(law.logpdf(x)) == pytest.approx(float(ref), rel=1e-12)


@pytest.mark.slow
@pytest.mark.parametrize("gamma,kappa,x", FAR_TAILS)
def test_far_tail_density_against_mpmath_hyperu(gamma, kappa, x):
    law = HTMP(gamma, kappa)
    ref = htmp_logpdf_ref(gamma, kappa, x)
    assert float(law.logpdf(x)) == pytest.approx(float(ref), rel=1e-12)
    assert abs(law.logpdf(x, dps=20) - ref) < 1e-19 * abs(ref)


# ------------------------------------------------- item 2: kappa = inf quantiles (Marchenko-Pastur)
def test_infinite_kappa_quantiles_match_the_marchenko_pastur_cdf():
    ref = bisect(lambda x: mp_cdf_ref(0.5, x), 0.5, 0.0, 3.0)
    assert float(HTMP(0.5, math.inf).ppf(0.5)) == pytest.approx(float(ref), rel=1e-14)
    assert float(ref) == pytest.approx(0.8304658815813639, rel=1e-15)
    assert float(InverseHTMP(0.5, math.inf).ppf(0.5)) == pytest.approx(1 / float(ref), rel=1e-14)
    assert abs(HTMP(0.5, math.inf).ppf(0.5, dps=30) - ref) < 1e-29


# --------------------------------------------------------------- item 3: gamma > 4 at large kappa
@pytest.mark.slow  # several seconds (float64 table or mpmath quadratures)
@pytest.mark.parametrize("gamma,kappa", [(20.0, 3000.0), (10.0, 1e4)])
def test_large_gamma_large_kappa_cdf(gamma, kappa):
    law = HTMP(gamma, kappa)
    x = gamma + 1.0
    # the phase formula (mpmath) against the quadrature of the float64 table
    cdf_mp, sf_mp = law.cdf(x, dps=20), law.sf(x, dps=20)
    assert abs(cdf_mp + sf_mp - 1) < 1e-19
    assert float(law.cdf(x)) == pytest.approx(float(cdf_mp), rel=1e-12)
    assert float(law.sf(x)) == pytest.approx(float(sf_mp), rel=1e-11)
    assert 1 - 1 / gamma < float(cdf_mp) < 1


# ------------------------------------------------------- item 4: points below the double range
def test_survival_function_below_the_double_range():
    law = HTMP(0.5, 2.0)  # p(0) = Gamma(k+1)/Gamma(b+1) = 2, so F(x) = 2x (1 + O(x))
    assert abs(law.sf("1e-400", dps=20) - 1) < 1e-19
    cdf = law.cdf("1e-400", dps=20)
    assert abs(cdf / mp.mpf("2e-400") - 1) < 1e-19
    other = HTMP(0.3255, 1.9)
    assert abs(other.sf("1e-400", dps=20) - 1) < 1e-19
    assert abs(other.cdf("1e400", dps=20) - 1) < 1e-19


# ----------------------------------------------------------------- item 5: float ppf as q -> 1
@pytest.mark.slow  # several seconds (float64 table or mpmath quadratures)
def test_upper_quantiles_solve_the_survival_function():
    law = HTMP(1.0, 2.0)
    qs = [1 - 2.0**-40, 1 - 2.0**-52, 1 - 2.0**-53]
    x = law.ppf(qs)
    assert np.all(np.diff(x) > 0)
    # survival function by quadrature of the density (independent of the phase formula)
    with mp.workdps(20):
        sf = mp.quad(lambda t: law.pdf(t, dps=15), [x[-1], x[-1] + 3, x[-1] + 40])
    assert float(sf) == pytest.approx(2.0**-53, rel=1e-10)
    assert float(law.ppf(qs[-1], dps=20)) == pytest.approx(x[-1], rel=1e-13)


@pytest.mark.slow
def test_upper_quantile_at_huge_kappa():
    big = HTMP(0.5, 1e6)
    xb = big.ppf(1 - 1e-15)
    assert float(big.sf(xb, dps=20)) == pytest.approx(1e-15, rel=1e-9)


# ------------------------------------------- item 6: gamma = 1 and 1 +- 1e-9, small quantiles
@pytest.mark.slow  # several seconds (float64 table or mpmath quadratures)
def test_quantiles_at_and_near_gamma_one():
    law = HTMP(1.0, 2.0)
    x = law.ppf(1e-12, dps=30)  # F(x) ~ 1/(b |log x|): x ~ exp(-1e12)
    assert mp.log(x) < -1e11
    assert abs(law.cdf(x, dps=40) / mp.mpf("1e-12") - 1) < 1e-27
    for gamma in (1 + 1e-9,):
        near = HTMP(gamma, 2.0)
        xn = near.ppf(1e-3, dps=15)
        assert abs(near.cdf(xn, dps=30) / mp.mpf("1e-3") - 1) < 1e-14  # the atom (gamma > 1) included


# ------------------------------------------------------------ item 7: Marchenko-Pastur quantiles
@pytest.mark.parametrize("gamma,q", [(0.25, 1e-5), (1.0, 1e-3), (3.0, 0.7), (0.25, 1 - 1e-9)])
def test_marchenko_pastur_quantiles(gamma, q):
    law = MarchenkoPastur(gamma)
    lm, lp = law.support
    ref = bisect(lambda x: mp_cdf_ref(gamma, x), q, lm if gamma != 1 else 0, lp)
    assert float(law.ppf(q)) == pytest.approx(float(ref), rel=1e-11)
    assert abs(law.ppf(q, dps=25) / ref - 1) < 1e-24
    assert lm <= law.ppf(q) <= lp


def test_marchenko_pastur_quantiles_at_the_atom():
    law = MarchenkoPastur(3.0)  # atom 2/3 at 0
    assert law.ppf(0.5) == 0.0 and law.ppf(2 / 3) == 0.0 and law.ppf(0.5, dps=20) == 0
    assert law.ppf(0.0) == 0.0 and MarchenkoPastur(0.25).ppf(0.0) == 0.25


# ----------------------------------------------------------- item 8: MP masses next to the edges
def test_marchenko_pastur_masses_next_to_the_edges():
    law = MarchenkoPastur(0.01)
    for x in (1.21, 1.2099999, 0.81, 0.8100000000000002, 0.8100001, 1.0):
        assert 0 <= law.cdf(x) <= 1 and 0 <= law.sf(x) <= 1
        with mp.workdps(60):  # masses by quadrature of the density (the arcsine form loses digits here)
            g = mp.mpf(0.01)
            lm, lp = (1 - mp.sqrt(g)) ** 2, (1 + mp.sqrt(g)) ** 2
            density = lambda t: mp.sqrt((lp - t) * (t - lm)) / (2 * mp.pi * g * t)  # noqa: E731
            below, above = mp.quad(density, [lm, x]), mp.quad(density, [x, lp])
            # float64: the closed form's rounding error ~1e-16 is divided by 2 pi gamma
            assert abs(law.cdf(x) - below) < 1e-14 and abs(law.sf(x) - above) < 1e-14
            assert abs(law.cdf(x) - below) < 1e-14 * below or abs(law.sf(x) - above) < 1e-14 * above
            assert abs(law.cdf(x, dps=30) - below) <= 2e-30 * max(below, mp.mpf("1e-300"))
            assert abs(law.sf(x, dps=30) - above) <= 2e-30 * max(above, mp.mpf("1e-300"))


# --------------------------------------------------------------- item 9: the atom in the dps paths
def test_atom_is_exact_in_the_dps_paths():
    with mp.workdps(60):
        assert abs(HTMP(1.5, 2.0).cdf(0, dps=30) - mp.mpf(1) / 3) < mp.mpf(10) ** -30
        assert abs(HTMP(20.0, 2.0).cdf(1e-100, dps=50) - mp.mpf(19) / 20) < mp.mpf(10) ** -49
        assert abs(MarchenkoPastur(3.0).cdf(0, dps=40) - mp.mpf(2) / 3) < mp.mpf(10) ** -40


# ---------------------------------------------------------- item 10: q beyond the double range
def test_ppf_keeps_q_at_the_working_precision():
    law = HTMP(0.5, 2.0)
    x = law.ppf("0.99999999999999999999", dps=30)
    assert mp.isfinite(x)
    with mp.workdps(45):
        assert abs(law.sf(x, dps=40) / mp.mpf("1e-20") - 1) < 1e-27
    small = law.ppf("1e-400", dps=30)
    assert abs(small / mp.mpf("5e-401") - 1) < 1e-27  # F(x) = 2x (1 + O(x))
    assert law.ppf(1e-300, dps=30) == pytest.approx(5e-301, rel=1e-14)


# ---------------------------------------------------------------------- item 11: GaussianHT
@pytest.mark.slow  # several seconds (float64 table or mpmath quadratures)
def test_gaussian_quantiles_and_infinite_points():
    law = GaussianHT(1)
    for q in (1e-20, 1e-14):
        x = law.ppf(q)
        assert np.isfinite(x)
        ref = law.cdf(x, dps=20)  # mpmath quadrature of the closed form
        assert float(ref) == pytest.approx(q, rel=1e-10)
        assert float(law.cdf(x)) == pytest.approx(q, rel=1e-10)
    assert float(law.ppf(1e-20, dps=20)) == pytest.approx(law.ppf(1e-20), rel=1e-13)
    assert law.pdf(-np.inf) == 0 and law.logpdf(-np.inf) == -np.inf
    assert law.cdf(-np.inf) == 0 and law.sf(-np.inf) == 1
    assert law.cdf(-np.inf, dps=20) == 0 and law.sf(np.inf, dps=20) == 0


@pytest.mark.slow
def test_gaussian_large_coupling():
    law = GaussianHT(50)
    for x in (0.3, 10.0, 14.5):
        assert float(law.pdf(x)) == pytest.approx(float(law.pdf(x, dps=20)), rel=1e-11)


# ------------------------------------------------------------------------------ item 12: CLI
def test_cli_output_paths(tmp_path, capsys):
    assert output_file(str(tmp_path / "report")) == str(tmp_path / "report.png")
    assert output_file(str(tmp_path / "r.svg")) == str(tmp_path / "r.svg")
    with pytest.raises(ValueError, match="does not exist"):
        output_file(str(tmp_path / "missing" / "r.png"))
    for argv in (["demo", "--out", str(tmp_path / "missing" / "d.png")],
                 ["crosscheck", "--gamma", "0.5", "--kappa", "2", "--out", str(tmp_path / "no" / "r.png")],
                 ["fit", str(tmp_path / "w.npz"), "--out", str(tmp_path / "f.txt" / "sub")]):
        if argv[0] == "fit":
            (tmp_path / "f.txt").write_text("a file, not a folder")
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
        assert "error: --out" in capsys.readouterr().err


# ------------------------------------------------------------- item 13: relative digits of log p
def test_logpdf_digits_near_a_zero_and_edge_values():
    law = HTMP(0.5, 2.0)  # p decreases from p(0) = 2: log p crosses 0
    x0 = bisect(lambda x: -law.logpdf(x, dps=40), 0, 0.01, 3.0, dps=50, steps=120)
    x = x0 * (1 + mp.mpf("1e-9"))
    ref = law.logpdf(x, dps=60)
    assert 0 < abs(ref) < 1e-8
    for dps in (5, 15):
        assert abs(law.logpdf(x, dps=dps) / ref - 1) < 10.0 ** -dps
    # p(0) for gamma = 2, kappa = 4: k^(c-1) Gamma(b)^2 / (Gamma(b+1) Gamma(k) Gamma(c-1)^2) = 1/2
    edge = HTMP(2.0, 4.0)
    assert abs(edge.pdf(0, dps=30) - mp.mpf(1) / 2) < 1e-30
    assert abs(edge.pdf("1e-40", dps=30) - mp.mpf(1) / 2) < 1e-30  # the limit, from the closed form


# -------------------------------------------------------------------- item 14: probabilities in [0, 1]
def test_probabilities_stay_in_the_unit_interval():
    law = HTMP(0.5, 2.0)
    x = np.concatenate([[1e-300, 1e-100, 1e3, 1e300], np.logspace(-8, 2, 50)])
    for values in (law.cdf(x), law.sf(x), MarchenkoPastur(0.01).sf(np.linspace(0.8, 1.3, 200))):
        assert np.all((values >= 0) & (values <= 1))
    # the table's total mass is 1 to rounding (a unit in the last place either way)
    assert abs(law.sf(1e-300) - 1.0) <= 2.5e-16 and abs(law.cdf(1e3) - 1.0) <= 2.5e-16


# ------------------------------------------------------- item 15: float64 accuracy at tiny x
def test_float64_accuracy_at_tiny_x_is_as_stated():
    law = HTMP(0.5, 2.0)
    for x in (1e-300, 1e-100, 1e-10):
        assert float(law.pdf(x)) == pytest.approx(float(law.pdf(x, dps=25)), rel=5e-12)
        assert float(law.cdf(x)) == pytest.approx(float(law.cdf(x, dps=25)), rel=5e-12)


# ------------------------------------------------------------------- item 16: odd inputs
def test_odd_inputs():
    law = MarchenkoPastur(1.0)
    assert float(law.cdf(5e-324)) == pytest.approx(2 * math.sqrt(5e-324) / math.pi, rel=1e-6)  # F ~ 2 sqrt(x)/pi
    with pytest.raises(TypeError, match="x must be"):
        law.pdf(None)
    with pytest.raises(ValueError, match="order"):
        HTMP(0.5, 2.0).moments(-1)
    for atom_law in (MarchenkoPastur(2.0), HTMP(2.0, 2.0), MarchenkoPastur(1.0)):
        with pytest.raises(ValueError, match="z = 0"):
            atom_law.stieltjes(0, side=1)
    # s(0) = E[1/X] = 1/(1 - gamma) for gamma < 1
    assert MarchenkoPastur(0.5).stieltjes(0) == pytest.approx(2.0, rel=1e-14)
    assert abs(MarchenkoPastur(0.5).stieltjes(0, dps=20) - 2) < 1e-20


# ------------------------------------------------------------ item 17: the supported range
@pytest.mark.parametrize("gamma,kappa,name", [(1e-6, 1.0, "gamma"), (0.5, 1e300, "kappa"), (0.5, 1e-9, "kappa"),
                                              (1e6, 1.0, "gamma")])
def test_unsupported_parameters_are_rejected(gamma, kappa, name):
    with pytest.raises(ValueError, match=rf"{name} must lie in \["):
        HTMP(gamma, kappa)


# ----------------------------------------------------- item 18: tiny quantiles and the README
def test_tiny_quantile_of_tiny_kappa():
    x = HTMP(0.3255, 1e-3).ppf(0.5, dps=10)
    assert 2.9e-214 < x < 3.1e-214
    assert abs(HTMP(0.3255, 1e-3).cdf(x, dps=20) - mp.mpf("0.5")) < 1e-9


# ------------------------------------------------------------ the randomised corner sweep
@pytest.mark.slow
def test_corner_sweep():
    """benchmarks/corner_sweep.py on a few random laws: no failure, each path within its bound."""
    worst, failures = _load_sweep().run(n_random=4, seed=1)
    assert failures == []
    bounds = {"float64 pdf": 1e-11, "float64 cdf (lower half)": 1e-11, "float64 sf (upper half)": 1e-11,
              "float64 ppf (mass at ppf)": 1e-11, "pdf dps=15 (vs dps=35)": 1e-14, "cdf dps=15 (vs dps=35)": 1e-14,
              "ppf dps=15: |F(x)-q| / (1e-15 max(q, x p))": 10.0, "cdf dps (vs arcsine form, abs)": 1e-25}
    for (path_name, band), (err, where) in worst.items():
        # at a hard edge (kappa = inf) the float64 quantile itself moves a mass ~ d^(3/2) by ~1e-8
        bound = 1e-6 if path_name == "float64 ppf (mass at ppf)" and band.endswith("k=inf") else bounds[path_name]
        assert err <= bound, (path_name, band, err, where)


def test_soft_edge_at_huge_kappa_where_the_descent_path_meets_the_cut():
    """HTMP(0.5, 1e6) at the soft edge: the contour's descent path runs into the cut there, and U comes
    from the Kummer-transformed parameters (found by the fitting benchmark: 'path crossed the branch
    cut'). Checked against a run at twice the digits and against the float64 table, which is built from
    the double-precision contour at other nodes."""
    law = HTMP(0.5, 1e6)
    x = 2914209.5988369663 / 1e6
    p20, p40 = law.pdf(x, dps=20), law.pdf(x, dps=40)
    assert abs(p20 / p40 - 1) < mp.mpf(10) ** -19
    assert abs(float(p40) / law.pdf(x) - 1) < 1e-11
