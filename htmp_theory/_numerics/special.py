r"""Tricomi's confluent hypergeometric function U on and off its branch cut.

The HTMP law needs :math:`U(b, c, w)` for real :math:`b > 0`, real :math:`c`, at
:math:`w = -y - i0` (just below the negative real axis, :math:`y > 0`) and at complex
:math:`w` in the closed lower half-plane.  For real parameters
:math:`U(b, c, \bar w) = \overline{U(b, c, w)}`, so the upper half-plane follows by
conjugation.

Two independent methods are used.

``hyperu``
    ``mpmath.hyperu`` (hypergeometric series and connection formulas).  Fast and
    reliable for moderate parameters; its series cancel catastrophically when
    :math:`b` and :math:`|w|` are both large (in practice :math:`\kappa \gtrsim 500`
    for HTMP) and it then fails.

``contour``
    The Laplace integral (DLMF 13.4.4)

    .. math::

        \Gamma(b)\, U(b, c, w) = \int_\Gamma e^{-wt}\, t^{b-1} (1+t)^{c-b-1}\,dt ,

    with :math:`\Gamma` rotated from :math:`[0, \infty)` into the upper half
    :math:`t`-plane (legitimate for :math:`-\pi \le \arg w < \pi/2`, no singularity is
    crossed) and deformed onto the steepest-descent path of
    :math:`\phi(t) = -wt + (b-1)\log t - (b-c+1)\log(1+t)` through its saddle point.
    Along that path the integrand does not oscillate, so the quadrature loses no
    digits to cancellation however large :math:`b` is.  The path is traced in
    double precision (its exact shape does not matter, only that the integrand is
    negligible where it is truncated).  At the working precision the integral is done
    by fixed rules in the steepest-descent variable (:mod:`~htmp_theory._numerics.descent`:
    Gauss–Hermite or trapezoid; next to an edge, where the saddles nearly merge, Gauss rules in
    a cubic variable; else Clenshaw–Curtis on the polygon), in double precision
    by Gauss–Legendre on the polygon in ``numpy`` (the float64 tables).

Both return the value together with a real scale exponent, ``U = exp(E) * V``, so
that numbers such as :math:`U \approx 10^{-10^5}` (HTMP with :math:`\kappa = 10^6`)
never overflow.
"""
from __future__ import annotations

import cmath
import math
from dataclasses import dataclass

import mpmath as mp
import numpy as np

from .descent import RULES, laplace_integral

__all__ = ["ScaledComplex", "hyperu_scaled", "series_suffices", "contour_path", "tail_phase_split", "HYPERU_MAX_B",
           "FAST_CONTOUR_MIN_B"]

#: Above this value of ``b`` ``mpmath.hyperu`` is not attempted at full precision.
HYPERU_MAX_B = 150.0
#: From this value of ``b`` on, double-precision requests use the float64 contour.
FAST_CONTOUR_MIN_B = 10.0

_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(40)


@dataclass(frozen=True)
class ScaledComplex:
    """A complex number ``exp(log_scale) * value`` with ``log_scale`` real.

    Attributes
    ----------
    log_scale : mpmath.mpf or float
        Real exponent carrying the magnitude.
    value : mpmath.mpc or complex
        Complex factor of moderate size.
    phase_pi, residual : mpmath.mpf, optional
        An argument of the number split as ``pi * phase_pi + residual`` with ``phase_pi`` exact
        and ``residual`` small and known to the relative accuracy of the value (set by the
        contour integral where the path runs along the cut: there the phase of U is a multiple
        of pi up to a tiny angle, the mass of a far tail of HTMP).
    """

    log_scale: object
    value: object
    phase_pi: object = None
    residual: object = None

    def log_abs(self):
        """Natural logarithm of the modulus."""
        return self.log_scale + mp.log(abs(self.value))

    def arg(self):
        """Principal argument of the number, in ``(-pi, pi]``."""
        return mp.arg(self.value)

    def arg_split(self):
        """An argument as ``(n, r)``, meaning ``pi * n + r`` (``n`` exact, ``r`` the small part
        where the split is known; else ``n = 0`` and ``r`` the principal argument)."""
        if self.phase_pi is None:
            return mp.mpf(0), self.arg()
        return self.phase_pi, self.residual


