r"""The Riccati equations of the package's closed-form laws, for :func:`.riccati.march`.

Each law's log-density is tabulated by marching :math:`v' = A + Bv + Cv^2` (in a variable
:math:`u` along the real axis) from one starting value, computed once with mpmath or in closed
form; see :mod:`.riccati` for the method.

**HTMP(γ, κ)**, :math:`u = \log x`.  With :math:`b = \kappa/2`, :math:`k = \kappa/(2\gamma)`,
:math:`c = 1 + b - k`, :math:`t = -k e^u` and :math:`w = U(b, c, t - i0)` (Tricomi), the function
:math:`v = t\,w'(t)/w(t)` obeys, from Kummer's equation :math:`t w'' + (c - t) w' - b w = 0`,

.. math::

    \frac{dv}{du} = b t + (1 - c + t)\,v - v^2 ,

and :math:`x p(x) = |\operatorname{Im} v|/(\pi b)` (since :math:`p = \theta'/(\pi b)` with
:math:`\theta = \arg w`), so :math:`L = \log(x p) = \psi - \log(\pi b)`.  :math:`v` stays
bounded at both ends (:math:`v \to 0` or :math:`1 - c` as :math:`t \to 0`, :math:`v \to -b` as
:math:`t \to -\infty`), unlike :math:`w'/w`.  Start: :math:`v` at the mean of the continuous part,
:math:`x_0 = \max(1, \gamma)`, from two values of U (:func:`htmp_start`).

**Float64 start.**  For :math:`\operatorname{Re} z > 0`,
:math:`U(b, c, z) = \Gamma(b)^{-1}\int_0^\infty e^{-zs} s^{b-1}(1+s)^{c-b-1}\,ds`, so
:math:`t\,U'/U = -t \int s f / \int f` with :math:`f = e^{-ts}s^{b-1}(1+s)^{c-b-1}`.  Rotating the
path to :math:`s = r e^{3i\pi/4}` continues this to :math:`t - i0`, :math:`t < 0`
(:math:`\arg(ts) = -\pi/4`: the integrand decays like :math:`e^{-|t| r/\sqrt 2}`, and the path keeps
clear of the cut of :math:`(1+s)^{c-b-1}`).  In :math:`r = e^\sigma` both integrals are
trapezoid sums over the real line (for :math:`b < 1` the :math:`r^{b-1}e^{-r}` part of the
denominator, :math:`\Gamma(b)`, is subtracted and added back), which converge geometrically
in the step (to rounding at steps 0.05).  Error estimate, relative to
:math:`|\operatorname{Im} v|`: the larger of the change from step 0.05 to 0.025 and 1e-14 times
the condition number of the sums times :math:`|v|/|\operatorname{Im} v|`.  The value is used
when this is below ``start_rtol`` (1e-13 for the laws' tables: mostly 0.3 ≲ κ ≲ 10 at
γ ≤ 1; the fits pass 1e-10, which admits nearly all κ from 0.003 to 10-50, the upper end
rising with γ); otherwise mpmath.  Against 30-digit mpmath
the accepted values are within the estimate (test).
"""
from __future__ import annotations

import functools
import math

import numpy as np

from .riccati import march
from .table import DEGREE, MAX_LOG_RANGE

__all__ = ["htmp_pieces", "htmp_start", "gaussian_pieces", "jacobi_pieces"]


_PATH = np.exp(0.75j * math.pi)  # direction of the rotated path s = r e^{3i pi/4}


def _start_sums(b: float, a: float, k: float, h: float) -> tuple[complex, float]:
    r"""(:math:`\int r^b F\,dr / \int r^{b-1} F\,dr`, condition number of the two sums), trapezoid
    rule of step ``h`` in :math:`\sigma = \log r`, :math:`F = \exp(a r e^{-i\pi/4})(1 + r e^{3i\pi/4})^{-k}`
    with :math:`a = -t > 0`, :math:`k = 1 + b - c` (module notes)."""
    if b < 1:
        lo = -40.0 / (b + 1.0)
    else:
        lo = min(-40.0 / b, math.log(b / a) - 40.0 / math.sqrt(b))
    sigma = np.arange(max(lo, -700.0), math.log(800.0 * math.sqrt(2.0) / a + 1.0) + h, h)
    r = np.exp(sigma)
    log_f = -a * r * np.exp(-0.25j * math.pi) - k * np.log1p(r * _PATH)
    num = np.exp(log_f + (b + 1.0) * sigma)
    if b < 1:  # subtract r^(b-1) e^-r (integral Gamma(b)): the sum then decays like r^(b+1) at 0
        den, den0 = np.exp(b * sigma) * (np.exp(log_f) - np.exp(-r)), math.gamma(b)
    else:
        den, den0 = num / r, 0.0
    total_num, total_den = h * num.sum(), h * den.sum() + den0
    cond = (h * (np.abs(num).sum() + np.abs(den).sum()) + den0) / min(abs(total_num), abs(total_den))
    return total_num / total_den, float(cond)


