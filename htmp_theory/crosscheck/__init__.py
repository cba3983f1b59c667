"""Quantitative cross-checks of sampled spectra against limiting laws.

* :func:`compare` — KS, Cramér–von Mises, Wasserstein-1, moment z-scores and tail
  exponents in one table (:class:`Comparison`);
* :mod:`.tails` — Hill, Clauset and Gamma-tail estimators;
* :func:`finite_size_study` — decay of the distances with n and its rate;
* :mod:`.plots` — histogram vs density, QQ plot, log-log tails, report figure.
"""
from .compare import Check, Comparison, compare
from .tails import TailEstimate, clauset, gamma_tail_rate, hill

__all__ = ["Check", "Comparison", "compare", "TailEstimate", "clauset", "gamma_tail_rate", "hill"]
