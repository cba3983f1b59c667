"""General high-temperature β-ensembles: Gaussian law and the equilibrium solver.

* :class:`GaussianHT` – Allez–Bouchaud–Guionnet law of the high-temperature Gaussian ensemble;
* :class:`ChebyshevLaw` – law object of a numerically solved equilibrium density.
"""
from ._numeric import ChebyshevLaw
from .gaussian import GaussianHT

__all__ = ["ChebyshevLaw", "GaussianHT"]
