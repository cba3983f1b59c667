r"""Laplace integrals of Tricomi's U along a steepest-descent path, with fixed rules at any precision.

The integral is

.. math::

    I = \int_\Gamma e^{\phi(t) - \phi(t_0)}\,dt, \qquad
    \phi(t) = A t + p \log t - q \log(1 + t),

along the path :math:`\Gamma` traced by :func:`~htmp_theory._numerics.special.contour_path` through
the dominant saddle :math:`t_0` (principal logarithms: :math:`\Gamma` never crosses
:math:`(-\infty, 0]` from above).  Where the path is the exact steepest-descent path
through :math:`t_0`, the variable :math:`s` defined by

.. math::

    \phi(t(s)) = \phi(t_0) - s^2/2, \qquad t'(s) = -s / \phi'(t(s)),

turns the integral into :math:`\int_{\mathbb R} e^{-s^2/2}\, t'(s)\,ds` with :math:`t'` analytic in
a strip about the real axis: the trapezoid rule converges like :math:`e^{-2\pi^2/h^2}` (or
:math:`e^{-2\pi d/h}` where the strip has half-width :math:`d`), some 130 nodes for 60 digits.
Each node :math:`t(s_j)` is found by Newton's method in double precision (continued from the
previous node) and polished at the working precision (one step of a fifth- or sixth-order method); the rule is checked
against the one of twice the step (nodes reused), and the step halved if they disagree.

Next to an edge of the HTMP bulk the two saddles :math:`t_0, t_1` nearly merge: :math:`t'(s)` has
branch points at :math:`s^2 = 2\Delta`, :math:`\Delta = \phi(t_0) - \phi(t_1)` (:math:`t_1` on the sheet
reached along the segment from :math:`t_0`), and no rule in :math:`s` converges fast.  The cubic
(Chester–Friedman–Ursell) variable treats both saddles together:

.. math::

    \phi(t(u)) = \phi(t_0) + C(u) - C(u_0), \qquad C(u) = \zeta u - u^3/3, \qquad
    u_0^3 = \tfrac34 \Delta, \quad \zeta = u_0^2,

maps :math:`t_0, t_1` to :math:`\pm u_0` (:math:`\zeta > 0` beyond the bulk, where the saddles are
real, :math:`\zeta < 0` inside it), and :math:`t(u)` is analytic in a disc about both, however close
they are.  The path joins the valleys :math:`\arg u = 0` and :math:`\pm 2\pi/3` of
:math:`e^{-u^3/3}`: on the two rays :math:`u = r e^{i\theta}` from 0 the weight is
:math:`e^{-r^3/3}\,e^{\zeta u}`, and :math:`\int_0^\infty e^{-r^3/3} g(r)\,dr`,
:math:`g = e^{\zeta u - C(u_0)}\, t'(u)\, e^{i\theta}`, is taken by the n-point Gauss rule for the
weight :math:`e^{-r^3/3}` (nodes from its moments :math:`3^{(k+1)/3-1}\Gamma((k+1)/3)`), whose error
for :math:`g = e^{\zeta r}` is about :math:`|\zeta|^{2n} (3.15 n)^{-4n/3}` (fitted for n = 20..40).
Nodes :math:`t(u_j)` as for :math:`s`: Newton in double precision continued along the ray from
:math:`t(0)`, polished at the working precision on the branches of the logarithms the continuation
reached.  The rule is tried first where :math:`|\Delta| \le 12` inside the bulk and
:math:`\le 60` beyond it (:math:`|\zeta|` up to about 4 and 12.6; beyond it only where the leg
rule below is not predicted to suffice).  Beyond the bulk the real ray is the real axis from
:math:`t(0)` (between the saddles) outwards through :math:`t_0`, taken by the axis rule below
(the cubic rule on that ray only where the axis rule declines), and the imaginary part (a far
tail's mass) comes from the oblique ray alone, whose values exceed it by :math:`e^{\Delta/2}`:
that ray is asked for :math:`\Delta/(2 \ln 10)` more digits.

Beyond the bulk, past the Airy rule and while the corner saddle :math:`t_1` still matters
(:math:`\Delta \lesssim 150`), the path runs along the real axis from its far end through
:math:`t_0` to :math:`t_1` and turns up there: the leg past the corner is taken by the
half-range Hermite rule in its own steepest-descent variable, and the axis part, whose integrand
is real and analytic on the whole interval (the corner is a saddle, not a singularity), by one
Gauss–Legendre rule in :math:`t`, or in :math:`u = \log|t - c|` where the branch point
:math:`c \in \{0, -1\}` next to the interval limits the rule in :math:`t` (48 to 384 nodes, its
size predicted from the interval's half-length in widths :math:`|\phi''(t_0)|^{-1/2}` of the
peak and from the Bernstein ellipse through the branch points, checked against a rule of half
the digits).

Where none of these applies (the path turns a corner at the second saddle near its peak, its
saddles are close but beyond the Airy rule's reach, or it would cross the branch cut), the
polygon of the path is integrated segment by
segment with nested Clenshaw–Curtis rules (nodes :math:`\cos(j\pi/n)`, cached per precision):
each segment only to the absolute accuracy its share of the integral needs, at as many digits as
that needs.  ``mpmath.quad`` remains the last resort for a segment where those rules disagree.
"""
from __future__ import annotations

import cmath
import math

import mpmath as mp
import numpy as np

from .reversion import refine

__all__ = ["laplace_integral", "RULES"]

#: Rules of :func:`laplace_integral`.
RULES = ("fixed", "airy", "hermite", "trapezoid", "polygon", "mpquad")

_LN10 = math.log(10.0)
#: Clenshaw–Curtis levels (each contains the nodes of the previous one).
_CC_LEVELS = (8, 16, 32, 64, 128, 256)
_CC_CACHE: dict[tuple[int, int], tuple[list, list]] = {}
#: Gauss–Hermite sizes tried (the rule predicted to suffice is checked by the next one).
_GH_SIZES = (8, 12, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 128)
_GH_CACHE: dict[tuple, tuple[list, list]] = {}
_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(24)
#: Sizes of the Gauss–Legendre rules on the axis part of a path that turns a corner.
_GL_SIZES = (48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384)
#: Digits a node past the first 30 that the axis rule was measured to gain at least, where the
#: Gaussian model of its peak is too optimistic: the axis part from between the saddles (the Airy
#: rule's t(0)) outwards, 0.59-0.79 over 96-128 nodes at eight points, Delta 33-60.
_AXIS_RATE = 0.55
#: Sizes of the Gauss rules for the weight e^{-r^3/3} (the Airy rule next to an edge).
_CUBIC_SIZES = (16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128)
#: |phi(t0) - phi(t1)| up to which the Airy rule is tried first, inside the bulk (complex saddles)
#: and beyond it (real saddles; there only where the leg's half-range Hermite rule is not
#: predicted to suffice): |zeta| up to about 4 and 12.6, where it was measured to converge
#: and to cost less than the rules that follow.
_AIRY_MAX_DELTA = {False: 12.0, True: 60.0}


def _phi(t: complex, A: complex, p: float, q: float) -> complex:
    return A * t + p * cmath.log(t) - q * cmath.log(1 + t)


def _crossed_cut(t: complex) -> bool:
    """Whether ``t`` lies below the branch cut of the logarithms (on another sheet)."""
    return t.real < 0 and t.imag < 0


def _on_cut(A, p, q, f):
    """The integrand t -> e^{phi(t) - f} on the real axis taken from above, in real arithmetic
    (logarithms of |t| and |1 + t|: the imaginary part of phi there is that of ``f``)."""
    Ar, fr = mp.re(A), mp.re(f)

    def integrand(t):
        return mp.exp(Ar * t + p * mp.log(abs(t)) - q * mp.log(abs(1 + t)) - fr)

    return integrand


