r"""Float64 log-densities from a Riccati equation along a cut, by Chebyshev collocation.

The laws of this package have Stieltjes-type functions :math:`v` that solve a Riccati equation
with real coefficients along the real axis (in a variable :math:`u`),

.. math::

    v'(u) = A(u) + B(u)\,v + C(u)\,v^2 ,

and whose boundary value :math:`v(u + i0)` has an imaginary part proportional to the density.
Writing :math:`v = Y + i\sigma e^{\psi}` (:math:`\sigma = \pm1`) splits it into the real system

.. math::

    Y' = A + B Y + C\,(Y^2 - e^{2\psi}), \qquad \psi' = B + 2 C Y,

whose second component carries the *logarithm* of the density, so that tails keep their
relative accuracy however small the density is.  Perturbations of the solution within the
two-dimensional family of solutions change :math:`\psi` by a bounded amount (the perturbation
of :math:`v` is a multiple of Wronskian/:math:`w^2`, of the size of :math:`\operatorname{Im} v`
itself), so the local errors add up instead of growing exponentially.

The system is solved from one starting value :math:`(Y, \psi)(u_0)` outwards, piece by piece,
by collocation at the 32 Chebyshev–Lobatto points of each piece (Newton's method on the 64
real unknowns; an implicit method, so stiff stretches such as a large-κ bulk or a fast upper
tail cost no more than smooth ones).  The values of :math:`\psi` at the points give directly
the degree-31 Chebyshev coefficients that :class:`~.table.LogDensityTable` stores.  A piece is
accepted when the trailing Chebyshev coefficients of :math:`\psi` and :math:`Y` are below the
tolerance and :math:`\psi` varies by at most ``max_log_range`` on it; otherwise it is halved.
"""
from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

__all__ = ["march", "Coefficients"]

#: A, B, C of the Riccati equation as vectorised functions of u.
Coefficients = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]

N = 31  # polynomial degree of a piece (the table's degree)
_S = np.cos(np.pi * np.arange(N + 1) / N)  # Lobatto points, s_0 = 1 > ... > s_N = -1


def _diff_matrix() -> np.ndarray:
    """Chebyshev differentiation matrix on ``_S`` (Trefethen, Spectral Methods in MATLAB)."""
    w = np.ones(N + 1)
    w[0] = w[-1] = 2.0
    w *= (-1.0) ** np.arange(N + 1)
    dx = _S[:, None] - _S[None, :]
    D = np.outer(w, 1.0 / w) / (dx + np.eye(N + 1))
    return D - np.diag(D.sum(axis=1))


def _coefficient_matrix() -> np.ndarray:
    """``M`` with Chebyshev coefficients ``= M @ values at _S`` (exact for degree <= N)."""
    j = np.arange(N + 1)
    M = (2.0 / N) * np.cos(np.pi * np.outer(j, j) / N)
    M[:, 0] *= 0.5
    M[:, -1] *= 0.5
    M[0] *= 0.5
    M[-1] *= 0.5
    return M


_D = _diff_matrix()
_M = _coefficient_matrix()
_EYE = np.eye(N + 1)
#: rounding level of Chebyshev coefficients relative to the size of the values (4 ulps)
_NOISE = 4 * np.finfo(float).eps
#: largest 2 psi passed to exp (Newton's trial iterates may wander)
_EXP_CAP = 700.0


def _collocate(abc: Coefficients, lo: float, hi: float, start: int, y0: float, psi0: float,
               max_iter: int = 14) -> tuple[np.ndarray, np.ndarray] | None:
    """Increments ``(Y - y0, psi - psi0)`` at the Lobatto points of [lo, hi], where the value at
    point ``start`` (0: hi, N: lo) is ``(y0, psi0)``; ``None`` when Newton's method does not
    converge.  Solving for the increments keeps the rounding of the differentiation at the size of
    the variation on the piece rather than of the values."""
    u = 0.5 * (lo + hi) + 0.5 * (hi - lo) * _S
    A, B, C = abc(u)
    D = (2.0 / (hi - lo)) * _D
    # first guess: the straight line along the starting slope
    e0 = math.exp(min(2 * psi0, _EXP_CAP))
    d = u - u[start]
    dY = (A[start] + B[start] * y0 + C[start] * (y0 * y0 - e0)) * d
    dpsi = (B[start] + 2 * C[start] * y0) * d
    n = N + 1
    J = np.empty((2 * n, 2 * n))
    last = math.inf
    for it in range(max_iter):
        Y = y0 + dY
        with np.errstate(over="ignore", invalid="ignore"):  # a wandering iterate is rejected below
            E = np.exp(np.minimum(2 * (psi0 + dpsi), _EXP_CAP))
            r1 = D @ dY - (A + B * Y + C * (Y * Y - E))
            r2 = D @ dpsi - (B + 2 * C * Y)
        r1[start], r2[start] = dY[start], dpsi[start]
        J[:n, :n] = D - np.diag(B + 2 * C * Y)
        J[:n, n:] = np.diag(2 * C * E)
        J[n:, :n] = np.diag(-2 * C)
        J[n:, n:] = D
        J[start] = 0.0
        J[n + start] = 0.0
        J[start, start] = J[n + start, n + start] = 1.0
        try:
            step = np.linalg.solve(J, np.concatenate([r1, r2]))
        except np.linalg.LinAlgError:
            return None
        if not np.all(np.isfinite(step)):
            return None
        dY = dY - step[:n]
        dpsi = dpsi - step[n:]
        size = max(np.max(np.abs(step[:n])) / max(1.0, abs(y0), np.max(np.abs(dY))),
                   np.max(np.abs(step[n:])) / max(1.0, np.max(np.abs(dpsi))))
        if size < 1e-15 or (size < 1e-12 and size > 0.1 * last):  # converged (to rounding)
            return dY, dpsi
        if it >= 4 and size > 0.5 * last:  # not converging
            return None
        last = size
    return None