def _phi_float(t: complex, A: complex, p: float, q: float) -> complex:
    return A * t + p * cmath.log(t) - q * cmath.log(1 + t)


def _saddles(A: complex, p: float, q: float) -> tuple[complex, complex]:
    """Roots of phi'(t) = A + p/t - q/(1+t) = 0, i.e. A t^2 + (A + p - q) t + p = 0."""
    B = A + p - q
    disc = cmath.sqrt(B * B - 4 * A * p)
    return (-B + disc) / (2 * A), (-B - disc) / (2 * A)


def _width(t: complex, p: float, q: float) -> float:
    """Gaussian width 1/sqrt|phi''(t)| of the integrand at a saddle point ``t``."""
    return 1.0 / math.sqrt(abs(-p / t**2 + q / (1 + t) ** 2))


def _around(t: complex, width: float, lo: float, hi: float) -> list[complex]:
    """Real points t - 32w, ..., t, ..., t + 32w inside (lo, hi), increasing, for quadrature."""
    offsets = (-32, -8, -2, 0, 2, 8, 32)
    return [complex(t.real + j * width, 0.0) for j in offsets if lo < t.real + j * width < hi]


def _trace_leg(t: complex, A: complex, p: float, q: float, f0: float, drop: float) -> list[complex]:
    """Follow the steepest-descent direction of Re(phi) from ``t`` until it fell by ``drop``.

    Returns vertices at which Re(phi) has dropped by 1, 2, 4, ... (a coarse polygon
    close to the true path) and the end point.  The path must stay above the branch
    cut of the logarithms (the negative real axis).  Where the steepest-descent
    path would cross it (it continues on another sheet), the leg runs parallel to
    the axis instead, in the direction in which Re(phi) decreases: to the left of -1
    (where the factor exp(A t) decays) or towards 0 on (-1, 0) (where, with real
    A, Re(phi) is monotone with no saddle on the axis).
    """
    pts: list[complex] = []
    level = 1.0
    horizontal = 0.0  # 0: follow the gradient; -1 / +1: run left / right along the axis
    for _ in range(20000):
        g = A + p / t - q / (1 + t)
        h2 = abs(-p / t**2 + q / (1 + t) ** 2)
        step = min(0.25 / math.sqrt(h2) if h2 > 0 else 1.0, 0.05 * abs(t), 0.05 * abs(1 + t))
        # once far down the path the gradient dominates: allow steps that drop Re(phi) by ~1
        step = max(step, min(0.5 / abs(g), 0.05 * abs(t), 0.05 * abs(1 + t)))
        t_new = t + horizontal * step if horizontal else t - step * g.conjugate() / abs(g)
        if not horizontal and t.imag > 0 >= t_new.imag and t_new.real < 0:
            horizontal = -1.0 if t.real < -1 else 1.0
            if horizontal * g.real >= 0:
                raise ArithmeticError("steepest-descent path crossed the branch cut")
            pts.append(t)
            t_new = t + horizontal * step
        t = t_new
        fall = f0 - _phi_float(t, A, p, q).real
        if fall >= level or fall >= drop:
            pts.append(t)
            level = max(2 * level, level + 1.0)
        if fall >= drop:
            return pts
    raise ArithmeticError("steepest-descent path did not descend")  # pragma: no cover