# ------------------------------------------------------------------ trapezoid in s
def _log1p(z: complex) -> complex:
    """log(1 + z), accurate for small |z| (the quotient corrects the rounding of 1 + z)."""
    u = 1 + z
    return z if u == 1 else cmath.log(u) * (z / (u - 1))


def _track(A: complex, p: float, q: float, t0: complex, v0: complex, targets: list[float],
           real: bool) -> list[complex] | None:
    """Double-precision points t(s) at the increasing ``targets`` s > 0 of the steepest-descent
    path through ``t0`` leaving it in the direction ``v0 = t'(0)`` (Newton's method, continued in
    steps of at most 1/4 in s); ``None`` if the path cannot be followed (it leaves the principal
    sheet, or Newton's method fails).

    phi(t) - phi(t0) is formed from d = t - t0 with log1p, so that its rounding error is relative
    to the difference (of order s^2), not to phi (of order b).
    """
    width = abs(v0)
    side = (t0.real > 0, t0.real > -1)
    arg0, arg1 = cmath.phase(t0), cmath.phase(1 + t0)
    pts, t, dt, s = [], t0, v0, 0.0
    for target in targets:
        while s < target:
            h = min(0.25, target - s)
            s = target if h == target - s else s + h
            guess = t + h * dt
            d, last = guess - t0, math.inf
            for _ in range(60):
                t_new = t0 + d
                d1 = A + p / t_new - q / (1 + t_new)
                step = (A * d + p * _log1p(d / t0) - q * _log1p(d / (1 + t0)) + 0.5 * s * s) / d1
                d -= step
                if real:
                    d = complex(d.real, 0.0)
                size = abs(step)
                if size <= 1e-13 * (abs(t_new) + width) or (size >= 0.5 * last and size <= 1e-9 * width):
                    break  # converged, or stalled at the rounding noise
                last = size
            else:
                return None
            t_new = t0 + d
            if real:
                t_new = complex(t_new.real, 0.0)
            if (_crossed_cut(t_new) or abs(t_new - guess) > 0.5 * h * abs(dt)
                    or (real and (t_new.real > 0, t_new.real > -1) != side)
                    or abs(cmath.phase(t_new) - arg0) >= math.pi or abs(cmath.phase(1 + t_new) - arg1) >= math.pi):
                return None
            dt = -s / (A + p / t_new - q / (1 + t_new))
            t = t_new
        pts.append(t)
    return pts


def _polish(A, p, q, f0, s, t: complex, real: bool, digits: int):
    """t'(s) at the working precision (``s`` an mpmath number), ``t`` the double-precision point
    of the path (:func:`~htmp_theory._numerics.reversion.refine` on phi(t) - f0 + s^2/2 = 0); ``None``
    if it does not converge.

    On a path along the real axis (``real``) the imaginary part of phi is constant and the
    iteration runs in real arithmetic (logarithms of |t| and |1 + t|).
    """
    half_s2 = s * s / 2
    if real:
        A, f0, tm = mp.re(A), mp.re(f0), mp.mpf(t.real)

        def log(z):
            return mp.log(abs(z))
    else:
        tm, log = mp.mpc(t), mp.log

    def excess(z):
        return A * z + p * log(z) - q * log(1 + z) - f0 + half_s2

    polished = refine(excess, A, p, q, tm, abs(t) + 1e-300, digits, 4)
    if polished is None or _crossed_cut(complex(polished[0])):
        return None
    return -s / polished[1]


class _Path:
    """The steepest-descent path through the saddle: t'(s) at the working precision, cached by s."""

    def __init__(self, A, p, q, t0m, f0, v0m, digits: int, real: bool) -> None:
        self.mp_args = (A, p, q, f0)
        self.float_args = (complex(A), float(p), float(q), complex(t0m), complex(v0m))
        self.v0m, self.digits, self.real = v0m, digits, real
        self.cache: dict = {}

    def derivatives(self, nodes: list) -> list | None:
        """t'(s) at the mpmath numbers ``nodes`` (``None`` where the path cannot be followed)."""
        Af, pf, qf, t0, v0 = self.float_args
        todo = [s for s in nodes if s not in self.cache and s != 0]
        for sign in (1, -1):
            side = sorted((s for s in todo if sign * s > 0), key=abs)
            pts = _track(Af, pf, qf, t0, sign * v0, [abs(float(s)) for s in side], self.real)
            if pts is None:
                return None
            for s, t in zip(side, pts):
                value = _polish(*self.mp_args, s, t, self.real, self.digits)
                if value is None:
                    return None
                self.cache[s] = value
        return [self.v0m if s == 0 else self.cache[s] for s in nodes]


def _hermite(path: _Path, A, p, q, t0: complex, corner_phi: list[complex], digits: int, half: bool = False):
    """The integral by Gauss–Hermite rules in s (weight e^{-s^2/2}), or ``None``.

    t'(s) is analytic in the disc |s| < R with R^2 = 2 |phi(t0) - phi(t1)| minimised over the
    other saddle t1 on the nearby sheets (its value there moves by 2 pi i (m p - n q)); the
    n-point rule then errs by about (n / 2R^2)^n; the half-range rule on a leg leaving the corner
    (the singularity at s^2 = -R^2, across the path) is predicted by (n / 4R^2)^n (measured at
    dps = 50: 10^{-0.63 n} to 10^{-0.7 n} below the former at R^2 = 108 and 422; (n / 8R^2)^n
    accepted rules 8-10 digits short at dps = 80 beyond the upper edge).  The rule predicted to
    suffice is checked first against a rule of about half the digits (a third to a half of its
    nodes): if they differ by no more than that smaller rule's predicted error, the prediction
    holds and the larger rule is taken; otherwise it is compared with the next larger rule, and
    taken if they agree (:func:`_checked`).  ``half``: the path starts at the saddle (s >= 0,
    half-range Hermite rules).
    """
    sizes, predicted = _hermite_sizes(A, p, q, t0, corner_phi, digits, half)
    if not sizes:
        return None
    # the smallest rule predicted to give half the digits
    coarse = [n for n in _GH_SIZES if n < sizes[0] and predicted(n) < -(digits + 3) / 2][:1]

    def rule(n: int):
        nodes, weights = (_half_hermite if half else _gauss_hermite)(n, mp.mp.prec)
        values = path.derivatives(nodes)
        return None if values is None else mp.fdot(weights, values)

    return _checked(rule, sizes, coarse, predicted, digits, larger=1)


def _checked(rule, sizes: list[int], coarse: list[int], predicted, digits: int, larger: int):
    """The value of ``rule(sizes[0])`` (the rule predicted to suffice) if the rule ``coarse[0]``
    (predicted to give about half the digits) agrees with it to the latter's predicted error
    (``predicted(n)``, log10); else the first of up to ``larger`` larger rules that agrees with
    the one before it to ``digits`` + 1; ``None`` if none does or a rule returns ``None``."""
    fine = rule(sizes[0])
    if fine is None:
        return None
    if coarse:
        check = rule(coarse[0])
        if check is not None and abs(fine - check) <= 10.0 ** (predicted(coarse[0]) + 1) * abs(fine):
            return fine
    for n in sizes[1:1 + larger]:
        bigger = rule(n)
        if bigger is None:
            return None
        if abs(bigger - fine) <= 10.0 ** -(digits + 1) * abs(bigger):
            return bigger
        fine = bigger
    return None


