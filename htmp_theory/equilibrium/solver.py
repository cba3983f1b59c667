r"""Numerical equilibrium density of a high-temperature β-ensemble for a general potential.

For :math:`\prod_{i<j}|\lambda_i-\lambda_j|^{2c/N}\prod_i e^{-V(\lambda_i)}` the limiting
density solves the Euler–Lagrange equation (``docs/theory.md`` §1.1)

.. math::

    \log\rho(x) = -V(x) + 2c\int\log|x-t|\,\rho(t)\,dt + C, \qquad \int\rho = 1.

Method (spectral collocation, Newton). The density is solved for in a variable
:math:`u\in\mathbb R`, :math:`x = \phi(u)`: :math:`u = x` on ℝ, :math:`x = e^u` on (0, ∞),
:math:`x = 1/(1+e^{-u})` on (0, 1) (see :mod:`htmp_theory._numerics.domains`); a hard edge
:math:`\rho\sim x^a` becomes the analytic decay :math:`g(u) = \rho(\phi(u))\phi'(u)\sim
e^{(a+1)u}`, so convergence stays spectral. On a truncation interval :math:`[m-h, m+h]`
outside which :math:`g < e^{-40}\max g`, write :math:`g\,du = f(y)dy/\sqrt{1-y^2}`,
:math:`u = m + hy`, and collocate :math:`\varphi_j = \log g(u_j)` at the :math:`n`
Chebyshev points. With :math:`\log|\phi(u)-\phi(v)| = \log|u-v| + R(u,v)` (:math:`R`
analytic), the log-potential of the interpolant is exact and diagonal in the Chebyshev
basis for the first part, :math:`\int\log|y-t|T_k(t)dt/\sqrt{1-t^2} = -\pi T_k(y)/k`, and
Gauss–Chebyshev quadrature on the same nodes for :math:`R`, so the discrete system

.. math::

    \varphi_j + W(u_j) - 2c\,(\mathcal L f)_j - C = 0, \qquad \pi f_0 = 1,
    \qquad f(y_j) = h\,e^{\varphi_j}\sqrt{1-y_j^2}, \qquad W = V\circ\phi - \log\phi',

is solved by damped Newton with the dense Jacobian :math:`I - 2c\,\mathcal L\,\mathrm{diag}(f)`.
The interval is then trimmed to the :math:`e^{-40}` level and :math:`n` doubled until two
successive densities (in :math:`u`) agree to ``tol`` relative to their maximum; convergence
is spectral for smooth :math:`V` (measured: HTMP and Jacobi potentials reach 1e-13 at
n = 512–1024 in 0.1–0.5 s).
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import sympy as sp
from scipy import optimize

from .._numerics.validation import check_int, check_positive
from .._numerics import chebyshev as cheb
from .._numerics.domains import Domain
from .._numerics.domains import domain as as_domain
from ..laws.tails import TailAsymptotics
from .chebyshev_law import ChebyshevLaw
from .tails import tail_from_potential

__all__ = ["solve_equilibrium", "EquilibriumLaw", "ConvergenceReport"]

_LEVEL = 40.0  # truncation: rho below exp(-_LEVEL) * max rho
_U_REACH = 740.0  # hard edges: |u| = |log x| (or |logit x|) stays below this (float64 range)


@dataclass
class ConvergenceReport:
    """History of :func:`solve_equilibrium`.

    Attributes
    ----------
    steps : list of dict
        One entry per grid: ``n``, ``interval``, ``newton`` (iterations), ``residual``
        (max residual of the collocation system), ``change`` (max relative change of the
        density from the previous grid: the error estimate of the previous one), ``seconds``.
    converged : bool
        Whether ``change`` fell below the tolerance.
    error_estimate : float
        Last ``change`` (an upper estimate of the error of the returned density).
    """

    steps: list = field(default_factory=list)
    converged: bool = False
    error_estimate: float = math.inf

    def __str__(self) -> str:
        lines = [f"{'n':>6} {'newton':>6} {'residual':>10} {'change':>10} {'seconds':>8}"]
        for s in self.steps:
            lines.append(f"{s['n']:>6} {s['newton']:>6} {s['residual']:>10.2e} {s['change']:>10.2e} "
                         f"{s['seconds']:>8.3f}")
        lines.append(f"converged: {self.converged}, error estimate {self.error_estimate:.2e}")
        return "\n".join(lines)


class EquilibriumLaw(ChebyshevLaw):
    """Law object returned by :func:`solve_equilibrium` (interface of :class:`ChebyshevLaw`)."""

    report: ConvergenceReport
    #: the potential as given, when it is a sympy expression (needed by the tail methods)
    expression: sp.Expr | None = None

    def _tail(self, end: float) -> TailAsymptotics:
        r"""Tail at ``end``: exponent and rate from :func:`tail_from_potential`, the constant
        :math:`C` from the solution's Euler–Lagrange log-density at a far point :math:`X`,
        :math:`\log C = \log\rho(X) - e\log|X - x_0| + r|X|`, whose error is O(1/|X|) plus
        the cancellation :math:`r|X|\epsilon`: :math:`|X| = 10^{12}` (or :math:`10^{-12}` from
        a hard edge) for power laws, :math:`10^{7}` with a rate.
        """
        if self.expression is None:
            raise ValueError("tails need V as a sympy expression (the exponents are derived from it)")
        x = sorted(self.expression.free_symbols, key=str)[0]
        tail = tail_from_potential(self.expression, x, self.c, at=sp.oo if end == math.inf else
                                   -sp.oo if end == -math.inf else sp.nsimplify(end))
        if math.isinf(end):
            X = math.copysign(1e7 if tail.rate > 0 else 1e12, end)
            distance = abs(X)
        else:
            distance = 2.0**-40  # ~1e-12, and end ± distance is exact in float64
            X = end + distance if end == self.support[0] else end - distance
        log_rho = float(self._log_rho(self.domain.u(np.array([X])))[0])
        log_c = log_rho - tail.exponent * math.log(distance) + tail.rate * distance
        return TailAsymptotics(tail.where, tail.exponent, log_c, rate=tail.rate)

    def lower_tail(self) -> TailAsymptotics:
        """Behaviour at the lower end of the support (hard edge or :math:`-\\infty`)."""
        return self._tail(self.support[0]).scaled(self.scale)

    def upper_tail(self) -> TailAsymptotics:
        """Behaviour at the upper end of the support (hard edge or :math:`+\\infty`)."""
        return self._tail(self.support[1]).scaled(self.scale)

    def __repr__(self) -> str:
        return f"EquilibriumLaw(c={self.c!r}, n={len(self._coef)}, interval={self.interval})"


def _as_potential(V, domain: Domain) -> Callable[[np.ndarray], np.ndarray]:
    r"""The potential as a function of u, :math:`V(\phi(u))`.

    On (0, 1) a float64 ``x = phi(u)`` cannot resolve :math:`1-x` below :math:`10^{-16}`;
    in a sympy expression every :math:`1-x` is therefore replaced by a second argument
    evaluated as :math:`\phi(-u)`, which is exact.
    """
    if isinstance(V, sp.Expr):
        symbols = sorted(V.free_symbols, key=str)
        if len(symbols) != 1:
            raise ValueError(f"V must be a sympy expression in one variable, got free symbols {symbols}")
        x, y = symbols[0], sp.Dummy("y")
        f = sp.lambdify((x, y), V.subs(1 - x, y), "numpy")
        mirror = domain.name == "unit"

        def of_u(u):
            u = np.asarray(u, dtype=float)
            with np.errstate(all="ignore"):
                rest = domain.x(-u) if mirror else 1 - domain.x(u)
                return np.asarray(f(domain.x(u), rest), dtype=float) + np.zeros(u.shape)

        return of_u
    if callable(V):
        def of_u(u):
            with np.errstate(all="ignore"):
                return np.asarray(V(domain.x(np.asarray(u, dtype=float))), dtype=float)

        return of_u
    raise TypeError(f"V must be a callable or a sympy expression, got {type(V).__name__}")


def _effective_potential(Vu: Callable, domain: Domain, u: np.ndarray) -> np.ndarray:
    r""":math:`W(u) = V(\phi(u)) - \log\phi'(u)`: the potential of the density g in u."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return Vu(u) - domain.log_derivative(u)


