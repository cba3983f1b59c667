r"""Samples of the mean of a Dirichlet process, the random variable whose law is :math:`\mathrm{MK}_c(\mu)`.

For :math:`P\sim\mathrm{DP}(c,\mu)` (Sethuraman's stick-breaking: :math:`P = \sum_i w_i\delta_{\theta_i}`,
:math:`w_i = V_i\prod_{j<i}(1-V_j)`, :math:`V_i\sim\mathrm{Beta}(1, c)`, :math:`\theta_i\sim\mu` i.i.d.) the mean
:math:`\int x\,P(dx)` has law :math:`\mathrm{MK}_c(\mu)` (Cifarelli–Regazzini). This gives a Monte Carlo
route to the transform for any :math:`\mu` that can be sampled, independent of the series identity.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .._numerics.validation import check_int, check_positive, check_rng

__all__ = ["dp_mean_samples"]


def dp_mean_samples(sample_mu: Callable, c: float, size: int, *, tol: float = 1e-12, rng=None) -> np.ndarray:
    r"""``size`` independent draws of :math:`\int x\,P(dx)`, :math:`P\sim\mathrm{DP}(c,\mu)`.

    Parameters
    ----------
    sample_mu : callable
        ``(rng, shape) -> ndarray`` of i.i.d. draws from :math:`\mu` (bounded support recommended:
        the stick is truncated once the remaining mass is below ``tol`` and the remainder is given
        to one more atom, an error below ``tol`` times the spread of :math:`\mu`).
    c : float
        Concentration :math:`c > 0`.
    size : int
        Number of draws.
    rng
        ``numpy.random.Generator`` or seed.

    Examples
    --------
    >>> x = dp_mean_samples(lambda g, s: g.uniform(size=s), 2.0, 2000, rng=1)
    >>> abs(float(x.mean()) - 0.5) < 0.02
    True
    """
    c = check_positive("c", c)
    size = check_int("size", size, minimum=1)
    rng = check_rng(rng)
    total = np.zeros(size)
    remaining = np.ones(size)
    while np.max(remaining) > tol:
        v = rng.beta(1.0, c, size=size)
        total += remaining * v * sample_mu(rng, size)
        remaining *= 1 - v
    return total + remaining * sample_mu(rng, size)
