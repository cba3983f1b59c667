r"""Boundary values of :math:`S_s(z) = \int (z-t)^{-s}\,\nu(t)\,dt` on the real axis, :math:`z = x + i0`.

For :math:`\mu = \mathrm{MK}_c^{-1}(\nu)` (see :mod:`htmp_theory.laws.markov_krein`) differentiating the defining
identity gives :math:`G_\mu = S_{c+1}/S_c`, and :math:`\operatorname{Im}\log S_c(x+i0) = -c\pi\,\mu((x,\infty))`,
so with principal powers (:math:`\arg(z-t) = \pi` for :math:`t > x`)

.. math::

    \rho_\mu(x) = -\frac1\pi\operatorname{Im}\frac{S_{c+1}(x+i0)}{S_c(x+i0)},\qquad
    F_\mu(x) = \frac{\arg\bigl(e^{i\pi c}S_c(x+i0)\bigr)}{c\pi},\qquad
    1 - F_\mu(x) = -\frac{\arg S_c(x+i0)}{c\pi}

(continuous arguments, running from 0 to :math:`c\pi`). For :math:`s\ge1` the integral defining
:math:`S_s(x+i0)` diverges at :math:`t = x`; the boundary value is its analytic continuation, which
is evaluated by splitting :math:`[x-h, x+h]` off:

* outside, :math:`\int_{t<x-h}(x-t)^{-s}\nu + e^{-i\pi s}\int_{t>x+h}(t-x)^{-s}\nu` (ordinary
  integrals on panels growing geometrically away from :math:`x`). Float64: a fixed tanh–sinh rule.
  mpmath: in the log-distance :math:`v = \log|t-x|`, where the factor :math:`|t-x|^{-s}dt =
  e^{(1-s)v}dv` has no singularity left, Gauss–Legendre rules of 24, 48, 96, … nodes until two
  successive ones agree to the square root of the target accuracy (each doubling squares the error
  of an analytic integrand), and mpmath's tanh–sinh on a panel ending at an edge of :math:`\nu`;
  the target is the working digits plus those the local part cancels, and toward an infinite end
  panels are added past 60 standard deviations until the last is negligible;
* inside, :math:`\nu(x+hv) = \sum_k a_k T_k(v)` (Chebyshev interpolation, degree doubled until the
  coefficients have decayed, :math:`h` halved if that fails; in mpmath on nested Chebyshev–Lobatto
  points, so each doubling reuses the values) and
  :math:`\int_{-h}^{h}(-u+i0)^{-s}\nu(x+u)\,du = h^{1-s}\sum_k a_k L_k(s)` with the exact
  finite-part moments

  .. math::

      L_k(s) = \int_{-1}^{1}(-v+i0)^{-s}T_k(v)\,dv = \sum_j [v^j]T_k\;
      \frac{(-1)^j + e^{-i\pi s}}{j+1-s}\quad\bigl(\to -i\pi(-1)^j \text{ at } j+1 = s\bigr),

  computed once per :math:`(s, n)` with mpmath carrying the digits the monomial sums cancel.

For a finite atomic :math:`\nu` the sums are finite and exact (:func:`atomic_parts`).
"""
from __future__ import annotations

import functools
import math

import mpmath as mp
import numpy as np
from mpmath.calculus.quadrature import GaussLegendre

from .._numerics import chebyshev as cheb

__all__ = ["chebyshev_moments", "parts_mp", "parts64", "atomic_parts", "density_from_parts",
           "phase_from_parts"]

#: Chebyshev degrees tried for the local panel, and the most halvings of h
_DEGREES = (12, 24, 48, 96, 192)
_HALVINGS = 8