def contour_path(b: float, c: float, w: complex, drop: float) -> tuple[list[complex], complex]:
    r"""Polygonal integration path for the Laplace integral of :math:`U(b, c, w)`.

    Parameters
    ----------
    b, c : float
        Parameters of U; ``b > 1`` (the integrand must vanish at ``t = 0``).
    w : complex
        Argument with ``Im w <= 0``; a real negative ``w`` means ``w - i0``.
    drop : float
        The path is truncated where :math:`\mathrm{Re}\,\phi` has fallen by ``drop``
        below its value at the saddle: the neglected part is below ``exp(-drop)``
        relative to the result.

    Returns
    -------
    vertices : list of complex
        Path from near 0 to far out, through the saddle.
    t0 : complex
        The point at which :math:`\phi` is normalised (the dominant saddle).
    """
    if w.imag > 0:
        raise ValueError("w must lie in the closed lower half-plane (Im w <= 0)")
    A, p, q = -w, b - 1.0, b - c + 1.0
    r1, r2 = _saddles(A, p, q)
    if w.imag == 0 and w.real > 0:
        # U on (0, inf): the integrand is positive on the real axis, with its maximum at
        # the positive saddle; walk right until it is negligible.
        t0 = complex(max(r1.real, r2.real), 0.0)
        f0 = _phi_float(t0, A, p, q).real
        width = _width(t0, p, q)
        verts = [0j] + _around(t0, width, 0.0, math.inf)
        while f0 - _phi_float(verts[-1], A, p, q).real < drop:
            verts.append(verts[-1] + max(2 * width, 0.5 * verts[-1].real))
        return verts, t0
    if _real_pair(r1, r2):
        # w = -y - i0 outside the bulk: both saddles are real and the integrand has constant
        # phase on each real segment avoiding 0 and -1 (taken from above the cuts).  t_max
        # (phi'' < 0) is the maximum along the axis, t_min the minimum, from which the
        # steepest-descent path leaves vertically upwards.
        t_max, t_min = sorted((complex(r.real, 0.0) for r in (r1, r2)),
                              key=lambda r: (-p / r**2 + q / (1 + r) ** 2).real)
        f_max = _phi_float(t_max, A, p, q).real
        start = t_min + 0.25j * _width(t_min, p, q)
        leg = _trace_leg(start, A, p, q, f_max, drop)
        width = _width(t_max, p, q)
        if t_min.real > -1:
            # saddles in (-1, 0) or (0, inf): [0, t_max, t_min] on the axis, then up to infinity
            lo, hi = sorted((0.0, t_min.real))
            inner = _around(t_max, width, lo, hi)
            if t_max.real < 0:
                inner.reverse()
            return [0j] + inner + [t_min, start] + leg, t_max
        # saddles below -1 (gamma > 1): from the valley at 0 down the vertical leg to t_min,
        # then left along the axis through t_max until the integrand is negligible
        verts = leg[::-1] + [start, t_min] + _around(t_max, width, -math.inf, t_min.real)[::-1]
        while f_max - _phi_float(verts[-1], A, p, q).real < drop:
            verts.append(verts[-1] - max(2 * width, 0.5 * abs(verts[-1].real - t_max.real)))
        return verts, t_max
    # Complex saddles: the one with the larger imaginary part is the physical branch
    # (in the large-b limit s(z) ~ t0 / gamma, and Im s > 0 when Im z > 0).
    t0 = max((r1, r2), key=lambda r: r.imag)
    f0 = _phi_float(t0, A, p, q).real
    d2 = -p / t0**2 + q / (1 + t0) ** 2
    u = cmath.exp(0.5j * (math.pi - cmath.phase(d2)))
    eps = 0.25 / math.sqrt(abs(d2))
    legs = [[t0 + s * eps * u] + _trace_leg(t0 + s * eps * u, A, p, q, f0, drop) for s in (1, -1)]
    legs.sort(key=lambda leg: abs(leg[-1]))
    return legs[0][::-1] + [t0] + legs[1], t0


