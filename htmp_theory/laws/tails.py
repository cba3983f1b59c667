r"""Tail asymptotics of a density, as returned by ``law.lower_tail()`` and ``law.upper_tail()``."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["TailAsymptotics"]


@dataclass(frozen=True)
class TailAsymptotics:
    r"""Leading asymptotic form of a density at one end of its support.

    .. math::

        p(x) \sim C\, t^{e}\, e^{-r t}\, |\log t|^{\ell},
        \qquad t = |x - x_0| \to 0 \quad\text{or}\quad t = x \to \infty,

    with ``log_constant`` :math:`\log C` (stored as a logarithm: for large κ,
    :math:`C` itself overflows a double), ``exponent`` :math:`e`, ``rate`` :math:`r` (0 for a
    pure power law; for an inverse-Gamma-like tail at 0 the factor is
    :math:`e^{-r/t}` and ``rate_in_inverse`` is true) and ``log_power``
    :math:`\ell` (0 unless a logarithmic correction is present).

    Attributes
    ----------
    where : float
        :math:`x_0`: ``0.0`` (lower tail on (0, ∞)), ``inf`` (upper tail) or a hard
        edge of a bounded support (e.g. the Marchenko–Pastur edges).
    exponent, log_constant, rate, log_power : float
        As above; ``constant`` is :math:`e^{\log C}` (may overflow to ``inf``).
    rate_in_inverse : bool
        The exponential factor is :math:`e^{-r/x}` instead of :math:`e^{-rx}`.
    """

    where: float
    exponent: float
    log_constant: float
    rate: float = 0.0
    log_power: float = 0.0
    rate_in_inverse: bool = False

    @property
    def constant(self) -> float:
        """:math:`C` as a float (``inf``/0 when out of the double range)."""
        try:
            return math.exp(self.log_constant)
        except OverflowError:
            return math.inf

    @property
    def is_power_law(self) -> bool:
        """True for a pure power law :math:`C x^{e}`."""
        return self.rate == 0.0 and self.log_power == 0.0

    def __call__(self, x) -> np.ndarray:
        """Evaluate the asymptotic form at ``x`` (float64, via logarithms)."""
        x = np.asarray(x, dtype=float)
        if np.isfinite(self.where):
            x = np.abs(x - self.where)
        with np.errstate(divide="ignore"):
            log = self.log_constant + self.exponent * np.log(x)
            log = log - self.rate * (1.0 / x if self.rate_in_inverse else x)
            if self.log_power:
                log = log + self.log_power * np.log(np.abs(np.log(x)))
        return np.exp(log)

    def scaled(self, scale: float) -> "TailAsymptotics":
        """The same tail for the law of ``scale * X``: :math:`p_s(x) = p(x/s)/s`."""
        return TailAsymptotics(
            self.where * scale,
            self.exponent,
            self.log_constant - (self.exponent + 1.0) * math.log(scale),
            self.rate * scale if self.rate_in_inverse else self.rate / scale,
            self.log_power,
            self.rate_in_inverse,
        )
