r"""Fluctuations of linear statistics at high temperature, from linear response.

For a β-ensemble :math:`\propto |\Delta|^{\beta}\prod_i e^{-V(x_i)}` with
:math:`\beta N/2 \to c` fixed, linear statistics fluctuate like sums of i.i.d.
variables: :math:`\mathrm{Cov}(\sum_i f(x_i), \sum_i g(x_i))/N \to \sigma(f, g)`.  The
weight :math:`e^{t\sum_i g(x_i)}` turns the ensemble of :math:`V` into that of
:math:`V - tg`, so (exponential family, exact at every N)
:math:`\mathrm{Cov}_N(\sum f, \sum g) = \frac{d}{dt}E_t[\sum f]\big|_{t=0}` and, in the
limit, :math:`\sigma(f, g) = \frac{d}{dt}\int f\,d\mu_{V - tg}\big|_{t=0}`: the linear
response of the equilibrium measure.

For polynomial statistics the equilibrium moments obey the high-temperature loop
equation :math:`\int V'h\,d\mu = \int h'\,d\mu + c\iint\frac{h(x)-h(y)}{x-y}\,d\mu\,d\mu`
(``h`` vanishing at hard edges).  It is solved here once with ordinary numbers (the
moments :math:`m_j`) and once with dual numbers :math:`m_j + \epsilon\,\delta m_j` for
the potential :math:`V - \epsilon x^q` (the linear response), giving the covariance
matrix :math:`\Sigma_{jq} = \sigma(x^j, x^q)`:

* Gaussian (:class:`~htmp_theory.GaussianHT`, :math:`V = x^2/2`, :math:`h = x^j`):
  :math:`m_{j+1} = j m_{j-1} + c\sum_{r<j} m_r m_{j-1-r} + \epsilon q m_{j+q-1}`;
* HTMP (:math:`V = kx - a\log x`, interaction :math:`b = \kappa/2`,
  :math:`h = x^{j+1}`): :math:`k m_{j+1} = (a+j+1)m_j + b\sum_{r\le j} m_r m_{j-r}
  + \epsilon q m_{j+q}`; γ > 1 is mapped to γ' = 1/γ, κ' = κ/γ (the nonzero
  eigenvalues, :math:`x = \gamma x'`, a fraction 1/γ of them):
  :math:`\Sigma_{jq} = \gamma^{j+q-1}\Sigma'_{jq}`;
* Jacobi (:math:`V = -a\log x - b\log(1-x)`, :math:`h = x^{j+1}(1-x)`):
  :math:`(a+b+j+2+2c)m_{j+1} = (a+j+1)m_j + c(\sum_{r\le j}m_rm_{j-r} - \sum_{1\le r\le j}
  m_rm_{j+1-r}) + \epsilon q(m_{j+q} - m_{j+q+1})`.

A scale s multiplies :math:`\Sigma_{jq}` by :math:`s^{j+q}`.

For a general potential and test functions, :func:`equilibrium_covariance` takes the
derivative numerically: :func:`~htmp_theory.solve_equilibrium` for :math:`V \mp hg`,
:math:`\int f\,d\mu` by quadrature, and a Richardson-extrapolated central
difference (error :math:`O(h^4)` plus the solver tolerance divided by h).  Examples: σ²(x) = 1/k =
2γ/κ for HTMP (exact at every n: the β-Laguerre trace is a sum of independent χ²),
σ²(x²) = 2(1 + c) for GaussianHT(c).
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy as sp
from scipy import integrate

from .._numerics.validation import check_int, check_positive, exact_rational
from ..laws.gaussian import GaussianHT
from ..laws.htmp import HTMP
from ..laws.jacobi import JacobiHT

__all__ = ["moment_covariance", "linear_statistic_variance", "equilibrium_covariance"]


@dataclass(frozen=True)
class _Dual:
    """Number ``re + du ε`` with ε² = 0."""

    re: Fraction
    du: Fraction = Fraction(0)

    def __add__(self, other):
        other = other if isinstance(other, _Dual) else _Dual(other)
        return _Dual(self.re + other.re, self.du + other.du)

    __radd__ = __add__

    def __sub__(self, other):
        return self + (other * -1)

    def __mul__(self, other):
        if isinstance(other, _Dual):
            return _Dual(self.re * other.re, self.re * other.du + self.du * other.re)
        return _Dual(self.re * other, self.du * other)

    __rmul__ = __mul__

    def __truediv__(self, other):
        return _Dual(self.re / other, self.du / other)


#: step(m, j, source) -> m_{j+1}; source(j) is the ε-term added to the right-hand side
_Step = Callable[[list, int, Callable[[int], object]], object]


def _conv(m: list, lo: int, hi: int, total: int):
    """:math:`\\sum_{r=lo}^{hi} m_r m_{total-r}`."""
    return sum((m[r] * m[total - r] for r in range(lo, hi + 1)), start=0 * m[0])


def _gaussian(c: Fraction) -> tuple[_Step, Callable]:
    def step(m, j, source):
        return (m[j - 1] * j if j else 0 * m[0]) + _conv(m, 0, j - 1, j - 1) * c + source(j)

    def perturbation(real, j, q):
        return q * real[j + q - 1] if j + q - 1 >= 0 else 0

    return step, perturbation


def _htmp(gamma: Fraction, kappa: Fraction) -> tuple[_Step, Callable]:
    b, k = kappa / 2, kappa / (2 * gamma)
    a = k - b - 1

    def step(m, j, source):
        return (m[j] * (a + j + 1) + _conv(m, 0, j, j) * b + source(j)) / k

    def perturbation(real, j, q):
        return Fraction(q) * real[j + q]

    return step, perturbation


def _jacobi(a: Fraction, b: Fraction, c: Fraction) -> tuple[_Step, Callable]:
    def denominator(j):
        return a + b + j + 2 + 2 * c

    def step(m, j, source):
        return (m[j] * (a + j + 1) + (_conv(m, 0, j, j) - _conv(m, 1, j, j + 1)) * c
                + source(j)) / denominator(j)

    def perturbation(real, j, q):
        return Fraction(q) * (real[j + q] - real[j + q + 1])

    return step, perturbation


def _covariance(step: _Step, perturbation: Callable, order: int) -> np.ndarray:
    """Σ_{jq}, j, q = 1..order, from the real and the dual solution of the recursion."""
    real = [Fraction(1)]
    for j in range(2 * order + 2):
        real.append(step(real, j, lambda _: 0))
    cov = np.empty((order, order))
    for q in range(1, order + 1):
        dual = [_Dual(Fraction(1))]
        for j in range(order):
            dual.append(step(dual, j, lambda i, q=q: _Dual(Fraction(0), perturbation(real, i, q))))
        cov[:, q - 1] = [float(d.du) for d in dual[1:]]
    return cov


def _exact(value) -> Fraction:
    """Exact rational of a parameter (a float is its binary value)."""
    e = exact_rational(value)
    return e if isinstance(e, Fraction) else Fraction(float(value))


def moment_covariance(law, order: int) -> np.ndarray | None:
    r"""Limit covariance :math:`\Sigma_{jq} = \lim \mathrm{Cov}(\sum_i x_i^j, \sum_i x_i^q)/N`.

    Parameters
    ----------
    law
        :class:`~htmp_theory.HTMP` (finite κ), :class:`~htmp_theory.GaussianHT` or
        :class:`~htmp_theory.JacobiHT`, any scale.
    order
        Largest power (``>= 1``); the result has shape ``(order, order)``, row and
        column ``j - 1`` for :math:`x^j`.

    Returns
    -------
    ndarray or None
        None for laws without a high-temperature theory here (e.g. Marchenko–Pastur,
        whose linear statistics have O(1), not O(N), variance; scipy laws).

    Examples
    --------
    >>> from htmp_theory import HTMP, GaussianHT
    >>> moment_covariance(HTMP(0.5, 2.0), 1)        # 2 gamma / kappa
    array([[0.5]])
    >>> float(moment_covariance(GaussianHT(1.0), 2)[1, 1])   # 2 (1 + c)
    4.0
    """
    order = check_int("order", order, minimum=1)
    scale = float(getattr(law, "scale", 1.0))
    if isinstance(law, HTMP):
        if math.isinf(law.kappa):
            return None
        gamma, kappa = _exact(law.gamma), _exact(law.kappa)
        factor = Fraction(1)
        if gamma > 1:
            factor, gamma, kappa = gamma, 1 / gamma, kappa / gamma
        cov = _covariance(*_htmp(gamma, kappa), order)
        powers = np.arange(1, order + 1)
        cov *= float(factor) ** (powers[:, None] + powers[None, :] - 1)
    elif isinstance(law, GaussianHT):
        cov = _covariance(*_gaussian(_exact(law.c)), order)
    elif isinstance(law, JacobiHT):
        cov = _covariance(*_jacobi(_exact(law.a), _exact(law.b), _exact(law.c)), order)
    else:
        return None
    powers = np.arange(1, order + 1)
    return cov * scale ** (powers[:, None] + powers[None, :])


def linear_statistic_variance(law, coefficients) -> float:
    r""":math:`\sigma^2(f) = \lim \mathrm{Var}(\sum_i f(x_i))/N` for a polynomial f.

    Parameters
    ----------
    law
        As in :func:`moment_covariance`.
    coefficients
        :math:`f(x) = \sum_{j\ge0} \text{coefficients}[j]\,x^j` (the constant term
        does not fluctuate).

    Examples
    --------
    >>> from htmp_theory import GaussianHT
    >>> linear_statistic_variance(GaussianHT(1.0), [0, 0, 0, 0, 1])   # x^4: 4(3+2c)m4 + 4m6
    496.0
    """
    coef = np.asarray(coefficients, dtype=float).ravel()
    if coef.size < 2 or not np.all(np.isfinite(coef)):
        raise ValueError("coefficients must hold at least 2 finite numbers (f = sum c_j x^j)")
    cov = moment_covariance(law, coef.size - 1)
    if cov is None:
        raise TypeError(f"no high-temperature fluctuation theory for {type(law).__name__}; "
                        "supported: HTMP (finite kappa), GaussianHT, JacobiHT")
    return float(coef[1:] @ cov @ coef[1:])


def _mean_under(V, c: float, f, g, t: float, domain, tol: float) -> float:
    """:math:`\\int f\\,d\\mu_{V - tg}` (solve_equilibrium + adaptive quadrature)."""
    from ..equilibrium import solve_equilibrium

    if isinstance(V, sp.Expr):
        perturbed = V - t * g
        f = sp.lambdify(sorted(f.free_symbols, key=str), f, "numpy") if isinstance(f, sp.Expr) else f
    else:
        def perturbed(x):
            return V(x) - t * g(x)
    law = solve_equilibrium(perturbed, c, domain=domain, tol=tol)
    lo, hi = law.support
    value, _ = integrate.quad(lambda x: float(f(x)) * float(law.pdf(x)), lo, hi, limit=400)
    return value


def equilibrium_covariance(V, c: float, f, g=None, *, domain="real", step: float = 1e-2,
                           tol: float = 1e-12) -> float:
    r""":math:`\sigma(f, g) = \frac{d}{dt}\int f\,d\mu_{V - tg}\big|_{t=0}` for a general potential.

    The limit of :math:`\mathrm{Cov}(\sum_i f(x_i), \sum_i g(x_i))/N` in the ensemble
    :math:`\propto|\Delta|^{2c/N}\prod_i e^{-V(x_i)}` (``g = f``: the variance
    :math:`\sigma^2(f)`).

    Parameters
    ----------
    V, c, domain
        As in :func:`htmp_theory.solve_equilibrium` (V a vectorised callable, or a
        sympy expression; then ``g`` must be one too).
    f, g
        Test functions (vectorised callables, or sympy expressions in V's symbol);
        ``g`` defaults to ``f``.  :math:`V - tg` must stay confining for
        :math:`|t| \le` ``step``.
    step
        Largest difference step h (Richardson extrapolation of h and h/2).
    tol
        Tolerance of the equilibrium solves.

    Examples
    --------
    >>> sigma2 = equilibrium_covariance(lambda x: x**2 / 2, 1.0, lambda x: x**2)  # doctest: +SKIP
    >>> round(sigma2, 6)            # 2 (1 + c); four equilibrium solves, a few seconds  # doctest: +SKIP
    4.0
    """
    c = check_positive("c", c)
    step = check_positive("step", step)
    g = f if g is None else g

    def central(h: float) -> float:
        return (_mean_under(V, c, f, g, h, domain, tol) - _mean_under(V, c, f, g, -h, domain, tol)) / (2 * h)

    return float((4 * central(step / 2) - central(step)) / 3)
