"""Symbolic derivations for high-temperature β-ensembles (sympy).

Modules, one job each:

* :mod:`~htmp_theory.symbolic.functions` – Tricomi U and parabolic cylinder D as sympy functions;
* :mod:`~htmp_theory.symbolic.loop` – loop equation and Riccati ODE from a potential;
* :mod:`~htmp_theory.symbolic.linearize` – Riccati → linear ODE, Kummer/Weber/Gauss recognition;
* :mod:`~htmp_theory.symbolic.closed_forms` – closed forms of G and the density with their
  normalising constants (Gaussian, Laguerre/HTMP, Jacobi families);
* :mod:`~htmp_theory.symbolic.series` – moment recursion, exact moments, free cumulants, κ-limit series;
* :mod:`~htmp_theory.symbolic.tails` – edge and tail asymptotics, inverse-law exponent α;
* :mod:`~htmp_theory.symbolic.numeric` – mpmath.odefun solution of a Riccati ODE (independent check);
* :mod:`~htmp_theory.symbolic.markov_krein` – Markov–Krein transform, c-cumulants, c-convolution;
* :mod:`~htmp_theory.symbolic.output` – LaTeX / pretty printing and lambdify into mpmath.

Examples
--------
>>> import sympy as sp
>>> from htmp_theory.symbolic import htmp_closed_form
>>> htmp_closed_form(sp.Rational(1, 2), 2).recognition.kind
'kummer'
"""
from .closed_forms import (
    X,
    ClosedForm,
    closed_form,
    gaussian_closed_form,
    htmp_closed_form,
    jacobi_closed_form,
    laguerre_closed_form,
    wronskian_constant,
)
from .functions import ParabolicD, TricomiU
from .linearize import LinearODE, Recognition, linearize, recognize
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
from .markov_krein import (
    c_convolve_symbolic,
    c_cumulants_symbolic,
    mk_inverse_symbolic,
    mk_transform_symbolic,
    moment_symbols,
)
from .numeric import cauchy_from_moments, solve_riccati
from .output import evaluate, pretty, to_latex, to_mpmath
from .series import (
    GAMMA,
    KAPPA,
    MomentRecursion,
    free_cumulants,
    gamma_limit_series,
    htmp_moments_exact,
    moment_recursion,
    mp_limit_series,
)
from .tails import Tail, htmp_inverse_tail_exponent, htmp_lower_tail, htmp_upper_tail, kappa_from_alpha

__all__ = [
    "X", "ClosedForm", "closed_form", "gaussian_closed_form", "htmp_closed_form", "jacobi_closed_form",
    "laguerre_closed_form", "wronskian_constant",
    "ParabolicD", "TricomiU",
    "LinearODE", "Recognition", "linearize", "recognize",
    "G", "Z", "Condition", "LoopEquation", "htmp_loop_equation", "htmp_potential",
    "htmp_stieltjes_riccati", "loop_equation",
    "c_convolve_symbolic", "c_cumulants_symbolic", "mk_inverse_symbolic", "mk_transform_symbolic",
    "moment_symbols",
    "cauchy_from_moments", "solve_riccati",
    "evaluate", "pretty", "to_latex", "to_mpmath",
    "GAMMA", "KAPPA", "MomentRecursion", "free_cumulants", "gamma_limit_series",
    "htmp_moments_exact", "moment_recursion", "mp_limit_series",
    "Tail", "htmp_inverse_tail_exponent", "htmp_lower_tail", "htmp_upper_tail", "kappa_from_alpha",
]
