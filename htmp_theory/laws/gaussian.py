r"""High-temperature Gaussian law (Allez–Bouchaud–Guionnet).

For :math:`\prod_{i<j}|\lambda_i-\lambda_j|^{2c/N}\prod_i e^{-\lambda_i^2/2}` the empirical
measure converges to the law with density

.. math::

    p_c(x) = \frac{1}{\sqrt{2\pi}\,\Gamma(1+c)\,|D_{-c}(ix)|^2}, \qquad x\in\mathbb R,

(:math:`D_\nu` the parabolic cylinder function), the standard normal at :math:`c = 0` and
the semicircle of variance :math:`c` as :math:`c\to\infty`; :math:`E X^2 = 1 + c`. Its
Stieltjes transform solves the Riccati equation :math:`s' = -c s^2 - z s - 1` and is

.. math::

    s(z) = \frac{u'(z)}{c\,u(z)} = \frac{1}{c}\Bigl(-z + i\,\frac{D_{1-c}(-iz)}{D_{-c}(-iz)}\Bigr),
    \qquad u(z) = e^{-z^2/4}D_{-c}(-iz),\ \operatorname{Im} z > 0.

The closed form, its constant and the moment recursion come from
:func:`htmp_theory.symbolic.gaussian_closed_form`; float64 paths use an exact-functional
Chebyshev expansion (:class:`~._numeric.ChebyshevLaw`) of the density, whose values at the
expansion's nodes come from the Riccati equation of :math:`s` along the real axis, started at
:math:`s(0 + i0) = i\pi p(0)` in closed form (:func:`~htmp_theory._numerics.riccati_laws.gaussian_pieces`;
set-up 10-100 ms, no special function evaluated); the ``dps`` paths evaluate the closed form (and
its quadrature) with mpmath.
"""
from __future__ import annotations

import functools
import math
from fractions import Fraction

import mpmath as mp
import numpy as np
import sympy as sp

from .._numerics.validation import check_positive, exact_rational, to_mpf
from .._numerics.quantile import solve_increasing
from .._numerics.stieltjes import stieltjes_map
from .._numerics.riccati_laws import gaussian_pieces
from .._numerics.table import LogDensityTable
from ..symbolic import gaussian_closed_form
from ..symbolic.series import moment_recursion
from .._numerics import chebyshev as cheb
from ..equilibrium.chebyshev_law import ChebyshevLaw

__all__ = ["GaussianHT"]

#: log-density at which the float64 table stops (the density underflows beyond)
_TABLE_FLOOR = -800.0


