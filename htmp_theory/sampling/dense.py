r"""Dense Gaussian reference samplers at β = 1 (real) and β = 2 (complex).

They draw full matrices and call dense LAPACK routines (:math:`O(n^3)`), and serve as
independent references for the tridiagonal models of :mod:`.tridiagonal`, with the
same normalisations.  A Gaussian entry :math:`G` is :math:`N(0, 1)` for β = 1 and
:math:`N(0,1) + iN(0,1)` (so :math:`E|G|^2 = 2`) for β = 2.

* :func:`dense_gaussian`: :math:`H = (A + A^*)/2`, :math:`A` an :math:`n\times n`
  matrix of Gaussian entries — GOE/GUE with density :math:`\propto e^{-\mathrm{tr}H^2/2}`
  (diagonal :math:`N(0,1)`; off-diagonal real part, and for β = 2 imaginary part,
  each :math:`N(0, 1/2)`, so :math:`E|H_{ij}|^2 = \beta/2`).
* :func:`dense_wishart`: squared singular values of an :math:`n\times m` Gaussian
  matrix :math:`X` (eigenvalues of :math:`XX^*`; n − m zeros when m < n).
* :func:`dense_manova`: eigenvalues of :math:`A(A+B)^{-1}`, :math:`A = XX^*`,
  :math:`B = YY^*`, :math:`X` of size :math:`n\times(n+a)`, :math:`Y` of size
  :math:`n\times(n+b)` — the β-Jacobi ensemble with parameters a, b.
"""
from __future__ import annotations

import numpy as np
import scipy.linalg

from .._numerics.validation import check_int, check_rng
from .replicates import batched

__all__ = ["dense_gaussian", "dense_wishart", "dense_manova"]


def _check_dense_beta(beta) -> int:
    if isinstance(beta, bool) or beta not in (1, 2):
        raise ValueError(f"beta must be 1 (real) or 2 (complex) for dense samplers, got {beta!r}")
    return int(beta)


def _gaussian(rng: np.random.Generator, shape: tuple[int, ...], beta: int) -> np.ndarray:
    """Gaussian entries: N(0,1) (β = 1) or N(0,1) + i N(0,1) (β = 2)."""
    g = rng.standard_normal(shape)
    return g if beta == 1 else g + 1j * rng.standard_normal(shape)


@batched
def dense_gaussian(n: int, beta: int = 1, *, reps: int = 1, rng=None) -> np.ndarray:
    """Eigenvalues of GOE (β = 1) / GUE (β = 2) with density ∝ exp(−tr H²/2).

    Examples
    --------
    >>> dense_gaussian(4, 2, reps=3, rng=0).shape
    (3, 4)
    """
    n, beta = check_int("n", n, minimum=1), _check_dense_beta(beta)
    reps, rng = check_int("reps", reps, minimum=1), check_rng(rng)
    a = _gaussian(rng, (reps, n, n), beta)
    return np.linalg.eigvalsh((a + np.conj(np.swapaxes(a, -1, -2))) / 2)


@batched
def dense_wishart(n: int, m: int, beta: int = 1, *, reps: int = 1, rng=None) -> np.ndarray:
    """Eigenvalues of the Wishart matrix XX* with X an n × m Gaussian matrix.

    Same law as :func:`~htmp_theory.sampling.beta_laguerre` ``(n, m, beta)`` for m ≥ n.

    Examples
    --------
    >>> x = dense_wishart(3, 5, 1, reps=2000, rng=0)
    >>> round(float(x.sum(axis=1).mean() / 15), 1)   # E tr XX^T = n m
    1.0
    """
    n, m = check_int("n", n, minimum=1), check_int("m", m, minimum=1)
    beta, reps, rng = _check_dense_beta(beta), check_int("reps", reps, minimum=1), check_rng(rng)
    singular = np.linalg.svd(_gaussian(rng, (reps, n, m), beta), compute_uv=False)
    squares = np.zeros((reps, n))
    squares[:, : min(n, m)] = singular**2
    return np.sort(squares, axis=1)


@batched
def dense_manova(n: int, a: int, b: int, beta: int = 1, *, reps: int = 1, rng=None) -> np.ndarray:
    """Eigenvalues of A(A+B)⁻¹ with Wishart A (n + a columns) and B (n + b columns).

    Same law as :func:`~htmp_theory.sampling.beta_jacobi` ``(n, a, b, beta)``.

    Examples
    --------
    >>> x = dense_manova(3, 1, 2, 1, reps=5, rng=0)
    >>> bool(x.shape == (5, 3) and x.min() > 0 and x.max() < 1)
    True
    """
    n = check_int("n", n, minimum=1)
    a, b = check_int("a", a, minimum=0), check_int("b", b, minimum=0)
    beta, reps, rng = _check_dense_beta(beta), check_int("reps", reps, minimum=1), check_rng(rng)
    x = _gaussian(rng, (reps, n, n + a), beta)
    y = _gaussian(rng, (reps, n, n + b), beta)
    out = np.empty((reps, n))
    for r in range(reps):
        wa = x[r] @ x[r].conj().T
        wb = y[r] @ y[r].conj().T
        out[r] = scipy.linalg.eigh(wa, wa + wb, eigvals_only=True)
    return out