def _contour_mp(b, c, w, t0: complex, vertices: list[complex], digits: int, rule: str = "fixed",
                drop: float = 0.0) -> ScaledComplex:
    """Laplace integral along ``vertices`` to ``digits`` digits (:func:`~.descent.laplace_integral`).

    On the cut beyond the bulk (real saddles) the path runs along the axis, where the integrand
    has the constant phase of its peak, up to the second saddle and then leaves it: the part
    beyond that corner, traced on its own to ``drop`` below the corner, carries the whole
    imaginary part, so the argument of U is returned split as ``pi * n + r`` with ``r`` to the
    relative accuracy of that part (a tail mass of HTMP to ``digits`` digits however small).
    """
    b, c, w = mp.mpf(b), mp.mpf(c), mp.mpc(w)
    wc = complex(w)
    real = wc.imag == 0 and t0.imag == 0
    corner = leg = None
    if real and wc.real < 0:  # along the axis up to the second saddle, where the path turns upwards
        A, p, q = -wc, float(b) - 1.0, float(b) - float(c) + 1.0  # as in contour_path
        corner = max(_saddles(A, p, q), key=lambda r: abs(r.real - t0.real))
        corner = complex(corner.real, 0.0)
        start = corner + 0.25j * _width(corner, p, q)
        try:
            leg = [corner, start] + _trace_leg(start, A, p, q, _phi_float(corner, A, p, q).real, drop)
        except ArithmeticError:
            leg = None
    f0, integral, split = laplace_integral(-w, b - 1, b - c + 1, t0, vertices, digits, real=real, corner=corner,
                                           leg=leg, rule=rule)
    with mp.workdps(mp.mp.dps + int(math.log10(abs(complex(f0)) + 1.0)) + 2):
        log_scale = mp.re(f0) - mp.loggamma(b)
        if not split:
            return ScaledComplex(log_scale, integral * mp.expj(mp.im(f0)))
        # Im phi on the axis, exactly: arg t and arg(1 + t) are 0 or pi there (from above the cut)
        n = mp.mpf(0) if t0.real > 0 else (b - 1 if t0.real > -1 else c - 2)
        if mp.re(integral) < 0:
            n, integral = n + 1, -integral
        return ScaledComplex(log_scale, integral * mp.expjpi(n), phase_pi=n, residual=mp.arg(integral))


def tail_phase_split(b, c, w) -> bool:
    """Whether :func:`hyperu_scaled` (``method="auto"``, working precision) computes U at ``w``
    on the cut by the contour along the axis with a second saddle, returning its argument split
    (:attr:`ScaledComplex.phase_pi`): then a tiny tail mass needs no extra digits of U."""
    w = mp.mpc(w)
    if mp.im(w) != 0 or not mp.re(w) < 0 or float(b) < HYPERU_MAX_B or abs(w) < 1e-6 * float(b):
        return False
    if series_suffices(b, c, w):
        return False
    r1, r2 = _saddles(-complex(w), float(b) - 1.0, float(b) - float(c) + 1.0)
    return _real_pair(r1, r2)


def _real_pair(r1: complex, r2: complex) -> bool:
    """Whether two saddles are (numerically) both real."""
    return abs((r1 - r2).imag) <= 1e-14 * (abs(r1) + abs(r2))


def _log1p_complex(z: np.ndarray) -> np.ndarray:
    """log(1 + z) for complex arrays, accurate when |z| is small (numpy's is not)."""
    x, y = z.real, z.imag
    return 0.5 * np.log1p(2 * x + x * x + y * y) + 1j * np.arctan2(y, 1 + x)


def _contour_float(b, c, w, t0: complex, vertices: list[complex]) -> ScaledComplex:
    """Laplace integral along ``vertices``: 40-point Gauss–Legendre per segment in float64.

    The exponent is formed as phi(t) - phi(t0) from ratios (log1p), so its rounding
    error is relative to the difference, not to |phi| (which is of order b); the
    normalising constant phi(t0) - log Gamma(b) is computed by mpmath.
    """
    b, c = mp.mpf(b), mp.mpf(c)
    A, p, q = -complex(w), float(b - 1), float(b - c + 1)
    A_lo = -complex(mp.mpc(w) + A)  # rounding error of A, which matters when |A| is large
    z = np.asarray(vertices, dtype=complex)
    lo, hi = z[:-1, None], z[1:, None]
    d = 0.5 * (lo + hi) + 0.5 * (hi - lo) * _GL_NODES[None, :] - t0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        expo = A * d + A_lo * d + p * _log1p_complex(d / t0) - q * _log1p_complex(d / (1 + t0))
        vals = np.exp(expo)
    vals = np.where(np.isfinite(vals), vals, 0.0)
    integral = complex(np.sum(vals * _GL_WEIGHTS[None, :] * 0.5 * (hi - lo)))
    t0m = mp.mpc(t0)
    f0 = -mp.mpc(w) * t0m + (b - 1) * mp.log(t0m) - (b - c + 1) * mp.log(1 + t0m)
    return ScaledComplex(mp.re(f0) - mp.loggamma(b), integral * complex(mp.expj(mp.im(f0))))