def chebyshev_table(log_density, center: float, half_width: float, tol: float = 1e-14,
                    n0: int = 64, n_max: int = 4096) -> np.ndarray:
    r"""Chebyshev coefficients of :math:`f(y) = h\,g(m+hy)\sqrt{1-y^2}` from :math:`\log g`.

    ``log_density`` is the log-density in the expansion variable :math:`u` (on ℝ simply
    :math:`\log p(x)`; on a mapped domain :math:`\log p(\phi(u)) + \log\phi'(u)`). The degree
    doubles from ``n0`` until the last eighth of the coefficients is below ``tol`` times
    the largest, or until the coefficients stop decaying at a rounding-noise plateau below
    ``1e-12`` (the last eighth no smaller than a tenth of the one before: large ``c``, whose
    log-density reaches -100 on the interval, has its noise floor near 3e-14)
    (``ArithmeticError`` past ``n_max``).
    """
    n = n0
    while n <= n_max:
        y = cheb.points(n)
        coef = cheb.coefficients(half_width * np.exp(log_density(center + half_width * y)) * np.sqrt(1 - y**2))
        top = np.max(np.abs(coef))
        last, before = np.max(np.abs(coef[-n // 8:])), np.max(np.abs(coef[-n // 4:-n // 8]))
        if last <= tol * top or (last <= 1e-12 * top and last >= 0.1 * before):
            return coef
        n *= 2
    raise ArithmeticError(f"the density needs more than {n_max} Chebyshev points")


class GaussianHT(ChebyshevLaw):
    r"""High-temperature Gaussian law with coupling ``c`` (see the module docstring).

    Parameters
    ----------
    c : float
        Coupling :math:`c > 0` (:math:`\beta = 2c/N`); ints/Fractions give exact moments.
    scale : float, optional
        Scale: the law of ``scale * X``.

    Examples
    --------
    >>> law = GaussianHT(1)
    >>> float(law.pdf(0.5))   # doctest: +ELLIPSIS
    0.24529822...
    >>> GaussianHT(1, scale=1).moment(4)   # (c + 1)(2c + 3), exact
    Fraction(10, 1)
    >>> round(float(law.cdf(0.0)), 14)
    0.5
    """

    def __init__(self, c: float, scale: float = 1.0) -> None:
        check_positive("c", c)
        exact = exact_rational(c)
        self._exact_c = exact if isinstance(exact, Fraction) else None
        self._exact_value = self._exact_c if self._exact_c is not None else Fraction(float(c))  # binary, exactly
        self._K_cache: dict[int, mp.mpf] = {}
        self.c = cf = float(c)
        half = 2.0 * math.sqrt(1.0 + cf) + 8.0
        # log p from the Riccati equation of s (no special function evaluated), out to e^-800
        self._density = LogDensityTable.from_pieces(
            *gaussian_pieces(cf, half + 60.0, floor=_TABLE_FLOOR))
        if abs(self._density.total_mass - 1.0) > 1e-10:
            raise ArithmeticError(f"GaussianHT({c!r}): float64 table integrates to {self._density.total_mass!r}")
        coef = chebyshev_table(self._density.logxp, 0.0, half)
        super().__init__(lambda x: 0.5 * np.asarray(x) ** 2, cf, 0.0, half, coef, scale)

    @functools.cached_property
    def closed_form(self):
        """The symbolic closed form (:func:`htmp_theory.symbolic.gaussian_closed_form`), built on first use."""
        exact = self._exact_value
        return gaussian_closed_form(sp.Rational(exact.numerator, exact.denominator))

    def __repr__(self) -> str:
        return f"GaussianHT(c={self.c!r}, scale={self.scale!r})"

    # ---------------------------------------------------------------- closed form
    def _log_K(self):
        dps = mp.mp.dps
        if dps not in self._K_cache:
            self._K_cache[dps] = mp.log(mp.mpf(sp.N(self.closed_form.constant, dps + 5)))
        return self._K_cache[dps]

    def _c_mp(self):
        """c at the working precision (exact input read exactly)."""
        return to_mpf(self._exact_c) if self._exact_c is not None else mp.mpf(self.c)

    def _logpdf_closed(self, y):
        return self._log_K() - 2 * mp.log(abs(mp.pcfd(-self._c_mp(), mp.mpc(0, y))))

    def _logpdf_mp(self, y):
        return self._logpdf_closed(y)

    def _half_mass_mp(self, y):
        r"""Mass below ``y <= 0`` (the law is symmetric, the density increases up to 0).

        Break points at :math:`y - s\,2^j`, :math:`s` the decay length of the density at ``y`` (in
        the far tail much shorter than 1), out to where the density has fallen below
        :math:`10^{-(dps+10)}` of its value at ``y``; then :math:`-\infty`.  (Fixed break points
        lost 10 digits at c = 20, y = -17.)  The integrand is scaled by the density at ``y``:
        ``mpmath.quad`` stops on an absolute error estimate, which a tail mass of 1e-60 always meets.
        """
        log_p = self._logpdf_closed
        end, tiny = log_p(y), -(mp.mp.dps + 10) * mp.log(10)
        s = 1 / (1 + abs(mp.diff(log_p, y)))
        pts = [y]
        while log_p(pts[-1]) - end > tiny:
            pts.append(y - s * 2 ** len(pts))
        return mp.quad(lambda t: mp.exp(log_p(t) - end), [-mp.inf] + pts[::-1]) * mp.exp(end)

    def _cdf_mp(self, y):
        return self._half_mass_mp(y) if y <= 0 else 1 - self._half_mass_mp(-y)

    def _sf_mp(self, y):
        return self._cdf_mp(-y)

    def _ppf_mp(self, q, start):
        """Safeguarded Newton in x on the log mass ratio (the smaller tail: relative accuracy)."""
        upper = q > 0.5
        target = 1 - q if upper else q

        def residual(x):
            mass = self._sf_mp(x) if upper else self._cdf_mp(x)
            if not mass > 0:
                return (mp.inf if upper else mp.ninf), mp.nan
            slope = mp.exp(self._logpdf_closed(x)) / mass
            return (mp.log(target / mass) if upper else mp.log(mass / target)), slope

        x0 = mp.mpf(float(start)) if mp.isfinite(start) else mp.mpf(0)
        return solve_increasing(residual, x0)

    def _logpdf64(self, y: np.ndarray) -> np.ndarray:
        """log p from the Riccati table; beyond it (p below e^-800) from the expansion's tails."""
        out = self._density.logxp(y)
        miss = np.isnan(out)
        if np.any(miss):
            out[miss] = super()._logpdf64(np.asarray(y, dtype=float)[miss])
        return out

    def _mass64(self, y: np.ndarray, upper: bool) -> np.ndarray:
        """Mass above/below ``y`` from the Riccati table, summed from the tail's side (relative accuracy
        in both tails; beyond the table the mass, below e^-800, is 0 in float64)."""
        y = np.asarray(y, dtype=float)
        return self._density.mass_above(y) if upper else self._density.mass_below(y)

    def _moment_standard(self, j: int):
        m = moment_recursion(self.closed_form.loop).moments(j)[j]
        if self._exact_c is not None:
            r = sp.Rational(m)
            return Fraction(int(r.p), int(r.q))
        return float(m)

    def stieltjes(self, z, dps: int | None = None, side: int | None = None):
        r"""Stieltjes transform :math:`s(z) = (-z + i D_{1-c}(-iz)/D_{-c}(-iz))/c` (closed form).

        Real ``z`` needs ``side=+1``/``-1`` (:math:`x \pm i0`); ``dps`` as in :meth:`pdf`.
        """
        def upper(y):
            w = mp.mpc(0, -1) * y
            c = self._c_mp()
            return (-y + mp.mpc(0, 1) * mp.pcfd(1 - c, w) / mp.pcfd(-c, w)) / c

        return stieltjes_map(self, z, upper, dps, side)
