r"""Dumitriu–Edelman and Edelman–Sutton matrix models of the β-ensembles.

For every β > 0 and real parameters the eigenvalues of a random tridiagonal (or the
squared singular values of a random bidiagonal) matrix with independent entries have
the joint density of the classical β-ensembles (Dumitriu & Edelman 2002; Edelman &
Sutton 2008 for Jacobi).  Here :math:`\chi_d` is the chi law with :math:`d > 0`
(real) degrees of freedom, :math:`\chi_d^2 \sim \mathrm{Gamma}(d/2, \text{scale } 2)`.

* **β-Hermite**, density :math:`\propto \prod_{i<j}|\lambda_i-\lambda_j|^\beta
  \prod_i e^{-\lambda_i^2/2}`: symmetric tridiagonal :math:`H` with
  :math:`H_{ii} \sim N(0, 1)` and :math:`H_{i+1,i} = H_{i,i+1} \sim \chi_{\beta(n-i)}/\sqrt2`,
  :math:`i = 1, \dots, n-1`.
* **β-Laguerre**, density :math:`\propto \prod_{i<j}|\lambda_i-\lambda_j|^\beta
  \prod_i \lambda_i^{\frac\beta2(m-n+1)-1} e^{-\lambda_i/2}` on :math:`\lambda_i > 0`,
  real :math:`m > n - 1`: :math:`L = BB^\top`, :math:`B` lower bidiagonal with
  :math:`B_{ii} \sim \chi_{\beta(m-i+1)}` and :math:`B_{i+1,i} \sim \chi_{\beta(n-i)}`.
  At β = 1, 2 this is the spectrum of the Wishart matrix :math:`XX^*`, :math:`X` an
  :math:`n\times m` Gaussian matrix (real, or complex with :math:`E|X_{ij}|^2 = 2`).
* **β-Jacobi**, density :math:`\propto \prod_{i<j}|\lambda_i-\lambda_j|^\beta
  \prod_i \lambda_i^{\frac\beta2(a+1)-1}(1-\lambda_i)^{\frac\beta2(b+1)-1}` on
  :math:`(0, 1)`, real :math:`a, b > -1`: squared singular values of the upper
  bidiagonal :math:`B_{11}` with diagonal :math:`(c_n, c_{n-1}s'_{n-1}, \dots, c_1 s'_1)`
  and super-diagonal :math:`(-s_n c'_{n-1}, \dots, -s_2 c'_1)`, where
  :math:`c_i^2 \sim \mathrm{Beta}(\frac\beta2(a+i), \frac\beta2(b+i))`,
  :math:`c_i'^2 \sim \mathrm{Beta}(\frac\beta2 i, \frac\beta2(a+b+1+i))`,
  :math:`s = \sqrt{1-c^2}`.  At β = 1, 2 this is the MANOVA spectrum
  :math:`\mathrm{eig}(A(A+B)^{-1})` of Wishart matrices with :math:`n+a` and
  :math:`n+b` degrees of freedom.

Eigenvalues come from LAPACK tridiagonal/bidiagonal kernels in :math:`O(n^2)`
(:mod:`._lapack`); the Laguerre and Jacobi spectra keep relative accuracy down to the
smallest eigenvalue.  Entries are drawn for all replicates at once (shape
``(reps, n)``).
"""
from __future__ import annotations

import numpy as np

from .._numerics.validation import check_int, check_positive, check_real, check_rng
from ._lapack import bidiagonal_singular_values, tridiagonal_eigenvalues
from .replicates import batched

__all__ = [
    "hermite_entries",
    "laguerre_entries",
    "jacobi_entries",
    "beta_hermite",
    "beta_laguerre",
    "beta_jacobi",
]


def _chi(rng: np.random.Generator, dof: np.ndarray, reps: int) -> np.ndarray:
    """Independent :math:`\\chi_{dof}` variables, shape ``(reps, len(dof))``."""
    return np.sqrt(rng.chisquare(dof, size=(reps, dof.size)))


def _check_model(n, beta, reps, rng) -> tuple[int, float, int, np.random.Generator]:
    return (check_int("n", n, minimum=1), check_positive("beta", beta),
            check_int("reps", reps, minimum=1), check_rng(rng))


