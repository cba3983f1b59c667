r"""Law objects represented by a Chebyshev expansion of an equilibrium density.

:class:`ChebyshevLaw` holds an equilibrium density of
:math:`\prod|\lambda_i-\lambda_j|^{2c/N}\prod e^{-V(\lambda_i)}` on a domain ℝ, (0, ∞)
or (0, 1), written in a variable :math:`u\in\mathbb R` with :math:`x = \phi(u)`
(see :mod:`._domains`). On a truncation interval :math:`[m-h, m+h]` of :math:`u`
outside which the density :math:`g(u) = \rho(\phi(u))\phi'(u)` is below :math:`e^{-40}`
of its maximum, :math:`g\,du = f(y)\,dy/\sqrt{1-y^2}`, :math:`u = m + hy`, with
:math:`f = \sum_k f_k T_k` (see :mod:`._chebyshev`). Everywhere the log-density is
evaluated from the Euler–Lagrange equation itself,

.. math::

    \log\rho(x) = -V(x) + 2c\int\log|x-t|\,\rho(t)\,dt + C
    = -V(x) + 2c\Bigl[\int\log|u-v|\,g(v)\,dv + \int R(u,v)\,g(v)\,dv\Bigr] + C,

with the first integral exact for the expansion and the analytic remainder :math:`R`
integrated by Gauss–Chebyshev quadrature on the expansion's nodes (the same rule the
solver used), which gives the tails beyond the interval too. The CDF is exact for the
expansion; the Stieltjes transform and the moments are Gauss–Chebyshev quadratures of
analytic integrands (the Cauchy singularity is subtracted and integrated exactly), so
the accuracy of every method is that of :math:`f`.
"""
from __future__ import annotations

import math
from collections.abc import Callable

import mpmath as mp
import numpy as np
from scipy import integrate

from ..laws._base import Law
from .._numerics.stieltjes import stieltjes_map
from .._numerics import chebyshev as cheb
from .._numerics.domains import DOMAINS, Domain

__all__ = ["ChebyshevLaw"]

#: Points per block when the remainder kernel is applied to many points.
_BLOCK = 4096
#: Largest |u| on a mapped domain (x = e^u or a logistic stays finite and nonzero).
_U_MAX = 700.0
#: Masses below this are taken from the Euler-Lagrange density rather than the expansion.
_SMALL_MASS = 1e-6