def _hermite_sizes(A, p, q, t0: complex, corner_phi: list[complex], digits: int, half: bool):
    """The sizes of :func:`_hermite`'s rules predicted to give ``digits`` and the prediction:
    log10 of the n-point rule's error (n / 2R^2)^n, or (n / 4R^2)^n for the half-range rule."""
    r2 = min(abs(x) for x in _singular_s2(A, p, q, t0, corner_phi))

    def predicted(n: int) -> float:
        return n * math.log10(n / ((4 if half else 2) * r2))

    return [n for n in _GH_SIZES if predicted(n) < -digits - 3], predicted


def _leg_reaches(A, p, q, t0: complex, corner: complex, digits: int) -> bool:
    """Whether :func:`_hermite` on the leg past the ``corner`` saddle (half-range) finds a rule
    predicted to give ``digits`` (beyond the bulk, where it and the axis rule then cost less than
    the Airy rule)."""
    return bool(_hermite_sizes(A, p, q, corner, [_phi(t0, complex(A), float(p), float(q))], digits, True)[0])


def _singular_s2(A, p, q, t0: complex, corner_phi: list[complex]) -> list[complex]:
    """s^2 = 2 (phi(t0) - phi(t1) - 2 pi i (m p - n q)) at the other saddle t1 on the sheets
    |m|, |n| <= 3: where the steepest-descent variable s meets its nearest singularities."""
    f_t0 = _phi(t0, complex(A), float(p), float(q))
    return [2 * (f_t0 - f1 - 2j * math.pi * (m * float(p) - n * float(q)))
            for f1 in corner_phi for m in range(-3, 4) for n in range(-3, 4)]


def _half_hermite(n: int, prec: int) -> tuple[list, list]:
    """Nodes and weights of the n-point Gauss rule for the weight e^{-s^2/2} on [0, inf), at
    ``prec`` bits (cached; moments 2^{(k-1)/2} Gamma((k+1)/2), :func:`_gauss_from_moments`)."""
    return _gauss_from_moments(n, prec, "half-hermite",
                               lambda k: mp.mpf(2) ** (mp.mpf(k - 1) / 2) * mp.gamma(mp.mpf(k + 1) / 2))


def _cubic_gauss(n: int, prec: int) -> tuple[list, list]:
    """Nodes and weights of the n-point Gauss rule for the weight e^{-r^3/3} on [0, inf), at
    ``prec`` bits (cached; moments 3^{(k+1)/3 - 1} Gamma((k+1)/3), :func:`_gauss_from_moments`)."""
    return _gauss_from_moments(n, prec, "cubic",
                               lambda k: mp.mpf(3) ** (mp.mpf(k + 1) / 3 - 1) * mp.gamma(mp.mpf(k + 1) / 3))