def series_suffices(b, c, w) -> bool:
    """Whether :func:`_hyperu_small_w` applies: small ``|w|`` (the series then have
    decreasing terms) and ``c`` an integer or at least 0.05 from one (no near-cancelling poles)."""
    if not mp.isfinite(abs(w)) or w == 0:
        return False
    c_float = float(c)
    size = abs(float(b)) + abs(1.0 + float(b) - c_float) + 2.0
    return float(abs(w)) * size < 0.5 and (c == mp.nint(c) or abs(c_float - round(c_float)) >= 0.05)


def _log_cut(w):
    """log w for ``w`` in the closed lower half-plane, a real negative ``w`` meaning ``w - i0``."""
    return mp.log(abs(w)) + 1j * (-mp.pi if mp.im(w) == 0 and mp.re(w) < 0 else mp.arg(w))


def _power_cut(w, e):
    """w**e with the branch of :func:`_log_cut`; on the cut the phase factor comes from
    ``expjpi`` (exact at integer ``e``: e^{-i pi} has no rounded imaginary part)."""
    if mp.im(w) == 0 and mp.re(w) < 0:
        return abs(w) ** e * mp.expjpi(-e)
    return mp.exp(e * _log_cut(w))


def _hyperu_integer_c(b, n: int, w):
    r"""U(b, n + 1, w) for an integer ``n >= 0`` from its logarithmic series (DLMF 13.2.9):

    .. math::

        U(b, n+1, w) = \frac{(-1)^{n+1}}{n!\,\Gamma(b-n)} \sum_{k\ge0}
        \frac{(b)_k w^k}{(n+1)_k k!}\bigl[\log w + \psi(b+k) - \psi(1+k) - \psi(n+k+1)\bigr]
        + \frac{1}{\Gamma(b)} \sum_{k=1}^{n} \frac{(k-1)!\,(1-b+k)_{n-k}}{(n-k)!} w^{-k}.
    """
    log_w = _log_cut(w)
    psi_b, psi_1, psi_n = mp.digamma(b), mp.digamma(1), mp.digamma(n + 1)
    term, total, k = mp.mpc(1), mp.mpc(0), 0
    while True:
        piece = term * (log_w + psi_b - psi_1 - psi_n)
        total += piece
        if abs(piece) <= mp.eps * abs(total) and k > 0:
            break
        psi_b, psi_1, psi_n = psi_b + 1 / (b + k), psi_1 + mp.mpf(1) / (1 + k), psi_n + mp.mpf(1) / (n + 1 + k)
        term *= (b + k) * w / ((n + 1 + k) * (k + 1))
        k += 1
    value = (-1) ** (n + 1) * mp.rgamma(b - n) / mp.factorial(n) * total
    # the finite sum from its largest term (j = n, at small |w|) down, t_{j-1} = t_j w (j-b)/((j-1)(n-j+1)),
    # until the terms are negligible (n may be large: c = 1 + b - k for HTMP)
    term, finite = mp.factorial(n - 1) / w**n if n else mp.mpc(0), mp.mpc(0)
    for j in range(n, 0, -1):
        finite += term
        if abs(term) <= mp.eps * abs(finite) and j < n:
            break
        term *= w * (j - b) / ((j - 1) * (n - j + 1)) if j > 1 else 0
    return value + mp.rgamma(b) * finite