class ChebyshevLaw(Law):
    r"""A law given by a Chebyshev expansion of its equilibrium density (module docstring).

    Parameters
    ----------
    V : callable
        Vectorised float potential as a function of u, :math:`u \mapsto V(\phi(u))`
        (on ℝ simply :math:`V`).
    c : float
        Coupling :math:`c > 0` (:math:`\beta = 2c/N`).
    center, half_width : float
        Truncation interval :math:`[m - h, m + h]` in the variable :math:`u`.
    coef : ndarray
        Chebyshev coefficients :math:`f_k` of :math:`f(y) = h\,g(m+hy)\sqrt{1-y^2}`.
    scale : float
        Scale of the law (``x = scale * standard variable``).
    domain : Domain
        The map :math:`x = \phi(u)` (default: the identity on ℝ).
    """

    def __init__(self, V: Callable, c: float, center: float, half_width: float, coef: np.ndarray,
                 scale: float = 1.0, domain: Domain = DOMAINS["real"]) -> None:
        super().__init__(scale)
        self._V, self.c, self.domain = V, float(c), domain
        self._m, self._h = float(center), float(half_width)
        self._coef = np.asarray(coef, dtype=float)
        n = len(self._coef)
        y = cheb.points(n)
        self._nodes = self._m + self._h * y
        self._f = np.polynomial.chebyshev.chebval(y, self._coef)
        # normalising constant of the Euler-Lagrange log-density: match the expansion at the
        # node where f is largest
        j = int(np.argmax(self._f))
        self._const = 0.0
        log_g = math.log(self._f[j] / (self._h * math.sqrt(1 - y[j] ** 2)))
        uj = self._nodes[j:j + 1]
        self._const = log_g - float(domain.log_derivative(uj)[0]) - float(self._log_rho(uj)[0])

    def _remainder_potential(self, u: np.ndarray) -> np.ndarray:
        r""":math:`\int R(u, v)\,g(v)\,dv` by Gauss–Chebyshev quadrature on the nodes."""
        if self.domain.name == "real":
            return np.zeros(u.shape)
        out = np.empty(u.shape)
        weights = (math.pi / len(self._f)) * self._f
        for start in range(0, u.size, _BLOCK):
            block = u[start:start + _BLOCK]
            out[start:start + _BLOCK] = self.domain.remainder(block[:, None], self._nodes[None, :]) @ weights
        return out

    def _log_rho(self, u: np.ndarray) -> np.ndarray:
        """Log-density in x at ``x = phi(u)``, from the Euler-Lagrange equation."""
        u = np.asarray(u, dtype=float)
        y = (u - self._m) / self._h
        potential = cheb.log_potential(self._coef, y) + self._remainder_potential(u)
        return -self._V(u) + 2 * self.c * potential + self._const

    def _log_g(self, u: np.ndarray) -> np.ndarray:
        """Log-density in the variable u."""
        return self._log_rho(u) + self.domain.log_derivative(u)

    @property
    def support(self) -> tuple[float, float]:
        return self.domain.support

    @property
    def interval(self) -> tuple[float, float]:
        """Truncation interval of the expansion (standard variable)."""
        return (float(self.domain.x(self._m - self._h)), float(self.domain.x(self._m + self._h)))

    def _logpdf64(self, y):
        return self._log_rho(self.domain.u(np.asarray(y, dtype=float)))

    def _edge_pdf(self, y: float) -> float:
        """One-sided limit at a hard edge, read off the trend of the density beyond the interval."""
        _, log_rho = self._beyond(-1 if y == self.support[0] else 1)
        if abs(log_rho[1] - log_rho[0]) < 1e-8 * (1 + abs(log_rho[0])):
            return float(math.exp(log_rho[1]))
        return math.inf if log_rho[1] > log_rho[0] else 0.0

    def _beyond(self, sign: int) -> tuple[np.ndarray, np.ndarray]:
        """Two points far beyond the interval on one side (``sign`` ±1), as ``(|x|, log rho)``;
        on a mapped domain they stay within :math:`|u| \\le 700`, the float64 range of x."""
        edge = self._m + sign * self._h
        far = edge + sign * 5 * self._h
        if self.domain.name != "real":
            far = float(np.clip(far, -_U_MAX, _U_MAX))
        u = np.array([0.5 * (edge + far), far])
        return np.abs(self.domain.x(u)), self._log_rho(u)

    def _tail_mass(self, u0: float, upper: bool, power: int = 0) -> float:
        """Integral of :math:`x^j g` (``power`` j) beyond ``u0`` (outside the interval), by
        adaptive quadrature in u."""
        log0 = float(self._log_g(np.array([u0]))[0])
        sign = 1.0 if upper else -1.0
        # beyond 100 half-widths g has fallen by far more than e^-700 (it decays at least
        # exponentially in u past the e^-40 level), so the last piece ends there
        # (and at |u| = 700 on a mapped domain, the float64 range of x)
        reach = math.inf if self.domain.name == "real" else _U_MAX
        ends = [float(np.clip(u0 + sign * d * self._h, -reach, reach))
                for d in (0, 0.02, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0)]
        pieces = [(min(a, b), max(a, b)) for a, b in zip(ends[:-1], ends[1:]) if a != b]

        def integrand(s: float) -> float:
            x = float(self.domain.x(np.array([s]))[0])
            log_x = math.log(abs(x)) if power else 0.0
            return math.copysign(1.0, x) ** power * math.exp(float(self._log_g(np.array([s]))[0]) - log0
                                                             + power * log_x)

        total = sum(integrate.quad(integrand, a, b, epsabs=0, epsrel=1e-13, limit=200)[0] for a, b in pieces)
        return math.exp(log0) * total

    def _end_slopes(self) -> list[float]:
        r"""Log-log slopes :math:`d\log\rho/d\log|x|` far out at the infinite ends of the support
        (about the power-law exponent there; very negative for faster decay)."""
        slopes = []
        for sign, end in ((-1, self.support[0]), (1, self.support[1])):
            if math.isinf(end):
                x, log_rho = self._beyond(sign)
                slopes.append(float((log_rho[1] - log_rho[0]) / (math.log(x[1]) - math.log(x[0]))))
        return slopes

    def _mass64(self, y, upper: bool):
        u = self.domain.u(np.asarray(y, dtype=float))
        t = (u - self._m) / self._h
        out = cheb.mass(self._coef, t, upper)
        for k in np.flatnonzero(np.abs(t) > 1):
            beyond = (t[k] > 1) == upper  # the wanted mass is the tail beyond u[k]
            tail = self._tail_mass(float(u[k]), t[k] > 1) if np.isfinite(u[k]) else 0.0  # at an edge
            out[k] = tail if beyond else 1.0 - tail
        # small masses inside the interval: the expansion's absolute error (~1e-14) would be a
        # large relative one; integrate the Euler-Lagrange density (relatively accurate) instead
        for k in np.flatnonzero((np.abs(t) <= 1) & (out < _SMALL_MASS)):
            out[k] = self._tail_mass(float(u[k]), upper)
        return np.clip(out, 0.0, 1.0)

    def _logpdf_mp(self, y):
        return mp.mpf(float(self._logpdf64(np.array([float(y)]))[0]))

    def _cdf_mp(self, y):
        return mp.mpf(float(self._mass64(np.array([float(y)]), False)[0]))

    def _sf_mp(self, y):
        return mp.mpf(float(self._mass64(np.array([float(y)]), True)[0]))

    def _ppf64(self, q: np.ndarray) -> np.ndarray:
        """Quantiles: bisection in u on the CDF of the expansion for a start, then Newton in u on
        the log ratio of the full mass (the smaller tail, :meth:`_mass64`) to its target,
        safeguarded by a bracket reaching 100 half-widths beyond the interval (tails included)."""
        a, b = np.full(q.shape, -1.0), np.full(q.shape, 1.0)
        for _ in range(60):
            mid = 0.5 * (a + b)
            below = cheb.mass(self._coef, mid, False) < q
            a, b = np.where(below, mid, a), np.where(below, b, mid)
        u = self._m + self._h * 0.5 * (a + b)
        reach = math.inf if self.domain.name == "real" else _U_MAX
        lo = np.full(q.shape, max(self._m - 100 * self._h, -reach))
        hi = np.full(q.shape, min(self._m + 100 * self._h, reach))
        upper = q > 0.5
        target = np.where(upper, 1.0 - q, q)
        for _ in range(200):
            x = self.domain.x(u)
            mass = np.empty_like(u)
            mass[upper] = self._mass64(x[upper], True)
            mass[~upper] = self._mass64(x[~upper], False)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                r = np.where(upper, np.log(target / mass), np.log(mass / target))  # increasing in u
                new = u - r * mass / np.exp(self._log_g(u))
            lo, hi = np.where(r < 0, u, lo), np.where(r > 0, u, hi)
            new = np.where(~np.isfinite(new) | (new <= lo) | (new >= hi), 0.5 * (lo + hi), new)
            done = np.all((np.abs(new - u) <= 4e-16 * np.maximum(1.0, np.abs(u))) | (r == 0))
            u = new
            if done:
                break
        return self.domain.x(u)

    def _ppf_mp(self, q, start):
        return mp.mpf(float(start))

    def _quadrature(self, factor: int = 2) -> tuple[np.ndarray, np.ndarray]:
        """Nodes in u and weights of Gauss–Chebyshev quadrature of g (``factor`` × n nodes)."""
        n = factor * len(self._coef)
        y = cheb.points(n)
        return self._m + self._h * y, (math.pi / n) * np.polynomial.chebyshev.chebval(y, self._coef)

    def _moment_standard(self, j: int) -> float:
        """Gauss–Chebyshev inside the interval plus the tails beyond it; ``inf`` when a
        power-law tail :math:`|x|^e` makes :math:`E|X|^j` diverge (:math:`e + j \\ge -1`).

        For j ≥ 1 the integrand uses the Euler–Lagrange density (relatively accurate in the
        tails, where :math:`x^j` can be large), not the expansion's values.
        """
        if j == 0:
            return float(np.sum(self._quadrature()[1]))  # the solver normalises the expansion itself
        if any(slope + j >= -1 - 1e-6 for slope in self._end_slopes()):
            return math.inf
        y = cheb.points((2 + (j + 1) // len(self._coef)) * len(self._coef))
        u = self._m + self._h * y
        x = self.domain.x(u)
        with np.errstate(divide="ignore"):
            log_terms = self._log_g(u) + j * np.log(np.abs(x)) + math.log(self._h) + 0.5 * np.log1p(-y * y)
        inside = float(math.pi / len(u) * np.sum(np.sign(x) ** j * np.exp(log_terms)))
        lo, hi = self._m - self._h, self._m + self._h
        return inside + self._tail_mass(lo, False, j) + self._tail_mass(hi, True, j)

    def _stieltjes_standard(self, y):
        r""":math:`\int g(v)\,dv/(\phi(v)-z)`: the Cauchy part in u exactly, the rest by quadrature."""
        z = complex(y)
        w = complex(self.domain.u(z)) if self.domain.name != "real" else z
        if z.imag == 0 and self.support[0] < z.real < self.support[1]:
            w = complex(w.real, 0.0)  # x + i0 maps to the real u + i0
        q_w = complex(self.domain.secant(np.array([w]), w)[0])
        exact = -q_w * cheb.cauchy(self._coef, (w - self._m) / self._h) / self._h
        if self.domain.name == "real":
            return mp.mpc(exact)
        u, weights = self._quadrature()
        d = u - w
        with np.errstate(divide="ignore", invalid="ignore"):
            smooth = np.where(np.abs(d) > 0, (self.domain.secant(u, w) - q_w) / d, 0.0)
        return mp.mpc(exact + complex(np.sum(weights * smooth)))

    def stieltjes(self, z, dps: int | None = None, side: int | None = None):
        r"""Stieltjes transform :math:`s(z) = \int p(t)\,dt/(t-z)`, exact up to quadrature.

        ``z`` real needs ``side`` (±1 for :math:`x \pm i0`); the result has the accuracy
        of the expansion (about 1e-13 relative) whatever ``dps`` asks for.
        """
        return stieltjes_map(self, z, self._stieltjes_standard, dps, side)
