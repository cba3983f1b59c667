"""Exact inputs: parameters and points as int, Fraction, Decimal, str or mpf (the precision contract)."""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest

from htmp_theory import HTMP, GaussianHT, JacobiHT, MarchenkoPastur
from htmp_theory.cli import main
from htmp_theory.laws.moments import htmp_moments


def _htmp_pdf_direct(gamma, kappa, x, dps):
    """HTMP density from its closed form with mpmath.hyperu, parameters as given (independent path)."""
    with mp.workdps(dps):
        g, kap, x = mp.mpf(gamma), mp.mpf(kappa), mp.mpf(x)
        b, k = kap / 2, kap / (2 * g)
        a, c = k - b - 1, 1 + b - k
        u = mp.hyperu(b, c, -k * x)  # modulus is the same on both sides of the cut
        return k * (k * x) ** a * mp.exp(-k * x) / (mp.gamma(b + 1) * mp.gamma(k) * abs(u) ** 2)


def test_decimal_parameters_are_read_exactly():
    law = HTMP("0.3255", "1.9")
    value = law.pdf("0.5", dps=40)
    direct = _htmp_pdf_direct("0.3255", "1.9", "0.5", 60)
    assert abs(value - direct) <= mp.mpf(10) ** -39 * abs(direct)
    binary = HTMP(0.3255, 1.9).pdf("0.5", dps=40)  # the doubles nearest 0.3255 and 1.9
    rel = abs(binary - direct) / direct
    assert 1e-19 < rel < 1e-14, rel  # they part at about the 17th digit
    for same in (HTMP(Decimal("0.3255"), Fraction(19, 10)), HTMP(Fraction(651, 2000), mp.mpf("1.9"))):
        got = same.pdf(Fraction(1, 2), dps=40)
        # mpf('1.9') is binary at 15 digits: only the Decimal/Fraction twin is exact
        if isinstance(same._exact_kappa, Fraction) and same._exact_kappa == Fraction(19, 10):
            assert abs(got - direct) <= mp.mpf(10) ** -39 * abs(direct)


@pytest.mark.parametrize("x", [Fraction(1, 3), Decimal("0.3333"), "0.3333", "1/3", mp.mpf(1) / 3, np.float64(1 / 3)])
def test_points_of_every_type(x):
    law = HTMP(Fraction(1, 2), 2)
    with mp.workdps(50):
        if isinstance(x, Fraction) or x == "1/3":
            exact_x = mp.mpf(1) / 3
        elif isinstance(x, (str, Decimal)):
            exact_x = mp.mpf(str(x))
        else:
            exact_x = mp.mpf(x)  # binary values (float64, mpf made at 15 digits) stay as they are
        expected = _htmp_pdf_direct(mp.mpf(1) / 2, 2, exact_x, 50)
    assert abs(law.pdf(x, dps=30) - expected) <= mp.mpf(10) ** -29 * expected
    assert abs(float(law.pdf(x)) - float(expected)) <= 1e-12 * float(expected)
    assert law.pdf([x, x]).shape == (2,)


def test_ppf_of_exact_probabilities():
    law = HTMP("0.5", "2")
    q = Fraction(1, 3)
    x = law.ppf(q, dps=30)
    with mp.workdps(40):
        assert abs(law.cdf(x, dps=40) - mp.mpf(1) / 3) < mp.mpf(10) ** -29
    assert abs(float(law.ppf(q)) - float(x)) < 1e-12
    far = law.ppf(1 - Fraction(1, 10**20), dps=20)  # rounds to 1 in float64, not at 20 digits
    with mp.workdps(30):
        assert mp.isfinite(far) and abs(law.sf(far, dps=30) - mp.mpf(10) ** -20) < mp.mpf(10) ** -38
    with pytest.raises(ValueError, match="q must lie in"):
        law.ppf("1.5")


def test_exact_moments_whatever_the_scale_type():
    g, kap = Fraction(651, 2000), Fraction(19, 10)
    for law in (HTMP("0.3255", "1.9"), HTMP(Decimal("0.3255"), Decimal("1.9"), scale=1.0),
                HTMP(g, kap, scale=1)):
        var = law.var()
        assert isinstance(var, Fraction) and var == g + 2 * g / kap  # m2 - 1 = gamma (1 + 2 / kappa)
    scaled = HTMP("0.5", "2", scale="3/2")
    assert scaled.moment(3) == Fraction(27, 8) * htmp_moments(Fraction(1, 2), 2, 3)[3]
    assert isinstance(HTMP(0.5, 2.0).moment(3), float)