def _newton(Vu: Callable, c: float, m: float, h: float, n: int, domain: Domain):
    """Solve the collocation system on ``n`` points; returns (coef, iterations, residual)."""
    y = cheb.points(n)
    u, s = m + h * y, np.sqrt(1 - y**2)
    Wj = _effective_potential(Vu, domain, u)
    M = cheb.coefficient_matrix(n)
    T = M.T * (n / 2.0)
    T[:, 0] = 1.0
    # log|phi(u_i) - phi(v)| = log|u_i - v| + R(u_i, v): exact Chebyshev part + quadrature of R
    L = (T * cheb._log_weights(n)) @ M + (math.pi / n) * domain.remainder(u[:, None], u[None, :])
    phi = -(Wj - Wj.min())
    C = 0.0

    def residual(phi, C):
        f = h * np.exp(phi) * s
        return np.concatenate([phi + Wj - 2 * c * (L @ f) - C, [math.pi * (M[0] @ f) - 1.0]]), f

    r, f = residual(phi, C)
    for it in range(1, 101):
        J = np.zeros((n + 1, n + 1))
        J[:n, :n] = np.eye(n) - 2 * c * L * f[None, :]
        J[:n, n] = -1.0
        J[n, :n] = math.pi * M[0] * f
        step = np.linalg.solve(J, -r)
        norm0, t = np.max(np.abs(r)), 1.0
        while True:
            new_phi, new_C = phi + t * step[:n], C + t * step[n]
            new_r, new_f = residual(new_phi, new_C)
            if np.max(np.abs(new_r)) < (1 - 0.25 * t) * norm0 or t < 1e-3:
                break
            t *= 0.5
        phi, C, r, f = new_phi, new_C, new_r, new_f
        if np.max(np.abs(r)) < 1e-13 * max(1.0, np.max(np.abs(phi[f > 0]))):
            break
    return cheb.coefficients(f), it, float(np.max(np.abs(r)))


