"""Monte Carlo samplers of β-ensembles at any temperature.

* :mod:`.tridiagonal` — Dumitriu–Edelman / Edelman–Sutton models (β-Hermite,
  β-Laguerre, β-Jacobi) at any β > 0 and real parameters;
* :mod:`.scaling` — the high-temperature (HTMP) and fixed-β scalings;
* :mod:`.dense` — dense Gaussian reference samplers at β = 1, 2;
* :mod:`.potential` — MALA and Metropolis-within-Gibbs samplers for a general potential V
  on ℝ, (0, ∞) or (0, 1);
* :mod:`.correlated` — broken-arrow β-Wishart model with a population covariance Σ;
* :mod:`.replicates` — batches, progress bar, ``concurrent.futures`` executors.
"""
from .correlated import beta_wishart_covariance, dense_wishart_covariance, sample_correlated_htmp
from .dense import dense_gaussian, dense_manova, dense_wishart
from .potential import JacobiPotential, LaguerrePotential, PolynomialPotential, PotentialSample, sample_potential
from .replicates import batched, replicate
from .scaling import sample_gaussian_crossover, sample_htmp, sample_marchenko_pastur, sample_semicircle
from .tridiagonal import (
    beta_hermite,
    beta_jacobi,
    beta_laguerre,
    hermite_entries,
    jacobi_entries,
    laguerre_entries,
)

__all__ = [
    "batched",
    "replicate",
    "beta_hermite",
    "beta_laguerre",
    "beta_jacobi",
    "hermite_entries",
    "laguerre_entries",
    "jacobi_entries",
    "sample_htmp",
    "sample_marchenko_pastur",
    "sample_semicircle",
    "sample_gaussian_crossover",
    "dense_gaussian",
    "dense_wishart",
    "dense_manova",
    "sample_potential",
    "PotentialSample",
    "PolynomialPotential",
    "LaguerrePotential",
    "JacobiPotential",
    "sample_correlated_htmp",
    "beta_wishart_covariance",
    "dense_wishart_covariance",
]
