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

Sub-packages: sampling (beta-ensemble samplers), crosscheck (samples vs laws),
symbolic (sympy derivations), general (general potentials, JacobiHT), covariance
(population covariance with HTMP), fitting (estimators for real spectra).
"""
from .htmp import HTMP
from .inverse import InverseHTMP
from .marchenko_pastur import MarchenkoPastur
from .tails import TailAsymptotics

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
]
__version__ = "0.1.0"

#: names served lazily from ``htmp_theory.general`` (it imports sympy and scipy.integrate)
_GENERAL = {"GaussianHT", "JacobiHT", "solve_equilibrium", "EquilibriumLaw", "ConvergenceReport", "tail_from_potential",
            "solve_loop_equation"}


def __getattr__(name: str):
    if name in _GENERAL:
        from . import general

        return getattr(general, name)
    raise AttributeError(f"module 'htmp_theory' has no attribute {name!r}")
