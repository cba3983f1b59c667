r"""Exact logarithmic and Cauchy transforms of Chebyshev expansions on [-1, 1].

A density on :math:`[m-h, m+h]` is written in the variable :math:`y = (x-m)/h` as
:math:`\rho(x)\,dx = f(y)\,dy/\sqrt{1-y^2}` with :math:`f = \sum_k f_k T_k`
(so :math:`f(y) = h\rho(x)\sqrt{1-y^2}` and the mass is :math:`\pi f_0`).
With :math:`y = \cos\theta` inside and :math:`\zeta = y - \operatorname{sgn}(y)\sqrt{y^2-1}`
outside, the classical identities

.. math::

    \int_{-1}^{1} \log|y-t|\,\frac{T_k(t)\,dt}{\sqrt{1-t^2}} =
    \begin{cases} -\pi\log 2 - \pi\,[\,|y|>1\,]\log|\zeta|, & k = 0,\\
                  -\tfrac{\pi}{k} T_k(y)\ (|y|\le1), \quad -\tfrac{\pi}{k}\zeta^k\ (|y|>1), & k\ge1,
    \end{cases}

.. math::

    \int_{-1}^{1}\frac{T_k(t)\,dt}{(w-t)\sqrt{1-t^2}} = \frac{\pi\,\zeta(w)^k}{\sqrt{w-1}\sqrt{w+1}},
    \qquad \zeta(w) = w - \sqrt{w-1}\sqrt{w+1},

and :math:`\int_{-1}^{y} T_k(t)\,dt/\sqrt{1-t^2} = \pi-\theta` (k = 0), :math:`-\sin(k\theta)/k`
(k ≥ 1) make the log-potential, the Stieltjes transform and the CDF exact for the expansion.
"""
from __future__ import annotations

import numpy as np

__all__ = ["points", "coefficients", "log_potential", "cauchy", "mass"]


def points(n: int) -> np.ndarray:
    r"""Chebyshev points of the first kind :math:`y_j = \cos(\pi(j+1/2)/n)`, decreasing."""
    return np.cos(np.pi * (np.arange(n) + 0.5) / n)


def coefficient_matrix(n: int) -> np.ndarray:
    r"""Matrix :math:`M` with :math:`f_k = \sum_j M_{kj} f(y_j)` (exact for degree < n)."""
    theta = np.pi * (np.arange(n) + 0.5) / n
    M = (2.0 / n) * np.cos(np.outer(np.arange(n), theta))
    M[0] *= 0.5
    return M


def coefficients(values: np.ndarray) -> np.ndarray:
    """Chebyshev coefficients of the interpolant through ``values`` at :func:`points`."""
    return coefficient_matrix(len(values)) @ values


def _log_weights(n: int) -> np.ndarray:
    lam = np.empty(n)
    lam[0] = -np.pi * np.log(2.0)
    lam[1:] = -np.pi / np.arange(1, n)
    return lam


def log_potential(coef: np.ndarray, y: np.ndarray) -> np.ndarray:
    r""":math:`\int_{-1}^1 \log|y-t|\, f(t)\,dt/\sqrt{1-t^2}` at real ``y`` (anywhere)."""
    y = np.asarray(y, dtype=float)
    n = len(coef)
    inside = np.abs(y) <= 1
    out = np.empty(y.shape)
    lam = _log_weights(n)
    if np.any(inside):
        out[inside] = np.polynomial.chebyshev.chebval(y[inside], coef * lam)
    if np.any(~inside):
        yo = y[~inside]
        zeta = 1.0 / (yo * (1.0 + np.sqrt(1.0 - 1.0 / (yo * yo))))  # = y - sgn(y) sqrt(y^2 - 1)
        powers = zeta[:, None] ** np.arange(n)[None, :]
        out[~inside] = powers[:, 1:] @ (coef[1:] * lam[1:]) + coef[0] * (lam[0] - np.pi * np.log(np.abs(zeta)))
    return out


def cauchy(coef: np.ndarray, w: complex) -> complex:
    r""":math:`\int_{-1}^1 f(t)\,dt/((w-t)\sqrt{1-t^2})` for ``Im w >= 0`` (``w`` real: w + i0)."""
    w = complex(w)
    root = np.sqrt(complex(w - 1)) * np.sqrt(complex(w + 1))
    if w.imag == 0 and abs(w.real) < 1:
        root = 1j * np.sqrt(1 - w.real**2)
    zeta = w - root
    return complex(np.pi * np.polynomial.polynomial.polyval(zeta, coef) / root)


def mass(coef: np.ndarray, y: np.ndarray, upper: bool) -> np.ndarray:
    r"""Mass of :math:`f(t)\,dt/\sqrt{1-t^2}` below (or above, ``upper``) ``y`` in [-1, 1]."""
    theta = np.arccos(np.clip(np.asarray(y, dtype=float), -1.0, 1.0))
    k = np.arange(1, len(coef))
    s = np.sin(np.multiply.outer(theta, k)) / k
    if upper:
        return coef[0] * theta + s @ coef[1:]
    return coef[0] * (np.pi - theta) - s @ coef[1:]
