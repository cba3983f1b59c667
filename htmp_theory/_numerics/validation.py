"""Argument checking shared by every public function.

Each checker raises ``TypeError`` for a value of the wrong type and ``ValueError``
for a value out of range, always naming the parameter and the allowed range.
"""
from __future__ import annotations

import math
import numbers
from fractions import Fraction

import numpy as np

__all__ = ["GUARD_DIGITS", "check_real", "check_positive", "check_dps", "check_int", "check_rng", "exact_rational"]

#: Extra decimal digits carried internally by the mpmath paths.
GUARD_DIGITS = 12


def check_real(name: str, value, *, allow_inf: bool = False) -> float:
    """Return ``value`` as a Python float after checking it is a real number (not NaN)."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        try:
            import mpmath

            if isinstance(value, mpmath.mpf):
                return check_real(name, float(value), allow_inf=allow_inf)
        except ImportError:  # pragma: no cover - mpmath is a hard dependency
            pass
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    v = float(value)
    if math.isnan(v):
        raise ValueError(f"{name} must be a real number, got NaN")
    if math.isinf(v) and not allow_inf:
        raise ValueError(f"{name} must be finite, got {v}")
    return v


def check_positive(name: str, value, *, allow_inf: bool = False) -> float:
    """Check ``0 < value`` (``<= inf`` when ``allow_inf``) and return it as a float."""
    v = check_real(name, value, allow_inf=allow_inf)
    if not v > 0:
        upper = "inf]" if allow_inf else "inf)"
        raise ValueError(f"{name} must lie in (0, {upper}, got {value!r}")
    return v


def check_int(name: str, value, *, minimum: int = 0) -> int:
    """Check ``value`` is an integer ``>= minimum`` and return it as ``int``."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    v = int(value)
    if v < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {v}")
    return v


def check_dps(dps) -> int:
    """Check the requested number of decimal digits (an integer >= 1)."""
    return check_int("dps", dps, minimum=1)


def check_rng(rng) -> np.random.Generator:
    """Return a ``numpy.random.Generator``.

    ``None`` gives a fresh unseeded generator, an ``int`` seeds one, a ``Generator``
    is used as is; anything else (including the legacy ``RandomState``) is a ``TypeError``.
    """
    if rng is None or (isinstance(rng, (numbers.Integral, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    if isinstance(rng, np.random.Generator):
        return rng
    raise TypeError(
        "rng must be a numpy.random.Generator, an integer seed or None, "
        f"got {type(rng).__name__}"
    )


def exact_rational(value):
    """``Fraction(value)`` for Python ints/Fractions (not bools), else ``value`` unchanged.

    Used wherever exact arithmetic (moments as rationals) must survive given rational input.
    """
    if isinstance(value, numbers.Rational) and not isinstance(value, bool):
        return Fraction(value)
    return value
