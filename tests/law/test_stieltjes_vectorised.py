"""The vectorised float64 Stieltjes transforms against the mpmath paths and Im s(x + i0) = pi p(x)."""
from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

from htmp_theory import HTMP, InverseHTMP, MarchenkoPastur


def _points(law, rng):
    """Points off the axis at all scales, just off the axis, and on the support (for x +- i0)."""
    x = law.ppf(np.linspace(0.002, 0.998, 9))
    x = x[x > 0]
    off = np.exp(rng.uniform(-4, 4, 8)) * np.exp(1j * rng.uniform(-np.pi, np.pi, 8))
    near = x + 1j * np.exp(rng.uniform(-25, -2, x.size)) * rng.choice([-1, 1], x.size)
    return x, np.concatenate([off, near])


@pytest.mark.parametrize("law", [HTMP(0.5, 2.0), HTMP(2.0, 50.0), MarchenkoPastur(0.3), MarchenkoPastur(2.0),
                                 InverseHTMP(0.5, 2.0)], ids=repr)
def test_against_mpmath_and_density(law):
    rng = np.random.default_rng(7)
    x, z = _points(law, rng)
    fast = law.stieltjes(z)
    ref = np.array([complex(law.stieltjes(complex(v), dps=20)) for v in z])
    assert np.max(np.abs(fast - ref) / np.abs(ref)) < 1e-12
    for side in (1, -1):
        fast = law.stieltjes(x, side=side)
        ref = np.array([complex(law.stieltjes(float(v), dps=20, side=side)) for v in x])
        assert np.max(np.abs(fast - ref) / np.abs(ref)) < 1e-12
        density = np.array([float(law.pdf(float(v), dps=20)) for v in x])  # independent of the transform
        assert np.max(np.abs(side * fast.imag / np.pi - density) / density) < 1e-12


def test_shapes_scale_and_errors():
    law = HTMP(0.5, 2.0, scale=3.0)
    z = np.array([[1 + 1j, 2 - 0.5j], [-1.0, 30 + 0j]])
    out = law.stieltjes(z, side=1)
    assert out.shape == (2, 2) and out.dtype == complex
    base = HTMP(0.5, 2.0).stieltjes(z / 3.0, side=1) / 3.0  # s_{aX}(z) = s_X(z/a)/a
    assert np.allclose(out, base, rtol=1e-14, atol=0)
    assert isinstance(law.stieltjes(1 + 1j), complex)
    with pytest.raises(ValueError, match="branch cut"):
        law.stieltjes([1 + 1j, 2.0])
    with pytest.raises(ValueError, match="NaN"):
        law.stieltjes([np.nan + 0j])
    with pytest.raises(ValueError, match="z = 0"):
        law.stieltjes(0.0)
    assert law.stieltjes(mp.mpc(1, 1)) == pytest.approx(complex(law.stieltjes(1 + 1j)), rel=1e-13)
