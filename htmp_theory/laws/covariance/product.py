r"""κ → 0: the classical product law of σ·X, σ ~ ν_Σ independent of X ~ HTMP(γ, κ).

At high temperature (β = κ/n, κ small) the eigenvalue repulsion disappears and the
eigenvalues of the β-Wishart matrix with covariance Σ behave like independent
:math:`\sigma_i \times` (an HTMP(γ, κ) variable); the natural small-κ law is therefore the
law of the product :math:`Y = \sigma X` with σ ~ ν and X ~ HTMP(γ, κ) independent:

.. math::

    p_Y(x) = \int p_X(x/\sigma)\,\frac{d\nu(\sigma)}{\sigma}
           = \sum_k w_k\,\frac{p_X(x/\sigma_k)}{\sigma_k},\qquad
    F_Y(x) = \sum_k w_k F_X(x/\sigma_k),\qquad
    E Y^j = E_\nu[\sigma^j]\,E[X^j].

**Status.**  The formulas above are exact for the product law (a classical, not free,
multiplicative convolution), and it has the same first moment as the κ = ∞ law
(:math:`E\sigma`).  That it is the κ → 0 limit of the finite-n model is a *model statement*
supported by Monte Carlo, not a theorem proved here: for γ = 1/2, Σ = half 1, half 4,
n = 400 and 10 replicates (4000 eigenvalues) the KS distance between the broken-arrow samples
(:func:`~htmp_theory.sampling.correlated.sample_correlated_htmp`) and this law is 0.014, 0.014,
0.016 at κ = 0.01, 0.05, 0.2 — the level of i.i.d. draws from the law itself (0.015, 0.012,
0.016) — and 0.017 at κ = 1 (i.i.d. level 0.008), growing to 0.076 at κ = 200 where the free
law takes over.  With Σ = I the product law *is* HTMP(γ, κ), exact at every κ.  For γ > 1, X (hence Y) has an atom 1 − 1/γ at 0.  ``gamma_limit=True`` replaces
HTMP(γ, κ) by its κ → 0 Gamma approximation (shape κ/(2γ), mean 1; γ ≤ 1 only).
"""
from __future__ import annotations

import math
from fractions import Fraction

import mpmath as mp
import numpy as np
from scipy import stats

from .._base import Law
from ..._numerics.validation import check_int
from ..htmp import HTMP
from ._spectrum import as_spectrum

__all__ = ["CovarianceProductLaw"]


class CovarianceProductLaw(Law):
    r"""Law of σ·X with σ ~ ν_Σ, X ~ HTMP(γ, κ) independent (see the module docstring).

    Parameters
    ----------
    sigma
        Population spectrum (eigenvalues, ``(values, weights)`` or an object with ``ppf``).
    gamma, kappa : float
        HTMP parameters (> 0).
    scale : float, optional
        Multiplies the variable.
    gamma_limit : bool, optional
        Use Gamma(κ/(2γ), mean 1) instead of HTMP(γ, κ) for X (requires γ ≤ 1).

    Examples
    --------
    >>> law = CovarianceProductLaw([1, 3], Fraction(1, 2), 2)
    >>> law.moment(2)          # E σ² · E X² = 5 · (1 + γ + 2γ/κ)
    Fraction(10, 1)
    >>> round(float(law.cdf(1e6)), 12)
    1.0
    """

    def __init__(self, sigma, gamma: float, kappa: float, scale: float = 1, *,
                 gamma_limit: bool = False) -> None:
        super().__init__(scale)
        self.spectrum = as_spectrum(sigma)
        self.gamma_limit = bool(gamma_limit)
        self.x_law = HTMP(gamma, kappa)
        self.gamma, self.kappa = self.x_law.gamma, self.x_law.kappa
        if self.gamma_limit:
            if self.gamma > 1:
                raise ValueError(f"gamma must be <= 1 with gamma_limit=True, got {gamma!r}")
            shape = self.kappa / (2 * self.gamma)
            self._gamma_law = stats.gamma(shape, scale=1.0 / shape)
        self.atom = self.x_law.atom
        self._sig, self._w = self.spectrum.values, self.spectrum.weights

    def __repr__(self) -> str:
        return (f"CovarianceProductLaw(<{len(self._sig)} atoms>, gamma={self.gamma!r}, kappa={self.kappa!r}, "
                f"scale={self.scale!r})")

    @property
    def support(self) -> tuple[float, float]:
        return (0.0, math.inf)

    def _x_pdf(self, t):
        if self.gamma_limit:
            return self._gamma_law.pdf(t)
        return self.x_law.pdf(t)

    def _x_mass(self, t, upper):
        if self.gamma_limit:
            return self._gamma_law.sf(t) if upper else self._gamma_law.cdf(t)
        return self.x_law.sf(t) if upper else self.x_law.cdf(t) - self.atom

    def _logpdf64(self, y):
        y = np.asarray(y, dtype=float)
        t = y[..., None] / self._sig
        dens = np.sum(self._w * self._x_pdf(t) / self._sig, axis=-1)
        with np.errstate(divide="ignore"):
            return np.log(dens)

    def _mass64(self, y, upper: bool):
        y = np.asarray(y, dtype=float)
        t = y[..., None] / self._sig
        return np.sum(self._w * self._x_mass(t, upper), axis=-1)

    def _check_mp(self):
        if self.gamma_limit:
            raise ValueError("dps is not available with gamma_limit=True")

    def _logpdf_mp(self, y):
        self._check_mp()
        return mp.log(mp.fsum(mp.mpf(float(w)) * self.x_law.pdf(y / s, dps=mp.mp.dps) / s
                              for s, w in zip(self._sig, self._w)))

    def _cdf_mp(self, y):
        self._check_mp()
        return mp.fsum(mp.mpf(float(w)) * (self.x_law.cdf(y / s, dps=mp.mp.dps) - self.atom)
                       for s, w in zip(self._sig, self._w))

    def _sf_mp(self, y):
        self._check_mp()
        return mp.fsum(mp.mpf(float(w)) * self.x_law.sf(y / s, dps=mp.mp.dps) for s, w in zip(self._sig, self._w))

    def _ppf_grid(self) -> np.ndarray:
        return np.linspace(-700.0, 700.0, 4001)

    def _moment_standard(self, j: int):
        if self.gamma_limit:
            shape = self.kappa / (2 * self.gamma)
            mx = math.prod((shape + i) / shape for i in range(j))
            return float(self.spectrum.moment(j)) * mx
        mx = self.x_law._moment_standard(j)
        ms = self.spectrum.moment(j)
        if isinstance(mx, Fraction) and isinstance(ms, Fraction):
            return ms * mx
        return float(ms) * float(mx)

    def moments(self, order: int) -> list:
        """``[E Y^0, ..., E Y^order]``."""
        order = check_int("order", order, minimum=0)
        return [self.moment(j) for j in range(order + 1)]