def hermite_entries(n: int, beta: float, *, reps: int = 1, rng=None) -> tuple[np.ndarray, np.ndarray]:
    r"""Entries of the β-Hermite tridiagonal model.

    Returns
    -------
    diagonal : ndarray, shape (reps, n)
        :math:`H_{ii} \sim N(0, 1)`.
    offdiagonal : ndarray, shape (reps, n - 1)
        :math:`H_{i+1,i} \sim \chi_{\beta(n-i)}/\sqrt 2`, :math:`i = 1..n-1`.

    Examples
    --------
    >>> d, e = hermite_entries(4, 0.5, reps=2, rng=0)
    >>> d.shape, e.shape
    ((2, 4), (2, 3))
    """
    n, beta, reps, rng = _check_model(n, beta, reps, rng)
    diagonal = rng.standard_normal((reps, n))
    offdiagonal = _chi(rng, beta * np.arange(n - 1, 0, -1.0), reps) / np.sqrt(2.0)
    return diagonal, offdiagonal


def laguerre_entries(n: int, m: float, beta: float, *, reps: int = 1,
                     rng=None) -> tuple[np.ndarray, np.ndarray]:
    r"""Entries of the β-Laguerre lower bidiagonal model :math:`B` (:math:`L = BB^\top`).

    Parameters
    ----------
    n
        Matrix size (``>= 1``).
    m
        Real "number of columns", ``m > n - 1``.
    beta
        Dyson index, ``beta > 0``.

    Returns
    -------
    diagonal : ndarray, shape (reps, n)
        :math:`B_{ii} \sim \chi_{\beta(m-i+1)}`, :math:`i = 1..n`.
    subdiagonal : ndarray, shape (reps, n - 1)
        :math:`B_{i+1,i} \sim \chi_{\beta(n-i)}`, :math:`i = 1..n-1`.

    Examples
    --------
    >>> d, e = laguerre_entries(3, 5.5, 0.2, rng=0)
    >>> d.shape, e.shape
    ((1, 3), (1, 2))
    """
    n, beta, reps, rng = _check_model(n, beta, reps, rng)
    m = check_real("m", m)
    if not m > n - 1:
        raise ValueError(f"m must be > n - 1 = {n - 1} (real), got {m!r}")
    diagonal = _chi(rng, beta * (m - np.arange(n)), reps)
    subdiagonal = _chi(rng, beta * np.arange(n - 1, 0, -1.0), reps)
    return diagonal, subdiagonal


def jacobi_entries(n: int, a: float, b: float, beta: float, *, reps: int = 1,
                   rng=None) -> tuple[np.ndarray, np.ndarray]:
    r"""Entries of the Edelman–Sutton upper bidiagonal block :math:`B_{11}`.

    Parameters
    ----------
    n
        Matrix size (``>= 1``).
    a, b
        Real Jacobi parameters, ``a > -1`` and ``b > -1``.
    beta
        Dyson index, ``beta > 0``.

    Returns
    -------
    diagonal : ndarray, shape (reps, n)
        :math:`(c_n, c_{n-1}s'_{n-1}, \dots, c_1 s'_1)`.
    superdiagonal : ndarray, shape (reps, n - 1)
        :math:`(-s_n c'_{n-1}, \dots, -s_2 c'_1)`.

    Here :math:`c_i^2 \sim \mathrm{Beta}(\frac\beta2(a+i), \frac\beta2(b+i))`,
    :math:`c_i'^2 \sim \mathrm{Beta}(\frac\beta2 i, \frac\beta2(a+b+1+i))`, all
    independent, :math:`s_i = \sqrt{1-c_i^2}`, :math:`s'_i = \sqrt{1-c_i'^2}`.

    Examples
    --------
    >>> d, e = jacobi_entries(3, 0.5, 1.5, 2.0, reps=4, rng=0)
    >>> d.shape, e.shape
    ((4, 3), (4, 2))
    """
    n, beta, reps, rng = _check_model(n, beta, reps, rng)
    a, b = check_real("a", a), check_real("b", b)
    for name, value in (("a", a), ("b", b)):
        if not value > -1:
            raise ValueError(f"{name} must be > -1, got {value!r}")
    i = np.arange(n, 0, -1.0)  # i = n, n-1, ..., 1
    c2 = rng.beta(beta / 2 * (a + i), beta / 2 * (b + i), size=(reps, n))
    j = i[1:]  # j = n-1, ..., 1
    cp2 = rng.beta(beta / 2 * j, beta / 2 * (a + b + 1 + j), size=(reps, n - 1))
    diagonal = np.sqrt(c2)
    diagonal[:, 1:] *= np.sqrt(1.0 - cp2)
    superdiagonal = -np.sqrt(1.0 - c2[:, :-1]) * np.sqrt(cp2)
    return diagonal, superdiagonal