def _initial_interval(Vu: Callable, c: float, domain: Domain) -> tuple[float, float]:
    """A generous u-interval outside which g is far below e^-LEVEL of its maximum."""
    reach = 1e3 if domain.name == "real" else _U_REACH
    grid = np.linspace(-reach, reach, 200001)
    W = _effective_potential(Vu, domain, grid)
    W = np.where(np.isfinite(W), W, np.inf)
    if not np.any(np.isfinite(W)):
        raise ValueError("V is not finite anywhere on the domain")
    u0 = float(grid[np.argmin(W)])

    def W1(t):
        return float(_effective_potential(Vu, domain, np.array([t]))[0])

    u0 = float(optimize.minimize_scalar(W1, bracket=(u0 - 0.01, u0, u0 + 0.01)).x)
    w0, x0, slope0 = W1(u0), float(domain.x(u0)), math.exp(float(domain.log_derivative(np.array([u0]))[0]))

    def excess(t):  # W minus a bound on the growth of 2c times the log-potential
        growth = math.log1p(abs(float(domain.x(t)) - x0) / slope0)
        return W1(t) - w0 - 2 * c * growth - 2 * _LEVEL

    ends = []
    for sign in (-1, 1):
        d = 1.0
        while not excess(u0 + sign * d) >= 0:
            d *= 1.5
            if domain.name == "real" and d > 1e6:
                raise ValueError("V must grow faster than 2c log|x| at infinity on the real line")
            if domain.name != "real" and abs(u0 + sign * d) > _U_REACH:
                raise ValueError(
                    f"the density exp(-V + ...) does not fall to exp(-{2 * _LEVEL:g}) of its maximum within "
                    f"exp(-{_U_REACH:g}) of an end of the domain {domain.support}: it is not integrable "
                    "there or decays too slowly (x^a at a hard edge needs a > -1, and a > -0.89 to be "
                    "truncated in float64)")
        ends.append(u0 + sign * d)
    return ends[0], ends[1]