def _gauss_from_moments(n: int, prec: int, name: str, moment) -> tuple[list, list]:
    """Nodes and weights of the n-point Gauss rule on [0, inf) for the weight of the moments
    ``moment(k)``, at ``prec`` bits (cached under ``name``): recurrence coefficients by
    Chebyshev's algorithm (with 8n guard bits: it is ill-conditioned), nodes by Newton's method
    on the orthonormal recurrence from the double-precision eigenvalues of the Jacobi matrix."""
    prec = -(-prec // 64) * 64
    key = (name, n, prec)
    if key not in _GH_CACHE:
        with mp.workprec(prec + 8 * n + 20):
            mom = [moment(k) for k in range(2 * n)]
            alpha, beta = [mom[1] / mom[0]], [mom[0]]
            prev, cur = [mp.mpf(0)] * (2 * n), list(mom)
            for k in range(1, n):
                new = [mp.mpf(0)] * (2 * n)
                for m in range(k, 2 * n - k):
                    new[m] = cur[m + 1] - alpha[k - 1] * cur[m] - beta[k - 1] * prev[m]
                alpha.append(new[k + 1] / new[k] - cur[k] / cur[k - 1])
                beta.append(new[k] / cur[k - 1])
                prev, cur = cur, new
            root_beta = [mp.sqrt(x) for x in beta]
            jacobi = np.diag([float(a) for a in alpha]) + np.diag([float(r) for r in root_beta[1:]], 1) \
                + np.diag([float(r) for r in root_beta[1:]], -1)

            def orthonormal(x):  # q_0 .. q_n at x, and q_n'
                q0, q1, d0, d1 = mp.mpf(0), 1 / root_beta[0], mp.mpf(0), mp.mpf(0)
                total = q1 * q1
                for k in range(n):
                    nxt = ((x - alpha[k]) * q1 - (root_beta[k] * q0 if k else 0)) / (root_beta[k + 1] if k + 1 < n else 1)
                    dnxt = (q1 + (x - alpha[k]) * d1 - (root_beta[k] * d0 if k else 0)) / (root_beta[k + 1] if k + 1 < n else 1)
                    q0, q1, d0, d1 = q1, nxt, d1, dnxt
                    if k + 1 < n:
                        total += q1 * q1
                return q1, d1, total

            nodes, weights = [], []
            for x0 in np.linalg.eigvalsh(jacobi):
                x = mp.mpf(float(x0))
                for _ in range(30):
                    value, slope, _ = orthonormal(x)
                    dx = value / slope
                    x -= dx
                    if abs(dx) < mp.ldexp(abs(x), -prec - 10):
                        break
                nodes.append(x)
                weights.append(1 / orthonormal(x)[2])
        with mp.workprec(prec):
            _GH_CACHE[key] = ([+x for x in nodes], [+w for w in weights])
    return _GH_CACHE[key]


def _mirrored(nodes: list, weights: list) -> tuple[list, list]:
    """A symmetric rule from its nodes x <= 0 and their weights: the nodes -x appended (to be
    called inside the rule's working precision: mpmath rounds a negation to the context's)."""
    return (nodes + [-x for x in nodes[::-1] if x != 0],
            weights + [w for x, w in zip(nodes[::-1], weights[::-1]) if x != 0])


def _gauss_hermite(n: int, prec: int) -> tuple[list, list]:
    """Nodes and weights of the n-point Gauss rule for the weight e^{-s^2/2} on the real line,
    at ``prec`` bits (cached): Newton's method on the orthonormal Hermite recurrence from the
    double-precision nodes."""
    prec = -(-prec // 64) * 64
    key = (n, prec)
    if key not in _GH_CACHE:
        x64, _ = np.polynomial.hermite.hermgauss(n)
        with mp.workprec(prec + 20):
            up = [mp.sqrt(mp.mpf(2) / (k + 1)) for k in range(n)]
            down = [mp.sqrt(mp.mpf(k) / (k + 1)) for k in range(n)]

            def hermite(x, degree):  # orthonormal h_degree(x), h_{degree-1}(x) for the weight e^{-x^2}
                h0, h1 = mp.mpf(0), mp.pi ** -0.25
                for k in range(degree):
                    h0, h1 = h1, up[k] * x * h1 - down[k] * h0
                return h1, h0

            nodes, weights = [], []
            for x0 in x64[: (n + 1) // 2]:
                x = mp.mpf(x0)
                for _ in range(20):
                    hn, hm = hermite(x, n)
                    dx = hn / (mp.sqrt(2 * n) * hm)
                    x -= dx
                    if abs(dx) < mp.ldexp(1, -prec - 10):
                        break
                hm = hermite(x, n - 1)[0]
                nodes.append(x * mp.sqrt(2))
                weights.append(mp.sqrt(2) / (n * hm * hm))
            full_nodes, full_weights = _mirrored(nodes, weights)
        with mp.workprec(prec):
            _GH_CACHE[key] = ([+x for x in full_nodes], [+w for w in full_weights])
    return _GH_CACHE[key]


def _trapezoid_step(digits: int) -> float:
    """First step of :func:`_trapezoid`: its rule has half the digits for a Gaussian integrand
    (exp(-2 pi^2 / h^2)), so that the rule of half the step, checked against it, has them all."""
    return math.pi * math.sqrt(2.0 / ((digits / 2 + 2) * _LN10))


def _trapezoid(path: _Path, digits: int, strip: float = math.inf):
    """The integral by the trapezoid rule in s, the step halved until two steps agree, or ``None``.

    The first step gives about half the digits: that of :func:`_trapezoid_step`, or where the
    integrand is analytic only in the strip |Im s| < ``strip``, twice the step at which
    exp(-2 pi strip / h) is below the digits wanted (if that is smaller)."""
    s_max = math.sqrt(2 * (digits + 4) * _LN10)
    h = mp.mpf(min(_trapezoid_step(digits), 4 * math.pi * strip / ((digits + 2) * _LN10)))
    previous = None
    for _ in range(3):
        count = int(math.ceil(s_max / h))
        nodes = [j * h for j in range(-count, count + 1)]
        values = path.derivatives(nodes)
        if values is None:
            return None
        total = h * mp.fsum(mp.exp(-s * s / 2) * v for s, v in zip(nodes, values))
        if previous is not None:
            diff = abs(total - previous) / abs(total)
            if diff == 0 or 2 * math.log10(float(diff)) < -digits - 1:
                return total
        previous = total
        h /= 2
    return None


# ------------------------------------------------------------ Airy (cubic) rule next to an edge
def _airy_predicted(n: int, zeta: float) -> float:
    """log10 of the error of the n-point rule for weight e^{-r^3/3} on the integrand e^{zeta r},
    relative to the integral (measured: (4/3) n log10(3.15 n) fitted for n = 20..40; |zeta| taken
    at least 3, the rate measured at kappa = 300, where t'(u) itself limits the convergence)."""
    return 2 * n * math.log10(max(abs(zeta), 3.0)) - 4 * n / 3 * math.log10(3.15 * n)


class _CubicMap:
    r"""The points t(u) of the cubic change of variable phi(t) = phi(t0) + C(u) - C(u0),
    C(u) = zeta u - u^3/3, along the rays u = r e^{i theta} from u = 0.

    ``t0`` maps to u0 and the other saddle ``t1`` to -u0 (u0^3 = 3 Delta / 4, Delta the
    difference of phi at the two saddles, on the sheet reached from t0 along the segment to t1);
    t(u) is found by Newton's method in double precision, continued from t(0) near the middle of
    the saddles, and polished at the working precision
    (:func:`~htmp_theory._numerics.reversion.refine`) with the branches of the logarithms that the
    continuation reached.
    """

    def __init__(self, A, p, q, t0m, f0, u0, zeta, t_mid: complex, dt0: complex, digits: int) -> None:
        self.mp_args = (A, p, q, f0)
        self.Af, self.pf, self.qf = complex(A), float(p), float(q)
        self.t0 = complex(t0m)
        self.u0, self.zeta = u0, zeta
        self.c0 = zeta * u0 - u0 ** 3 / 3
        self.u0f, self.zf, self.c0f = complex(u0), complex(zeta), complex(self.c0)
        self.digits, self.dt0 = digits, dt0
        self.start = self._newton(t_mid, -self.c0f)

    def _target(self, u: complex) -> complex:
        return self.zf * u - u ** 3 / 3 - self.c0f

    def _rel_phi(self, t: complex) -> complex:
        """phi(t) - phi(t0), continued from t0 (rounding relative to the difference)."""
        d = t - self.t0
        return self.Af * d + self.pf * _log1p(d / self.t0) - self.qf * _log1p(d / (1 + self.t0))

    def _newton(self, t: complex, target: complex) -> complex | None:
        """The root of phi(t) - phi(t0) = ``target`` near ``t`` (double precision), or ``None``."""
        width, last = abs(self.dt0), math.inf
        for _ in range(60):
            d1 = self.Af + self.pf / t - self.qf / (1 + t)
            if d1 == 0:
                return None
            step = (self._rel_phi(t) - target) / d1
            t -= step
            size = abs(step)
            if size <= 1e-14 * (abs(t) + width) or (size >= 0.5 * last and size <= 1e-9 * width):
                return t  # converged, or stalled at the rounding noise
            last = size
        return None

    def track(self, theta: complex, radii: list[float]) -> list[tuple[complex, float, float]] | None:
        """(t, arg t, arg(1 + t)) at u = r e^{i theta} for the increasing ``radii``: the
        double-precision point and the arguments continued from t0 (they fix the branches of the
        logarithms); ``None`` if the continuation fails (steps of at most 1/8 in u)."""
        if self.start is None:
            return None
        t, r, dt = self.start, 0.0, self.dt0
        arg_t, arg_1t = cmath.phase(self.t0), cmath.phase(1 + self.t0)
        out = []
        for target_r in radii:
            while r < target_r:
                h = min(0.125, target_r - r)
                r = target_r if h == target_r - r else r + h
                u = r * theta
                t_new = self._newton(t + h * theta * dt, self._target(u))
                if t_new is None or t_new == 0 or t_new == -1 or abs(t_new - t) > 2 * h * abs(dt) + 1e-12:
                    return None
                t = t_new
                dt = (self.zf - u * u) / (self.Af + self.pf / t - self.qf / (1 + t))
            d = t - self.t0
            out.append((t, arg_t + _log1p(d / self.t0).imag, arg_1t + _log1p(d / (1 + self.t0)).imag))
        return out

    def derivative(self, u, t: complex, arg_t: float, arg_1t: float, real: bool):
        """t'(u) = (zeta - u^2) / phi'(t(u)) at the working precision (``u`` an mpmath number), from
        the double-precision point ``t`` with the continued arguments of t and 1 + t there
        (:meth:`point`); ``None`` if it does not converge."""
        polished = self.point(u, t, arg_t, arg_1t, real)
        return None if polished is None else (self.zeta - u * u) / polished[1]

    def point(self, u, t: complex, arg_t: float, arg_1t: float, real: bool):
        """(t(u), phi'(t(u))) at the working precision, polished from the double-precision point
        ``t`` on the branches of the logarithms whose arguments are near ``arg_t``, ``arg_1t``
        (:func:`~htmp_theory._numerics.reversion.refine`); ``None`` if it does not converge.
        ``real``: u and t are real (the axis, on the cut from above: real logarithms of |t|,
        |1 + t|, the imaginary part of phi being that of phi(t0))."""
        A, p, q, f0 = self.mp_args
        target = self.zeta * u - u ** 3 / 3 - self.c0
        if real:
            A, f0, tm, target = mp.re(A), mp.re(f0), mp.mpf(t.real), mp.re(target)

            def excess(z):  # phi(z) - phi(t0) - C(u) + C(u0), real on the axis
                return A * z + p * mp.log(abs(z)) - q * mp.log(abs(1 + z)) - f0 - target
        else:
            tm = mp.mpc(t)

            def log(z, arg: float):  # the logarithm on the branch whose argument is near ``arg``
                value = mp.log(z)
                turns = round((arg - float(mp.im(value))) / (2 * math.pi))
                return value + 2j * mp.pi * turns if turns else value

            def excess(z):
                return A * z + p * log(z, arg_t) - q * log(1 + z, arg_1t) - f0 - target
        return refine(excess, A, p, q, tm, abs(t) + 1e-300, self.digits, 6)


def _before_saddle(vertices: list[complex], t0: complex, t: complex) -> bool:
    """Whether the segment of the polygon nearest to ``t`` comes before the saddle ``t0`` (the
    vertex nearest to it) along the path."""
    i0 = min(range(len(vertices)), key=lambda i: abs(vertices[i] - t0))

    def distance(a: complex, b: complex) -> float:
        x = 0.0 if a == b else min(1.0, max(0.0, ((t - a) * (b - a).conjugate()).real / abs(b - a) ** 2))
        return abs(a + x * (b - a) - t)

    return min(range(len(vertices) - 1), key=lambda i: distance(vertices[i], vertices[i + 1])) < i0


def _airy(A, p, q, t0m, t1m, f0, delta, vertices: list[complex], digits: int, split: bool):
    r"""The integral by Gauss rules for the weight e^{-r^3/3} on two rays of the cubic variable,
    or ``None`` (module notes).

    With phi(t) = phi(t0) + C(u) - C(u0), C(u) = zeta u - u^3/3, the saddles t0, t1 map to
    u0, -u0 with zeta = u0^2 real (u0 real beyond the edge, imaginary inside the bulk) and the
    integrand is e^{C(u) - C(u0)} t'(u), t' analytic in a large disc about both saddles however
    close they are.  The path joins the valleys of e^{-u^3/3} at arg u = 0 and +-2 pi/3 (the one
    on the side of the upper half t-plane): on the ray u = r e^{i theta} the weight is
    e^{-r^3/3} e^{zeta u}, and e^{zeta u} t'(u) is integrated by the n-point Gauss rule, its error
    about |zeta|^{2n} (3.15 n)^{-4n/3} (:func:`_airy_predicted`); the rule predicted to suffice is
    checked against one of half the digits, ray by ray: it is taken if they differ by no more
    than that one's predicted error.  Otherwise up to two larger rules follow on that ray alone
    (the oblique ray converges more slowly at small kappa): the first of the size at which the
    rate their difference measures (digits a node, taken as geometric) gives the digits wanted,
    taken if it agrees with the predicted rule to that rate's error of the latter; the second
    taken if it agrees with the first to the digits wanted.  ``split``: the saddles lie on
    the axis and the imaginary part (the far tail) must keep its own relative accuracy: it comes
    from the oblique ray alone, whose values are e^{Delta/2} times larger, so that many more digits
    are asked of that ray; the real ray, real and needed only to the digits of the real part, is
    the axis from t(0) outwards, taken by :func:`_axis_gauss` (by its cubic rule where that
    declines): a Gauss–Legendre node costs two real logarithms, a cubic one a complex polish.
    """
    d3 = 3 * delta / 4
    if abs(mp.im(d3)) <= 1e-20 * abs(d3):
        u0 = mp.cbrt(mp.re(d3))
    elif abs(mp.re(d3)) <= 1e-20 * abs(d3):
        im = mp.im(d3)
        u0 = mp.mpc(0, -mp.sign(im) * mp.cbrt(abs(im)))
    else:
        return None
    if u0 == 0:
        return None
    zeta = mp.re(u0 * u0)
    zf = float(zeta)
    # digits lost: the oblique ray's values exceed the result by e^{max Re C - Re C(u0)}
    if split:
        guard = float(mp.re(delta)) / 2 / _LN10
    else:
        guard = (2.0 / 3.0) * max(0.0, -zf / 2) ** 1.5 / _LN10
    need = digits + guard + 3
    # the digits each ray needs (of its own value): split, the real ray gives the real part only
    ray_needs = (digits + 3 if split else need, need)
    t0c, t1c = complex(t0m), complex(t1m)
    dt0 = (t0c - t1c) / (2 * complex(u0))
    theta = cmath.exp((2j if dt0.real > 0 else -2j) * math.pi / 3)
    with mp.workdps(mp.mp.dps + int(guard) + 2):  # the caller's guard digits carry phi's large terms
        cubic = _CubicMap(A, p, q, t0m, f0, u0, zeta, 0.5 * (t0c + t1c), dt0, int(need))
        ends = []
        for direction in (1.0, theta):
            far = cubic.track(direction, [(3 * (need + 5) * _LN10) ** (1 / 3)])
            if far is None:
                return None
            ends.append(_before_saddle(vertices, t0c, far[0][0]))
        if ends[0] == ends[1]:
            return None
        signs = [-1 if at_start else 1 for at_start in ends]  # the path runs from vertices[0] to vertices[-1]
        exp_theta = mp.expjpi(mp.mpf(2) / 3 if theta.imag > 0 else -mp.mpf(2) / 3)

        rays = list(zip(signs, (1.0, theta), (mp.mpf(1), exp_theta)))

        def rule(ray: int, n: int):  # the n-point rule on one ray
            sign, direction, factor = rays[ray]
            nodes, weights = _cubic_gauss(n, mp.mp.prec)
            pts = cubic.track(direction, [float(r) for r in nodes])
            if pts is None:
                return None
            real = split and direction == 1.0
            values = []
            for r, (t, arg_t, arg_1t) in zip(nodes, pts):
                u = r * factor
                value = cubic.derivative(u, t, arg_t, arg_1t, real)
                if value is None:
                    return None
                values.append(mp.exp(zeta * u - cubic.c0) * value)
            return sign * factor * mp.fdot(weights, values)

        def agree(a, b, log10_tol: float) -> bool:  # relative to the ray's own value
            return abs(a - b) <= 10.0 ** log10_tol * abs(b)

        total = []
        if split:  # the real ray is the axis from t(0) to the path's end there
            start = cubic.point(mp.mpf(0), cubic.start, 0.0, 0.0, True)
            if start is not None:
                axis = _axis_gauss(A, p, q, f0, t0c, start[0], vertices[0] if ends[0] else vertices[-1], digits)
                if axis is not None:
                    total.append(signs[0] * axis)
        for ray in range(len(total), 2):  # ray by ray: only a ray whose check fails takes the larger rules
            need = ray_needs[ray]
            sizes = [n for n in _CUBIC_SIZES if _airy_predicted(n, zf) < -need]
            if not sizes:
                return None
            coarse = [n for n in _CUBIC_SIZES if n < sizes[0] and _airy_predicted(n, zf) < -need / 2][:1]
            fine = rule(ray, sizes[0])
            if fine is None:
                return None
            larger_sizes, first_tol = sizes[1:3], -(need - 2)
            check = rule(ray, coarse[0]) if coarse else None
            if check is not None:
                # the predicted rule is taken if the check agrees with it to the check's
                # predicted error; else the check's error, taken as geometric in n (digits a
                # node), picks the next rule, taken if it agrees with the predicted one to that
                # rate's error of the latter
                diff = float(abs(check - fine) / abs(fine))
                if diff <= 10.0 ** (_airy_predicted(coarse[0], zf) + 1):
                    total.append(fine)
                    continue
                rate = -math.log10(diff) / coarse[0]
                jump = [n for n in _CUBIC_SIZES if n > sizes[0] and rate * n > need]
                if rate > 0 and jump:
                    larger_sizes = [jump[0]] + [n for n in _CUBIC_SIZES if n > jump[0]][:1]
                    first_tol = max(first_tol, -rate * sizes[0] + 1)
            for i, n in enumerate(larger_sizes):  # up to two larger rules, each against the last
                larger = rule(ray, n)
                if larger is None:
                    return None
                if agree(fine, larger, first_tol if i == 0 else -(need - 2)):
                    total.append(larger)
                    break
                fine = larger
            else:
                return None
        return total[0] + total[1]


# ------------------------------------------------------------ Gauss–Legendre on the axis part
def _gauss_legendre(n: int, prec: int) -> tuple[list, list]:
    """Nodes and weights of the n-point Gauss–Legendre rule on [-1, 1] at ``prec`` bits (cached):
    Newton's method on the Legendre recurrence from the double-precision nodes."""
    prec = -(-prec // 64) * 64
    key = ("legendre", n, prec)
    if key not in _GH_CACHE:
        x64, _ = np.polynomial.legendre.leggauss(n)
        with mp.workprec(prec + 20):
            def legendre(x):  # P_n(x) and P_n'(x)
                p0, p1 = mp.mpf(1), x
                for k in range(2, n + 1):
                    p0, p1 = p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
                return p1, n * (x * p1 - p0) / (x * x - 1)

            nodes, weights = [], []
            for x0 in x64[: (n + 1) // 2]:
                x = mp.mpf(x0)
                for _ in range(10):
                    value, slope = legendre(x)
                    dx = value / slope
                    x -= dx
                    if abs(dx) < mp.ldexp(1, -prec - 10):
                        break
                slope = legendre(x)[1]
                nodes.append(x)
                weights.append(2 / ((1 - x * x) * slope * slope))
            full_nodes, full_weights = _mirrored(nodes, weights)
        with mp.workprec(prec):
            _GH_CACHE[key] = ([+x for x in full_nodes], [+w for w in full_weights])
    return _GH_CACHE[key]


def _axis_predicted(n: int, half_widths: float) -> float:
    """log10 of the error of the n-point Gauss–Legendre rule on a Gaussian-like peak over an
    interval of ``half_widths`` times its width either side of its middle: for e^{-x^2/2} on
    [-a, a] the bound max|f| rho^{-2n} on the ellipse of semi-minor axis b (rho ~ 1 + b/a)
    is least at b = 2n/a, e^{-2 n^2/a^2}; measured 0.8 of that exponent (the axis part of
    HTMP(0.5, 1e4) at x = 2.9896, n = 96..160), taken as 0.65."""
    return -0.65 * 2 * n * n / half_widths ** 2 / _LN10


def _bernstein_rho(s: float, a: float, b: float) -> float:
    """Parameter rho > 1 of the Bernstein ellipse of [a, b] (foci a, b) through the point ``s``."""
    z = (2 * s - a - b) / (b - a)
    r = abs(z + cmath.sqrt(z * z - 1))
    return max(r, 1 / r)


def _axis_gauss(A, p, q, f0, t0: complex, lo, hi, digits: int):
    r"""The integral of e^{phi(t) - f0} along the real axis from ``lo`` to ``hi`` through the
    maximum ``t0`` (the axis part of a path that turns its corner at ``lo`` or ``hi``, or the Airy
    rule's real ray), by one Gauss–Legendre rule in t or in u = log|t - c|, or ``None``.  ``lo``,
    ``hi``: complex (vertices of the path) or mpmath numbers (an end known at the working
    precision, kept exactly).

    The integrand is real and analytic on the interval (the saddles lie on one side of 0 and -1,
    and the corner is a saddle, not a singularity), a peak of width w = |phi''(t0)|^{-1/2}; the
    far end is cut where it is below 10^{-digits-4}.  The predicted error of the n-point rule is
    the largest of the peak's (:func:`_axis_predicted`), a measured geometric floor
    (:data:`_AXIS_RATE`) and the branch points' rho^{-n} (rho of the Bernstein ellipse through the
    nearer of 0 and -1); where no size reaches the digits in t, the rule in u = log|t - c| (c that
    branch point, sent to -infinity; dt = (t - c) du; the other one at log|gap| + i pi k) is
    tried.  The rule predicted to suffice is checked as in :func:`_hermite` against one of half
    the digits, else against the next larger rule, and that against the next.  About 200 nodes
    for 60 digits where the polygon, split into pieces of 20 in the exponent, took some 1400
    evaluations.
    """
    Af, pf, qf, f0f = float(mp.re(A)), float(p), float(q), float(mp.re(f0))
    t0r = t0.real

    def expo(t: float) -> float:
        return Af * t + pf * math.log(abs(t)) - qf * math.log(abs(1 + t)) - f0f

    curvature = qf / (1 + t0r) ** 2 - pf / t0r ** 2
    if curvature >= 0:
        return None
    width = 1 / math.sqrt(-curvature)
    exact = [mp.re(mp.mpmathify(lo)), mp.re(mp.mpmathify(hi))]
    ends = [float(e) for e in exact]
    floor = -(digits + 4) * _LN10
    for k, end in enumerate(ends):
        try:
            below = expo(end) < floor
        except (ValueError, ZeroDivisionError):  # t = 0 or -1: the integrand vanishes there
            below = True
        if below:  # cut the far end where the integrand crosses 10^{-digits-4} (bisection)
            a, b = end, t0r
            for _ in range(60):
                mid = 0.5 * (a + b)
                a, b = (mid, b) if expo(mid) < floor else (a, mid)
            ends[k], exact[k] = a, mp.mpf(a)
    f = _on_cut(A, p, q, f0)
    # the logarithms' branch points 0 and -1 bound the rule's convergence: an n-point rule errs
    # like rho^{-2n} for rho the Bernstein ellipse through the nearest one, times the integrand's
    # size on that ellipse, which grows like |1 + t|^{-q} or |t|^{p} towards them: asked to give
    # the digits on the ellipse rho^{1/2} (about the halfway distance).  Where that declines the
    # rule in t, the rule in u = log|t - c| (c the nearer branch point, sent to -infinity; the
    # other one at distance pi or more off the real u-axis) is tried
    nearer = min((0.0, -1.0), key=lambda c: _bernstein_rho(c, ends[0], ends[1]))
    for variable in ("t", "log"):
        if variable == "t":
            a, b = exact
            ends_v, width_v = ends, width
            poles = [0.0, -1.0]

            def point(x):
                return x, 1
        else:
            c, other = nearer, -1.0 - nearer
            side = 1 if t0r > c else -1
            a, b = (mp.log(side * (e - c)) for e in exact)
            ends_v, width_v = [float(a), float(b)], width / abs(t0r - c)
            gap = side * (other - c)  # the other branch point at u = log|gap| (+ i pi if gap < 0)
            poles = [complex(math.log(abs(gap)), (0.0 if gap > 0 else math.pi) + 2 * math.pi * k) for k in (-1, 0, 1)]

            def point(x):  # t and dt/du at u = x
                t = c + side * mp.exp(x)
                return t, t - c
        half_widths = abs(ends_v[1] - ends_v[0]) / 2 / width_v
        rho = min(_bernstein_rho(z, ends_v[0], ends_v[1]) for z in poles)

        def predicted(n: int) -> float:  # log10 of the predicted error: the peak's, or the poles'
            return max(_axis_predicted(n, half_widths), _AXIS_RATE * (30 - n), -n * math.log10(rho))

        sizes = [n for n in _GL_SIZES if predicted(n) < -digits - 3]
        if not sizes:
            continue
        coarse = [n for n in _GL_SIZES if n < sizes[0] and predicted(n) < -(digits + 3) / 2][:1]
        mid, half = (a + b) / 2, (b - a) / 2

        def rule(n: int):
            nodes, weights = _gauss_legendre(n, mp.mp.prec)
            values = []
            for x in nodes:
                t, jacobian = point(mid + half * x)
                values.append(f(t) * jacobian)
            return half * mp.fdot(weights, values)

        integral = _checked(rule, sizes, coarse, predicted, digits, larger=2)
        if integral is not None:
            return integral
    return None


# ------------------------------------------------------------ Clenshaw–Curtis on the polygon
def _cc_rule(n: int, prec: int) -> tuple[list, list]:
    """Nodes cos(j pi / n), j = 0..n, and weights of the Clenshaw–Curtis rule on [-1, 1] (cached)."""
    key = (n, prec)
    if key not in _CC_CACHE:
        with mp.workprec(prec + 10):
            cos = [mp.cospi(mp.mpf(m) / n) for m in range(2 * n)]
            weights = []
            for j in range(n + 1):
                total = mp.fsum((1 if 2 * k == n else 2) * cos[(2 * k * j) % (2 * n)] / (4 * k * k - 1)
                                for k in range(1, n // 2 + 1))
                weights.append((1 if j in (0, n) else 2) * (1 - total) / n)
        with mp.workprec(prec):
            _CC_CACHE[key] = ([+x for x in cos[: n + 1]], [+w for w in weights])
    return _CC_CACHE[key]


def _cc_segment(f, lo, hi, tol: float, scale: float):
    """Integral of ``f`` over the segment [lo, hi] by nested Clenshaw–Curtis rules, accepted when
    the squared difference of two levels (an error bound for geometric convergence) is below
    ``tol * scale`` (``scale``: the integral of |f|); ``None`` if no level is accepted."""
    mid, half = (lo + hi) / 2, (hi - lo) / 2
    prec = mp.mp.prec
    values, previous = None, None
    for n in _CC_LEVELS:
        nodes, weights = _cc_rule(n, prec)
        if values is None:
            values = [f(mid + half * x) for x in nodes]
        else:
            merged = [None] * (n + 1)
            merged[::2] = values
            for j in range(1, n, 2):
                merged[j] = f(mid + half * nodes[j])
            values = merged
        estimate = half * mp.fdot(weights, values)
        if previous is not None:
            diff = float(abs(estimate - previous))
            if diff <= 1e-3 * scale and diff * diff <= tol * scale:
                return estimate
        previous = estimate
    return None


def _split(vertices: list[complex], expo) -> list[complex]:
    """The polygon with each segment across which the exponent ``expo`` (double precision, of
    the integrand's modulus) changes by more than 20 split where it takes its middle value
    (bisection), recursively: pieces on which polynomial rules converge fast."""
    out = [vertices[0]]
    for a, b in zip(vertices[:-1], vertices[1:]):
        stack = [(b, 0), (a, 0)]  # pending end points (top: the current start) and their depth
        start, _ = stack.pop()
        while stack:
            end, depth = stack[-1]
            ea, eb = expo(start), expo(end)
            if depth >= 8 or not (math.isfinite(ea) and math.isfinite(eb)) or abs(ea - eb) <= 20:
                out.append(end)
                start, _ = stack.pop()
                continue
            lo, hi, target = 0.0, 1.0, 0.5 * (ea + eb)
            for _ in range(40):  # expo is monotone along the segments of a descent path
                mid = 0.5 * (lo + hi)
                if (expo(start + mid * (end - start)) - target) * (ea - eb) > 0:
                    lo = mid
                else:
                    hi = mid
            stack.append((start + lo * (end - start), depth + 1))
    return out


def _polygon(A, p, q, f0, vertices: list[complex], digits: int, real: bool = False):
    """The integral along the polygon, segment by segment (Clenshaw–Curtis, else mpmath.quad).

    ``real``: the polygon lies on the real axis, where the integrand has the constant phase of
    ``exp(i Im f0)``: then the modulus is integrated in real arithmetic."""
    Af, pf, qf = complex(A), float(p), float(q)
    f0f = complex(f0).real

    def expo(t: complex) -> float:
        try:
            return _phi(t, Af, pf, qf).real - f0f
        except (ValueError, ZeroDivisionError):  # t = 0 or -1: the integrand vanishes
            return -math.inf

    vertices = _split(vertices, expo)
    z = np.asarray(vertices, dtype=complex)
    lo, hi = z[:-1, None], z[1:, None]
    t = 0.5 * (lo + hi) + 0.5 * (hi - lo) * _GL_NODES[None, :]
    with np.errstate(all="ignore"):
        size = np.exp(np.minimum((Af * t + pf * np.log(t) - qf * np.log(1 + t)).real - f0f, 700.0))
    ends = np.exp(np.minimum([max(expo(a), expo(b)) for a, b in zip(vertices[:-1], vertices[1:])], 700.0))
    size = np.where(np.isfinite(size), size, 0.0)
    # a bound on the integral of |f| over each segment (the end points bound monotone pieces)
    seg_abs = np.abs(hi[:, 0] - lo[:, 0]) * np.maximum(np.max(size, axis=1), ends)
    total = float(np.sum(seg_abs))
    tol = 10.0 ** -(digits + 1) * total / len(seg_abs)
    magnitude = abs(Af) * float(np.max(np.abs(z))) + (pf + qf) * 10.0
    parts = []
    for i, scale in enumerate(seg_abs):
        if scale < tol:  # negligible segment (the path's far ends)
            continue
        # digits this segment needs, and those lost forming phi (terms of the size of `magnitude`)
        need = math.log10(scale / tol) + math.log10(magnitude + 1.0) + 3
        with mp.workprec(int(math.ceil(need * 3.33 / 32)) * 32):
            if real:
                f = _on_cut(A, p, q, f0)
                a, b = mp.mpf(vertices[i].real), mp.mpf(vertices[i + 1].real)
            else:
                f0p = +f0

                def f(t):
                    return mp.exp(A * t + p * mp.log(t) - q * mp.log(1 + t) - f0p)

                a, b = mp.mpc(vertices[i]), mp.mpc(vertices[i + 1])
            part = _cc_segment(f, a, b, tol, float(scale))
            parts.append(mp.quad(f, [a, b]) if part is None else part)
    return mp.fsum(parts)


# ------------------------------------------------------------------------------ driver
def laplace_integral(A, p, q, t0: complex, vertices: list[complex], digits: int, *,
                     real: bool = False, corner: complex | None = None, leg: list[complex] | None = None,
                     rule: str = "fixed"):
    r"""The integral :math:`\int_\Gamma e^{\phi(t)}\,dt` as ``(phi(t0), I, split)`` with
    :math:`I = \int_\Gamma e^{\phi(t) - \phi(t_0)}\,dt` to ``digits`` significant digits.

    ``split``: the path runs along the real axis up to ``corner`` and the part beyond it was
    integrated on its own (``leg``) to ``digits`` digits of itself: then :math:`\mathrm{Re}\,I`
    is the axis part plus the real part of the rest and :math:`\mathrm{Im}\,I` comes from the
    rest alone, to its own relative accuracy however small it is.

    Parameters
    ----------
    A, p, q : mpmath numbers
        :math:`\phi(t) = A t + p \log t - q \log(1 + t)`, exact at the working precision.
    t0 : complex
        The dominant saddle (double precision; refined here) on the path ``vertices``.
    vertices : list of complex
        Polygon of the path (:func:`~htmp_theory._numerics.special.contour_path`), through ``t0``.
    digits : int
        Relative accuracy wanted for :math:`I`.  :math:`\phi(t_0)` is returned with absolute
        accuracy :math:`10^{-\mathrm{digits}}` (it carries as many more digits as it is large).
    real : bool
        The path runs along the real axis through ``t0`` (``A`` real, :math:`\phi` of constant
        imaginary part there).
    corner : complex, optional
        A second saddle on the path where it turns a corner (the path along the axis turns up
        there); the trapezoid rule is used only if the integrand there is negligible.
    leg : list of complex, optional
        The path beyond ``corner`` from ``corner`` outwards, traced to ``digits`` below the
        integrand's value there (with ``real`` and ``corner``: the split above).
    rule : {"fixed", "airy", "hermite", "trapezoid", "polygon", "mpquad"}
        ``"fixed"``: next to an edge the Airy rule, else Gauss–Hermite, else the trapezoid rule,
        else the polygon (module notes).
        ``"airy"``, ``"hermite"``, ``"trapezoid"``, ``"polygon"``: that rule alone (``ArithmeticError`` if
        its check fails; for tests).  ``"mpquad"``: ``mpmath.quad`` on the polygon (the former
        method, about 50 times slower, kept for comparison).

    Examples
    --------
    ``U(b, c, w) = exp(phi(t0)) I / Gamma(b)`` with ``A = -w``, ``p = b - 1``, ``q = b - c + 1``:

    >>> import mpmath as mp
    >>> from htmp_theory._numerics.special import contour_path
    >>> with mp.workdps(30):
    ...     b, c, w = mp.mpf(400), mp.mpf(-300), mp.mpf(-700)
    ...     verts, t0 = contour_path(400.0, -300.0, complex(-700.0, -0.0), 80.0)
    ...     f0, integral, split = laplace_integral(-w, b - 1, b - c + 1, t0, verts, 30)
    ...     u = mp.exp(f0 - mp.loggamma(b)) * integral
    ...     bool(abs(u / mp.conj(mp.hyperu(b, c, w)) - 1) < 1e-27)
    True
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, got {rule!r}")
    magnitude = abs(complex(A) * t0) + float(p) * abs(cmath.log(t0)) + float(q) * abs(cmath.log(1 + t0))
    extra = int(math.log10(magnitude + 1.0)) + 3
    with mp.workdps(digits + 2 * extra):
        # the saddle exactly: a root of A t^2 + (A + p - q) t + p = 0, the one nearest t0
        B = A + p - q
        root = mp.sqrt(B * B - 4 * A * p)
        t0m, t1m = sorted(((-B + root) / (2 * A), (-B - root) / (2 * A)), key=lambda r: abs(complex(r) - t0))
        if real:
            t0m, t1m = mp.mpc(mp.re(t0m), 0), mp.mpc(mp.re(t1m), 0)
        f0 = A * t0m + p * mp.log(t0m) - q * mp.log(1 + t0m)
        # phi(t0) - phi(t1), t1 on the sheet reached along the segment from t0
        delta = -(A * (t1m - t0m) + p * mp.log(t1m / t0m) - q * mp.log((1 + t1m) / (1 + t0m)))
    with mp.workdps(digits + extra):
        if rule == "mpquad":
            f0p = +f0
            return f0, mp.quad(lambda t: mp.exp(A * t + p * mp.log(t) - q * mp.log(1 + t) - f0p),
                               [mp.mpc(v) for v in vertices]), False
        t0p, f0p = +t0m, +f0
        split = real and corner is not None and leg is not None and corner in vertices and rule in ("fixed", "airy")
        if (rule in ("fixed", "airy") and mp.im(A) == 0 and abs(delta) <= _AIRY_MAX_DELTA[real]
                and not (rule == "fixed" and split and _leg_reaches(A, p, q, t0, corner, digits))):
            integral = _airy(A, p, q, t0m, t1m, f0, delta, vertices, digits, real)
            if integral is not None:
                return f0, integral, split
        if rule == "airy":
            raise ArithmeticError(f"the airy rule does not reach {digits} digits here")
        tail = None
        if split:  # the axis up to the corner, and the leg beyond it on its own
            i = vertices.index(corner)
            if i > vertices.index(t0):
                vertices, leg_path = vertices[: i + 1], leg
            else:
                vertices, leg_path = vertices[i:], leg[::-1]
            with mp.workdps(digits + 2 * extra):
                t1 = mp.re(t1m)
                f1 = A * t1 + p * mp.log(mp.mpc(t1)) - q * mp.log(1 + mp.mpc(t1))
                ratio = mp.exp(mp.re(f1 - f0))  # the imaginary parts agree: both saddles on one side of 0, -1
            # the leg leaves the corner saddle upwards: the half-range Hermite rule in its own
            # steepest-descent variable, else the polygon
            t1p, f1p = mp.mpc(t1, 0), +f1
            v1 = mp.sqrt(-1 / (q / (1 + t1p) ** 2 - p / t1p**2))
            v1 = v1 if mp.im(v1) > 0 else -v1
            leg_rule = _Path(A, p, q, t1p, f1p, v1, digits, False)
            tail = _hermite(leg_rule, A, p, q, corner, [_phi(t0, complex(A), float(p), float(q))], digits,
                            half=True)
            if tail is not None:
                # the rule's leg starts at the exact saddle, the axis part ends at the double-precision
                # corner: the piece of axis between them joins them
                tail += _axis_piece(A, p, q, f1p, mp.mpf(corner.real), t1)
                if leg_path[0] != corner:  # the path comes down the leg to the corner
                    tail = -tail
            if tail is None:
                tail = _polygon(A, p, q, f1p, leg_path, digits)
            tail *= ratio
        integral = None
        if t0 in vertices and rule in ("fixed", "hermite", "trapezoid"):
            i = vertices.index(t0)
            v0 = mp.sqrt(-1 / (q / (1 + t0p) ** 2 - p / t0p**2))
            ahead = vertices[i + 1] - t0 if i + 1 < len(vertices) else t0 - vertices[i - 1]
            if (complex(v0) * ahead.conjugate()).real < 0:
                v0 = -v0
            if real:
                v0 = mp.mpc(mp.re(v0), 0)
            path = _Path(A, p, q, t0p, f0p, v0, digits, real)
            other = complex(t1m) if corner is None else corner
            if rule != "trapezoid":
                integral = _hermite(path, A, p, q, t0, [_phi(other, complex(A), float(p), float(q))], digits)
            # the trapezoid rule converges like exp(-2 pi d / h), d the distance of the nearest
            # singularity in s from the real axis (the other saddle on the principal sheet, or
            # on the one reached along the segment between the saddles): not tried where it
            # would need a step below the finest of _trapezoid
            strip = min(abs(cmath.sqrt(2 * x).imag)
                        for x in (complex(delta), _phi(t0, complex(A), float(p), float(q))
                                  - _phi(other, complex(A), float(p), float(q))))
            reachable = 2 * math.pi * strip / ((digits + 2) * _LN10) >= _trapezoid_step(digits) / 4
            if (integral is None and rule != "hermite" and _corner_negligible(A, p, q, t0, corner, digits)
                    and (reachable or rule == "trapezoid")):
                integral = _trapezoid(path, digits, strip)
        if integral is None and split and rule == "fixed":
            integral = _axis_gauss(A, p, q, f0p, t0, vertices[0], vertices[-1], digits)
        if integral is None and rule in ("fixed", "polygon"):
            integral = _polygon(A, p, q, f0p, vertices, digits, real=split)
        if integral is None:
            raise ArithmeticError(f"the {rule} rule does not reach {digits} digits here")
        if split:  # the axis part is real (its imaginary part is rounding noise)
            integral = mp.re(integral) + tail
    return f0, integral, split


def _axis_piece(A, p, q, f1, a, b):
    """The integral of e^{phi(t) - f1} over [a, b] on the cut, taken from above (real arithmetic:
    the imaginary part of phi there is that of ``f1``), for a piece far shorter than the width of
    the integrand (3-point Gauss–Legendre: error of order (b - a)^7)."""
    mid, half = (a + b) / 2, (b - a) / 2
    nodes, weights = _gauss_legendre(3, mp.mp.prec)
    f = _on_cut(A, p, q, f1)
    return half * mp.fdot(weights, [f(mid + half * x) for x in nodes])


def _corner_negligible(A, p, q, t0: complex, corner: complex | None, digits: int) -> bool:
    """Whether the integrand at the ``corner`` saddle is below the truncation of the s-rule."""
    if corner is None:
        return True
    Af, pf, qf = complex(A), float(p), float(q)
    gap = (_phi(t0, Af, pf, qf) - _phi(corner, Af, pf, qf)).real
    return gap > (digits + 8) * _LN10
