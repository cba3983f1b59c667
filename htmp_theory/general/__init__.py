"""General high-temperature β-ensembles: Gaussian law and the equilibrium solver.

* :class:`GaussianHT` – Allez–Bouchaud–Guionnet law of the high-temperature Gaussian ensemble;
* :func:`solve_equilibrium` – Euler–Lagrange solver for a general potential on ℝ;
* :class:`ChebyshevLaw` – law object of a numerically solved equilibrium density.
"""
from ._numeric import ChebyshevLaw
from .equilibrium import ConvergenceReport, EquilibriumLaw, solve_equilibrium
from .gaussian import GaussianHT

__all__ = ["ChebyshevLaw", "ConvergenceReport", "EquilibriumLaw", "GaussianHT", "solve_equilibrium"]
