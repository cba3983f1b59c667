r"""Evaluation of Stieltjes transforms :math:`s(z) = \int p(t)\,dt/(t - z)` for the law objects.

Every law supplies :math:`s` on the closed upper half-plane of its standard variable
(real :math:`z` on the support meaning :math:`z + i0`); the rest follows from
:math:`s(\bar z) = \overline{s(z)}` and :math:`s_{aX}(z) = s_X(z/a)/a`.  A law may also
supply a vectorised float64 version (``upper64``), used for ``dps=None``.
"""
from __future__ import annotations

from collections.abc import Callable

import mpmath as mp
import numpy as np

from .validation import GUARD_DIGITS

__all__ = ["stieltjes_map"]

_FLOAT_DIGITS = 17
_AT_ZERO = "s(z) is not defined at z = 0: an end point of the support, or the atom at 0 (a pole of s)"


def stieltjes_map(law, z, upper: Callable, dps: int | None, side: int | None, upper64: Callable | None = None):
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
    upper64 : callable, optional
        Vectorised float64 ``upper``: complex array ``y`` (``Im y >= 0``, nonzero) to complex
        array, NaN where it cannot answer (those points go through ``upper``).
    """
    if side not in (None, 1, -1):
        raise ValueError(f"side must be None, +1 or -1, got {side!r}")
    if dps is None and upper64 is not None:
        return _stieltjes64(law, z, upper, side, upper64)
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
            if zv == 0 and (law.atom > 0 or lo == 0):
                raise ValueError(_AT_ZERO)
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


def _stieltjes64(law, z, upper: Callable, side: int | None, upper64: Callable):
    """Vectorised float64 path of :func:`stieltjes_map` (same checks and conventions)."""
    arr = np.asarray(z)
    if arr.dtype == object or not np.issubdtype(arr.dtype, np.number) or arr.dtype == bool:
        return stieltjes_map(law, z, upper, None, side)  # mpmath or exotic input: the scalar path
    zs = arr.astype(complex).ravel() / law.scale
    if np.any(np.isnan(zs)):
        raise ValueError("z must not be NaN")
    lo, hi = law.support
    on_support = (zs.imag == 0) & (zs.real >= lo) & (zs.real <= hi)
    if side is None and np.any(on_support):
        bad = arr.ravel()[np.argmax(on_support)]
        raise ValueError(
            f"z = {bad} lies on the support [{lo * law.scale}, {hi * law.scale}] where s has a "
            "branch cut; pass side=+1 for x+i0 or side=-1 for x-i0")
    if (law.atom > 0 or lo == 0) and np.any(zs == 0):
        raise ValueError(_AT_ZERO)
    lower = (zs.imag < 0) | (on_support & (side == -1))
    y = np.where(lower, zs.conj(), zs)
    y = np.where(y.imag == 0, y.real + 0j, y)
    with np.errstate(all="ignore"):
        value = np.asarray(upper64(y), dtype=complex)
    miss = np.flatnonzero(~np.isfinite(value) & (y != 0))
    for i in miss:  # points the vectorised path leaves to mpmath (e.g. beyond its table)
        with mp.workdps(_FLOAT_DIGITS + GUARD_DIGITS):
            value[i] = complex(upper(mp.mpc(y[i])))
    value = np.where(lower, value.conj(), value) / law.scale
    res = value.reshape(arr.shape)
    return res[()] if res.ndim == 0 else res
