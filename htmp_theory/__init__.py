"""htmp_theory: the high-temperature Marchenko–Pastur law and high-temperature β-ensembles.

Main objects
------------
HTMP(gamma, kappa, scale=1)         the HTMP law (pdf, cdf, sf, ppf, stieltjes, moments, tails)
InverseHTMP(gamma, kappa, scale=1)  the law of 1/X, with its power-law upper tail
MarchenkoPastur(gamma, scale=1)     the kappa -> infinity limit
GaussianHT(c, scale=1)              high-temperature Gaussian law (Allez-Bouchaud-Guionnet)
JacobiHT(a, b, c, scale=1)         high-temperature Jacobi law on (0, 1)
solve_equilibrium(V, c, domain)     equilibrium density of a general potential on R, (0, inf), (0, 1)
solve_loop_equation(V, c)           the loop-equation route for polynomial potentials

Sub-packages, one job each:

=================  ==================================================================
``laws``           closed-form laws (HTMP, inverse, Marchenko–Pastur, Gaussian, Jacobi;
                   population covariance in ``laws.covariance``)
``equilibrium``    solvers for general potentials (Euler–Lagrange, loop equation, tails)
``sampling``       β-ensemble samplers (tridiagonal, dense, MCMC for a potential)
``crosscheck``     samples against laws (distances, moments, tails, finite-size studies)
``fitting``        estimators and reports for real spectra (weight matrices)
``symbolic``       sympy derivations (loop equations, Riccati ODEs, closed forms, series)
``_numerics``      private numerical kernels (special functions, tables, Chebyshev)
=================  ==================================================================
"""
import importlib

from .laws import HTMP, InverseHTMP, MarchenkoPastur, TailAsymptotics

__all__ = [
    "HTMP",
    "InverseHTMP",
    "MarchenkoPastur",
    "TailAsymptotics",
    "GaussianHT",
    "JacobiHT",
    "solve_equilibrium",
    "EquilibriumLaw",
    "ConvergenceReport",
    "tail_from_potential",
    "solve_loop_equation",
    "mk_transform",
    "mk_inverse",
    "c_cumulants",
    "c_convolve",
]
__version__ = "0.1.0"

#: names served on first use (their modules import sympy and scipy.integrate), and where each lives
_LAZY = {"GaussianHT": ".laws", "JacobiHT": ".laws", "solve_equilibrium": ".equilibrium",
         "EquilibriumLaw": ".equilibrium", "ConvergenceReport": ".equilibrium",
         "tail_from_potential": ".equilibrium", "solve_loop_equation": ".equilibrium",
         "mk_transform": ".laws", "mk_inverse": ".laws", "c_cumulants": ".laws",
         "c_convolve": ".laws"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module 'htmp_theory' has no attribute {name!r}")
