r"""The loop-equation (Riccati) route for polynomial potentials on ℝ.

For :math:`\prod|\lambda_i-\lambda_j|^{2c/N}\prod e^{-V(\lambda_i)}` with a polynomial
:math:`V` of even degree :math:`d` and positive leading coefficient, the Cauchy transform
:math:`G(z) = \int\rho(t)\,dt/(z-t)` of the equilibrium density satisfies the loop
(Schwinger–Dyson) equation

.. math::

    G'(z) = c\,G(z)^2 - V'(z)\,G(z) + P(z), \qquad
    P(z) = \int\frac{V'(z)-V'(t)}{z-t}\,\rho(t)\,dt = \sum_k v_k\sum_{i<k} z^i m_{k-1-i},

(:math:`V' = \sum_k v_k z^k`, :math:`m_j` the moments; :math:`V = x^2/2` gives the Gaussian
:math:`G' = cG^2 - zG + 1`). Matching powers of :math:`1/z` in
:math:`G = \sum_j m_j z^{-j-1}` gives :math:`E[V'] = \sum_k v_k m_k = 0` and, for
:math:`n \ge 0`,

.. math::

    \sum_k v_k\, m_{n+1+k} = c\sum_{i+l=n} m_i m_l + (n+1)\,m_n,

so all moments follow from the :math:`d-2` unknowns :math:`\theta = (m_1,\dots,m_{d-2})`.

Fixing θ (no closed form needed). With :math:`G = -u'/(cu)` the equation is linear,
:math:`u'' + V'u' + cPu = 0`, with solutions :math:`u_1\sim z^{-c}` (the one giving the
moment series) and :math:`u_2\sim e^{-V}`. In each of the :math:`d/2` sectors of the upper
half-plane centred on :math:`\arg z = (2l+1)\pi/d` (where :math:`\operatorname{Re}V\to-\infty`)
:math:`u_1` is recessive, so the moment series defines a unique solution :math:`G_l` there.
The true :math:`G` is analytic in the whole upper half-plane with that expansion in every
sector, so :math:`G_0 = G_1 = \dots` at a common point: :math:`d/2-1` complex equations for
the :math:`d-2` real unknowns, solved by Newton's method. Each :math:`G_l` is started from
the optimally truncated moment series at radius :math:`R` and integrated inwards (the
stable direction: :math:`u_2/u_1` decreases) with an 8th-order Runge–Kutta method.
The density is :math:`\rho(x) = -\operatorname{Im}G(x+i0)/\pi`, integrated from the
matching point straight down to the real axis. Nothing here uses the Euler–Lagrange
solver, so the two routes check each other.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp
from scipy import integrate, optimize

from .._numerics.validation import check_positive

__all__ = ["LoopSolution", "solve_loop_equation"]


def _coefficients(V) -> np.ndarray:
    """Power coefficients (v_0, v_1, ...) of a polynomial potential."""
    if isinstance(V, sp.Expr):
        symbols = sorted(V.free_symbols, key=str)
        if len(symbols) != 1:
            raise ValueError(f"V must be a polynomial in one variable, got free symbols {symbols}")
        if not V.is_polynomial(symbols[0]):
            raise ValueError(f"V must be a polynomial for the loop-equation route, got {V}")
        coef = [float(cf) for cf in reversed(sp.Poly(V, symbols[0]).all_coeffs())]
    else:
        coef = getattr(V, "coefficients", V)
        try:
            coef = [float(cf) for cf in coef]
        except (TypeError, ValueError) as exc:
            raise TypeError("V must be a sympy polynomial or a sequence of coefficients (c_0, c_1, ...)") from exc
    coef = np.trim_zeros(np.asarray(coef, dtype=float), "b")
    d = len(coef) - 1
    if d < 2 or d % 2 or coef[-1] <= 0 or not np.all(np.isfinite(coef)):
        raise ValueError("V must be a polynomial of even degree >= 2 with a positive leading coefficient")
    return coef


@dataclass
class LoopSolution:
    r"""Solution of the loop equation for a polynomial potential.

    Attributes
    ----------
    c : float
        Coupling.
    coefficients : ndarray
        :math:`(v_0, v_1, \dots)` of :math:`V'`.
    theta : ndarray
        The solved unknown moments :math:`(m_1, \dots, m_{d-2})`.
    mismatch : float
        Largest :math:`|G_l - G_0|` left at the matching point.
    """

    c: float
    coefficients: np.ndarray
    theta: np.ndarray
    mismatch: float
    radius: float
    anchor: complex
    rtol: float

    def moments(self, count: int) -> np.ndarray:
        """The moments :math:`m_0, \\dots, m_{count-1}` from the recursion."""
        return _moments(self.coefficients, self.c, self.theta, count)

    def cauchy(self, z) -> np.ndarray:
        r""":math:`G(z)` for ``Im z >= 0`` (real ``z`` means :math:`z + i0`)."""
        z = np.atleast_1d(np.asarray(z, dtype=complex))
        if not np.all(np.isfinite(z)):
            raise ValueError("z must be finite")
        if np.any(z.imag < 0):
            raise ValueError("z must lie in the closed upper half-plane")
        G_anchor = self._at_anchor(0)
        return _integrate(self, np.full(z.shape, self.anchor), z, np.full(z.shape, G_anchor))

    def pdf(self, x) -> np.ndarray:
        r"""Density :math:`\rho(x) = -\operatorname{Im}G(x+i0)/\pi`."""
        x = np.asarray(x, dtype=float)
        return (-self.cauchy(x.ravel()).imag / math.pi).reshape(x.shape)

    def _at_anchor(self, sector: int) -> complex:
        """G_l at the anchor: the moment series at the sector's centre, integrated inwards."""
        d = len(self.coefficients)  # deg V' + 1 = deg V
        z0 = self.radius * np.exp(1j * math.pi * (2 * sector + 1) / d)
        G0 = _series(self.moments(400), z0)[0]
        return _integrate(self, np.array([z0]), np.array([self.anchor]), np.array([G0]))[0]


