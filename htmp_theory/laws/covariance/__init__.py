r"""Population covariance Σ combined with HTMP: the two exact limits and a finite-n model.

Setting: n eigenvalues, m = n/γ samples, β = κ/n, population covariance Σ with spectral law
:math:`\nu_\Sigma`; the spectrum of the β-Wishart matrix with covariance Σ, divided by βm.

* κ = ∞: :class:`FreeCovarianceLaw` (MP_γ ⊠ ν_Σ), the exact limit (Marčenko–Pastur/Silverstein);
* κ → 0: :class:`CovarianceProductLaw` (σ·HTMP(γ, κ)), the classical product; that it is the
  limit is supported by Monte Carlo;
* 0 < κ < ∞, finite n: :func:`~htmp_theory.sampling.sample_correlated_htmp`, the exact finite-n
  β-Wishart model (broken-arrow, Dubbs–Edelman–Koev–Venkataramana; verified against dense
  matrices at β = 1, 2).

No closed form or loop equation is known (to us) for the limiting law at finite κ with
general Σ; :func:`correlated_htmp` therefore refuses finite κ unless the small-κ product
approximation is requested explicitly.
"""
from __future__ import annotations

import math

from ..._numerics.validation import check_positive
from ._spectrum import PopulationSpectrum, as_spectrum
from .free import FreeCovarianceLaw, free_covariance_moments
from .product import CovarianceProductLaw

__all__ = ["FreeCovarianceLaw", "CovarianceProductLaw", "PopulationSpectrum", "as_spectrum",
           "free_covariance_moments", "correlated_htmp"]


def correlated_htmp(sigma, gamma: float, kappa: float, *, approximation: str | None = None):
    r"""Limiting spectral law of the high-temperature β-Wishart ensemble with covariance Σ.

    Parameters
    ----------
    sigma
        Population spectrum (eigenvalues, ``(values, weights)`` or an object with ``ppf``).
    gamma : float
        Aspect ratio γ > 0.
    kappa : float
        κ = βn > 0; ``float('inf')`` gives the exact κ → ∞ law.
    approximation : {None, "product"}
        For finite κ: ``"product"`` returns the small-κ law σ·HTMP(γ, κ)
        (:class:`CovarianceProductLaw`, exact as κ → 0 only in the model sense documented there).

    Returns
    -------
    FreeCovarianceLaw or CovarianceProductLaw

    Raises
    ------
    ValueError
        For finite κ without ``approximation``: no exact law is available there; use the Monte
        Carlo model :func:`~htmp_theory.sampling.sample_correlated_htmp`.

    Examples
    --------
    >>> correlated_htmp([1.0, 2.0], 0.5, float("inf"))
    FreeCovarianceLaw(<2 atoms>, gamma=0.5, scale=1.0)
    >>> correlated_htmp([1.0, 2.0], 0.5, 0.1, approximation="product").mean()
    1.5
    """
    gamma = check_positive("gamma", gamma)
    kappa_f = check_positive("kappa", kappa, allow_inf=True)
    if approximation not in (None, "product"):
        raise ValueError(f"approximation must be None or 'product', got {approximation!r}")
    if math.isinf(kappa_f):
        return FreeCovarianceLaw(sigma, gamma)
    if approximation == "product":
        return CovarianceProductLaw(sigma, gamma, kappa)
    raise ValueError(
        f"kappa = {kappa!r} is finite: the limiting law with a general covariance is known exactly only for "
        "kappa = inf (free multiplicative convolution MP_gamma ⊠ nu_Sigma); for small kappa pass "
        "approximation='product' (sigma * HTMP(gamma, kappa)); for intermediate kappa use the Monte Carlo "
        "model htmp_theory.sampling.sample_correlated_htmp")