@functools.lru_cache(maxsize=256)
def _chebyshev_moments_cached(s: str, n: int, dps: int) -> tuple:
    with mp.workdps(dps + n // 2 + 10):
        s = mp.mpf(s)
        # monomial coefficients of T_k by the three-term recurrence (exact integers)
        rows, prev, cur = [], [1], [0, 1]
        rows.append(prev)
        if n > 1:
            rows.append(cur)
        for _ in range(2, n):
            nxt = [0] + [2 * v for v in cur]
            for j, v in enumerate(prev):
                nxt[j] -= v
            prev, cur = cur, nxt
            rows.append(cur)
        phi = []
        for j in range(n):
            eps = j + 1 - s
            sign = -1 if j % 2 else 1
            phi.append(sign * mp.mpc(0, -mp.pi) if eps == 0 else -sign * mp.expm1(mp.mpc(0, mp.pi * eps)) / eps)
        out = tuple(mp.fsum(coef * phi[j] for j, coef in enumerate(row) if coef) for row in rows)
    return out


def chebyshev_moments(s, n: int) -> tuple:
    r""":math:`L_0(s)..L_{n-1}(s)` (module docstring) at the working precision.

    Examples
    --------
    >>> L = chebyshev_moments(0.5, 2)   # int_{-1}^{1} (-v+i0)^{-1/2} dv = 2 - 2i
    >>> complex(L[0])
    (2-2j)
    """
    return _chebyshev_moments_cached(mp.nstr(mp.mpf(s), mp.mp.dps + 5), n, mp.mp.dps)


def _breakpoints(x, h, lo: float, hi: float, reach: float, sign: int, ratio: int = 2) -> list:
    """Panel ends from ``x + sign*h`` outward, growing by ``ratio``, to the edge (or ``reach`` away)."""
    edge = hi if sign > 0 else lo
    limit = x * 0 + (edge if math.isfinite(edge) else float(x) + sign * reach)  # float or mpf like x
    pts, d = [x + sign * h], h
    while (pts[-1] - limit) * sign < 0:
        d *= ratio
        pts.append(x + sign * d if (x + sign * d - limit) * sign < 0 else limit)
    return pts if sign > 0 else pts[::-1]


def _local_width(nu, x: float) -> float:
    return min(0.5 * nu.std, 0.5 * (x - nu.lo), 0.5 * (nu.hi - x))


def parts_mp(nu, c, x, s_list) -> list:
    """``[(A, B, local), ...]`` for each ``s``: :math:`S_s = A + e^{-i\\pi s}B + \\text{local}`
    at ``x + i0`` (mpmath, working precision)."""
    x = mp.mpf(x)
    h0 = _local_width(nu, x)
    # the local and outer parts cancel to about (std/h)^c, and the panel's points x + h v lose
    # |x|/h of their digits next to an edge: carry those digits too
    extra = float(c) * max(0.0, float(mp.log10(nu.std / h0))) + float(mp.log10(max(abs(x), h0) / h0))
    digits, tol = mp.mp.dps, mp.mpf(10) ** (-2 - mp.mp.dps)  # tol: of the local coefficients, relative
    if nu.max_dps is not None:  # a density known to max_dps digits only: more would not converge
        digits, tol = min(digits, nu.max_dps + 3), max(tol, mp.mpf(10) ** (-nu.max_dps))
    # working digits rounded up to a multiple of 10, so the cached tables are reused from point to point
    target = digits + int(extra) + 3  # digits of the outer integrals
    with mp.workdps(-(-(digits + 5 + int(extra)) // 10) * 10):
        return _parts_mp(nu, x, h0, s_list, tol, target)


@functools.lru_cache(maxsize=64)
def _lobatto_table(n: int, dps: int) -> tuple:
    r"""Chebyshev-Lobatto points :math:`\cos(\pi j/n)`, j = 0..n, and the matrix taking values there to
    the coefficients :math:`a_0..a_n` of the interpolant, at ``dps`` digits."""
    with mp.workdps(dps):
        cos = [mp.cospi(mp.mpf(m) / n) for m in range(2 * n)]
        matrix = [[(1 if 0 < k < n else mp.mpf(1) / 2) * (1 if 0 < j < n else mp.mpf(1) / 2) * 2
                   * cos[(j * k) % (2 * n)] / n for j in range(n + 1)] for k in range(n + 1)]
        return cos[:n + 1], matrix


def _resolve(fit, h, tol: float):
    """Half-width, size of the fit and Chebyshev coefficients ``fit(h, n)`` of nu on the local panel:
    the degree doubles until the last coefficients are below ``tol`` of the largest (then h is halved),
    and the trailing coefficients below 1% of that level are dropped (their noise would be amplified
    by the growth of :math:`L_k(s)` with k)."""
    for _ in range(_HALVINGS):
        for n in _DEGREES:
            a = fit(h, n)
            top = max(abs(ak) for ak in a)
            if top == 0:  # nu vanishes around the point (beyond the table of a tabulated nu)
                return h, len(a), a[:1]
            if max(abs(ak) for ak in a[-4:]) <= tol * top:
                keep = max(k for k in range(len(a)) if abs(a[k]) > tol * top / 100) + 1
                return h, len(a), a[:keep]
        h /= 2
    raise ArithmeticError("the density of nu is not resolved on a small interval around the point")


def _local_part(h, s, size: int, a):
    r""":math:`h^{1-s}\sum_k a_k L_k(s)` (the moments from the table of ``size``, shared by all points)."""
    return h ** (1 - s) * mp.fsum(ak * lk for ak, lk in zip(a, chebyshev_moments(s, size)))


#: mpmath quadrature degrees (degree m: 3 2^(m-1) Gauss-Legendre nodes): the first tried, the last,
#: and the last for a nu known to limited precision
_FIRST_DEGREE, _MAX_DEGREE, _LIMITED_DEGREE = 4, 9, 6
_GL = GaussLegendre(mp.mp)
#: most panels (each 4 times as far out) added beyond 60 standard deviations toward an infinite end,
#: until the last is negligible (a Gamma nu of shape 2 still has e^-85 of its mass there)
_MORE_PANELS = 40


def _gauss_legendre(f, a, b, eps, scale, max_degree: int):
    r""":math:`\int_a^b f` by Gauss-Legendre rules of degree 4, 5, ... (24, 48, ... nodes; mpmath's cached
    nodes). Each doubling squares the error of an analytic integrand, so a rule is accepted when the
    previous one differed from it by less than :math:`\sqrt{\varepsilon}` relative to the larger of the
    result and ``scale``."""
    previous = None
    for degree in range(_FIRST_DEGREE, max_degree + 1):
        value = mp.fsum(w * f(v) for v, w in _GL.get_nodes(a, b, degree, mp.mp.prec))
        if previous is not None:
            ref = max(abs(value), scale)
            diff = abs(value - previous)
            if diff <= eps * ref or (diff / ref) ** 2 <= eps:
                return value
        previous = value
    return value


def _parts_mp(nu, x, h, s_list, tol, target: int) -> list:
    """:func:`parts_mp` at the working precision, the outer integrals to ``target`` digits."""
    values: dict = {}  # nested Lobatto points: the values at degree n are reused at degree 2n

    def fit(h, n):
        nodes, matrix = _lobatto_table(n, mp.mp.dps)
        step = _DEGREES[-1] // n
        for j, v in enumerate(nodes):
            if (h, j * step) not in values:
                values[h, j * step] = nu.pdf_mp(x + h * v)
        f = [values[h, j * step] for j in range(n + 1)]
        return [mp.fdot(row, f) for row in matrix]

    h, size, a = _resolve(fit, h, tol)
    reach = 60 * nu.std
    s_list = [mp.mpf(s) for s in s_list]
    eps = mp.mpf(10) ** -target
    sides = []
    for sign in (-1, 1):
        pts = _breakpoints(x, h, nu.lo, nu.hi, reach, sign, ratio=4)
        if len(pts) < 2:
            sides.append([mp.mpf(0)] * len(s_list))
            continue

        def integrand(v, sign=sign):
            # t = x + sign e^v: (t - x)^(-s) dt = e^{(1-s)v} dv has no singularity left in v
            d = mp.exp(v)
            w = mp.exp((1 - s_list[0]) * v) * nu.pdf_mp(x + sign * d)
            return mp.mpc(w, w / d) if len(s_list) > 1 else w  # both powers in one quadrature

        # in the log-distance v: Gauss-Legendre on panels inside the support (the integrand is analytic
        # there), tanh-sinh on a panel ending at an edge of nu (algebraic end behaviour); a density known
        # to max_dps digits only stops at degree _LIMITED_DEGREE
        value = mp.mpf(0)
        for p, q in sorted(zip(pts[:-1], pts[1:]), key=lambda pq: min(abs(pq[0] - x), abs(pq[1] - x))):
            ends = sorted(mp.log(abs(e - x)) for e in (p, q))  # panels nearest to x first
            if p in (nu.lo, nu.hi) or q in (nu.lo, nu.hi):
                with mp.workdps(target):  # mpmath's rule aims at the working precision: set it to the target
                    value += mp.quad(integrand, ends, method="tanh-sinh",
                                     **({} if nu.max_dps is None else {"maxdegree": _LIMITED_DEGREE}))
            else:
                value += _gauss_legendre(integrand, *ends, eps, abs(value),
                                         _LIMITED_DEGREE if nu.max_dps is not None else _MAX_DEGREE)
        if not math.isfinite(nu.hi if sign > 0 else nu.lo):  # beyond the reach: panels until negligible
            v = mp.log(abs(pts[-1 if sign > 0 else 0] - x))
            for _ in range(_MORE_PANELS):
                if 2 * abs(integrand(v)) <= eps * abs(value):  # the tail decays from here: negligible
                    break
                extra = _gauss_legendre(integrand, v, v + mp.log(4), eps, abs(value),
                                        _LIMITED_DEGREE if nu.max_dps is not None else _MAX_DEGREE)
                value, v = value + extra, v + mp.log(4)
                if abs(extra) <= eps * abs(value):
                    break
        sides.append([value.real, value.imag] if len(s_list) > 1 else [value])
    out = []
    for j, s in enumerate(s_list):
        out.append((sides[0][j], sides[1][j], _local_part(h, s, size, a)))
    return out


#: tanh-sinh rule on (-1, 1): nodes and weights (step 1/8, |k| <= 6.5: end gaps down to 1e-300,
#: so edge singularities of nu down to exponent -0.95 are integrated)
_TS_STEP = 1.0 / 8
_TS_K = np.arange(-52, 53) * _TS_STEP
_TS_NODES = np.tanh(0.5 * math.pi * np.sinh(_TS_K))
_TS_Y = 0.5 * math.pi * np.sinh(np.abs(_TS_K))
#: weights pi/2 cosh(k) / cosh(y)^2 and end gaps 1 - tanh(y) = e^{-y}/cosh(y), written with e^{-2y}
_TS_WEIGHTS = _TS_STEP * 2 * math.pi * np.cosh(_TS_K) * np.exp(-2 * _TS_Y) / (1 + np.exp(-2 * _TS_Y)) ** 2
_TS_GAP = 2 * np.exp(-2 * _TS_Y) / (1 + np.exp(-2 * _TS_Y))


def _outer64(nu, x: float, h: float, s: float, sign: int, reach: float) -> float:
    """:math:`\\int (\\pm(t-x))^{-s}\\nu(t)dt` beyond ``x ± h`` by tanh-sinh on geometric panels."""
    pts = np.array(_breakpoints(x, h, nu.lo, nu.hi, reach, sign))
    if len(pts) < 2:
        return 0.0
    a, b = pts[:-1], pts[1:]
    half = 0.5 * (b - a)
    # nodes measured from the nearer end keep full relative accuracy next to an edge of nu
    left_side = _TS_NODES[None, :] <= 0
    gap = half[:, None] * _TS_GAP[None, :]
    t = np.where(left_side, a[:, None] + gap, b[:, None] - gap)
    dist = np.abs(t - x)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        vals = np.where((t > nu.lo) & (t < nu.hi), nu.pdf64(t) * dist ** (-s), 0.0)
    return float(np.sum(half[:, None] * _TS_WEIGHTS[None, :] * np.nan_to_num(vals)))


def parts64(nu, c: float, x: float, s_list) -> list:
    """Float64 version of :func:`parts_mp` (Chebyshev panel by numpy, outer integrals by a fixed
    tanh-sinh rule); about 1e-13 relative where no cancellation occurs."""
    with mp.workdps(20):
        h0 = _local_width(nu, x)
        # float64 points x + h v carry ~1e-16 |x| / h relative noise into nu's values
        h, size, a = _resolve(lambda h, n: cheb.coefficients(nu.pdf64(x + h * cheb.points(n))),
                              h0, max(1e-13, 1e-15 * abs(x) / h0))
    reach = 60 * nu.std
    out = []
    with mp.workdps(20):
        for s in s_list:
            L = np.array([complex(v) for v in chebyshev_moments(s, size)[:len(a)]])
            local = h ** (1 - s) * complex(np.dot(a, L))
            out.append((_outer64(nu, x, h, s, -1, reach), _outer64(nu, x, h, s, 1, reach), local))
    return out


def atomic_parts(atoms, weights, x, s_list) -> list:
    """:func:`parts_mp` for :math:`\\nu = \\sum_i w_i\\delta_{t_i}` (exact finite sums, any number type)."""
    out = []
    for s in s_list:
        A = sum(w * (x - t) ** (-s) for t, w in zip(atoms, weights) if t < x)
        B = sum(w * (t - x) ** (-s) for t, w in zip(atoms, weights) if t > x)
        out.append((A, B, 0))
    return out


def _combine(part, s, rotate: bool):
    """:math:`S_s`, or :math:`e^{i\\pi s}S_s` when ``rotate`` (each term rotated separately)."""
    A, B, local = part
    if rotate:
        return mp.expjpi(s) * (A + local) + B
    return A + mp.expjpi(-s) * B + local


def density_from_parts(parts, c):
    r""":math:`\rho = -\operatorname{Im}(S_{c+1}\overline{S_c})/(\pi|S_c|^2)` (mpmath)."""
    s0, s1 = _combine(parts[0], c, False), _combine(parts[1], c + 1, False)
    return -(s1.imag * s0.real - s1.real * s0.imag) / (mp.pi * (s0.real**2 + s0.imag**2))


def phase_from_parts(part, c, upper: bool, estimate: float | None = None):
    r"""Mass above (``upper``) or below x from the argument of :math:`S_c(x+i0)`; ``estimate`` (a float
    approximation of the same mass) fixes the branch when :math:`c > 1`."""
    if upper:
        arg = -mp.arg(_combine(part, c, False))
    else:
        arg = mp.arg(_combine(part, c, True))
    if estimate is not None:
        arg += 2 * mp.pi * round((float(c) * math.pi * estimate - float(arg)) / (2 * math.pi))
    elif arg < -(1 - c) * mp.pi / 2:  # c <= 1: the principal argument, unless it wrapped
        arg += 2 * mp.pi
    return arg / (c * mp.pi)
