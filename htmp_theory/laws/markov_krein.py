r"""The Markov–Krein transform on moment sequences, c-cumulants and the c-convolution of moments.

Conventions
-----------
For a probability measure :math:`\mu` and a coupling :math:`c > 0` the Markov–Krein transform
:math:`\nu = \mathrm{MK}_c(\mu)` is defined by

.. math::

    \int (z-x)^{-c}\,\nu(dx) = \exp\Bigl(-c\int\log(z-x)\,\mu(dx)\Bigr),\qquad
    \sum_{n\ge0} (c)_n M_n(\nu)\frac{w^n}{n!} = \exp\Bigl(c\sum_{k\ge1} m_k(\mu)\frac{w^k}{k}\Bigr),

(:math:`(c)_n = c(c+1)\cdots(c+n-1)`; the second form is the first expanded in :math:`w = 1/z`).
:math:`\mathrm{MK}_c(\mu)` is the law of the mean :math:`\int x\,P(dx)` of a Dirichlet process
:math:`P\sim\mathrm{DP}(c,\mu)`. The coupling is the one of the package's laws: for a β-ensemble
with :math:`n` eigenvalues, :math:`c = \beta n/2` (the total Dirichlet parameter of the first-row
spectral weights, Dirichlet(β/2, …, β/2)). Both sides commute with affine maps of :math:`x`, so
scales need no convention. The classical cases (each verified in ``tests/law/test_markov_krein.py``):

* ``GaussianHT(c)`` ↔ N(0, 1);
* ``HTMP(γ, κ)`` ↔ Gamma(shape κ/(2γ), scale 2γ/κ) at :math:`c = \kappa/2`;
* ``JacobiHT(a, b, c)`` (weight :math:`x^a(1-x)^b`) ↔ Beta(1 + a + c, 1 + b + c).

With :math:`A(w) = \sum a_n w^n = \exp(c\sum_k m_k w^k/k)`, :math:`A' = A\cdot c\sum_k m_k w^{k-1}` gives
:math:`n\,a_n = c\sum_{k=1}^n m_k a_{n-k}` and :math:`M_n = n!\,a_n/(c)_n`; the inverse solves the
same relation for :math:`m_n`. The recursions only add, multiply and divide, so they run on
``Fraction`` (exact for rational input), mpmath numbers or sympy expressions.

**c-cumulants.** Under the c-convolution :math:`\mu_1\boxplus_c\mu_2 = \mathrm{MK}_c^{-1}(\mathrm{MK}_c\mu_1 *
\mathrm{MK}_c\mu_2)` the classical cumulants :math:`k_n` of :math:`\mathrm{MK}_c\mu` add. The package normalises

.. math::

    \kappa^{(c)}_n(\mu) = \frac{(c+1)_{n-1}}{(n-1)!}\,k_n(\mathrm{MK}_c\mu),

so that :math:`\kappa^{(c)}_1` is the mean and :math:`\kappa^{(c)}_2` the variance of :math:`\mu` for every
c; :math:`\kappa^{(c)}_n` tends to the classical cumulants of :math:`\mu` as :math:`c\to0` and to its free
cumulants as :math:`c\to\infty` (both limits are checked symbolically in the tests).
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import mpmath as mp
import numpy as np

from .._numerics.validation import check_int, check_positive, check_real, exact_rational

__all__ = ["AtomicMeasure", "mk_transform", "mk_inverse_moments", "classical_cumulants",
           "moments_from_cumulants", "c_cumulants", "c_moments_from_cumulants", "c_convolve_moments",
           "moments_of"]


class AtomicMeasure:
    r"""A finite atomic measure :math:`\sum_i w_i\,\delta_{t_i}` (weights summing to one).

    Parameters
    ----------
    atoms, weights : sequence of real
        Positions and positive weights (normalised to sum one). Ints/Fractions keep the
        moments exact.

    Examples
    --------
    >>> AtomicMeasure([0, 1], [1, 3]).moment(2)
    Fraction(3, 4)
    """

    def __init__(self, atoms: Sequence, weights: Sequence) -> None:
        if len(atoms) != len(weights) or len(atoms) == 0:
            raise ValueError("atoms and weights must be non-empty sequences of the same length")
        for t in atoms:
            if not math.isfinite(check_real("atoms", t)):
                raise ValueError(f"atoms must be finite real numbers, got {t!r}")
        for w in weights:
            check_positive("weights", w)
        exact = [exact_rational(v) for v in list(atoms) + list(weights)]
        if all(isinstance(v, Fraction) for v in exact):
            self.atoms, total = exact[:len(atoms)], sum(exact[len(atoms):])
            self.weights = [w / total for w in exact[len(atoms):]]
        else:
            total = math.fsum(float(w) for w in weights)
            self.atoms = [float(t) for t in atoms]
            self.weights = [float(w) / total for w in weights]

    def __repr__(self) -> str:
        return f"AtomicMeasure(atoms={self.atoms!r}, weights={self.weights!r})"

    @property
    def support(self) -> tuple[float, float]:
        """Smallest and largest atom."""
        return float(min(self.atoms)), float(max(self.atoms))

    def moment(self, j: int):
        """Raw moment :math:`\\sum_i w_i t_i^j` (exact for rational input)."""
        j = check_int("j", j)
        return sum(w * t**j for t, w in zip(self.atoms, self.weights))


def moments_of(obj: Any, order: int) -> list:
    """Moments :math:`m_0..m_{order}` of a law given as a sequence, a package law (anything with
    ``moment(j)``: :class:`AtomicMeasure`, ``HTMP``, …) or a frozen ``scipy.stats`` distribution."""
    order = check_int("order", order)
    if isinstance(obj, (Sequence, np.ndarray)) and not isinstance(obj, str):
        seq = list(obj)
        if len(seq) < order + 1:
            raise ValueError(f"the moment sequence has {len(seq)} terms, {order + 1} are needed")
        return [exact_rational(v) for v in seq[:order + 1]]
    if hasattr(obj, "dist") and hasattr(obj, "moment"):  # frozen scipy.stats distribution
        return [1.0] + [float(obj.moment(j)) for j in range(1, order + 1)]
    if hasattr(obj, "moment"):
        return [exact_rational(obj.moment(j)) for j in range(order + 1)]
    raise TypeError("expected a moment sequence, a law with moment(j) or a frozen scipy.stats "
                    f"distribution, got {type(obj).__name__}")


def _coupling(c: Any) -> Any:
    """``c`` checked positive, kept exact (Fraction) or symbolic when it is."""
    if hasattr(c, "free_symbols"):  # sympy expression
        return c
    check_positive("c", c)
    return exact_rational(c)


def _ring(values: list, c: Any) -> list:
    """Cast to one number type: Fractions stay exact, sympy stays symbolic, else mpmath."""
    items = values + [c]
    if all(isinstance(v, Fraction) for v in items) or any(hasattr(v, "free_symbols") for v in items):
        return values + [c]
    return [mp.mpf(v) if not isinstance(v, Fraction) else mp.mpf(v.numerator) / v.denominator
            for v in items]


def _mk_forward(m: list, c: Any) -> list:
    """:math:`M_n` from :math:`m_n` by the series identity (any ring)."""
    a, out, rising = [m[0] ** 0], [m[0] ** 0], m[0] ** 0
    for n in range(1, len(m)):
        a.append(c * sum(m[k] * a[n - k] for k in range(1, n + 1)) / n)
        rising *= c + n - 1
        out.append(math.factorial(n) * a[n] / rising)
    return out


def _mk_backward(M: list, c: Any) -> list:
    """:math:`m_n` from :math:`M_n` (inverse of :func:`_mk_forward`)."""
    a, out, rising = [M[0] ** 0], [M[0] ** 0], M[0] ** 0
    for n in range(1, len(M)):
        rising *= c + n - 1
        a.append(rising * M[n] / math.factorial(n))
        out.append((n * a[n] - c * sum(out[k] * a[n - k] for k in range(1, n))) / (c * a[0]))
    return out


def _prepare(obj: Any, c: Any, order: int | None) -> tuple[list, Any]:
    if order is None:
        if not isinstance(obj, (Sequence, np.ndarray)):
            raise ValueError("order is needed when the law is not given as a moment sequence")
        order = len(obj) - 1
    m = moments_of(obj, order)
    values = _ring(m, _coupling(c))
    return values[:-1], values[-1]


def mk_transform(law_or_moments: Any, c: Any, order: int | None = None) -> list:
    r"""Moments :math:`M_0..M_{order}` of :math:`\nu = \mathrm{MK}_c(\mu)` from those of :math:`\mu`.

    Parameters
    ----------
    law_or_moments
        :math:`\mu`: a moment sequence ``[m_0, m_1, ...]`` (``m_0 = 1``), a package law, an
        :class:`AtomicMeasure` or a frozen ``scipy.stats`` distribution.
    c : float, Fraction or sympy expression
        Coupling :math:`c > 0` (module docstring).
    order : int, optional
        Highest moment (default: that of the sequence given).

    Returns
    -------
    list
        ``Fraction`` when the input is rational, sympy expressions for symbolic input, otherwise
        mpmath numbers at the working precision.

    Examples
    --------
    >>> from fractions import Fraction
    >>> mk_transform([1, 0, Fraction(3, 2)], Fraction(1, 2))   # GaussianHT(1/2) -> N(0, 1)
    [Fraction(1, 1), Fraction(0, 1), Fraction(1, 1)]
    """
    m, c = _prepare(law_or_moments, c, order)
    return _mk_forward(m, c)


def mk_inverse_moments(nu_or_moments: Any, c: Any, order: int | None = None) -> list:
    r"""Moments of :math:`\mu = \mathrm{MK}_c^{-1}(\nu)` from those of :math:`\nu` (as :func:`mk_transform`).

    Examples
    --------
    >>> mk_inverse_moments([1, 1, 2, 6], 1)   # Exp(1) at c = 1: HTMP(1, 2)
    [Fraction(1, 1), Fraction(1, 1), Fraction(3, 1), Fraction(13, 1)]
    """
    M, c = _prepare(nu_or_moments, c, order)
    return _mk_backward(M, c)


def classical_cumulants(moments: list) -> list:
    r"""Cumulants :math:`k_1..k_n` (index 0 holds 0) from raw moments, any ring:
    :math:`k_n = M_n - \sum_{j=1}^{n-1}\binom{n-1}{j-1}k_j M_{n-j}`."""
    k = [moments[0] * 0]
    for n in range(1, len(moments)):
        k.append(moments[n] - sum(math.comb(n - 1, j - 1) * k[j] * moments[n - j] for j in range(1, n)))
    return k


def moments_from_cumulants(cumulants: list) -> list:
    """Raw moments from cumulants (inverse of :func:`classical_cumulants`)."""
    M = [cumulants[1] ** 0 if len(cumulants) > 1 else 1]
    for n in range(1, len(cumulants)):
        M.append(sum(math.comb(n - 1, j - 1) * cumulants[j] * M[n - j] for j in range(1, n + 1)))
    return M


def _cumulant_factor(c: Any, n: int) -> Any:
    """:math:`(c+1)_{n-1}/(n-1)!`."""
    f = c ** 0
    for i in range(1, n):
        f *= c + i
    return f / math.factorial(n - 1)


def c_cumulants(law_or_moments: Any, c: Any, order: int | None = None) -> list:
    r"""c-cumulants :math:`\kappa^{(c)}_1..\kappa^{(c)}_{order}` (index 0 holds 0), normalised as
    in the module docstring: additive under :math:`\boxplus_c`, mean and variance first.

    Examples
    --------
    >>> c_cumulants([1, 1, 2, 6], 1)   # Exp(1) at c = 1: mean 1, variance 1
    [Fraction(0, 1), Fraction(1, 1), Fraction(1, 1), Fraction(2, 1)]
    """
    m, c = _prepare(law_or_moments, c, order)
    k = classical_cumulants(_mk_forward(m, c))
    return [k[0]] + [_cumulant_factor(c, n) * k[n] for n in range(1, len(k))]


def c_moments_from_cumulants(cumulants: list, c: Any) -> list:
    """Moments :math:`m_0..m_n` of the law with the given c-cumulants (index 0 ignored)."""
    values = _ring([exact_rational(v) for v in cumulants], _coupling(c))
    k, c = values[:-1], values[-1]
    classical = [k[0] * 0] + [k[n] / _cumulant_factor(c, n) for n in range(1, len(k))]
    return _mk_backward(moments_from_cumulants(classical), c)


def c_convolve_moments(mu1: Any, mu2: Any, c: Any, order: int | None = None) -> list:
    r"""Moments of :math:`\mu_1\boxplus_c\mu_2 = \mathrm{MK}_c^{-1}(\mathrm{MK}_c\mu_1 * \mathrm{MK}_c\mu_2)`.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from htmp_theory.laws.moments import htmp_moments
    >>> m = htmp_moments(Fraction(1, 2), 4, 3)      # HTMP(1/2, 4) at c = kappa/2 = 2
    >>> c_convolve_moments(m, m, 2)                  # = 2 HTMP(1/4, 4): m2 = 11/2, m3 = 37/2
    [Fraction(1, 1), Fraction(2, 1), Fraction(11, 2), Fraction(37, 2)]
    """
    if order is None:
        order = min(len(mu1), len(mu2)) - 1 if all(isinstance(x, (Sequence, np.ndarray)) for x in (mu1, mu2)) \
            else None
    if order is None:
        raise ValueError("order is needed when a law is not given as a moment sequence")
    M1, M2 = mk_transform(mu1, c, order), mk_transform(mu2, c, order)
    conv = [sum(math.comb(n, j) * M1[j] * M2[n - j] for j in range(n + 1)) for n in range(order + 1)]
    values = _ring(conv, _coupling(c))
    return _mk_backward(values[:-1], values[-1])
