r"""Moments of the HTMP law from the loop-equation recursion.

Expanding the Riccati equation of the Stieltjes transform (``docs/theory.md`` §2.3)

.. math::

    \varepsilon z s'(z) + \gamma z s(z)^2 + (z - 1 + \gamma + \varepsilon) s(z) + 1 = 0,
    \qquad \varepsilon = 2\gamma/\kappa,

in powers of :math:`1/z` with :math:`s(z) = -\sum_{j\ge0} m_j z^{-j-1}` gives
:math:`m_0 = 1`, :math:`m_1 = 1` and

.. math::

    m_{j+1} = \bigl(\varepsilon (j+1) - (\gamma - 1 + \varepsilon)\bigr) m_j
              + \gamma \sum_{i=0}^{j} m_i m_{j-i}.

The recursion only adds and multiplies, so it runs on any number type: ``int`` /
``fractions.Fraction`` (exact rationals), ``mpmath.mpf``, ``float`` or sympy
symbols (rational functions of :math:`\gamma, \kappa`).
"""
from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from .._numerics.validation import exact_rational

__all__ = ["htmp_moments", "htmp_inverse_moments", "marchenko_pastur_moments"]


def _one(*params):
    """The number 1 in the arithmetic of the parameters: 1.0 if one is a finite float, else Fraction(1)."""
    if any(isinstance(p, (float, np.floating)) and math.isfinite(p) for p in params):
        return 1.0
    return Fraction(1)


def htmp_moments(gamma: Any, kappa: Any, order: int) -> list[Any]:
    r"""Moments :math:`m_0, \dots, m_{order}` of HTMP(γ, κ) (mean-one scaling).

    Parameters
    ----------
    gamma, kappa
        Aspect ratio γ and repulsion κ: numbers of any type supporting ``+ - * /``
        (``Fraction`` or ``int`` give exact rationals, sympy symbols give rational
        functions). ``kappa = float('inf')`` / ``mpmath.inf`` gives Marchenko–Pastur.
    order
        Highest moment wanted (``>= 0``).

    Returns
    -------
    list
        ``[m_0, ..., m_order]`` with :math:`m_j = \int x^j p(x)\,dx`; for γ > 1 the
        moments include the atom at 0, so :math:`m_0 = 1`.

    Examples
    --------
    >>> from fractions import Fraction
    >>> htmp_moments(Fraction(1, 2), 2, 3)
    [Fraction(1, 1), Fraction(1, 1), Fraction(2, 1), Fraction(11, 2)]
    """
    if isinstance(order, bool) or not isinstance(order, int) or order < 0:
        raise ValueError(f"order must be an integer >= 0, got {order!r}")
    g, kap = exact_rational(gamma), exact_rational(kappa)
    eps = 0 if kap == float("inf") else 2 * g / kap
    one = _one(g, kap)
    m = [one, one][: order + 1]
    for j in range(1, order):
        conv = sum(m[i] * m[j - i] for i in range(j + 1))
        m.append((eps * (j + 1) - (g - 1 + eps)) * m[j] + g * conv)
    return m


def marchenko_pastur_moments(gamma: Any, order: int) -> list[Any]:
    r"""Moments of Marchenko–Pastur with ratio γ and mean one (Narayana polynomials).

    :math:`m_j = \sum_{r=0}^{j-1} \frac{1}{r+1}\binom{j}{r}\binom{j-1}{r}\gamma^r`, a closed
    form independent of the recursion in :func:`htmp_moments` (which gives the same
    numbers at κ = ∞).

    Examples
    --------
    >>> marchenko_pastur_moments(1, 4)   # Catalan numbers
    [Fraction(1, 1), Fraction(1, 1), Fraction(2, 1), Fraction(5, 1), Fraction(14, 1)]
    """
    from math import comb

    if isinstance(order, bool) or not isinstance(order, int) or order < 0:
        raise ValueError(f"order must be an integer >= 0, got {order!r}")
    g = exact_rational(gamma)
    out = [_one(g)]
    for j in range(1, order + 1):
        out.append(sum(Fraction(comb(j, r) * comb(j - 1, r), r + 1) * g**r for r in range(j)))
    return out


def htmp_inverse_moments(gamma: Any, kappa: Any, order: int) -> list[Any]:
    r"""Negative moments :math:`\mu_j = E[X^{-j}]`, ``j = 0..order``, of HTMP(γ, κ), γ < 1.

    Expanding the same Riccati equation at :math:`z = 0`, where
    :math:`s(z) = \sum_{j\ge0} \mu_{j+1} z^j`, gives

    .. math::

        \mu_1 = \frac{1}{1 - \gamma - \varepsilon}, \qquad
        \mu_{j+1} = \frac{\mu_j + \gamma \sum_{i=1}^{j} \mu_i \mu_{j+1-i}}
                         {1 - \gamma - \varepsilon (j+1)} .

    The denominator is positive exactly when :math:`j + 1 < \alpha - 1` with
    :math:`\alpha = 1 + (\kappa/2)(1/\gamma - 1)` the tail exponent of the inverse law,
    i.e. when the moment is finite; from the first divergent order on the list holds
    ``inf``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> htmp_inverse_moments(Fraction(1, 4), 6, 2)   # 1/(1 - 1/4 - 1/12) = 3/2
    [Fraction(1, 1), Fraction(3, 2), Fraction(99, 28)]
    """
    if isinstance(order, bool) or not isinstance(order, int) or order < 0:
        raise ValueError(f"order must be an integer >= 0, got {order!r}")
    g, kap = exact_rational(gamma), exact_rational(kappa)
    if not g < 1:
        raise ValueError(f"gamma must lie in (0, 1) for the negative moments, got {gamma!r}")
    eps = 0 if kap == float("inf") else 2 * g / kap
    mu = [_one(g, kap)]
    for j in range(order):
        denom = 1 - g - eps * (j + 1)
        if denom <= 0 or mu[-1] == float("inf"):
            mu.append(float("inf"))
            continue
        conv = sum(mu[i] * mu[j + 1 - i] for i in range(1, j + 1))
        mu.append((mu[j] + g * conv) / denom)
    return mu
