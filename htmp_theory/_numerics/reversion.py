r"""Polishing a root of :math:`\phi(t) - c`, :math:`\phi(t) = A t + p \log t - q \log(1 + t)`, from a
double-precision point to the working precision, in fixed-point integer arithmetic.

The steepest-descent and cubic variables of :mod:`~htmp_theory._numerics.descent` place each node at a
root of :math:`g(t) = \phi(t) - c`.  One step inverts the quintic Taylor polynomial of :math:`g` about
:math:`t` (series reversion, Abramowitz & Stegun 3.6.25): with :math:`y = -g/g'` and
:math:`a_k = g^{(k)}/(k!\,g')` (:math:`g^{(k)} = (-1)^{k-1}(k-1)!\,(p\,t^{-k} - q\,(1+t)^{-k})`),

.. math::

    \delta = y - a_2 y^2 + (2 a_2^2 - a_3) y^3 + (5 a_2 a_3 - 5 a_2^3 - a_4) y^4
    + (14 a_2^4 - 21 a_2^2 a_3 + 6 a_2 a_4 + 3 a_3^2 - a_5) y^5 + O(y^6).

Only :math:`g(t)` itself needs logarithms (the caller's ``excess``, at the working precision); the
step's forty-odd products and quotients are done on integers scaled by :math:`2^{P}` (a step at
70 digits, logarithms included: 95 µs against 179 µs on mpmath numbers with the plain backend),
with :math:`P` the working precision plus guard bits for the
magnitudes of :math:`t`, :math:`1 + t` and the scale (absolute error :math:`2^{-P}` on every
intermediate, where the step needs :math:`10^{-\mathrm{digits}-2}` times the scale).
"""
from __future__ import annotations

import math
from typing import Callable

import mpmath as mp
from mpmath.libmp import from_man_exp, round_nearest, to_fixed

__all__ = ["refine"]

_ZERO = (0, 0, 0, 0)  # the raw mpf 0 (mpmath's fzero, whatever the backend)
#: Highest degree of the Taylor polynomial on which one Newton step may follow the reversion.
_MAX_DEGREE = 12


def _fixed(x, bits: int) -> tuple[int, int]:
    """An mpmath real or complex number as the integers (re, im) scaled by 2^bits."""
    re, im = x._mpc_ if isinstance(x, mp.mpc) else (x._mpf_, _ZERO)
    return to_fixed(re, bits), to_fixed(im, bits)


def _mp(z: tuple[int, int], bits: int, real: bool):
    """The fixed-point pair ``z`` as an mpmath number at the working precision."""
    prec = mp.mp.prec
    re = from_man_exp(z[0], -bits, prec, round_nearest)
    if real:
        return mp.make_mpf(re)
    return mp.make_mpc((re, from_man_exp(z[1], -bits, prec, round_nearest)))


def _magnitude(z: tuple[int, int], bits: int) -> float:
    """|z| as a float (ints of any length: the leading 60 bits)."""
    shift = max(abs(z[0]).bit_length(), abs(z[1]).bit_length()) - 60
    if shift <= 0:
        return math.ldexp(math.hypot(z[0], z[1]), -bits)
    return math.ldexp(math.hypot(z[0] >> shift, z[1] >> shift), shift - bits)


