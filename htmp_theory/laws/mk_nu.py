r"""The law :math:`\nu` handed to :func:`~htmp_theory.laws.mk_law.mk_inverse`, in one interface.

:func:`as_nu` accepts a package law (anything derived from :class:`~htmp_theory.laws._base.Law`),
a frozen continuous ``scipy.stats`` distribution, a :class:`Nu` (e.g. the law of a sum,
:func:`.mk_nu_sum.convolve_nu`) or a :class:`~.markov_krein.AtomicMeasure`, and returns a :class:`Nu`: support, float64 density, mpmath density at the working precision (exact
formulas for the scipy families normal, gamma, beta, uniform, exponential and for package laws;
other scipy families are known to float64 only, which caps ``dps``), and raw moments.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Callable

import mpmath as mp

from ._base import Law
from .markov_krein import AtomicMeasure, moments_of

__all__ = ["Nu", "as_nu"]


@functools.lru_cache(maxsize=64)
def _log_normaliser(name: str, shapes: tuple, dps: int):
    """Log of the normalising constant of a standard scipy family at ``dps`` digits (computed once)."""
    with mp.workdps(dps):
        if name == "gamma":
            return mp.loggamma(shapes[0])
        if name == "beta":
            return mp.log(mp.beta(*shapes))
        return -mp.log(2 * mp.pi) / 2  # norm


def _scipy_standard_mp(name: str, shapes: tuple) -> Callable | None:
    """mpmath density of the standard (loc 0, scale 1) scipy family, or ``None`` if unknown."""
    if name == "norm":
        return lambda y: mp.exp(_log_normaliser(name, (), mp.mp.dps) - y * y / 2)
    if name == "gamma":
        (a,) = shapes
        return lambda y: (mp.exp((a - 1) * mp.log(y) - y - _log_normaliser(name, shapes, mp.mp.dps))
                          if y > 0 else mp.mpf(0))
    if name == "beta":
        a, b = shapes
        return lambda y: (mp.exp((a - 1) * mp.log(y) + (b - 1) * mp.log1p(-y) - _log_normaliser(name, shapes, mp.mp.dps))
                          if 0 < y < 1 else mp.mpf(0))
    if name == "uniform":
        return lambda y: mp.mpf(1) if 0 <= y <= 1 else mp.mpf(0)
    if name == "expon":
        return lambda y: mp.exp(-y) if y >= 0 else mp.mpf(0)
    return None


class Nu:
    r"""A law :math:`\nu` with density (see :func:`as_nu`).

    Attributes
    ----------
    lo, hi : float
        Support (possibly infinite).
    max_dps : int or None
        Digits the mpmath density delivers (``None``: any).
    """

    def __init__(self, source, lo: float, hi: float, pdf64: Callable, pdf_mp: Callable,
                 max_dps: int | None) -> None:
        self.source, self.lo, self.hi = source, float(lo), float(hi)
        self.pdf64, self.pdf_mp, self.max_dps = pdf64, pdf_mp, max_dps
        m = self.moments(2)
        self.mean = float(m[1])
        self.std = math.sqrt(max(float(m[2]) - self.mean**2, 0.0))
        if not self.std > 0:
            raise ValueError("nu must not be a point mass")

    def __repr__(self) -> str:
        return f"Nu({self.source!r})"

    def moments(self, order: int) -> list:
        """Raw moments :math:`M_0..M_{order}` (exact where the source gives them exactly)."""
        return moments_of(self.source, order)


def as_nu(obj) -> Nu | AtomicMeasure:
    """Wrap ``obj`` as a :class:`Nu`; a :class:`Nu` or an :class:`AtomicMeasure` is returned as it is.

    Examples
    --------
    >>> from scipy import stats
    >>> nu = as_nu(stats.gamma(2.0, scale=0.5))
    >>> nu.lo, nu.hi, nu.mean
    (0.0, inf, 1.0)
    """
    if isinstance(obj, (Nu, AtomicMeasure)):
        return obj
    if isinstance(obj, Law):
        lo, hi = (obj.support[0] * obj.scale, obj.support[1] * obj.scale)
        if obj.atom:
            raise ValueError("nu must have a density (this law has an atom at 0)")
        return Nu(obj, lo, hi, lambda t: obj.pdf(t), lambda t: obj.pdf(t, dps=mp.mp.dps), obj.max_dps)
    dist = getattr(obj, "dist", None)
    if dist is not None and hasattr(obj, "pdf") and hasattr(dist, "_parse_args"):
        shapes, loc, scale = dist._parse_args(*obj.args, **obj.kwds)
        lo, hi = obj.support()
        standard = _scipy_standard_mp(dist.name, shapes)
        if standard is None:
            return Nu(obj, lo, hi, obj.pdf, lambda t: mp.mpf(float(obj.pdf(float(t)))), 14)
        loc_mp, scale_mp = mp.mpf(float(loc)), mp.mpf(float(scale))
        return Nu(obj, lo, hi, obj.pdf, lambda t: standard((t - loc_mp) / scale_mp) / scale_mp, None)
    raise TypeError("nu must be a package law, a frozen scipy.stats continuous distribution or an "
                    f"AtomicMeasure, got {type(obj).__name__}")

