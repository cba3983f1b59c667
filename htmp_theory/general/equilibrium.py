r"""Numerical equilibrium density of a high-temperature β-ensemble for a general potential.

For :math:`\prod_{i<j}|\lambda_i-\lambda_j|^{2c/N}\prod_i e^{-V(\lambda_i)}` the limiting
density solves the Euler–Lagrange equation (THEORY.md §4)

.. math::

    \log\rho(x) = -V(x) + 2c\int\log|x-t|\,\rho(t)\,dt + C, \qquad \int\rho = 1.

Method (spectral collocation, Newton). On a truncation interval :math:`[m-h, m+h]`
outside which :math:`\rho < e^{-40}\max\rho`, write :math:`\rho\,dx = f(y)dy/\sqrt{1-y^2}`,
:math:`x = m + hy`, and collocate :math:`\varphi_j = \log\rho(x_j)` at the :math:`n`
Chebyshev points. The log-potential of the interpolant is exact and diagonal in the
Chebyshev basis, :math:`\int\log|y-t|T_k(t)dt/\sqrt{1-t^2} = -\pi T_k(y)/k`, so the
discrete system

.. math::

    \varphi_j + V(x_j) - 2c\,(\mathcal L f)_j - C = 0, \qquad \pi f_0 = 1,
    \qquad f(y_j) = h\,e^{\varphi_j}\sqrt{1-y_j^2},

is solved by damped Newton with the dense Jacobian :math:`I - 2c\,\mathcal L\,\mathrm{diag}(f)`.
The interval is then trimmed to the :math:`e^{-40}` level and :math:`n` doubled until two
successive densities agree to ``tol`` (relative to the maximum); convergence is spectral
for smooth, fast-growing :math:`V`. Only the real line is implemented: hard edges
(:math:`(0,\infty)`, :math:`(0,1)`) need an edge-adapted basis (see the issue).
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import sympy as sp
from scipy import optimize

from .._validation import check_int, check_positive
from . import _chebyshev as cheb
from ._numeric import ChebyshevLaw

__all__ = ["solve_equilibrium", "EquilibriumLaw", "ConvergenceReport"]

_LEVEL = 40.0  # truncation: rho below exp(-_LEVEL) * max rho


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

    def __repr__(self) -> str:
        return f"EquilibriumLaw(c={self.c!r}, n={len(self._coef)}, interval={self.interval})"


def _as_potential(V) -> Callable[[np.ndarray], np.ndarray]:
    if isinstance(V, sp.Expr):
        symbols = sorted(V.free_symbols, key=str)
        if len(symbols) != 1:
            raise ValueError(f"V must be a sympy expression in one variable, got free symbols {symbols}")
        f = sp.lambdify(symbols[0], V, "numpy")
        return lambda x: np.asarray(f(np.asarray(x, dtype=float)), dtype=float) + 0 * np.asarray(x, dtype=float)
    if callable(V):
        return lambda x: np.asarray(V(np.asarray(x, dtype=float)), dtype=float)
    raise TypeError(f"V must be a callable or a sympy expression, got {type(V).__name__}")


def _newton(V: Callable, c: float, m: float, h: float, n: int, phi0: np.ndarray | None):
    """Solve the collocation system on ``n`` points; returns (coef, iterations, residual)."""
    y = cheb.points(n)
    x, s = m + h * y, np.sqrt(1 - y**2)
    Vj = V(x)
    M = cheb.coefficient_matrix(n)
    T = M.T * (n / 2.0)
    T[:, 0] = 1.0
    L = (T * cheb._log_weights(n)) @ M
    phi = -(Vj - Vj.min()) if phi0 is None else phi0.copy()
    C = 0.0

    def residual(phi, C):
        f = h * np.exp(phi) * s
        return np.concatenate([phi + Vj - 2 * c * (L @ f) - C, [math.pi * (M[0] @ f) - 1.0]]), f

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
    return cheb.coefficients(f), phi, it, float(np.max(np.abs(r)))


def _initial_interval(V: Callable, c: float) -> tuple[float, float]:
    grid = np.linspace(-1e3, 1e3, 200001)
    vals = V(grid)
    x0 = float(grid[np.nanargmin(vals)])
    x0 = float(optimize.minimize_scalar(lambda t: float(V(np.array([t]))[0]), bracket=(x0 - 0.01, x0, x0 + 0.01)).x)
    v0 = float(V(np.array([x0]))[0])

    def excess(t):
        return float(V(np.array([t]))[0]) - v0 - 2 * c * math.log1p(abs(t - x0)) - 2 * _LEVEL

    ends = []
    for sign in (-1, 1):
        d = 1.0
        while excess(x0 + sign * d) < 0:
            d *= 1.5
            if d > 1e6:
                raise ValueError("V must grow faster than 2c log|x| at infinity on the real line")
        ends.append(x0 + sign * d)
    return ends[0], ends[1]


def solve_equilibrium(V, c: float, domain: str = "real", tol: float = 1e-10, n_start: int = 32,
                      n_max: int = 2048) -> EquilibriumLaw:
    r"""Equilibrium density of :math:`\prod|\lambda_i-\lambda_j|^{2c/N}\prod e^{-V(\lambda_i)}`.

    Parameters
    ----------
    V : callable or sympy.Expr
        Potential on the real line (vectorised numpy callable, or an expression in one
        symbol); it must grow faster than :math:`2c\log|x|`.
    c : float
        Coupling :math:`c > 0` (:math:`\beta = 2c/N`).
    domain : {"real"}
        Only the real line is implemented.
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
    if domain != "real":
        raise ValueError(f"domain must be 'real' (hard edges are not implemented yet), got {domain!r}")
    tol = check_positive("tol", tol)
    if not 1e-14 <= tol < 1:
        raise ValueError(f"tol must lie in [1e-14, 1), got {tol}")
    n = check_int("n_start", n_start, minimum=8)
    n_max = check_int("n_max", n_max, minimum=n)
    Vf = _as_potential(V)
    a, b = _initial_interval(Vf, c)
    report = ConvergenceReport()
    # stage 1: a coarse solve on the generous interval, then trim it to the e^-LEVEL level
    coef, _, _, _ = _newton(Vf, c, 0.5 * (a + b), 0.5 * (b - a), 128, None)
    coarse = ChebyshevLaw(Vf, c, 0.5 * (a + b), 0.5 * (b - a), coef)
    grid = np.linspace(a, b, 4001)
    logp = coarse._logpdf64(grid)
    keep = grid[logp > logp.max() - _LEVEL]
    a, b = keep[0] - (grid[1] - grid[0]), keep[-1] + (grid[1] - grid[0])
    m, h = 0.5 * (a + b), 0.5 * (b - a)
    previous, phi = None, None
    while n <= n_max:
        start = time.perf_counter()
        coef, phi, iters, res = _newton(Vf, c, m, h, n, None)
        law = EquilibriumLaw(Vf, c, m, h, coef)
        change = math.inf
        if previous is not None:
            xs = m + h * cheb.points(2 * n)
            p_new, p_old = np.exp(law._logpdf64(xs)), np.exp(previous._logpdf64(xs))
            change = float(np.max(np.abs(p_new - p_old)) / np.max(p_new))
        report.steps.append(dict(n=n, interval=(a, b), newton=iters, residual=res, change=change,
                                 seconds=time.perf_counter() - start))
        if change <= tol:
            report.converged, report.error_estimate = True, change
            # the finer grid's density is returned; `change` bounds the coarser one's error
            law.report = report
            law.max_dps = max(1, int(-math.log10(max(change, 1e-15))))
            return law
        previous, n = law, 2 * n
    raise ArithmeticError(f"solve_equilibrium: no convergence to tol={tol} with n_max={n_max}\n{report}")