def _moments(v: np.ndarray, c: float, theta: np.ndarray, count: int) -> np.ndarray:
    """m_0 .. m_{count-1} from the unknowns theta and the loop-equation recursion (NaN
    once they overflow; such orders are never summed)."""
    top = len(v) - 1  # degree of V'
    m = np.zeros(max(count, top + 1))
    m[0] = 1.0
    m[1:top] = theta
    # E[V'] = 0 fixes m_top; then sum_k v_k m_{n+1+k} = c sum m_i m_{n-i} + (n+1) m_n
    m[top] = -np.dot(v[:top], m[:top]) / v[top]
    with np.errstate(over="ignore", invalid="ignore"):
        for n in range(0, count - top - 1):
            if not np.isfinite(m[n + top]):
                m[n + 1 + top:] = np.nan
                break
            rest = np.dot(v[:top], m[n + 1:n + 1 + top])
            m[n + 1 + top] = (c * np.dot(m[:n + 1], m[n::-1]) + (n + 1) * m[n] - rest) / v[top]
    return m[:count]


def _series(m: np.ndarray, z: complex) -> tuple[complex, float]:
    """Optimally truncated asymptotic series sum m_j z^{-j-1}, and its last term's size
    relative to the sum (the truncation error)."""
    total, last = 0j, math.inf
    for j, mj in enumerate(m):
        if mj == 0:
            continue  # vanishing (e.g. odd) moments say nothing about the divergence
        term = mj / z ** (j + 1)
        if not np.isfinite(term) or abs(term) > last:
            break
        total += term
        last = abs(term)
        if last < 1e-18 * abs(total):
            break
    return total, last / abs(total)


def _p_coefficients(v: np.ndarray, c: float, theta: np.ndarray) -> np.ndarray:
    """Power coefficients of P(z) = sum_k v_k sum_{i<k} z^i m_{k-1-i}."""
    m = _moments(v, c, theta, len(v))
    P = np.zeros(max(len(v) - 1, 1))
    for k in range(1, len(v)):
        for i in range(k):
            P[i] += v[k] * m[k - 1 - i]
    return P


def _integrate(sol, z_from: np.ndarray, z_to: np.ndarray, G_from: np.ndarray) -> np.ndarray:
    """Integrate along straight segments z_from -> z_to (all at once, t in [0, 1])."""
    step = z_to - z_from
    v, c = sol.coefficients, sol.c
    P = _p_coefficients(v, c, sol.theta)  # once per integration, not per right-hand side
    polyval = np.polynomial.polynomial.polyval

    def f(t, y):
        G = y[: len(step)] + 1j * y[len(step):]
        z = z_from + t * step
        dG = step * (c * G * G - polyval(z, v) * G + polyval(z, P))
        return np.concatenate([dG.real, dG.imag])

    y0 = np.concatenate([G_from.real, G_from.imag])
    res = integrate.solve_ivp(f, (0.0, 1.0), y0, method="DOP853", rtol=sol.rtol, atol=1e-300)
    if not res.success:
        raise ArithmeticError(f"Riccati integration failed: {res.message}")
    y = res.y[:, -1]
    return y[: len(step)] + 1j * y[len(step):]


