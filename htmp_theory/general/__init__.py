"""General high-temperature β-ensembles: Gaussian law and the equilibrium solver.

* :class:`GaussianHT` – Allez–Bouchaud–Guionnet law of the high-temperature Gaussian ensemble;
* :class:`JacobiHT` – law of the high-temperature Jacobi ensemble on (0, 1);
* :func:`solve_equilibrium` – Euler–Lagrange solver for a general potential on ℝ, (0, ∞) or (0, 1);
* :func:`solve_loop_equation` – the loop-equation (Riccati) route for polynomial potentials on ℝ;
* :func:`tail_from_potential` – tail exponents (power law for V ~ s log x) from the potential;
* :class:`ChebyshevLaw` – law object of a numerically solved equilibrium density.
"""
from ._numeric import ChebyshevLaw
from .equilibrium import ConvergenceReport, EquilibriumLaw, solve_equilibrium
from .gaussian import GaussianHT
from .jacobi import JacobiHT
from .riccati import LoopSolution, solve_loop_equation
from .tails import tail_from_potential

__all__ = ["ChebyshevLaw", "ConvergenceReport", "EquilibriumLaw", "GaussianHT", "JacobiHT", "LoopSolution",
           "solve_equilibrium", "solve_loop_equation", "tail_from_potential"]
