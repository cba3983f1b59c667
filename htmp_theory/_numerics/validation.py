"""Argument checking shared by every public function.

Each checker raises ``TypeError`` for a value of the wrong type and ``ValueError``
for a value out of range, always naming the parameter and the allowed range.

Real numbers may be given as ``int``, ``float``, ``fractions.Fraction``,
``decimal.Decimal``, ``str`` (``'0.3255'``, ``'1e-3'``, ``'1/3'``, ``'inf'``), NumPy scalars or
mpmath ``mpf``.  All but floats are read *exactly* (:func:`exact_value`): a decimal string
means its decimal value, not the nearest double; a float means its exact binary value.
"""
from __future__ import annotations

import decimal
import math
import numbers
from fractions import Fraction

import mpmath as mp
import numpy as np

__all__ = ["GUARD_DIGITS", "check_real", "check_positive", "check_dps", "check_int", "check_rng", "exact_rational",
           "exact_value", "to_mpf", "as_float_array", "as_mpf_point"]

#: Extra decimal digits carried internally by the mpmath paths.
GUARD_DIGITS = 12


def _nan(name: str, value):
    return ValueError(f"{name} must be a real number, got NaN ({value!r})")


def exact_value(name: str, value, *, allow_inf: bool = False, allow_nan: bool = False):
    """The exact value of a real number: a ``Fraction``, or ``±inf``/``nan`` as a float.

    ``int``, ``Fraction``, ``Decimal``, decimal or fraction strings (``'0.3255'``,
    ``'1e-400'``, ``'-2/3'``) and mpmath ``mpf`` are converted exactly; a ``float`` gives
    its exact binary value.  ``TypeError`` for other types (bool, complex, ...);
    ``ValueError`` naming ``name`` for unparsable strings, NaN (unless ``allow_nan``)
    and infinities (unless ``allow_inf``).

    Examples
    --------
    >>> exact_value("gamma", "0.3255")
    Fraction(651, 2000)
    >>> exact_value("gamma", 0.1) == Fraction(1, 10)      # the double nearest 0.1 is not 1/10
    False
    """
    if isinstance(value, bool) or isinstance(value, (complex, mp.mpc)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    if isinstance(value, (numbers.Rational, np.integer)):
        return Fraction(int(value)) if isinstance(value, np.integer) else Fraction(value)
    if isinstance(value, str):
        text = value.strip().lower().replace("_", "")
        if text in ("nan", "+nan", "-nan"):
            special = math.nan
        elif text.lstrip("+-") in ("inf", "infinity"):
            special = -math.inf if text.startswith("-") else math.inf
        else:
            try:
                return Fraction(text)
            except (ValueError, ZeroDivisionError):
                raise ValueError(f"{name} must be a real number, got the string {value!r}") from None
    elif isinstance(value, decimal.Decimal):
        special = math.nan if value.is_nan() else (float(value) if value.is_infinite() else None)
        if special is None:
            return Fraction(value)
    elif isinstance(value, mp.mpf):
        special = float(value) if (mp.isnan(value) or mp.isinf(value)) else None
        if special is None:
            man, exp = value.man_exp
            return Fraction(man) * Fraction(2) ** exp
    elif isinstance(value, (numbers.Real, np.floating)):
        special = float(value)
        if math.isfinite(special):
            return Fraction(special)
    else:
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    if math.isnan(special):
        if allow_nan:
            return special
        raise _nan(name, value)
    if not allow_inf:
        raise ValueError(f"{name} must be finite, got {value!r}")
    return special


def check_real(name: str, value, *, allow_inf: bool = False) -> float:
    """Return ``value`` as a Python float after checking it is a real number (not NaN).

    Accepts every type of :func:`exact_value`; a finite value outside the float64 range
    (``'1e400'``, or a nonzero ``'1e-400'`` that would round to 0) is a ``ValueError``.
    """
    if type(value) in (float, int):
        v = float(value)
        if math.isnan(v):
            raise _nan(name, value)
    else:
        exact = exact_value(name, value, allow_inf=allow_inf)
        if not isinstance(exact, Fraction):
            return exact
        try:
            v = float(exact)
        except OverflowError:
            v = math.inf
        if exact != 0 and v == 0:
            raise ValueError(f"{name} = {value!r} is out of the float64 range (nonzero but below 5e-324 in "
                             "magnitude)")
        if math.isinf(v):
            raise ValueError(f"{name} = {value!r} is out of the float64 range (magnitude above 1.8e308)")
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


def exact_rational(value, name: str = "value"):
    """The exact rational value of any input but a float (see :func:`exact_value`), else ``value``.

    ints, Fractions, Decimals, strings and mpf give a ``Fraction``; floats (and infinities)
    are returned unchanged.  Used wherever exact arithmetic (moments as rationals) must
    survive exact input.
    """
    if isinstance(value, (float, np.floating)) or isinstance(value, bool):
        return value
    try:
        return exact_value(name, value, allow_inf=True)
    except TypeError:
        return value


def to_mpf(value):
    """``value`` (a Fraction, float, int or mpf) as an mpf at the working precision (one rounding)."""
    if isinstance(value, Fraction):
        return mp.mpf(value.numerator) / value.denominator
    return mp.mpf(value)


def as_mpf_point(name: str, value):
    """A point given as any real type (:func:`exact_value`) as an mpf at the working precision.

    NaN stays NaN (points may be NaN); decimal strings and Decimals are read at the working
    precision, not through a double.
    """
    if isinstance(value, mp.mpf):
        return +value
    if isinstance(value, str) and value.strip().lower() not in ("nan", "+nan", "-nan"):
        exact_value(name, value, allow_inf=True)  # validates the text
        return mp.mpf(value.strip().replace("_", ""))
    exact = exact_value(name, value, allow_inf=True, allow_nan=True)
    return to_mpf(exact) if isinstance(exact, Fraction) else mp.mpf(exact)


def as_float_array(name: str, x) -> np.ndarray:
    """``x`` (array_like of any real type of :func:`exact_value`, NaN allowed) as a float64 array."""
    arr = np.asarray(x)
    if arr.dtype.kind in "biuf":
        if arr.dtype == bool:
            raise TypeError(f"{name} must be real numbers, got dtype bool")
        return arr.astype(float)
    if arr.dtype.kind in "OUS":
        flat = [float(exact_value(name, v.decode() if isinstance(v, bytes) else (str(v) if isinstance(v, str) else v),
                                  allow_inf=True, allow_nan=True)) for v in arr.ravel()]
        return np.array(flat, dtype=float).reshape(arr.shape)
    raise TypeError(f"{name} must be real numbers, got dtype {arr.dtype}")