def _mismatch(sol: LoopSolution) -> np.ndarray:
    values = np.array([sol._at_anchor(sector) for sector in range(len(sol.coefficients) // 2)])
    diffs = values[1:] - values[0]
    return np.concatenate([diffs.real, diffs.imag])


def solve_loop_equation(V, c: float, theta0=None, radius: float | None = None,
                        rtol: float = 1e-12) -> LoopSolution:
    r"""Solve the loop equation of a polynomial potential on ℝ (module docstring).

    Parameters
    ----------
    V : sympy polynomial, sequence of coefficients ``(c_0, c_1, ...)`` or
        :class:`~htmp_theory.sampling.PolynomialPotential`
        Even degree :math:`d \ge 2`, positive leading coefficient.
    c : float
        Coupling :math:`c > 0`.
    theta0 : array_like, optional
        Starting guess of :math:`(m_1, \dots, m_{d-2})`; default the moments of
        :math:`e^{-V}` (the :math:`c \to 0` law).
    radius : float, optional
        Radius where the moment series starts (default: where its smallest term is
        below 1e-15).
    rtol : float
        Relative tolerance of the Runge–Kutta integration.

    Returns
    -------
    LoopSolution
        With ``theta``, ``moments``, ``cauchy`` and ``pdf``.

    Examples
    --------
    >>> sol = solve_loop_equation([0, 0, 0.5], 1.0)    # Gaussian: no unknowns
    >>> round(float(sol.pdf(0.5)), 9)                   # GaussianHT(1).pdf(0.5)
    0.245298227
    """
    c = check_positive("c", c)
    rtol = check_positive("rtol", rtol)
    coef = _coefficients(V)
    v = np.polynomial.polynomial.polyder(coef)
    d = len(coef) - 1
    if theta0 is None:
        weight = lambda t, j: t**j * math.exp(-(np.polynomial.polynomial.polyval(t, coef) - coef[0]))  # noqa: E731
        mass = integrate.quad(weight, -np.inf, np.inf, args=(0,))[0]
        theta0 = [integrate.quad(weight, -np.inf, np.inf, args=(j,))[0] / mass for j in range(1, d - 1)]
    theta = np.asarray(theta0, dtype=float)
    if theta.shape != (d - 2,):
        raise ValueError(f"theta0 must have d - 2 = {d - 2} entries, got shape {theta.shape}")
    # anchor inside the bulk, where the sectors' solutions differ at O(1) for a wrong theta
    m = _moments(v, c, theta, 3)
    anchor = 0.5j * math.sqrt(max(m[2] - m[1] ** 2, 1e-6)) + m[1]
    sol = LoopSolution(c, v, theta, 0.0, 1.0, anchor, rtol)
    if radius is None:
        # start where |e^{-V}| > e^{36} on every sector's centre and the series is good to
        # 1e-2: any error of G at the start is a multiple of u_2, damped by e^{-36} on the way in
        m = sol.moments(400)
        radius = 1.0
        while radius < 64:
            centres = radius * np.exp(1j * math.pi * (2 * np.arange(d // 2) + 1) / d)
            growth = -np.polynomial.polynomial.polyval(centres, coef).real
            if np.min(growth) > 36 and max(_series(m, z)[1] for z in centres) < 1e-2:
                break
            radius *= 1.1
    sol.radius = check_positive("radius", radius)
    if d > 2:
        root = optimize.root(lambda th: _mismatch(LoopSolution(c, v, th, 0.0, sol.radius, anchor, rtol)), theta,
                             method="hybr", options={"xtol": 1e-13})
        sol.theta = root.x
    sol.mismatch = float(np.max(np.abs(_mismatch(sol)))) if d > 2 else 0.0
    if not sol.mismatch < 1e-8:
        raise ArithmeticError(f"solve_loop_equation: the sectors do not match (|G_l - G_0| = {sol.mismatch:.2e})")
    return sol