def _hyperu_small_w(b, c, w) -> ScaledComplex:
    r"""U from its connection formula with Kummer's M (DLMF 13.2.42), for small ``|w|``:

    .. math::

        U(b, c, w) = \frac{\Gamma(1-c)}{\Gamma(b-c+1)} M(b, c, w)
                   + \frac{\Gamma(c-1)}{\Gamma(b)} w^{1-c} M(b-c+1, 2-c, w),

    with ``w`` in the closed lower half-plane (a real negative ``w`` meaning ``w - i0``).
    Both series converge at once there, where ``mpmath.hyperu`` spends ~100 times longer
    (it checks the two terms for cancellation, which at tiny ``|w|`` differ by hundreds of
    orders of magnitude).  10 guard digits cover the cancellation allowed by ``c`` being
    0.05 away from an integer.
    """
    with mp.workdps(mp.mp.dps + 10):
        b, c, w = mp.mpf(b), mp.mpf(c), mp.mpc(w)
        if c == mp.nint(c):  # integer c: the limit of the formula below, U = w^{1-c} U(b-c+1, 2-c, w) for c <= 0
            n = int(mp.nint(c)) - 1
            if n >= 0:
                return ScaledComplex(mp.mpf(0), +_hyperu_integer_c(b, n, w))
            return ScaledComplex(mp.mpf(0), +(_power_cut(w, 1 - c) * _hyperu_integer_c(b - c + 1, -n, w)))
        first = mp.gamma(1 - c) / mp.gamma(b - c + 1) * mp.hyp1f1(b, c, w)
        second = mp.gamma(c - 1) / mp.gamma(b) * _power_cut(w, 1 - c) * mp.hyp1f1(b - c + 1, 2 - c, w)
        value = first + second
    return ScaledComplex(mp.mpf(0), +value)


def _kummer_transformed(b, c, w, method: str, fast: bool, digits: int | None = None,
                        quadrature: str = "fixed") -> ScaledComplex:
    r""":math:`U(b, c, w) = w^{1-c}\,U(1+b-c, 2-c, w)` (DLMF 13.2.40).

    Used for ``b <= 1`` (the contour integral needs :math:`b > 1`; when ``mpmath.hyperu``
    fails for such a ``b`` the transformed parameter :math:`1 + b - c` is large: for HTMP it
    is k) and where the steepest-descent path of the contour meets the cut.  ``w``
    lies in the closed lower half-plane, a real negative ``w`` meaning ``w - i0``
    (argument :math:`-\pi`).
    """
    b, c = mp.mpf(b), mp.mpf(c)
    b2 = 1 + b - c
    if not b2 > 1:
        raise ArithmeticError(f"U({mp.nstr(b, 8)}, {mp.nstr(c, 8)}, w) is out of reach of both methods")
    r = hyperu_scaled(b2, 2 - c, w, method=method, fast=fast, digits=digits, quadrature=quadrature)
    phase = mp.expjpi(c - 1) if mp.im(w) == 0 and mp.re(w) < 0 else mp.expj((1 - c) * mp.arg(w))
    return ScaledComplex(r.log_scale + (1 - c) * mp.log(abs(w)), r.value * phase)