def refine(excess: Callable, A, p, q, tm, scale: float, digits: int, iterations: int):
    r"""The root of ``excess`` (:math:`\phi(t)` minus a constant, at the working precision) near
    ``tm`` and :math:`\phi'` there, as ``(t, phi_prime)``, or ``None`` if it does not converge.

    ``tm`` is a double-precision root as an mpmath number (real on the cut, else complex), ``scale``
    the size of the root.  The series in y converges like :math:`(\rho y)^k`, :math:`\rho =
    \max(1/\mathrm{scale}, |a_2|)` (next to a saddle :math:`g'` is small and :math:`a_2` large): each
    step is the series reversion of the module notes, truncated after :math:`y^4` where that
    error :math:`y (\rho y)^4` is below ``digits`` + 2, else after :math:`y^5`; where
    :math:`y (\rho y)^5` is still above, one Newton step on the Taylor polynomial of :math:`g` of
    the least degree K <= 12 whose truncation :math:`y (\rho y)^K` is below (no new logarithms)
    follows.  The loop stops when the error so estimated is below ``digits`` + 2 (from a
    double-precision point, relative error 1e-14 to 1e-15, one step gives 70 to 200 digits),
    else takes another step with new logarithms.
    """
    real = not isinstance(tm, mp.mpc)
    t_f = complex(tm)
    small = min(scale, abs(t_f) or 1e-300, abs(1 + t_f) or 1e-300, 1.0)
    large = max(scale, abs(t_f), 1.0)
    bits = mp.mp.prec + 16 - math.frexp(small)[1] + 2 * math.frexp(large)[1]
    one = 1 << bits
    Ar, Ai = _fixed(A, bits)
    P, Q = to_fixed(mp.mpf(p)._mpf_, bits), to_fixed(mp.mpf(q)._mpf_, bits)

    def mul(a, b):
        return (a[0] * b[0] - a[1] * b[1]) >> bits, (a[0] * b[1] + a[1] * b[0]) >> bits

    def inverse(a):
        norm = a[0] * a[0] + a[1] * a[1]
        if norm == 0:
            raise ZeroDivisionError
        return (a[0] << 2 * bits) // norm, (-a[1] << 2 * bits) // norm

    def pq(x, y):  # p x - q y
        return (P * x[0] - Q * y[0]) >> bits, (P * x[1] - Q * y[1]) >> bits

    def lin(a, ca: int, b, cb: int):  # ca a + cb b
        return ca * a[0] + cb * b[0], ca * a[1] + cb * b[1]

    def coefficient(vk, wk, k: int):  # a_k = (-1)^(k-1) (p t^-k - q (1 + t)^-k) / (k phi'), vk = t^-k
        z = mul(pq(vk, wk), inv)
        k = k if k % 2 else -k
        return z[0] // k, z[1] // k

    def at(t):  # 1/t, 1/(1 + t) and phi'(t)
        v, w = inverse(t), inverse((t[0] + one, t[1]))
        d1 = pq(v, w)
        return v, w, (Ar + d1[0], Ai + d1[1])

    try:
        t = _fixed(tm, bits)
        for _ in range(iterations):
            tm = _mp(t, bits, real)  # phi(t) is taken at the working precision
            t = _fixed(tm, bits)
            v, w, d1 = at(t)
            inv = inverse(d1)
            g = _fixed(excess(tm), bits)
            y = mul((-g[0], -g[1]), inv)
            rel = _magnitude(y, bits) / scale
            if rel == 0:
                return tm, _mp(d1, bits, real)
            v2, w2 = mul(v, v), mul(w, w)
            v3, w3 = mul(v2, v), mul(w2, w)
            v4, w4 = mul(v2, v2), mul(w2, w2)
            a2 = coefficient(v2, w2, 2)
            # the series in y converges like (|a2| y)^k, or (y / scale)^k where a2 is smaller (next
            # to a saddle g' is small and a2 large): the quartic's error y (reach y)^4 where it is
            # below the digits wanted, else the quintic's
            reach = max(1.0, _magnitude(a2, bits) * scale)
            order = 4 if math.log10(rel) + 4 * math.log10(reach * rel) < -digits - 2 else 5
            a3, a4 = coefficient(v3, w3, 3), coefficient(v4, w4, 4)
            a22 = mul(a2, a2)
            top = lin(mul(a2, lin(a3, 5, a22, -5)), 1, a4, -1)
            if order == 5:
                v5, w5 = mul(v4, v), mul(w4, w)
                a5 = coefficient(v5, w5, 5)
                fifth = lin(lin(mul(a22, lin(a22, 14, a3, -21)), 1, mul(a2, a4), 6), 1,
                            lin(mul(a3, a3), 3, a5, -1), 1)
                top = lin(top, 1, mul(y, fifth), 1)
            inner = lin(lin(mul(y, top), 1, a22, 2), 1, a3, -1)
            inner = mul(y, lin(mul(y, inner), 1, a2, -1))
            step = mul(y, (inner[0] + one, inner[1]))
            size = _magnitude(step, bits) / scale
            if size == 0:
                return _mp(t, bits, real), _mp(d1, bits, real)
            error = math.log10(size) + order * math.log10(reach * size)
            degree = next((k for k in range(order + 1, _MAX_DEGREE + 1)
                           if math.log10(size) + k * math.log10(reach * size) < -digits - 2), None)
            if error >= -digits - 2 and degree is not None:
                # one Newton step on the Taylor polynomial of degree ``degree`` (no logarithms):
                # its truncation y (reach y)^degree is below the digits wanted
                coefficients = [a2, a3, a4] + ([a5] if order == 5 else [])
                vk, wk = (v5, w5) if order == 5 else (v4, w4)
                for k in range(len(coefficients) + 2, degree + 1):
                    vk, wk = mul(vk, v), mul(wk, w)
                    coefficients.append(coefficient(vk, wk, k))
                value = coefficients[-1]
                slope = degree * value[0], degree * value[1]
                for k in range(degree - 1, 1, -1):  # Horner: sum a_k d^(k-2) and sum k a_k d^(k-1)
                    value = lin(mul(step, value), 1, coefficients[k - 2], 1)
                    slope = lin(mul(step, slope), 1, coefficients[k - 2], k)
                residual = lin(lin(mul(step, mul(step, value)), 1, step, 1), 1, y, -1)  # d^2 last: it is tiny
                derivative = mul(step, slope)
                correction = mul(residual, inverse((one + derivative[0], derivative[1])))
                step = lin(step, 1, correction, -1)
                quadratic = 2 * math.log10(_magnitude(correction, bits) / scale + 1e-300) + math.log10(reach)
                error = max(math.log10(size) + degree * math.log10(reach * size), quadratic)
            t = (t[0] + step[0], t[1] + step[1])
            if error < -digits - 2:
                return _mp(t, bits, real), _mp(at(t)[2], bits, real)
    except ZeroDivisionError:
        return None
    return None
