"""LAPACK kernels for the tridiagonal and bidiagonal matrix models.

Singular values of a bidiagonal matrix come from LAPACK ``dlasq1`` (the dqds
algorithm), which keeps *relative* accuracy for every singular value however small;
SciPy ships it in :mod:`scipy.linalg.cython_lapack` without a Python wrapper, so it is
called through its C function pointer with :mod:`ctypes`.  Eigenvalues of a symmetric
tridiagonal matrix use ``dsterf`` (root-free QR) through
:func:`scipy.linalg.eigvalsh_tridiagonal`.  Both cost :math:`O(n^2)` and never form a
dense matrix.
"""
from __future__ import annotations

import ctypes
import functools

import numpy as np
from scipy.linalg import eigvalsh_tridiagonal

__all__ = ["bidiagonal_singular_values", "tridiagonal_eigenvalues"]

_DOUBLE_P = ctypes.POINTER(ctypes.c_double)
_INT_P = ctypes.POINTER(ctypes.c_int)


@functools.cache
def _dlasq1():
    """Return ``dlasq1(n, d, e, work, info)`` from SciPy's bundled LAPACK."""
    import scipy.linalg.cython_lapack as cython_lapack

    capsule = cython_lapack.__pyx_capi__["dlasq1"]
    get_name = ctypes.pythonapi.PyCapsule_GetName
    get_name.restype, get_name.argtypes = ctypes.c_char_p, [ctypes.py_object]
    get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
    get_pointer.restype, get_pointer.argtypes = ctypes.c_void_p, [ctypes.py_object, ctypes.c_char_p]
    address = get_pointer(capsule, get_name(capsule))
    prototype = ctypes.CFUNCTYPE(None, _INT_P, _DOUBLE_P, _DOUBLE_P, _DOUBLE_P, _INT_P)
    return prototype(address)


def _rows(diagonal, offdiagonal) -> tuple[tuple[int, ...], np.ndarray, np.ndarray]:
    """Check the shapes and flatten the leading (batch) axes of a banded matrix."""
    d = np.asarray(diagonal, dtype=float)
    e = np.asarray(offdiagonal, dtype=float)
    n = d.shape[-1]
    if n < 1 or e.shape != d.shape[:-1] + (n - 1,):
        raise ValueError(f"offdiagonal must have shape {d.shape[:-1] + (n - 1,)}, got {e.shape}")
    rows = int(np.prod(d.shape[:-1], dtype=int))
    return d.shape, d.reshape(rows, n), e.reshape(rows, n - 1)


def bidiagonal_singular_values(diagonal: np.ndarray, offdiagonal: np.ndarray) -> np.ndarray:
    """Singular values of bidiagonal matrices, to high relative accuracy.

    Parameters
    ----------
    diagonal : ndarray, shape (..., n)
        Diagonal entries (their signs do not matter).
    offdiagonal : ndarray, shape (..., n - 1)
        Off-diagonal entries (upper or lower: both give the same singular values).

    Returns
    -------
    ndarray, shape (..., n)
        Singular values in increasing order along the last axis.

    Examples
    --------
    >>> bidiagonal_singular_values(np.array([3.0, 1e-200]), np.array([0.0]))
    array([1.e-200, 3.e+000])
    """
    shape, flat_d, flat_e = _rows(diagonal, offdiagonal)
    n = shape[-1]
    out = np.empty_like(flat_d)
    kernel = _dlasq1()
    size, info = ctypes.c_int(n), ctypes.c_int(0)
    work = np.empty(4 * n)
    dd = np.empty(n)
    ee = np.zeros(n)
    for row in range(flat_d.shape[0]):
        dd[:] = flat_d[row]
        ee[: n - 1] = flat_e[row]
        ee[n - 1:] = 0.0
        kernel(ctypes.byref(size), dd.ctypes.data_as(_DOUBLE_P), ee.ctypes.data_as(_DOUBLE_P),
               work.ctypes.data_as(_DOUBLE_P), ctypes.byref(info))
        if info.value != 0:
            raise RuntimeError(f"LAPACK dlasq1 failed with info = {info.value}")
        out[row] = dd[::-1]
    return out.reshape(shape)


def tridiagonal_eigenvalues(diagonal: np.ndarray, offdiagonal: np.ndarray) -> np.ndarray:
    """Eigenvalues of real symmetric tridiagonal matrices (LAPACK ``dsterf``).

    Parameters
    ----------
    diagonal : ndarray, shape (..., n)
    offdiagonal : ndarray, shape (..., n - 1)

    Returns
    -------
    ndarray, shape (..., n)
        Eigenvalues in increasing order along the last axis.

    Examples
    --------
    >>> tridiagonal_eigenvalues(np.array([0.0, 0.0]), np.array([1.0]))
    array([-1.,  1.])
    """
    shape, flat_d, flat_e = _rows(diagonal, offdiagonal)
    out = np.empty_like(flat_d)
    for row in range(flat_d.shape[0]):
        out[row] = eigvalsh_tridiagonal(flat_d[row], flat_e[row], lapack_driver="sterf",
                                        check_finite=False)
    return out.reshape(shape)
