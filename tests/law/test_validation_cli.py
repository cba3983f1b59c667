"""Parameter checking, behaviour outside the support, and the command line."""
from __future__ import annotations

import math
import subprocess
import sys

import mpmath as mp
import numpy as np
import pytest

from htmp_theory import HTMP, InverseHTMP, MarchenkoPastur
from htmp_theory.cli import main


@pytest.mark.parametrize("kwargs,exc,match", [
    ({"gamma": 0.0, "kappa": 1.0}, ValueError, r"gamma must lie in \(0, inf\)"),
    ({"gamma": -1.0, "kappa": 1.0}, ValueError, "gamma"),
    ({"gamma": math.nan, "kappa": 1.0}, ValueError, "gamma.*NaN"),
    ({"gamma": math.inf, "kappa": 1.0}, ValueError, "gamma must be finite"),
    ({"gamma": 0.5, "kappa": 0.0}, ValueError, r"kappa must lie in \(0, inf\]"),
    ({"gamma": 0.5, "kappa": math.nan}, ValueError, "kappa"),
    ({"gamma": "0.5x", "kappa": 1.0}, ValueError, "gamma must be a real number"),
    ({"gamma": 0.5, "kappa": [1.0]}, TypeError, "kappa must be a real number"),
    ({"gamma": 0.5, "kappa": None}, TypeError, "kappa"),
    ({"gamma": 0.5, "kappa": 1.0, "scale": -2.0}, ValueError, "scale"),
])
def test_bad_parameters(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        HTMP(**kwargs)


def test_bad_dps_and_points():
    law = HTMP(0.5, 2.0)
    for dps in (0, -3):
        with pytest.raises(ValueError, match="dps must be an integer >= 1"):
            law.pdf(1.0, dps=dps)
    with pytest.raises(TypeError, match="dps must be an integer"):
        law.pdf(1.0, dps=2.5)
    with pytest.raises(TypeError, match="x must be real"):
        law.pdf(1 + 1j)
    with pytest.raises(ValueError, match="x must be a real number"):
        law.cdf(["a"])
    with pytest.raises(TypeError, match="j must be an integer"):
        law.moment(1.5)


def test_outside_the_support_and_nan():
    law = HTMP(0.3255, 1.9)
    assert law.pdf(-1.0) == 0.0 and law.logpdf(-1.0) == -np.inf
    assert law.cdf(-1.0) == 0.0 and law.sf(-1.0) == 1.0
    assert law.cdf(np.inf) == 1.0 and law.sf(np.inf) == 0.0 and law.pdf(np.inf) == 0.0
    assert law.pdf(0.0) == 0.0  # lower-tail exponent a > 0: density vanishes at 0
    assert HTMP(0.3255, 0.5).pdf(0.0) == math.inf  # a < 0: density diverges at 0
    assert np.isnan(law.pdf(np.nan))
    assert law.pdf(-1.0, dps=20) == 0 and law.cdf(5e3, dps=20) <= 1
    mp_law = MarchenkoPastur(0.25)
    assert mp_law.pdf(3.0) == 0.0 and mp_law.cdf(0.1) == 0.0 and mp_law.cdf(3.0) == 1.0


def test_shapes_and_types():
    law = HTMP(0.5, 2.0)
    assert isinstance(law.pdf(1.0), np.floating)
    assert law.pdf(np.ones((2, 3))).shape == (2, 3)
    out = law.cdf([0.5, 1.0], dps=20)
    assert out.shape == (2,) and isinstance(out[0], mp.mpf)
    assert isinstance(law.stieltjes(1 + 1j), complex)


def test_cli_density_prints_requested_digits(capsys):
    assert main(["density", "--gamma", "0.5", "--kappa", "2", "--x", "0.5", "1", "--dps", "40"]) == 0
    out = capsys.readouterr().out
    expected = HTMP(0.5, 2.0).pdf(mp.mpf("0.5"), dps=40)
    assert mp.nstr(expected, 40, min_fixed=0, max_fixed=0) in out


def test_cli_tails_and_inverse(capsys):
    assert main(["tails", "--gamma", "0.3255", "--kappa", "1.9"]) == 0
    out = capsys.readouterr().out
    assert f"{InverseHTMP(0.3255, 1.9).alpha:.12g}" in out
    assert main(["density", "--gamma", "0.5", "--kappa", "4", "--inverse", "--x", "2"]) == 0


def test_cli_rejects_bad_input():
    with pytest.raises(SystemExit) as err:
        main(["density", "--gamma", "-1", "--kappa", "2", "--x", "1"])
    assert err.value.code == 2


def test_cli_demo_writes_png(tmp_path):
    out = tmp_path / "demo.png"
    res = subprocess.run([sys.executable, "-m", "htmp_theory.cli", "demo", "--out", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "alpha" in res.stdout and "moments" in res.stdout
