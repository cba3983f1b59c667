"""htmp_theory: the high-temperature Marchenko–Pastur law and high-temperature β-ensembles.

Main objects
------------
HTMP(gamma, kappa, scale=1)         the HTMP law (pdf, cdf, sf, ppf, stieltjes, moments, tails)
InverseHTMP(gamma, kappa, scale=1)  the law of 1/X, with its power-law upper tail
MarchenkoPastur(gamma, scale=1)     the kappa -> infinity limit
"""
from .htmp import HTMP
from .inverse import InverseHTMP
from .marchenko_pastur import MarchenkoPastur
from .tails import TailAsymptotics

__all__ = ["HTMP", "InverseHTMP", "MarchenkoPastur", "TailAsymptotics"]
__version__ = "0.1.0"