def solve_equilibrium(V, c: float, domain: str = "real", tol: float = 1e-10, n_start: int = 32,
                      n_max: int = 2048) -> EquilibriumLaw:
    r"""Equilibrium density of :math:`\prod|\lambda_i-\lambda_j|^{2c/N}\prod e^{-V(\lambda_i)}`.

    Parameters
    ----------
    V : callable or sympy.Expr
        Potential on the domain (vectorised numpy callable, or an expression in one
        symbol). On ℝ it must grow faster than :math:`2c\log|x|`; at a hard edge
        :math:`e^{-V}` must be integrable (e.g. :math:`V \sim -a\log x`, :math:`a > -1`).
        On (0, 1) prefer a sympy expression: its :math:`1-x` is evaluated exactly,
        while a float64 callable cannot see :math:`1-x < 10^{-16}`.
    c : float
        Coupling :math:`c > 0` (:math:`\beta = 2c/N`).
    domain : {"real", "positive", "unit"} or interval
        ℝ, (0, ∞) or (0, 1) (also accepted as ``(-inf, inf)``, ``(0, inf)``, ``(0, 1)``).
    tol : float
        Requested relative accuracy of the density (``1e-14 <= tol < 1``).
    n_start, n_max : int
        First and largest number of Chebyshev points.

    Returns
    -------
    EquilibriumLaw
        Law object (pdf, cdf, sf, ppf, stieltjes, moments) with a ``report``
        (:class:`ConvergenceReport`); ``ArithmeticError`` if ``n_max`` is not enough.

    Examples
    --------
    >>> law = solve_equilibrium(lambda x: x**2 / 2, 1.0)
    >>> round(float(law.pdf(0.5)), 10)    # closed form 0.2452982267 (GaussianHT)
    0.2452982267
    """
    c = check_positive("c", c)
    dom = as_domain(domain)
    tol = check_positive("tol", tol)
    if not 1e-14 <= tol < 1:
        raise ValueError(f"tol must lie in [1e-14, 1), got {tol}")
    n = check_int("n_start", n_start, minimum=8)
    n_max = check_int("n_max", n_max, minimum=n)
    Vu = _as_potential(V, dom)
    a, b = _initial_interval(Vu, c, dom)
    report = ConvergenceReport()
    # stage 1: a coarse solve on the generous interval, then trim it to the e^-LEVEL level
    coef, _, _ = _newton(Vu, c, 0.5 * (a + b), 0.5 * (b - a), 128, dom)
    coarse = ChebyshevLaw(Vu, c, 0.5 * (a + b), 0.5 * (b - a), coef, domain=dom)
    grid = np.linspace(a, b, 4001)
    log_g = coarse._log_g(grid)
    keep = grid[log_g > log_g.max() - _LEVEL]
    a, b = keep[0] - (grid[1] - grid[0]), keep[-1] + (grid[1] - grid[0])
    m, h = 0.5 * (a + b), 0.5 * (b - a)
    previous = None
    while n <= n_max:
        start = time.perf_counter()
        coef, iters, res = _newton(Vu, c, m, h, n, dom)
        law = EquilibriumLaw(Vu, c, m, h, coef, domain=dom)
        change = math.inf
        if previous is not None:
            us = m + h * cheb.points(2 * n)
            g_new, g_old = np.exp(law._log_g(us)), np.exp(previous._log_g(us))
            change = float(np.max(np.abs(g_new - g_old)) / np.max(g_new))
        report.steps.append(dict(n=n, interval=(a, b), newton=iters, residual=res, change=change,
                                 seconds=time.perf_counter() - start))
        if change <= tol:
            report.converged, report.error_estimate = True, change
            # the finer grid's density is returned; `change` bounds the coarser one's error
            law.report = report
            law.expression = V if isinstance(V, sp.Expr) else None
            law.max_dps = max(1, int(-math.log10(max(change, 1e-15))))
            return law
        previous, n = law, 2 * n
    raise ArithmeticError(f"solve_equilibrium: no convergence to tol={tol} with n_max={n_max}\n{report}")
