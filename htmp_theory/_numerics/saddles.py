r"""Where the two saddles of the Laplace integral of Tricomi's U merge, for the HTMP law.

The density of HTMP(γ, κ) at x involves :math:`U(b, c, -kx)`, :math:`b = κ/2`, :math:`k = κ/(2γ)`,
:math:`c = 1 + b - k`, whose Laplace integral has the phase
:math:`\phi(t) = kx\,t + p \log t - q \log(1 + t)` with :math:`p = b - 1`, :math:`q = k`.  Its saddles
are the roots of :math:`kx\,t^2 + (kx + p - q)\,t + p = 0`; they merge where the discriminant
:math:`(kx + p - q)^2 - 4kxp` vanishes, a quadratic in x whose two roots are the edges of the
bulk at large κ (complex saddles between them, real ones outside).  Next to an edge the gap
:math:`|\Delta| = |\phi(t_0) - \phi(t_1)|` grows like :math:`|x - x_\pm|^{3/2}`; the quadrature
rules of :mod:`~htmp_theory._numerics.descent` are chosen by that gap, so tests and benchmarks
place their points by it.
"""
from __future__ import annotations

import cmath
import math

__all__ = ["edges", "gap_offset"]


def edges(gamma: float, kappa: float) -> tuple[float, float]:
    """The two points x where the saddles of U(b, c, -k x) merge (b = kappa/2, k = kappa/(2 gamma)),
    lower first: the roots of (k x)^2 + (2k(p - q) - 4kp) x + (p - q)^2, p = b - 1, q = k.

    Examples
    --------
    >>> lo, hi = edges(0.5, 1e6)   # close to the Marchenko-Pastur edges (1 -+ sqrt(0.5))^2
    >>> round(lo, 3), round(hi, 3)
    (0.086, 2.914)
    """
    b, k = kappa / 2, kappa / (2 * gamma)
    p, q = b - 1, k
    a2, a1, a0 = k * k, 2 * k * (p - q) - 4 * k * p, (p - q) ** 2
    root = math.sqrt(a1 * a1 - 4 * a2 * a0)
    return (-a1 - root) / (2 * a2), (-a1 + root) / (2 * a2)


def gap_offset(gamma: float, kappa: float, edge: int, inside: bool, delta: float = 4.0) -> float:
    """The relative offset from edge ``edge`` (0 lower, 1 upper) at which the gap
    |phi(t0) - phi(t1)| between the saddles is about ``delta``, towards the middle of the bulk if
    ``inside``: the gap measured at the offset 1e-4 (double precision), scaled by its growth
    |offset|^{3/2}.  A point is ``edges(gamma, kappa)[edge] * (1 + gap_offset(...))``.

    Examples
    --------
    >>> off = gap_offset(0.5, 1e4, 1, True, 10.0)
    >>> -0.01 < off < 0
    True
    """
    b, k = kappa / 2, kappa / (2 * gamma)
    sign = (1 if edge == 0 else -1) * (1 if inside else -1)
    x = edges(gamma, kappa)[edge] * (1 + sign * 1e-4)
    A, p, q = k * x, b - 1, k
    root = cmath.sqrt((A + p - q) ** 2 - 4 * A * p)
    t0, t1 = (-(A + p - q) + root) / (2 * A), (-(A + p - q) - root) / (2 * A)
    size = abs(A * (t1 - t0) + p * cmath.log(t1 / t0) - q * cmath.log((1 + t1) / (1 + t0)))
    return sign * 1e-4 * (delta / size) ** (2 / 3)