def _htmp_start_float(b: float, c: float, t: float, rtol: float = 1e-13) -> complex | None:
    r""":func:`htmp_start` from the rotated integral in float64 (module notes), or None where its error
    estimate (relative to :math:`|\operatorname{Im} v|`) exceeds ``rtol``."""
    with np.errstate(all="ignore"):
        coarse, _ = _start_sums(b, -t, 1.0 + b - c, 0.05)
        fine, cond = _start_sums(b, -t, 1.0 + b - c, 0.025)
        v = -t * _PATH * fine
        if not (np.isfinite(v) and v.imag != 0):
            return None
        error = max(abs(coarse - fine) * -t, 1e-14 * cond * abs(v)) / abs(v.imag)
        if not error <= rtol:
            return None
    return complex(v)


@functools.lru_cache(maxsize=256)
def htmp_start(b: float, c: float, t: float, rtol: float = 1e-13) -> complex:
    r""":math:`t\,U'(b, c, t)/U(b, c, t) = -b\,t\,U(b+1, c+1, t)/U(b, c, t)` just below the cut at
    ``t < 0``: the float64 integral where its error estimate is below ``rtol`` (module notes), else mpmath at 18 digits
    (U to double precision).  Cached: a table rebuilt over a wider range, e.g. by the fits,
    starts from the same value."""
    fast = _htmp_start_float(b, c, t, rtol)
    if fast is not None:
        return fast
    import mpmath as mp

    from .special import hyperu_scaled

    with mp.workdps(18):
        num, den = hyperu_scaled(b + 1, c + 1, t, fast=True), hyperu_scaled(b, c, t, fast=True)
        return complex(-b * t * mp.exp(num.log_scale - den.log_scale) * num.value / den.value)


def _constant(value: float):
    """Offset callable adding a constant to a piece's Chebyshev coefficients."""
    row = np.zeros(DEGREE + 1)
    row[0] = value
    return lambda lo, hi: row


def htmp_pieces(gamma: float, kappa: float, u_lo: float, u_hi: float, *, floor: float = -math.inf,
                tol: float = 1e-14, max_log_range: float = MAX_LOG_RANGE,
                start_rtol: float = 1e-13) -> tuple[np.ndarray, np.ndarray]:
    r"""Pieces of :math:`L(u) = \log(x\,p(x))`, :math:`u = \log x`, of HTMP(γ, κ) (module notes).

    The march starts at :math:`u_0 = \log\max(1, \gamma)` and runs to ``u_lo`` and ``u_hi``
    (or, on each side, until :math:`L` falls below ``floor``); the pieces cover at least
    :math:`[\min(u_{lo}, u_0), \max(u_{hi}, u_0)]` unless stopped by the floor.  ``L`` varies by at
    most ``max_log_range`` on a piece (``inf`` for a table of ``L`` alone, without masses).
    ``start_rtol`` bounds the estimated relative error of :math:`\operatorname{Im} v` at the start
    taken from the float64 integral (module notes); where it is larger, mpmath.

    Returns
    -------
    edges, coef
        As taken by :meth:`~.table.LogDensityTable.from_pieces`.

    Examples
    --------
    >>> import mpmath
    >>> edges, coef = htmp_pieces(0.5, 2.0, -1.0, 1.0)
    >>> i = np.searchsorted(edges, 0.3) - 1
    >>> L = np.polynomial.chebyshev.chebval((0.6 - edges[i] - edges[i + 1]) / (edges[i + 1] - edges[i]), coef[i])
    >>> from htmp_theory import HTMP
    >>> bool(abs(L - (math.log(HTMP(0.5, 2.0).pdf(math.exp(0.3))) + 0.3)) < 1e-13)
    True
    """
    b, k = kappa / 2.0, kappa / (2.0 * gamma)
    c = 1.0 + b - k
    u0 = math.log(max(1.0, gamma))
    t0 = -k * math.exp(u0)
    v0 = htmp_start(b, c, t0, start_rtol)

    def abc(u):
        t = -k * np.exp(u)
        return b * t, 1.0 - c + t, np.full_like(u, -1.0)

    offset = _constant(-math.log(math.pi * b))
    start = (v0.real, math.log(abs(v0.imag)))
    left, cl, _, _ = march(abc, u0, *start, -1, limit=min(u_lo, u0), floor=floor, offset=offset, tol=tol,
                           max_log_range=max_log_range)
    right, cr, _, _ = march(abc, u0, *start, 1, limit=max(u_hi, u0), floor=floor, offset=offset, tol=tol,
                            max_log_range=max_log_range)
    return np.array(left[:-1] + right), np.array(cl + cr)


