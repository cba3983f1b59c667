"""Equilibrium measures of general potentials at high temperature.

* :func:`solve_equilibrium` – Euler–Lagrange solver for a general potential on ℝ, (0, ∞) or (0, 1);
* :func:`solve_loop_equation` – the loop-equation (Riccati) route for polynomial potentials on ℝ;
* :func:`tail_from_potential` – tail exponents (power law for V ~ s log x) from the potential;
* :class:`ChebyshevLaw` – law object of a numerically solved equilibrium density.
"""
from .chebyshev_law import ChebyshevLaw
from .riccati import LoopSolution, solve_loop_equation
from .solver import ConvergenceReport, EquilibriumLaw, solve_equilibrium
from .tails import tail_from_potential

__all__ = ["ChebyshevLaw", "ConvergenceReport", "EquilibriumLaw", "LoopSolution", "solve_equilibrium",
           "solve_loop_equation", "tail_from_potential"]