@batched
def beta_hermite(n: int, beta: float, *, reps: int = 1, rng=None) -> np.ndarray:
    r"""Eigenvalues of the β-Hermite ensemble, density
    :math:`\propto \prod_{i<j}|\lambda_i-\lambda_j|^\beta e^{-\sum_i \lambda_i^2/2}`.

    Parameters
    ----------
    n
        Number of eigenvalues (``>= 1``).
    beta
        Dyson index (``> 0``, any real).
    reps, rng
        Number of independent replicates; ``numpy.random.Generator``, seed or ``None``.
    batch_size, executor, progress
        See :func:`htmp_theory.sampling.replicate`.

    Returns
    -------
    ndarray, shape (reps, n)
        Sorted eigenvalues of each replicate.

    Examples
    --------
    >>> beta_hermite(3, 2.0, reps=2, rng=0).shape
    (2, 3)
    """
    return tridiagonal_eigenvalues(*hermite_entries(n, beta, reps=reps, rng=rng))


@batched
def beta_laguerre(n: int, m: float, beta: float, *, reps: int = 1, rng=None) -> np.ndarray:
    r"""Eigenvalues of the β-Laguerre ensemble, density
    :math:`\propto \prod_{i<j}|\lambda_i-\lambda_j|^\beta
    \prod_i \lambda_i^{\frac\beta2(m-n+1)-1} e^{-\lambda_i/2}`.

    Computed as squared singular values of the bidiagonal model (LAPACK dqds), so
    eigenvalues far below the largest one keep full relative accuracy (until they
    underflow the double range).  Exact finite-:math:`n` facts:
    :math:`E\,\mathrm{tr}L = \beta n m` and
    :math:`E\,\mathrm{tr}L^2 = \beta n m\,(\beta(n+m-1)+2)`.

    Parameters
    ----------
    n
        Number of eigenvalues (``>= 1``).
    m
        Real parameter ``m > n - 1`` (number of columns of the Wishart analogue).
    beta
        Dyson index (``> 0``).
    reps, rng, batch_size, executor, progress
        As in :func:`beta_hermite`.

    Returns
    -------
    ndarray, shape (reps, n)
        Sorted eigenvalues.

    Examples
    --------
    >>> x = beta_laguerre(4, 6.5, 0.3, reps=1000, rng=0)
    >>> round(float(x.sum(axis=1).mean() / (0.3 * 4 * 6.5)), 1)   # E tr L = beta n m
    1.0
    """
    return bidiagonal_singular_values(*laguerre_entries(n, m, beta, reps=reps, rng=rng)) ** 2


@batched
def beta_jacobi(n: int, a: float, b: float, beta: float, *, reps: int = 1, rng=None) -> np.ndarray:
    r"""Eigenvalues of the β-Jacobi ensemble on (0, 1), density
    :math:`\propto \prod_{i<j}|\lambda_i-\lambda_j|^\beta
    \prod_i \lambda_i^{\frac\beta2(a+1)-1}(1-\lambda_i)^{\frac\beta2(b+1)-1}`.

    Parameters
    ----------
    n
        Number of eigenvalues (``>= 1``).
    a, b
        Real parameters ``> -1``.
    beta
        Dyson index (``> 0``).
    reps, rng, batch_size, executor, progress
        As in :func:`beta_hermite`.

    Returns
    -------
    ndarray, shape (reps, n)
        Sorted eigenvalues in [0, 1].

    Examples
    --------
    >>> x = beta_jacobi(1, 0.0, 0.0, 2.0, reps=4000, rng=0)   # n = 1: Beta(1, 1)
    >>> round(float(x.mean()), 1)
    0.5
    """
    singular = bidiagonal_singular_values(*jacobi_entries(n, a, b, beta, reps=reps, rng=rng))
    return np.clip(singular**2, 0.0, 1.0)
