"""Quantitative cross-checks of sampled spectra against limiting laws and exact finite-n models.

* :func:`compare` — KS, Cramér–von Mises, Wasserstein-1, moment z-scores and tail
  diagnostics in one table (:class:`Comparison`), with a familywise-calibrated verdict
  (:mod:`.multiplicity`); ``model=`` compares with an exact finite-n model instead of
  the n → ∞ law;
* :func:`validate_sampler` — two-sample validation of a user's sampler against the
  exact tridiagonal model at the same n and β (:class:`LaguerreModel`,
  :class:`HermiteModel`, :class:`JacobiModel`); :func:`calibration_study` measures its
  false-alarm rate or power over many seeds on any ``concurrent.futures`` executor;
* :func:`moment_covariance`, :func:`linear_statistic_variance` — high-temperature
  fluctuations of linear statistics (linear response), used for the moment checks;
* :mod:`.tails` — Hill, Clauset and Gamma-tail estimators;
* :func:`finite_size_study` — decay of the distances with n and its rate;
* :mod:`.plots` — histogram vs density, QQ plot, log-log tails, report figure.
"""
from .compare import Check, Comparison, compare
from .finite_size import FiniteSizeStudy, finite_size_study
from .fluctuations import linear_statistic_variance, moment_covariance
from .models import FiniteModel, HermiteModel, JacobiModel, LaguerreModel
from .tails import TailEstimate, clauset, gamma_tail_rate, hill
from .validate import CalibrationStudy, calibration_study, validate_sampler

__all__ = ["Check", "Comparison", "compare", "validate_sampler", "calibration_study", "CalibrationStudy", "FiniteModel", "LaguerreModel",
           "HermiteModel", "JacobiModel", "moment_covariance", "linear_statistic_variance",
           "FiniteSizeStudy", "finite_size_study", "TailEstimate", "clauset", "gamma_tail_rate", "hill"]
