"""Symbolic derivations for high-temperature β-ensembles (sympy).

Modules, one job each:

* :mod:`~htmp_theory.symbolic.functions` – Tricomi U and parabolic cylinder D as sympy functions;
* :mod:`~htmp_theory.symbolic.loop` – loop equation and Riccati ODE from a potential;
"""
from .functions import ParabolicD, TricomiU
from .loop import (
    G,
    Z,
    Condition,
    LoopEquation,
    htmp_loop_equation,
    htmp_potential,
    htmp_stieltjes_riccati,
    loop_equation,
)
