r"""β-ensembles in the scalings of the limiting laws.

* **High temperature** (HTMP, ``docs/theory.md`` §2.1): β-Laguerre with β = κ/n and
  m = n/γ, eigenvalues rescaled to :math:`x = \lambda/(\beta m)` so that
  :math:`E[\frac1n\sum_i x_i] = 1` exactly for every n; the empirical spectral
  distribution tends to HTMP(γ, κ).  :func:`sample_gaussian_crossover` is the Hermite
  analogue (β = 2c/n, Allez–Bouchaud–Guionnet crossover).
* **Fixed β**: the same Laguerre rescaling tends to Marchenko–Pastur with ratio γ and
  mean 1; β-Hermite eigenvalues divided by :math:`\sqrt{\beta n/2}` tend to the
  semicircle on [−2, 2].

Aspect ratio γ > 1 (m < n): an n × m "Wishart" matrix has rank m, so the spectrum is
n − r exact zeros plus the r nonzero eigenvalues of the β-Laguerre ensemble with the
roles of n and m exchanged (size r, parameter n).  The rank must be an integer, so
:math:`r = \mathrm{round}(n/\gamma) \ge 1` and the rescaling uses β r (the mean is
still exactly 1); the effective ratio is n/r.
"""
from __future__ import annotations

import numpy as np

from .._numerics.validation import check_int, check_positive
from .replicates import batched
from .tridiagonal import beta_hermite, beta_laguerre

__all__ = [
    "sample_htmp",
    "sample_marchenko_pastur",
    "sample_semicircle",
    "sample_gaussian_crossover",
]


def _laguerre_mean_one(n: int, gamma: float, beta: float, reps: int, rng) -> np.ndarray:
    """β-Laguerre with m = n/γ rescaled to mean one (zeros padded when γ > 1)."""
    n = check_int("n", n, minimum=1)
    gamma = check_positive("gamma", gamma)
    if gamma <= 1:
        m = n / gamma
        return beta_laguerre(n, m, beta, reps=reps, rng=rng) / (beta * m)
    rank = round(n / gamma)
    if rank < 1:
        raise ValueError(f"gamma must be <= 2n = {2 * n} so that the rank round(n/gamma) >= 1, "
                         f"got {gamma!r}")
    nonzero = beta_laguerre(rank, n, beta, reps=reps, rng=rng) / (beta * rank)
    return np.concatenate([np.zeros((nonzero.shape[0], n - rank)), nonzero], axis=1)


@batched
def sample_htmp(n: int, gamma: float, kappa: float, *, reps: int = 1, rng=None) -> np.ndarray:
    r"""Finite-n high-temperature β-Laguerre spectra, whose limit is HTMP(γ, κ).

    β = κ/n, m = n/γ, entries as in :func:`~htmp_theory.sampling.laguerre_entries`:
    :math:`B_{ii} \sim \chi_{\beta(m-i+1)}`, :math:`B_{i+1,i} \sim \chi_{\beta(n-i)}`;
    returns :math:`x = \mathrm{eig}(BB^\top)/(\beta m)`.  For γ > 1 see the module
    notes (rank ``round(n/gamma)``, zeros padded).

    Parameters
    ----------
    n
        Number of eigenvalues (``>= 1``).
    gamma
        Aspect ratio γ = n/m (``> 0``).
    kappa
        Repulsion κ = βn (``> 0``).
    reps, rng
        Number of replicates; ``numpy.random.Generator``, integer seed or ``None``.
    batch_size, executor, progress
        See :func:`~htmp_theory.sampling.replicate`.

    Returns
    -------
    ndarray, shape (reps, n)
        Sorted rescaled eigenvalues; the mean over a replicate has expectation 1 and
        :math:`E[\frac1n\sum x_i^2] = 1 + \gamma + 2\gamma/\kappa - \gamma/n` (γ ≤ 1).

    Examples
    --------
    >>> x = sample_htmp(1000, 0.5, 2.0, reps=4, rng=0)
    >>> x.shape
    (4, 1000)
    >>> round(float(x.mean()), 1)
    1.0
    """
    kappa = check_positive("kappa", kappa)
    n = check_int("n", n, minimum=1)
    return _laguerre_mean_one(n, gamma, kappa / n, reps, rng)


@batched
def sample_marchenko_pastur(n: int, gamma: float, beta: float = 1.0, *, reps: int = 1,
                            rng=None) -> np.ndarray:
    r"""Fixed-β Laguerre spectra rescaled to mean one; limit Marchenko–Pastur(γ).

    Same model as :func:`sample_htmp` with a fixed Dyson index ``beta`` instead of
    κ/n: :math:`x = \mathrm{eig}(BB^\top)/(\beta m)`, m = n/γ.

    Examples
    --------
    >>> x = sample_marchenko_pastur(500, 0.25, 1.0, rng=0)
    >>> bool(0.2 < x.min() and x.max() < 2.3)   # support [(1-1/2)^2, (1+1/2)^2]
    True
    """
    return _laguerre_mean_one(n, gamma, check_positive("beta", beta), reps, rng)


@batched
def sample_semicircle(n: int, beta: float = 2.0, *, reps: int = 1, rng=None) -> np.ndarray:
    r"""Fixed-β Hermite spectra divided by :math:`\sqrt{\beta n/2}`; limit: semicircle on [−2, 2].

    Examples
    --------
    >>> x = sample_semicircle(400, 1.0, rng=0)
    >>> bool(-2.3 < x.min() and x.max() < 2.3)
    True
    """
    n = check_int("n", n, minimum=1)
    beta = check_positive("beta", beta)
    return beta_hermite(n, beta, reps=reps, rng=rng) / np.sqrt(beta * n / 2)


@batched
def sample_gaussian_crossover(n: int, c: float, *, reps: int = 1, rng=None) -> np.ndarray:
    r"""High-temperature β-Hermite spectra, β = 2c/n, not rescaled.

    The joint density is :math:`\propto \prod_{i<j}|\lambda_i-\lambda_j|^{2c/n}
    e^{-\sum\lambda_i^2/2}` (``docs/theory.md`` §3.1), whose limit interpolates
    between N(0, 1) (c → 0) and a semicircle; :math:`E[\frac1n\sum\lambda_i^2] = 1 + c(n-1)/n`.

    Examples
    --------
    >>> x = sample_gaussian_crossover(200, 1.0, reps=50, rng=0)
    >>> round(float((x**2).mean()), 1)
    2.0
    """
    n = check_int("n", n, minimum=1)
    c = check_positive("c", c)
    return beta_hermite(n, 2 * c / n, reps=reps, rng=rng)