def gaussian_pieces(c: float, reach: float, *, floor: float = -math.inf,
                    tol: float = 1e-14) -> tuple[np.ndarray, np.ndarray]:
    r"""Pieces of :math:`L(x) = \log p_c(x)` of the high-temperature Gaussian law on ``[-reach, reach]``
    (or, on each side, until :math:`L` falls below ``floor``).

    Its Stieltjes transform solves :math:`s' = -1 - x s - c s^2`, and :math:`s(x + i0) = S + i\pi p`
    with :math:`S(0) = 0` (the law is symmetric) and
    :math:`p(0) = \Gamma(\tfrac{1+c}{2})^2 2^{c} / (\pi\sqrt{2\pi}\,\Gamma(1+c))` (from
    :math:`D_{-c}(0) = 2^{-c/2}\sqrt\pi/\Gamma(\tfrac{1+c}{2})`): no special function is evaluated.

    Examples
    --------
    >>> import mpmath
    >>> edges, coef = gaussian_pieces(1.0, 3.0)
    >>> i = np.searchsorted(edges, 0.5) - 1
    >>> L = np.polynomial.chebyshev.chebval((1.0 - edges[i] - edges[i + 1]) / (edges[i + 1] - edges[i]), coef[i])
    >>> exact = -0.5 * mpmath.log(2 * mpmath.pi) - 2 * mpmath.log(abs(mpmath.pcfd(-1, 0.5j)))
    >>> bool(abs(L - exact) < 1e-14)
    True
    """
    log_p0 = (2 * math.lgamma(0.5 * (1 + c)) + c * math.log(2) - math.log(math.pi)
              - 0.5 * math.log(2 * math.pi) - math.lgamma(1 + c))

    def abc(x):
        return np.full_like(x, -1.0), -x, np.full_like(x, -c)

    offset = _constant(-math.log(math.pi))
    start = (0.0, log_p0 + math.log(math.pi))
    left, cl, _, _ = march(abc, 0.0, *start, -1, limit=-reach, floor=floor, offset=offset, tol=tol)
    right, cr, _, _ = march(abc, 0.0, *start, 1, limit=reach, floor=floor, offset=offset, tol=tol)
    return np.array(left[:-1] + right), np.array(cl + cr)


def jacobi_pieces(a: float, b: float, c: float, u0: float, v0: complex, *, floor: float = -math.inf,
                  reach: float = 708.0, tol: float = 1e-14) -> tuple[np.ndarray, np.ndarray]:
    r"""Pieces of :math:`L(u) = \log g(u)`, :math:`g = p(x)\,x(1-x)` the density of the logit
    :math:`u = \log(x/(1-x))`, of the high-temperature Jacobi law with exponents a, b and coupling c.

    :math:`G = -s` solves :math:`(z^2-z)G' = c(z^2-z)G^2 + ((a+b)z-a)G - (1+a+b+c)`, so
    :math:`v = x(1-x)\,G(x + i0)` obeys, in u,

    .. math::

        v' = x(1-x)(1+a+b+c) + \bigl(1 + a - (2+a+b)x\bigr)\,v + c\,v^2 ,

    bounded at both ends, and :math:`|\operatorname{Im} v| = \pi g`.  ``v0`` is :math:`v` at
    ``u0`` (from the closed form); the march runs to :math:`\pm` ``reach`` (x stays a normal
    double) or until :math:`L` falls below ``floor``.

    Examples
    --------
    >>> from htmp_theory import JacobiHT
    >>> law = JacobiHT(0.5, -0.25, 2)
    >>> edges, coef = jacobi_pieces(0.5, -0.25, 2.0, 0.0, law._v_start(0.0), reach=3.0)
    >>> i = np.searchsorted(edges, 1.0) - 1
    >>> L = np.polynomial.chebyshev.chebval((2.0 - edges[i] - edges[i + 1]) / (edges[i + 1] - edges[i]), coef[i])
    >>> x = 1 / (1 + math.exp(-1.0))
    >>> bool(abs(L - math.log(law.pdf(x) * x * (1 - x))) < 1e-13)
    True
    """
    if not 0 < reach <= 708.0:
        raise ValueError(f"reach must lie in (0, 708] (x and 1 - x stay normal doubles), got {reach!r}")

    def abc(u):
        e = np.exp(-np.abs(u))
        x = 1.0 / (1.0 + np.exp(-u))
        return (1 + a + b + c) * e / (1 + e) ** 2, 1 + a - (2 + a + b) * x, np.full_like(u, c)

    offset = _constant(-math.log(math.pi))
    start = (v0.real, math.log(abs(v0.imag)))
    left, cl, _, _ = march(abc, u0, *start, -1, limit=-reach, floor=floor, offset=offset, tol=tol)
    right, cr, _, _ = march(abc, u0, *start, 1, limit=reach, floor=floor, offset=offset, tol=tol)
    return np.array(left[:-1] + right), np.array(cl + cr)