def _degree_used(coef: np.ndarray, values: np.ndarray) -> int:
    """Index of the last Chebyshev coefficient above 100 ulps of the function's size."""
    above = np.flatnonzero(np.abs(coef) > 2e-14 * max(1.0, np.max(np.abs(values))))
    return int(above[-1]) if above.size else 0


def march(abc: Coefficients, u0: float, y0: float, psi0: float, direction: int, *, limit: float,
          floor: float = -math.inf, offset: Callable[[float, float], np.ndarray] | None = None,
          tol: float = 1e-14, max_log_range: float = 100.0, h0: float = 0.25,
          max_pieces: int = 2000) -> tuple[list[float], list[np.ndarray], float, float]:
    r"""Solve the log-Riccati system (module docstring) from ``u0`` towards ``limit``.

    Parameters
    ----------
    abc : callable
        ``u -> (A, B, C)`` (arrays of the shape of ``u``).
    u0, y0, psi0 : float
        Starting point and the values of :math:`Y` and :math:`\psi` there.
    direction : {+1, -1}
        March to the right or to the left.
    limit : float
        Last point (on the side given by ``direction``).
    floor : float
        Stop after the first piece on which the tabulated function ``L`` (below) falls below
        ``floor`` at its outer end.
    offset : callable, optional
        ``(lo, hi) -> c``: Chebyshev coefficients (length 32) added to those of :math:`\psi` to
        give the tabulated function ``L`` on the piece [lo, hi] (e.g. ``u + const``); default 0.
    tol : float
        Trailing Chebyshev coefficients of ``L`` below ``tol * max(1, max|L|)`` and of
        :math:`Y` below ``tol * max(1, max|Y|)``.
    max_log_range : float
        Largest variation of ``L`` on one piece.
    h0 : float
        Width of the first trial piece.

    Returns
    -------
    edges, coef, y_end, psi_end
        The piece boundaries in increasing order (``len(coef) + 1`` of them), the Chebyshev
        coefficients of ``L`` on each piece (in the same order) and the solution at the far end.
    """
    if direction not in (1, -1):
        raise ValueError("direction must be +1 or -1")
    start = N if direction == 1 else 0  # index of the piece's inner end
    outer = 0 if direction == 1 else N
    here, h = u0, h0
    bounds, coefs = [u0], []
    Y, psi = y0, psi0
    while direction * (limit - here) > 1e-12 * max(1.0, abs(here)):
        if len(coefs) >= max_pieces:
            raise ArithmeticError("Riccati collocation: too many pieces")
        far = here + direction * h
        if direction * (far - limit) > 0:
            far = limit
        lo, hi = min(here, far), max(here, far)
        sol = _collocate(abc, lo, hi, start, Y, psi)
        ok = sol is not None
        if ok:
            dY, dpsi = sol
            Ys, ps = Y + dY, psi + dpsi
            cY, cp = _M @ dY, _M @ dpsi
            cY[0] += Y
            cp[0] += psi
            if offset is not None:
                cp = cp + offset(lo, hi)
            L = np.polynomial.chebyshev.chebval(_S, cp)
            # absolute error of L down to the rounding of the increments (the values' size is exact
            # in c_0); Y relative to its size
            err = max(np.max(np.abs(cp[-3:])) / max(1.0, _NOISE * np.max(np.abs(dpsi)) / tol),
                      0.1 * np.max(np.abs(cY[-3:])) / max(1.0, np.max(np.abs(Ys))))
            ok = err <= tol and np.ptp(L) <= max_log_range
        if not ok:
            if hi - lo < 1e-9 * max(1.0, abs(here)):
                raise ArithmeticError(f"Riccati collocation: no convergence near u = {here:g}")
            h = 0.5 * (hi - lo)
            continue
        bounds.append(far)
        coefs.append(cp)
        here, Y, psi = far, float(Ys[outer]), float(ps[outer])
        used = max(_degree_used(cp, np.maximum(np.abs(L), np.abs(ps))), _degree_used(cY, Ys))
        h = (hi - lo) * (2.0 if used <= 16 else 1.4 if used <= 24 else 1.0)
        slope = abs(np.polynomial.chebyshev.chebval(_S[outer], np.polynomial.chebyshev.chebder(cp))) * 2 / (hi - lo)
        h = min(h, 0.7 * max_log_range / max(slope, 1e-300))
        if L[outer] < floor:
            break
    if direction == -1:
        bounds, coefs = bounds[::-1], coefs[::-1]
    return bounds, coefs, Y, psi
