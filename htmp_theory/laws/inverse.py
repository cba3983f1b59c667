r"""The inverse HTMP law: the law of :math:`Y = \text{scale}/X` with :math:`X \sim` HTMP(γ, κ).

Spectra of inverses and of kernel matrices built from HTMP-like data follow it.  Its
density is :math:`q(\lambda) = \lambda^{-2} p(1/\lambda)` and its upper tail is a power
law,

.. math::

    q(\lambda) \sim C_0\, \lambda^{-\alpha}, \qquad
    \alpha = 1 + \frac{\kappa}{2}\Bigl|\frac{1}{\gamma} - 1\Bigr|,

inherited from the algebraic behaviour of :math:`p` at 0; near 0 it is
inverse-Gamma-like, :math:`q(\lambda) \sim C \lambda^{-(k+b+1)} e^{-k/\lambda}`.
In the heavy-tailed self-regularisation vocabulary, a fitted tail exponent α
corresponds to :math:`\kappa = 2(\alpha - 1)\gamma/|1-\gamma|`.

For γ > 1, X has an atom at 0; ``InverseHTMP`` is then the law of :math:`1/X`
*given* :math:`X > 0` (the inverses of the non-zero eigenvalues, as for a
pseudo-inverse), i.e. the continuous part renormalised to mass one.
"""
from __future__ import annotations

import math

import mpmath as mp
import numpy as np

from ._base import Law
from .htmp import HTMP
from .moments import htmp_inverse_moments
from .._numerics.stieltjes import stieltjes_map
from .tails import TailAsymptotics

__all__ = ["InverseHTMP"]


class InverseHTMP(Law):
    r"""Law of ``scale / X`` for ``X ~ HTMP(gamma, kappa)`` (see the module docstring).

    Parameters
    ----------
    gamma : float
        Aspect ratio γ > 0, γ ≠ 1 (at γ = 1 the tail exponent α is 1 and the law of
        1/X has no power-law description).
    kappa : float
        Repulsion κ > 0 (``inf``: inverse Marchenko–Pastur).
    scale : float, optional
        Multiplies :math:`1/X` (default 1).

    Examples
    --------
    >>> inv = InverseHTMP(0.5, 4.0)
    >>> inv.alpha          # 1 + (4/2)(2 - 1)
    3.0
    >>> inv.upper_tail().exponent
    -3.0
    """

    def __init__(self, gamma: float, kappa: float, scale: float = 1.0) -> None:
        super().__init__(scale)
        self.base = HTMP(gamma, kappa)
        if self.base.gamma == 1.0:
            raise ValueError("gamma must lie in (0, 1) or (1, inf) for InverseHTMP, got 1")
        self.gamma, self.kappa = self.base.gamma, self.base.kappa
        #: renormalisation of the continuous part (gamma for gamma > 1, else 1)
        self._norm = max(1.0, self.gamma)

    def __repr__(self) -> str:
        return f"InverseHTMP(gamma={self.gamma!r}, kappa={self.kappa!r}, scale={self.scale!r})"

    @property
    def alpha(self) -> float:
        r"""Power-law exponent :math:`\alpha = 1 + (\kappa/2)|1/\gamma - 1|` of the upper tail."""
        return 1.0 + 0.5 * self.kappa * abs(1.0 / self.gamma - 1.0)

    @property
    def support(self) -> tuple[float, float]:
        lo, hi = self.base.support
        return (1.0 / hi if hi < math.inf else 0.0, 1.0 / lo if lo > 0 else math.inf)

    def _logpdf64(self, y):
        return math.log(self._norm) - 2 * np.log(y) + self.base._logpdf64(1.0 / y)

    def _mass64(self, y, upper: bool):
        return self.base._mass64(1.0 / y, not upper) * self._norm

    def _logpdf_mp(self, y):
        return mp.log(self._norm) - 2 * mp.log(y) + self.base._logpdf_mp(1 / y)

    def _cdf_mp(self, y):
        return self.base._sf_mp(1 / y) * self._norm

    def _sf_mp(self, y):
        return self.base._cdf_mp(1 / y) * self._norm

    def _ppf_grid(self) -> np.ndarray:
        return -self.base._ppf_grid()[::-1]

    def _moment_standard(self, j: int):
        r""":math:`E[X^{-j}]` by the Riccati recursion at z = 0 (γ < 1), else by quadrature."""
        if self.gamma < 1:
            return htmp_inverse_moments(self.base._exact_gamma, self.base._exact_kappa, j)[j]
        if j >= self.alpha - 1:
            return math.inf
        with mp.workdps(20):
            f = lambda u: mp.exp(-j * u + self.base._logpdf_mp(mp.exp(u)) + u)  # noqa: E731
            return float(mp.quad(f, [-mp.inf, -5, 0, 5, mp.inf]) * self._norm)

    def lower_tail(self) -> TailAsymptotics:
        r"""Inverse-Gamma-like behaviour at 0: :math:`q(\lambda) \sim C\lambda^{-(k+b+1)}e^{-k/\lambda}`."""
        if math.isinf(self.kappa):
            raise ValueError("the inverse Marchenko-Pastur law has hard edges, not tails")
        t = self.base._upper_tail_standard()
        return TailAsymptotics(0.0, -t.exponent - 2.0, t.log_constant + math.log(self._norm), rate=t.rate,
                               rate_in_inverse=True).scaled(self.scale)

    def upper_tail(self) -> TailAsymptotics:
        r"""Power-law tail :math:`q(\lambda) \sim C_0 \lambda^{-\alpha}` (``exponent`` is :math:`-\alpha`)."""
        if math.isinf(self.kappa):
            raise ValueError("the inverse Marchenko-Pastur law has hard edges, not tails")
        t = self.base._lower_tail_standard()
        return TailAsymptotics(math.inf, -t.exponent - 2.0, t.log_constant + math.log(self._norm)).scaled(self.scale)

    def stieltjes(self, z, dps: int | None = None, side: int | None = None):
        r"""Stieltjes transform of the inverse law, from that of X.

        Since :math:`1/(1/x - z) = -1/z - z^{-2}/(x - 1/z)`,
        :math:`s_Y(z) = -1/z - \nu\, s_c(1/z)/z^2`, where :math:`s_c` is the transform
        of the continuous part of X (its atom removed) and :math:`\nu` the
        renormalisation (γ for γ > 1, else 1).  Arguments as in :meth:`HTMP.stieltjes`.
        """
        def upper(y):
            on_axis_side = -1 if mp.im(y) == 0 else None  # 1/(y + i0) = 1/y - i0
            sx = self.base.stieltjes(1 / y, dps=mp.mp.dps, side=on_axis_side)
            s_cont = sx + mp.mpf(self.base.atom) * y  # the atom contributes -w0 / (1/y)
            return -1 / y - self._norm * s_cont / y**2

        def upper64(y):  # vectorised through that of X
            return -1 / y - self._norm * (self.base.stieltjes(1 / y, side=-1) + self.base.atom * y) / y**2

        return stieltjes_map(self, z, upper, dps, side, upper64)
