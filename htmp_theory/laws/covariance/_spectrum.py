r"""The population spectrum :math:`\nu_\Sigma`: validation and discretisation.

A population covariance Σ enters only through the law :math:`\nu_\Sigma` of its
eigenvalues.  It may be given as

* a 1-D array of eigenvalues (equal weights; duplicates are merged), **exact**;
* a pair ``(values, weights)`` (weights ≥ 0, normalised to sum 1), **exact**;
* any object with a ``ppf`` method (e.g. a ``scipy.stats`` frozen law or a law of this
  package) and optionally ``moment(j)``: it is replaced by the ``K``-point quantile
  discretisation :math:`\sigma_k = F^{-1}((k - 1/2)/K)` with weights ``1/K``
  (a **numerical approximation**, default ``K = 500``); its exact moments are used
  where ``moment`` exists.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ..._numerics.validation import check_int

__all__ = ["PopulationSpectrum", "as_spectrum"]


@dataclass(frozen=True)
class PopulationSpectrum:
    """Discrete law :math:`\\sum_k w_k \\delta_{\\sigma_k}` of the population eigenvalues.

    Attributes
    ----------
    values : ndarray
        Distinct positive atoms, increasing.
    weights : ndarray
        Their probabilities (sum 1).
    exact : bool
        ``False`` when the atoms are a quantile discretisation of a continuous law.
    source : object
        The object given (used for exact moments when it has ``moment``).
    """

    values: np.ndarray
    weights: np.ndarray
    exact: bool = True
    source: object = field(default=None, repr=False, compare=False)
    exact_values: tuple | None = field(default=None, repr=False, compare=False)

    def moment(self, j: int):
        r""":math:`E\sigma^j` (exact ``Fraction`` for integer/Fraction eigenvalues given as a list)."""
        j = check_int("j", j, minimum=0)
        if self.source is not None and hasattr(self.source, "moment") and not self.exact:
            return self.source.moment(j)
        if self.exact_values is not None:
            vals, wts = self.exact_values
            return sum((w * v**j for v, w in zip(vals, wts)), Fraction(0))
        return float(np.sum(self.weights * self.values**j))

    def mean(self):
        """:math:`E\\sigma = \\operatorname{tr}\\Sigma / n`."""
        return self.moment(1)


def _check_values(name: str, values) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be real numbers") from exc
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of eigenvalues, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (population eigenvalues), got {values!r}")
    if not np.all(arr > 0):
        raise ValueError(f"{name} must be positive (Σ positive definite), got min {arr.min()!r}")
    return arr


def as_spectrum(sigma, *, quantile_points: int = 500) -> PopulationSpectrum:
    """Convert ``sigma`` (see the module docstring) into a :class:`PopulationSpectrum`.

    Examples
    --------
    >>> s = as_spectrum([1, 1, 4])
    >>> s.values, s.weights.round(3), s.moment(2)
    (array([1., 4.]), array([0.667, 0.333]), Fraction(6, 1))
    """
    if isinstance(sigma, PopulationSpectrum):
        return sigma
    if hasattr(sigma, "ppf") and not isinstance(sigma, (np.ndarray, list, tuple)):
        k = check_int("quantile_points", quantile_points, minimum=1)
        vals = np.asarray(sigma.ppf((np.arange(k) + 0.5) / k), dtype=float)
        vals = _check_values("sigma (its quantiles)", vals)
        return PopulationSpectrum(vals, np.full(k, 1.0 / k), exact=False, source=sigma)
    if isinstance(sigma, tuple) and len(sigma) == 2 and np.ndim(sigma[0]) == 1:
        vals = _check_values("sigma values", sigma[0])
        try:
            w = np.asarray(sigma[1], dtype=float)
        except (TypeError, ValueError) as exc:
            raise TypeError("sigma weights must be real numbers") from exc
        if w.shape != vals.shape or not np.all(np.isfinite(w)) or np.any(w < 0) or not w.sum() > 0:
            raise ValueError("sigma weights must be finite, >= 0, not all 0, one per value")
        exact_vals = list(sigma[0])
        exact_w = list(sigma[1])
    else:
        if np.ndim(sigma) == 0:
            raise TypeError("sigma must be an array of eigenvalues, a (values, weights) pair or an object "
                            f"with a ppf method, got {type(sigma).__name__}")
        vals = _check_values("sigma", sigma)
        w = np.ones_like(vals)
        exact_vals = list(np.asarray(sigma, dtype=object).ravel())
        exact_w = [1] * len(exact_vals)
    uniq, inv = np.unique(vals, return_inverse=True)
    wts = np.bincount(inv, weights=w) / w.sum()
    exact = None
    if all(isinstance(v, (int, Fraction)) and not isinstance(v, bool) for v in exact_vals + exact_w):
        total = sum(Fraction(x) for x in exact_w)
        exact = ([Fraction(v) for v in exact_vals], [Fraction(x) / total for x in exact_w])
    return PopulationSpectrum(uniq, wts, exact=True, source=None, exact_values=exact)
