"""General high-temperature β-ensembles: Gaussian law and the equilibrium solver.

* :class:`GaussianHT` – Allez–Bouchaud–Guionnet law of the high-temperature Gaussian ensemble;
* :func:`solve_equilibrium` – Euler–Lagrange solver for a general potential on ℝ;
* :func:`tail_from_potential` – tail exponents (power law for V ~ s log x) from the potential;
* :class:`ChebyshevLaw` – law object of a numerically solved equilibrium density.
"""
from ._numeric import ChebyshevLaw
from .equilibrium import ConvergenceReport, EquilibriumLaw, solve_equilibrium
from .gaussian import GaussianHT
from .tails import tail_from_potential

__all__ = ["ChebyshevLaw", "ConvergenceReport", "EquilibriumLaw", "GaussianHT", "solve_equilibrium", "tail_from_potential"]