def hyperu_scaled(b, c, w, *, side: int = -1, method: str = "auto", fast: bool = False, digits: int | None = None,
                  quadrature: str = "fixed") -> ScaledComplex:
    r"""Tricomi :math:`U(b, c, w)` as a :class:`ScaledComplex`, at the mpmath working precision.

    Parameters
    ----------
    b, c : real
        Parameters (``b > 0``).
    w : real or complex
        Argument.  A real negative ``w`` lies on the branch cut: ``side = -1`` gives
        :math:`U(b, c, w - i0)`, ``side = +1`` gives :math:`U(b, c, w + i0)`.
    method : {"auto", "hyperu", "contour"}
        ``"auto"`` uses ``mpmath.hyperu`` for ``b <= HYPERU_MAX_B`` (falling back to the
        contour if mpmath does not converge) and the contour integral otherwise.
    fast : bool
        Only about 15 correct digits are needed (float64 tables): with ``"auto"``
        the contour is used from ``b >= FAST_CONTOUR_MIN_B`` on, and the contour
        integral is done in double precision instead of mpmath.
    digits : int, optional
        Relative accuracy wanted for U (default: the working precision).  Callers that raise the
        working precision only to carry a large argument or exponent exactly may ask for fewer
        digits: the contour integral then costs less.  Ignored by ``mpmath.hyperu``.
    quadrature : str
        Rule for the contour integral at the working precision (:func:`~.descent.laplace_integral`):
        ``"fixed"`` (next to an edge, where the two saddles nearly merge, Gauss rules on two rays
        of the cubic variable; else Gauss–Hermite or trapezoid rules in the steepest-descent
        variable, else nested Clenshaw–Curtis rules on the path's polygon), one of those alone
        (``"airy"``, ``"hermite"``, ``"trapezoid"``, ``"polygon"``), or ``"mpquad"``
        (``mpmath.quad``, the former method, kept for comparison).

    Examples
    --------
    >>> import mpmath as mp
    >>> with mp.workdps(20):
    ...     u = hyperu_scaled(3, 0.5, -2.0)
    ...     mp.nstr(mp.exp(u.log_scale) * u.value, 10) == mp.nstr(mp.conj(mp.hyperu(3, 0.5, -2)), 10)
    True
    """
    if method not in ("auto", "hyperu", "contour"):
        raise ValueError(f"method must be 'auto', 'hyperu' or 'contour', got {method!r}")
    if quadrature not in RULES:
        raise ValueError(f"quadrature must be one of {RULES}, got {quadrature!r}")
    w = mp.mpc(w)
    if mp.im(w) > 0 or (mp.im(w) == 0 and side == 1 and mp.re(w) < 0):
        r = hyperu_scaled(b, c, mp.conj(w), side=-1, method=method, fast=fast, digits=digits,
                          quadrature=quadrature)
        return ScaledComplex(r.log_scale, mp.conj(r.value))
    if series_suffices(b, c, w):
        return _hyperu_small_w(b, c, w)
    b_max = FAST_CONTOUR_MIN_B if fast else HYPERU_MAX_B
    # near w = 0 the hypergeometric series converge at once (and the saddle runs off to infinity)
    small_w = abs(w) < 1e-6 * float(b)
    use_hyperu = method == "hyperu" or (method == "auto" and (float(b) < b_max or small_w))
    if use_hyperu:
        try:
            with mp.workprec(mp.mp.prec + 20):
                value = mp.hyperu(b, c, w)
        except (mp.libmp.NoConvergence, ZeroDivisionError, ValueError):
            # mpmath's series did not converge (NoConvergence, or hypsum's plain ValueError)
            if method == "hyperu":
                raise
            if float(b) <= 1.0:
                return _kummer_transformed(b, c, w, method, fast, digits, quadrature)
        else:
            if mp.im(w) == 0 and mp.re(w) < 0:
                value = mp.conj(value)  # mpmath's value on the cut is the one from above
            return ScaledComplex(mp.mpf(0), +value)
    digits = mp.mp.dps + 1 if digits is None else int(digits)
    # the neglected ends of the path are below exp(-drop) relative to the integral
    drop = ((mp.mp.dps + 10) if fast else (digits + 4)) * math.log(10) + 5.0
    wc = complex(w)
    if wc.imag == 0 and wc.real < 0:
        wc = complex(wc.real, -0.0)
    try:
        vertices, t0 = contour_path(float(b), float(c), wc, drop)
    except ArithmeticError:
        # the steepest-descent path runs into the cut (next to a turning point, e.g. HTMP at
        # kappa = 1e6 at its soft edge); the Kummer-transformed parameters have another saddle
        # geometry.  Transforming twice gives back (b, c): only c < 1 is transformed.
        if method == "contour" or not c < 1:
            raise
        return _kummer_transformed(b, c, w, method, fast, digits, quadrature)
    if fast:
        return _contour_float(b, c, w, t0, vertices)
    return _contour_mp(b, c, w, t0, vertices, digits, quadrature, drop)
