r"""Evaluation of Stieltjes transforms :math:`s(z) = \int p(t)\,dt/(t - z)` for the law objects.

Every law supplies :math:`s` on the closed upper half-plane of its standard variable
(real :math:`z` on the support meaning :math:`z + i0`); the rest follows from
:math:`s(\bar z) = \overline{s(z)}` and :math:`s_{aX}(z) = s_X(z/a)/a`.
"""
from __future__ import annotations

from collections.abc import Callable

import mpmath as mp
import numpy as np

from .validation import GUARD_DIGITS

__all__ = ["stieltjes_map"]

_FLOAT_DIGITS = 17


def stieltjes_map(law, z, upper: Callable, dps: int | None, side: int | None):
    """Evaluate ``law``'s Stieltjes transform elementwise.

    Parameters
    ----------
    law
        A law object (provides ``scale`` and ``support``).
    z : complex or array_like of complex
        Points off the support; real points on the support need ``side``.
    upper : callable
        ``y -> s_Y(y)`` for the standard variable, ``Im y >= 0`` (mpmath, working
        precision), real ``y`` on the support meaning ``y + i0``.
    dps : int or None
        ``None``: complex128 output (computed with mpmath at 17 digits);
        otherwise mpmath ``mpc`` correct to ``dps`` digits.
    side : {None, +1, -1}
        For real ``z`` inside the support: ``+1`` gives :math:`s(x + i0)`, ``-1``
        gives :math:`s(x - i0)`.
    """
    if side not in (None, 1, -1):
        raise ValueError(f"side must be None, +1 or -1, got {side!r}")
    digits = _FLOAT_DIGITS if dps is None else law._check_dps(dps)
    lo, hi = law.support
    arr = np.asarray(z)
    if arr.dtype == object:
        items = list(arr.ravel())
    elif np.issubdtype(arr.dtype, np.number):
        items = [complex(v) for v in arr.ravel()]
    else:
        raise TypeError(f"z must be complex numbers, got dtype {arr.dtype}")
    out = []
    for item in items:
        with mp.workdps(digits + GUARD_DIGITS):
            zv = mp.mpc(item) / law.scale
            if mp.isnan(zv.real) or mp.isnan(zv.imag):
                raise ValueError("z must not be NaN")
            on_support = zv.imag == 0 and lo <= zv.real <= hi
            if on_support and side is None:
                raise ValueError(
                    f"z = {item} lies on the support [{lo * law.scale}, {hi * law.scale}] where s has a "
                    "branch cut; pass side=+1 for x+i0 or side=-1 for x-i0")
            if zv == 0 and law.atom == 0 and lo == 0:
                raise ValueError("s(z) is not defined at z = 0, an end point of the support")
            lower = zv.imag < 0 or (on_support and side == -1)
            value = mp.conj(upper(mp.conj(zv))) if lower else upper(zv)
            value /= law.scale
        with mp.workdps(digits):
            out.append(+value)
    if dps is None:
        res = np.array([complex(v) for v in out], dtype=complex).reshape(arr.shape)
        return res[()] if res.ndim == 0 else res
    if arr.ndim == 0:
        return out[0]
    res = np.empty(len(out), dtype=object)
    res[:] = out
    return res.reshape(arr.shape)
