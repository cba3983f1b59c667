r"""Fast float64 log-density of HTMP(γ, κ) on an interval, from a Riccati equation (fitting only).

With :math:`b = \kappa/2`, :math:`k = \kappa/(2\gamma)`, :math:`c = 1 + b - k` and
:math:`w(t) = U(b, c, t)` (Tricomi), the density is :math:`p(x) = \theta'(x)/(\pi b)` with
:math:`\theta = \arg w(-kx - i0)`.  The log-derivative :math:`y = w'/w` obeys, from Kummer's
equation :math:`t w'' + (c - t) w' - b w = 0`, in :math:`u = \log x` (:math:`t = -k e^u`),

.. math::

    \frac{dy}{du} = b - (c - t)\,y - t\,y^2 .

Since :math:`\theta'(x) = -k\,\operatorname{Im} y`, :math:`p = k|\operatorname{Im} y|/(\pi b)`.
Writing :math:`y = Y + i\,\operatorname{sign}\cdot e^{\psi}`, the real system

.. math::

    Y' = b - (c - t) Y - t (Y^2 - e^{2\psi}), \qquad \psi' = -(c - t) - 2 t Y

carries :math:`\log p = \log(k/(\pi b)) + \psi` with *relative* accuracy even where the
density is tiny (the imaginary part obeys a linear equation, integrated in the log).  One
value of the Stieltjes transform at a bulk point :math:`x_0` (Tricomi U by
:func:`~htmp_theory._numerics.special.hyperu_scaled`) starts the integration, which runs outwards with LSODA (the
equation is stiff for large κ).  :math:`L(u) = \log(x p) = u + \log(k/(\pi b)) + \psi(u)`
is then tabulated by :class:`~htmp_theory._numerics.table.LogDensityTable` on the
requested interval.  Measured error of L against the mpmath density: about 1e-9 over the
central 1 − 2·10⁻⁴ of the law for κ ∈ [0.1, 200], γ ∈ [0.05, 0.99] (tests to 1e-7); 10–60 ms
per κ instead of 0.1–0.5 s for the mpmath nodes.  The step count grows like κ, so the
fits use it for κ ≤ :data:`RICCATI_MAX_KAPPA` and the mpmath nodes beyond.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.integrate import solve_ivp

__all__ = ["riccati_table", "RiccatiLaw", "RICCATI_MAX_KAPPA", "RICCATI_MAX_RANGE"]

#: Largest κ for which the fits tabulate the density from the Riccati equation.
RICCATI_MAX_KAPPA = 150.0
#: Widest log-range (in u = log x) the fits integrate over (beyond, e.g. eigenvalues spanning
#: e^-500..e^5 at kappa = 0.01, the integration was found to stall: the mpmath nodes are used).
RICCATI_MAX_RANGE = 60.0
#: Relative tolerance of the integration, and the trailing-coefficient tolerance of the table.
RICCATI_RTOL = 1e-11
RICCATI_TABLE_TOL = 1e-9


def _start(b: float, c: float, t: float) -> complex:
    r""":math:`y = w'/w = -b\,U(b+1, c+1, t)/U(b, c, t)` just below the cut at ``t < 0`` (mpmath, 18 digits)."""
    import mpmath as mp

    from htmp_theory._numerics.special import hyperu_scaled

    with mp.workdps(18):
        num, den = hyperu_scaled(b + 1, c + 1, t, fast=True), hyperu_scaled(b, c, t, fast=True)
        return complex(-b * mp.exp(num.log_scale - den.log_scale) * num.value / den.value)


def riccati_table(gamma: float, kappa: float, u_lo: float, u_hi: float, *, masses: bool = False):
    r"""Table of :math:`L(u) = \log(x\,p_{\gamma,\kappa}(x))` on :math:`[u_{lo}, u_{hi}]` (module notes).

    Examples
    --------
    >>> from htmp_theory import HTMP
    >>> table = riccati_table(0.5, 2.0, -3.0, 1.5)
    >>> bool(abs(table.logxp(np.array([0.2]))[0] - HTMP(0.5, 2.0)._logxp_node(0.2)) < 1e-8)
    True
    """
    from htmp_theory._numerics.table import LogDensityTable

    b, k = kappa / 2.0, kappa / (2.0 * gamma)
    c = 1.0 + b - k
    u0 = math.log(max(1.0, gamma))  # the mean of the continuous part: in the bulk for every kappa
    y0 = _start(b, c, -k * math.exp(u0))
    start = [y0.real, math.log(abs(y0.imag))]

    def rhs(u, state):
        t = -k * math.exp(u)
        y, psi = state
        return [b - (c - t) * y - t * (y * y - math.exp(min(2 * psi, 700.0))), -(c - t) - 2 * t * y]

    def jac(u, state):
        t = -k * math.exp(u)
        y, psi = state
        return [[-(c - t) - 2 * t * y, 2 * t * math.exp(min(2 * psi, 700.0))], [-2 * t, 0.0]]

    pieces = []
    for end in (min(u_lo, u0) - 1e-6, max(u_hi, u0) + 1e-6):
        with np.errstate(over="ignore"):  # trial steps far out may overflow; LSODA rejects them
            sol = solve_ivp(rhs, (u0, end), start, method="LSODA", jac=jac, rtol=RICCATI_RTOL, atol=1e-13,
                            dense_output=True)
        if not sol.success:
            raise ArithmeticError(f"HTMP({gamma:g}, {kappa:g}): Riccati integration failed: {sol.message}")
        pieces.append(sol.sol)
    const = math.log(k / (math.pi * b))

    def logxp(u: float) -> float:
        return u + const + float(pieces[0 if u < u0 else 1](u)[1])

    from htmp_theory._numerics.table import MAX_LOG_RANGE

    return LogDensityTable(logxp, u_lo, u_hi, tol=RICCATI_TABLE_TOL, initial_pieces=2,
                           max_log_range=MAX_LOG_RANGE if masses else math.inf)


class RiccatiLaw:
    r"""CDF, SF and upper quantiles of HTMP(γ, κ, scale) above ``x_min``, from one Riccati table.

    The table runs from :math:`\log(x_{min}/s) - 1` to the point where the upper tail
    (Gamma-like: :math:`p \approx C (kx)^{k+b-1}e^{-kx}`) holds less than about
    :math:`e^{-40}`, :math:`x_{far} = (k + b + 12\sqrt{k + b} + 40)/k`; the SF is the
    Gauss–Legendre mass above x on the table and the CDF is ``1 - sf`` (the atom at 0 for
    γ > 1 included), absolute accuracy about 1e-9.  For κ > :data:`RICCATI_MAX_KAPPA` the
    law's own float64 paths are used.

    Examples
    --------
    >>> from htmp_theory import HTMP
    >>> fast = RiccatiLaw(0.5, 2.0, 1.5, x_min=0.01)
    >>> bool(abs(fast.cdf(np.array([1.2]))[0] - HTMP(0.5, 2.0, scale=1.5).cdf(1.2)) < 1e-8)
    True
    """

    def __init__(self, gamma: float, kappa: float, scale: float, *, x_min: float) -> None:
        self.gamma, self.kappa, self.scale = gamma, kappa, scale
        self.table = None
        b, k = kappa / 2.0, kappa / (2.0 * gamma)
        far = (k + b + 12 * math.sqrt(k + b) + 40) / k
        u_lo = min(math.log(x_min / scale), 0.0) - 1.0
        if kappa <= RICCATI_MAX_KAPPA and math.log(far) - u_lo <= RICCATI_MAX_RANGE:
            self.table = riccati_table(gamma, kappa, u_lo, math.log(far), masses=True)
        else:
            from htmp_theory import HTMP

            self.law = HTMP(gamma, kappa, scale=scale)

    def logpdf(self, x: np.ndarray) -> np.ndarray:
        """log p(x) (x inside the table)."""
        x = np.asarray(x, dtype=float)
        if self.table is None:
            return np.asarray(self.law.logpdf(x), dtype=float)
        u = np.log(x / self.scale)
        return self.table.logxp(u) - np.log(x)

    def sf(self, x: np.ndarray) -> np.ndarray:
        """P(X > x)."""
        x = np.asarray(x, dtype=float)
        if self.table is None:
            return np.asarray(self.law.sf(x), dtype=float)
        u = np.log(x / self.scale)
        return np.where(u > self.table.u_hi, 0.0, self.table.mass_above(u))

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """P(X <= x) (for x above ``x_min``)."""
        return 1.0 - self.sf(x)

    def isf(self, q: float) -> float:
        """The x with P(X > x) = q (bisection on the table; q in (0, 1))."""
        if self.table is None:
            return float(self.law.ppf(1.0 - q))
        lo, hi = self.table.u_lo, self.table.u_hi
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            lo, hi = (mid, hi) if float(self.table.mass_above(np.array([mid]))[0]) > q else (lo, mid)
        return self.scale * math.exp(0.5 * (lo + hi))