def test_marchenko_pastur_moments_and_decimal_gamma():
    # Narayana closed form (moments()) against the recursion at kappa = inf
    assert MarchenkoPastur("1/4").moments(6) == htmp_moments(Fraction(1, 4), math.inf, 6)
    assert MarchenkoPastur(0.25).moments(3)[3] == pytest.approx(float(htmp_moments(Fraction(1, 4), math.inf, 3)[3]))
    law = MarchenkoPastur("0.3")
    with mp.workdps(60):
        g, x = mp.mpf("0.3"), mp.mpf(1)
        lm, lp = (1 - mp.sqrt(g)) ** 2, (1 + mp.sqrt(g)) ** 2
        direct = mp.sqrt((lp - x) * (x - lm)) / (2 * mp.pi * g * x)
    assert abs(law.pdf(1, dps=40) - direct) < mp.mpf(10) ** -39 * direct
    assert abs(MarchenkoPastur(0.3).pdf(1, dps=40) - direct) > mp.mpf(10) ** -20 * direct


def test_gaussian_and_jacobi_exact_parameters():
    law = GaussianHT("0.3")
    with mp.workdps(50):
        c = mp.mpf("0.3")
        direct = 1 / (mp.sqrt(2 * mp.pi) * mp.gamma(1 + c) * abs(mp.pcfd(-c, mp.mpc(0, "0.5"))) ** 2)
    assert abs(law.pdf("0.5", dps=30) - direct) < mp.mpf(10) ** -29 * direct
    assert GaussianHT("1").moment(4) == 10  # (c + 1)(2c + 3)
    assert JacobiHT("0.5", "-0.25", Decimal(2)).mean() == Fraction(14, 25)  # (1 + a + c)/(2 + a + b + 2c)


@pytest.mark.parametrize("value,exc,match", [
    (Decimal("NaN"), ValueError, "NaN"),
    ("nan", ValueError, "NaN"),
    ("1e-400", ValueError, "out of the float64 range"),
    ("1e400", ValueError, "out of the float64 range"),
    ("-0.5", ValueError, r"must lie in \(0, inf"),
    ("abc", ValueError, "got the string 'abc'"),
    (1j, TypeError, "must be a real number"),
    (mp.mpf("nan"), ValueError, "NaN"),
])
@pytest.mark.parametrize("name", ["gamma", "kappa", "scale"])
def test_bad_exact_parameters(name, value, exc, match):
    kwargs = {"gamma": "0.5", "kappa": "2", "scale": "1"}
    kwargs[name] = value
    if name == "kappa" and value == "1e400":
        pytest.skip("kappa may be infinite, and 1e400 is a finite number out of range")
    with pytest.raises(exc, match=f"{name}.*{match}|{match}.*{name}" if match != "NaN" else name):
        HTMP(**kwargs)


def test_bad_points():
    law = HTMP("0.5", "2")
    with pytest.raises(ValueError, match="x must be a real number, got the string 'zz'"):
        law.pdf("zz")
    with pytest.raises(ValueError, match="x must be a real number"):
        law.cdf(["0.5", "zz"], dps=20)
    assert np.isnan(law.pdf(Decimal("NaN"))) and mp.isnan(law.pdf("nan", dps=20))
    tiny = HTMP("0.3255", "1.9")  # p(x) ~ C x^0.97 at 0
    assert tiny.pdf("1e-400") == 0.0 and tiny.pdf("1e-400", dps=20) > 0  # a valid point below float64's range


def test_cli_reads_parameters_exactly(capsys):
    assert main(["density", "--gamma", "0.3255", "--kappa", "1.9", "--x", "0.5", "--dps", "30"]) == 0
    out = capsys.readouterr().out
    direct = _htmp_pdf_direct("0.3255", "1.9", "0.5", 50)
    assert mp.nstr(direct, 30, min_fixed=0, max_fixed=0) in out
    assert main(["density", "--gamma", "1/2", "--kappa", "2", "--x", "1/3"]) == 0
    with pytest.raises(SystemExit):
        main(["density", "--gamma", "1e-400", "--kappa", "2", "--x", "1"])
