"""Limiting laws with closed forms, as ``scipy.stats``-like objects.

* :class:`HTMP`, :class:`InverseHTMP`, :class:`MarchenkoPastur` — high-temperature
  Marchenko–Pastur law, its inverse, and the κ → ∞ limit;
* :class:`GaussianHT` — high-temperature Gaussian law (Allez–Bouchaud–Guionnet);
* :class:`JacobiHT` — high-temperature Jacobi law on (0, 1);
* :mod:`.covariance` — population covariance combined with HTMP;
* :mod:`.moments` — exact moment recursions; :class:`TailAsymptotics` — tail constants;
* :mod:`.markov_krein` — Markov–Krein transform, c-cumulants, c-convolution (moments);
  :mod:`.mk_law` — the law MK_c^-1(nu) from the law of a matrix entry;
  :mod:`.c_convolution` — the c-convolution of laws; :mod:`.mk_nu_sum` — the law of a sum of
  independent nu's (its middle step).

``GaussianHT``, ``JacobiHT`` and ``covariance`` are imported on first use (they need sympy).
"""
import importlib

from .htmp import HTMP
from .inverse import InverseHTMP
from .marchenko_pastur import MarchenkoPastur
from .tails import TailAsymptotics

__all__ = ["HTMP", "InverseHTMP", "MarchenkoPastur", "TailAsymptotics", "GaussianHT", "JacobiHT",
           "AtomicMeasure", "mk_transform", "mk_inverse_moments", "c_cumulants", "c_convolve_moments",
           "MKInverseLaw", "mk_inverse", "mk_inverse_density", "mk_image", "c_convolve", "convolve_nu"]

#: names served on first use, and the module that defines each
_LAZY = {"GaussianHT": ".gaussian", "JacobiHT": ".jacobi", "AtomicMeasure": ".markov_krein",
         "mk_transform": ".markov_krein", "mk_inverse_moments": ".markov_krein",
         "c_cumulants": ".markov_krein", "c_convolve_moments": ".markov_krein",
         "MKInverseLaw": ".mk_law", "mk_inverse": ".mk_law", "mk_inverse_density": ".mk_law",
         "mk_image": ".c_convolution", "c_convolve": ".c_convolution", "convolve_nu": ".mk_nu_sum"}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
