r"""Maps of the real line onto the domains of equilibrium densities: ℝ, (0, ∞), (0, 1).

A density :math:`\rho` on a domain :math:`D` is solved for in a variable :math:`u\in\mathbb R`
with :math:`x = \phi(u)`: the identity on ℝ, :math:`e^u` on (0, ∞), the logistic
function :math:`1/(1+e^{-u})` on (0, 1). In :math:`u` a hard-edge behaviour
:math:`\rho \sim x^a` becomes the exponential decay :math:`g(u) = \rho(\phi(u))\phi'(u)
\sim e^{(a+1)u}`, analytic in a strip, so a Chebyshev expansion of :math:`g` on a
truncated :math:`u`-interval converges spectrally (an expansion in :math:`x` converges
only algebraically at :math:`x^a`).

The logarithmic kernel splits into the Chebyshev-diagonal part and an analytic remainder,

.. math::

    \log|\phi(u)-\phi(v)| = \log|u-v| + R(u, v), \qquad R(u, u) = \log\phi'(u),

with :math:`R = 0` on ℝ, :math:`R = \max(u,v) + \log\frac{1-e^{-|u-v|}}{|u-v|}` on (0, ∞)
(because :math:`(e^u-e^v)/(u-v)` is entire and positive), and that minus
:math:`\operatorname{softplus}(u)+\operatorname{softplus}(v)` on (0, 1) (because
:math:`\phi(u)-\phi(v) = (e^u-e^v)/((1+e^u)(1+e^v))`).
"""
from __future__ import annotations

import math

import numpy as np

__all__ = ["Domain", "DOMAINS", "domain"]


def _log_exp_difference_remainder(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    r""":math:`\log|e^u-e^v| - \log|u-v|`, analytic, evaluated without cancellation."""
    d = np.abs(u - v)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(d > 0, np.log(-np.expm1(-d) / np.where(d > 0, d, 1.0)), 0.0)
    return np.maximum(u, v) + h


class Domain:
    """One of the maps :math:`x = \\phi(u)` (``name`` in ``{"real", "positive", "unit"}``)."""

    def __init__(self, name: str, support: tuple[float, float]) -> None:
        self.name, self.support = name, support

    def __repr__(self) -> str:
        return f"Domain({self.name!r})"

    def x(self, u):
        """:math:`\\phi(u)` (real or complex)."""
        if self.name == "real":
            return u
        if self.name == "positive":
            return np.exp(u)
        if not np.isrealobj(u):
            return 1.0 / (1.0 + np.exp(-u))
        e = np.exp(-np.abs(u))  # accurate near both edges
        return np.where(np.asarray(u) < 0, e / (1.0 + e), 1.0 / (1.0 + e))

    def u(self, x):
        """:math:`\\phi^{-1}(x)`; complex ``x`` gives the principal branch (``Im u`` in (−π, π))."""
        if self.name == "real":
            return x
        with np.errstate(divide="ignore"):
            if self.name == "positive":
                return np.log(x)
            return np.log(x) - np.log1p(-x) if np.isrealobj(x) else np.log(x) - np.log(1.0 - x)

    def log_derivative(self, u: np.ndarray) -> np.ndarray:
        """:math:`\\log\\phi'(u)`."""
        if self.name == "real":
            return np.zeros(np.shape(u))
        if self.name == "positive":
            return np.asarray(u, dtype=float)
        return -np.logaddexp(0.0, u) - np.logaddexp(0.0, -u)

    def dlog_derivative(self, u: np.ndarray) -> np.ndarray:
        r""":math:`(\log\phi')'(u)`."""
        if self.name == "real":
            return np.zeros(np.shape(u))
        if self.name == "positive":
            return np.ones(np.shape(u))
        return 1.0 - 2.0 * self.x(u)

    def remainder(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """The analytic kernel :math:`R(u, v) = \\log|\\phi(u)-\\phi(v)| - \\log|u-v|` (broadcast)."""
        u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)
        if self.name == "real":
            return np.zeros(np.broadcast(u, v).shape)
        r = _log_exp_difference_remainder(u, v)
        if self.name == "unit":
            r = r - np.logaddexp(0.0, u) - np.logaddexp(0.0, v)
        return r

    def secant(self, v: np.ndarray, w: complex) -> np.ndarray:
        r""":math:`q(v, w) = (v-w)/(\phi(v)-\phi(w))`, analytic in :math:`v` near the real axis."""
        if self.name == "real":
            return np.ones(np.shape(v), dtype=complex)
        v = np.asarray(v, dtype=complex)
        d = v - w
        near = np.abs(d) < 1e-6
        with np.errstate(divide="ignore", invalid="ignore"):
            q = np.where(near, 0.0, d / np.where(near, 1.0, self.x(v) - self.x(w)))
        if np.any(near):  # Taylor: 1/phi'(w) - d phi''/(2 phi'^2) + O(d^2)
            xw = self.x(w)
            d1 = xw if self.name == "positive" else xw * (1 - xw)
            d2 = xw if self.name == "positive" else d1 * (1 - 2 * xw)
            q = np.where(near, 1.0 / d1 - d * d2 / (2 * d1 * d1), q)
        return q


#: The three domains of :func:`~htmp_theory.equilibrium.solve_equilibrium` and
#: :func:`~htmp_theory.sampling.sample_potential`.
DOMAINS = {
    "real": Domain("real", (-math.inf, math.inf)),
    "positive": Domain("positive", (0.0, math.inf)),
    "unit": Domain("unit", (0.0, 1.0)),
}


def domain(name) -> Domain:
    """The :class:`Domain` named ``"real"``, ``"positive"``, ``"unit"`` or given as the interval
    ``(-inf, inf)``, ``(0, inf)``, ``(0, 1)``."""
    if isinstance(name, str) and name in DOMAINS:
        return DOMAINS[name]
    try:
        key = tuple(float(e) for e in name)
    except (TypeError, ValueError):
        key = None
    for dom in DOMAINS.values():
        if key == dom.support:
            return dom
    raise ValueError(f"domain must be 'real', 'positive', 'unit' or one of the intervals (-inf, inf), "
                     f"(0, inf), (0, 1); got {name!r}")
