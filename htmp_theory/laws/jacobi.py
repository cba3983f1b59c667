r"""High-temperature Jacobi law on (0, 1).

For :math:`\prod_{i<j}|\lambda_i-\lambda_j|^{2c/N}\prod_i \lambda_i^{a}(1-\lambda_i)^{b}` on
:math:`(0,1)^N` (:math:`a, b > -1`, :math:`c > 0`, Dyson index :math:`\beta = 2c/N`) the
empirical measure converges to the law with density (Wronskian form, from
:func:`htmp_theory.symbolic.jacobi_closed_form`)

.. math::

    p(x) = K\,\frac{x^{a}(1-x)^{b}}{|u(x+i0)|^2}, \qquad
    u(z) = z^{-c}\,{}_2F_1\bigl(c,\,1+a+c;\,2+a+b+2c;\,1/z\bigr),

    K = \frac{\Gamma(2+a+b+2c)^2}{\Gamma(1+c)\,\Gamma(1+a+c)\,\Gamma(1+b+c)\,\Gamma(2+a+b+c)}.

:math:`u` is real on :math:`(1,\infty)`, so :math:`|u(x+i0)| = |u(x-i0)|`; mpmath evaluates
:math:`{}_2F_1(\cdot;w)` for real :math:`w>1` as the limit from :math:`\operatorname{Im} w<0`,
which is :math:`u(x+i0)` for :math:`w = 1/x` (checked against a small imaginary offset).
At :math:`c\to0` the law is Beta(a+1, b+1) (the error is :math:`O(c)`); for :math:`c\to\infty`
it spreads to the arcsine law; :math:`E X = (1+a+c)/(2+a+b+2c)`; at :math:`a = 0` the density at
0 is :math:`1+b+c` (and :math:`p(1) = 1+a+c` at :math:`b = 0`).

**Stieltjes transform.** :math:`s(z) = \int p(t)\,dt/(t-z) = u'(z)/(c\,u(z))`, i.e.

.. math::

    s(z) = -\frac1z - \frac{1+a+c}{2+a+b+2c}\,\frac{1}{z^2}\,
    \frac{{}_2F_1(1+c,\,2+a+c;\,3+a+b+2c;\,1/z)}{{}_2F_1(c,\,1+a+c;\,2+a+b+2c;\,1/z)},

and :math:`G = -s` solves the loop (Riccati) equation
:math:`(z^2-z)G' = c(z^2-z)G^2 + ((a+b)z-a)G - (1+a+b+c)`.

**CDF by the phase.** Since :math:`\pi p(x) = \operatorname{Im} s(x+i0) = \frac1c\frac{d}{dx}\arg u(x+i0)`,
:math:`\arg u(x+i0)` increases continuously by :math:`c\pi` on (0, 1): from :math:`-c\pi` at
:math:`0^+` (where :math:`u\to e^{-i\pi c}\Gamma(C)\Gamma(1+a)/(\Gamma(1+a+c)\Gamma(2+a+b+c))`,
:math:`C = 2+a+b+2c`) to 0 at :math:`1^-` (:math:`u(1)>0`). Hence

.. math::

    F(x) = \frac{\arg\bigl(e^{i\pi c}u(x+i0)\bigr)}{c\pi}, \qquad
    1-F(x) = -\frac{\arg u(x+i0)}{c\pi},

with continuous arguments. The imaginary parts have single-term forms (DLMF 15.8.2 and 15.8.4,
the gamma poles cancelled by the reflection formula), which keep both tails to full relative
accuracy:

.. math::

    \operatorname{Im}\bigl(e^{i\pi c}u(x+i0)\bigr) = \frac{\pi\,\Gamma(C)}{\Gamma(c)\Gamma(1+b+c)\Gamma(2+a)}
        x^{1+a}\,{}_2F_1(1+a+c,\,-b-c;\,2+a;\,x),

    \operatorname{Im} u(x+i0) = -\frac{\pi\,\Gamma(C)}{\Gamma(c)\Gamma(1+a+c)\Gamma(2+b)}
        x^{-c}t^{1+b}\,{}_2F_1(2+a+b+c,\,1+b+c;\,2+b;\,-t), \quad t = \frac{1-x}{x}.

For :math:`c\le1` the principal argument is the continuous one; for :math:`c>1` the number of
turns comes from a table of the unwrapped phase on a logit grid (built once per law at 15
digits, ~0.03 s at c = 2, ~1 s at c = 40; its total must come out as :math:`c\pi`, which
detects any missed turn), and the point itself is evaluated at full precision.

**Float64 paths** use a piecewise-Chebyshev table (:class:`~htmp_theory._numerics.table.LogDensityTable`)
of the log-density of the logit :math:`u = \log(x/(1-x))` (the edges :math:`x^a`, :math:`(1-x)^b`
become exponential decays), built once per law by Chebyshev collocation of the Riccati
equation of :math:`v = -x(1-x)s(x+i0)` in :math:`u`, started from one closed-form value of
:math:`s` at the mean (:func:`~htmp_theory._numerics.riccati_laws.jacobi_pieces`), down to
:math:`e^{-800}` or to the smallest normal double (the mass beyond from the phase formula).
CDF and SF are summed from the side of their tail, which keeps their relative accuracy.
Measured: set-up 20–100 ms, pdf and cdf a few µs a point; relative error of pdf, cdf and sf
about 1e-15 times :math:`|\log g|` (≤ 1e-13 in the bulk and down to densities of 1e-30, ≤ 1e-12
down to :math:`e^{-700}`), tested against the closed form at 25–50 digits.
Moments come from the loop-equation recursion
(:func:`htmp_theory.symbolic.series.moment_recursion`), exact for rational parameters.
"""
from __future__ import annotations

import functools
import math
from fractions import Fraction

import mpmath as mp
import numpy as np

from ._base import Law
from .._numerics.validation import check_positive, check_real, exact_rational, to_mpf
from .._numerics.riccati_laws import jacobi_pieces
from .._numerics.stieltjes import stieltjes_map
from .._numerics.table import LogDensityTable

__all__ = ["JacobiHT"]

#: digits of the mpmath values the float64 paths use (the table's start, masses beyond its ends)
_FLOAT_DPS = 20
#: log-density (in the logit) at which the float64 table stops, and the largest |logit| it reaches
_TABLE_FLOOR = -800.0
_REACH = 708.0


def _check_exponent(name: str, value) -> float:
    v = check_real(name, value)
    if not v > -1:
        raise ValueError(f"{name} must lie in (-1, inf), got {value!r}")
    return v


@functools.lru_cache(maxsize=1)
def _symbolic_loop():
    r"""The loop equation of :math:`V = -a\log x - b\log(1-x)` on (0, 1) with symbolic a, b, c.

    Derived once with symbols and then specialised, because the derivation needs both
    log terms present (a = 0 or b = 0 would drop one).
    """
    import sympy as sp

    from ..symbolic.loop import loop_equation

    a, b, c = sp.symbols("a b c", real=True)
    x = sp.Symbol("x", positive=True)
    return loop_equation(-a * sp.log(x) - b * sp.log(1 - x), x, c, edges=(0, 1)), (a, b, c)


def _hyp2f1_minus_t(A, B, C, x):
    r""":math:`{}_2F_1(A, B; C; -t)`, :math:`t = (1-x)/x`, :math:`0 < x < 1`.

    mpmath's own transformation fails for some integer parameter differences where the value
    is tiny through cancellation (e.g. a, b, c = 3, 4, 10 near x = 1e-17); Pfaff's
    transformation :math:`{}_2F_1(A,B;C;-t) = (1+t)^{-A}{}_2F_1(A, C-B; C; t/(1+t))`, with
    :math:`1 + t = 1/x`, :math:`t/(1+t) = 1 - x`, is used there instead.
    """
    try:
        return mp.hyp2f1(A, B, C, -(1 - x) / x)
    except ValueError:
        return x**A * mp.hyp2f1(A, C - B, C, 1 - x)


def _smod(t: float) -> float:
    """``t`` reduced modulo 2π to [-π/4, 7π/4)."""
    return (t + math.pi / 4) % (2 * math.pi) - math.pi / 4


class JacobiHT(Law):
    r"""High-temperature Jacobi law with exponents ``a``, ``b`` and coupling ``c`` on (0, 1).

    The limiting eigenvalue law of :math:`\prod_{i<j}|\lambda_i-\lambda_j|^{2c/N}
    \prod_i \lambda_i^{a}(1-\lambda_i)^{b}` (see the module docstring for the formulas).

    Parameters
    ----------
    a, b : float
        Edge exponents, :math:`a, b > -1` (the Beta(a+1, b+1) law at :math:`c\to0`).
    c : float
        Coupling :math:`c > 0` (:math:`\beta = 2c/N`).
    scale : float, optional
        Scale: the law of ``scale * X`` on ``(0, scale)``.

    Ints/Fractions for ``a``, ``b``, ``c`` and ``scale`` give exact (``Fraction``) moments.

    Examples
    --------
    >>> law = JacobiHT(0.5, -0.25, 2)
    >>> law.mean()                      # (1 + a + c) / (2 + a + b + 2c)
    0.56
    >>> JacobiHT(Fraction(1, 2), Fraction(-1, 4), 2, scale=1).moment(1)   # exact
    Fraction(14, 25)
    >>> float(law.cdf(0.5))             # doctest: +ELLIPSIS
    0.43161215...
    >>> import mpmath
    >>> mpmath.nstr(law.pdf(0.5, dps=30), 30)
    '0.767484843299682566143519142477'
    >>> float(JacobiHT(0, 0, 1).pdf(0.0))   # p(0) = 1 + b + c when a = 0
    2.0
    """

    def __init__(self, a: float, b: float, c: float, scale: float = 1.0) -> None:
        self.a = _check_exponent("a", a)
        self.b = _check_exponent("b", b)
        self.c = check_positive("c", c)
        super().__init__(scale)
        exact = [exact_rational(v) for v in (a, b, c)]
        self._exact = all(isinstance(v, Fraction) for v in exact)
        # exact parameters (Fractions; floats are binary rationals, exactly)
        self._params = tuple(v if isinstance(v, Fraction) else Fraction(float(v)) for v in exact)
        self._const_cache: dict[int, dict] = {}

    def __repr__(self) -> str:
        return f"JacobiHT(a={self.a!r}, b={self.b!r}, c={self.c!r}, scale={self.scale!r})"

    @property
    def support(self) -> tuple[float, float]:
        return (0.0, 1.0)

    # ------------------------------------------------------------ constants
    def _consts(self) -> dict:
        """Parameters and constants at the working precision (cached per ``mp.dps``)."""
        dps = mp.mp.dps
        if dps not in self._const_cache:
            a, b, c = (to_mpf(v) for v in self._params)
            C = 2 + a + b + 2 * c
            lg = mp.loggamma
            self._const_cache[dps] = dict(
                a=a, b=b, c=c, B=1 + a + c, C=C,
                logK=2 * lg(C) - lg(1 + c) - lg(1 + a + c) - lg(1 + b + c) - lg(2 + a + b + c),
                # Im(e^{i pi c} u) and Im u prefactors (module docstring)
                im_v=mp.pi * mp.exp(lg(C) - lg(c) - lg(1 + b + c) - lg(2 + a)),
                im_u=-mp.pi * mp.exp(lg(C) - lg(c) - lg(1 + a + c) - lg(2 + b)),
            )
        return self._const_cache[dps]

    def _hyp(self, x):
        r""":math:`{}_2F_1(c, 1+a+c; C; 1/x)` for :math:`0<x<1` (value below the cut: :math:`u(x+i0)x^c`)."""
        k = self._consts()
        return mp.hyp2f1(k["c"], k["B"], k["C"], 1 / x)

    def _u_upper(self, x):
        r""":math:`u(x+i0)` for :math:`0<x<1` with its imaginary part from the single-term form."""
        k = self._consts()
        u = x ** (-k["c"]) * self._hyp(x)
        t = (1 - x) / x
        im = k["im_u"] * x ** (-k["c"]) * t ** (1 + k["b"]) * _hyp2f1_minus_t(
            2 + k["a"] + k["b"] + k["c"], 1 + k["b"] + k["c"], 2 + k["b"], x)
        return mp.mpc(mp.re(u), im)

    # ----------------------------------------------------------- densities
    def _logpdf_mp(self, y):
        k = self._consts()
        return (k["logK"] + (k["a"] + 2 * k["c"]) * mp.log(y) + k["b"] * mp.log(1 - y)
                - 2 * mp.log(abs(self._hyp(y))))

    def _s_upper(self, y):
        r"""Closed-form :math:`s(y)`; for real :math:`0 < y < 1` this is :math:`s(y + i0)` (mpmath's
        value below the cut of :math:`w = 1/y`)."""
        k = self._consts()
        w = 1 / y
        ratio = mp.hyp2f1(k["c"] + 1, k["B"] + 1, k["C"] + 1, w) / mp.hyp2f1(k["c"], k["B"], k["C"], w)
        return -w - k["B"] / k["C"] * w**2 * ratio

    def _v_start(self, u0: float) -> complex:
        r""":math:`v = -x(1-x)\,s(x + i0)` at :math:`x = 1/(1 + e^{-u_0})` (start of the Riccati table)."""
        with mp.workdps(_FLOAT_DPS):
            x = 1 / (1 + mp.exp(-mp.mpf(u0)))
            return complex(-x * (1 - x) * self._s_upper(x))

    @functools.cached_property
    def _density(self) -> LogDensityTable:
        """Table of the log-density of the logit u = log(x/(1-x)) (module docstring), marched from the
        logit of the mean until it falls below e^-800 or x leaves the normal doubles; the mass beyond
        such an end from the phase formula."""
        u0 = math.log((1 + self.a + self.c) / (1 + self.b + self.c))  # the logit of the mean
        edges, coef = jacobi_pieces(self.a, self.b, self.c, u0, self._v_start(u0), floor=_TABLE_FLOOR, reach=_REACH)
        ends = np.polynomial.chebyshev.chebval(np.array([-1.0, 1.0]), coef[[0, -1]].T).diagonal()
        below = self._mass_beyond(edges[0], ends[0], False) if ends[0] > _TABLE_FLOOR else 0.0
        above = self._mass_beyond(edges[-1], ends[1], True) if ends[1] > _TABLE_FLOOR else 0.0
        table = LogDensityTable.from_pieces(edges, coef, mass_below=below, mass_above=above)
        if abs(table.total_mass - 1.0) > 1e-10:
            raise ArithmeticError(f"{self!r}: float64 table integrates to {table.total_mass!r}")
        return table

    def _mass_beyond(self, u: float, log_g: float, upper: bool) -> float:
        r"""Mass below/above the end ``u = -+708`` of the table, where the logit density is ``e^log_g``.

        There :math:`g \propto e^{(1+a)u}` (below; :math:`e^{-(1+b)u}` above) up to relative corrections
        :math:`O(e^{-|u|\min(1, 1+a)})` (from :math:`x^{1+a}`, the second solution at the edge), so
        the mass is :math:`g/(1+a)` to double precision when :math:`|u|(1+a) > 40`; otherwise the
        phase formula (digits enough for 1 - x)."""
        e = (self.b if upper else self.a) + 1
        if abs(u) * min(1.0, e) > 40.0:
            return math.exp(log_g) / e
        with mp.workdps(_FLOAT_DPS + int(abs(u) / 2.3)):
            x = 1 / (1 + mp.exp(-mp.mpf(u)))
            return float(self._sf_mp(x) if upper else self._cdf_mp(x))

    @staticmethod
    def _logit(y: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore"):
            return np.log(y) - np.log1p(-y)

    def _logpdf64(self, y: np.ndarray) -> np.ndarray:
        y = np.asarray(y, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = self._density.logxp(self._logit(y)) - np.log(y) - np.log1p(-y)
        miss = np.isnan(out)  # x below the smallest normal double: the closed form
        if np.any(miss):
            with mp.workdps(_FLOAT_DPS):
                out[miss] = [float(self._logpdf_mp(mp.mpf(float(v)))) for v in y[miss]]
        return out

    def _edge_pdf(self, y: float) -> float:
        e = self.a if y == 0 else self.b
        if e > 0:
            return 0.0
        if e < 0:
            return math.inf
        return 1.0 + (self.b if y == 0 else self.a) + self.c

    # ------------------------------------------------------- CDF by phase
    def _arg_v(self, y):
        r"""Principal :math:`\arg(e^{i\pi c}u(y+i0))` (imaginary part from its single-term form)."""
        k = self._consts()
        re = mp.re(self._u_upper(y) * mp.expjpi(k["c"]))
        im = k["im_v"] * y ** (1 + k["a"]) * mp.hyp2f1(1 + k["a"] + k["c"], -k["b"] - k["c"], 2 + k["a"], y)
        return mp.atan2(im, re)

    def _arg_u(self, y):
        r"""Principal :math:`\arg u(y+i0)`."""
        u = self._u_upper(y)
        return mp.atan2(mp.im(u), mp.re(u))

    def _cdf_mp(self, y):
        # c pi F(y) = continuous arg(e^{i pi c} u(y + i0)), increasing from 0 to c pi
        phase = self._arg_v(y)
        if self.c > 1:
            x, Phi = self._turn_table
            j = int(np.searchsorted(x, float(y), side="right")) - 1
            est = Phi[j] + _smod(float(phase) - Phi[j])
            phase += 2 * mp.pi * round((est - float(phase)) / (2 * math.pi))
        return phase / (self._consts()["c"] * mp.pi)

    def _sf_mp(self, y):
        # c pi (1 - F(y)) = -continuous arg u(y + i0), decreasing from c pi to 0
        phase = -self._arg_u(y)
        if self.c > 1:
            x, Phi = self._turn_table
            j = int(np.searchsorted(x, float(y), side="left"))
            psi = self.c * math.pi - Phi[j]
            est = psi + _smod(float(phase) - psi)
            phase += 2 * mp.pi * round((est - float(phase)) / (2 * math.pi))
        return phase / (self._consts()["c"] * mp.pi)

    def _mass64(self, y: np.ndarray, upper: bool) -> np.ndarray:
        """Masses from the table, summed from the side of the wanted tail (relative accuracy in both
        tails); points beyond a table end that holds mass beyond it from the phase formula."""
        y = np.asarray(y, dtype=float)
        t, u = self._density, self._logit(y)
        out = t.mass_above(u) if upper else t.mass_below(u)
        outside = ((u < t.u_lo) & (t.tail_below > 0)) | ((u > t.u_hi) & (t.tail_above > 0))
        if np.any(outside):
            out[outside] = self._phase_mass64(y[outside], upper)
        return out

    def _phase_mass64(self, y: np.ndarray, upper: bool) -> np.ndarray:
        """The phase formula with mpmath at 20 digits (~1 ms a point)."""
        out = []
        with mp.workdps(_FLOAT_DPS):
            for v in np.ravel(y):
                v = float(v)
                if not v > 0:
                    out.append(1.0 if upper else 0.0)
                elif not v < 1:
                    out.append(0.0 if upper else 1.0)
                else:
                    out.append(float(self._sf_mp(mp.mpf(v)) if upper else self._cdf_mp(mp.mpf(v))))
        return np.clip(np.array(out), 0.0, 1.0).reshape(np.shape(y))

    @functools.cached_property
    def _turn_table(self) -> tuple[np.ndarray, np.ndarray]:
        r"""Nodes :math:`0 = x_0 < \dots < x_n = 1` and the unwrapped phase :math:`c\pi F` there (c > 1).

        The phase is monotone, so from node to node it grows by the principal increment
        reduced to :math:`[-\pi/4, 7\pi/4)` as long as the true growth is below :math:`7\pi/4`.
        A missed turn would make the total differ from :math:`c\pi` by a multiple of
        :math:`2\pi`; the grid (uniform in the logit variable) is refined until the total is
        :math:`c\pi` and every increment is below :math:`3\pi/2`. Built once, at 15 digits.
        """
        total = self.c * math.pi
        step, half = min(1.0, 2.0 / self.c), 40.0
        for _ in range(6):
            y = np.arange(-half, half + step / 2, step)
            with np.errstate(over="ignore"):
                x = np.concatenate([[0.0], 1 / (1 + np.exp(-y)), [1.0]])
            x = np.unique(x[(x >= 0) & (x <= 1)])
            with mp.workdps(15):
                args = [0.0] + [float(self._arg_v(mp.mpf(v))) for v in x[1:-1]] + [math.remainder(total, 2 * math.pi)]
            inc = np.array([_smod(args[i + 1] - args[i]) for i in range(len(args) - 1)])
            if abs(inc.sum() - total) < 1e-6 * total and inc.max() < 1.5 * math.pi:
                return x, np.concatenate([[0.0], np.cumsum(inc)])
            step, half = step / 2, half * 2
        raise ArithmeticError(f"{self!r}: could not unwrap the phase of u")  # pragma: no cover

    def _ppf_grid(self) -> np.ndarray:
        """A grid in log y, dense near 1 (where log y resolves 1 - y poorly)."""
        near_one = -np.logspace(-0.5, -15, 30)
        return np.concatenate([np.linspace(-745.0, -40.0, 15), np.linspace(-40.0, -1.0, 40)[1:],
                               near_one, [0.0]])

    # --------------------------------------------------------------- moments
    @functools.cached_property
    def _recursion(self):
        import dataclasses

        import sympy as sp

        from ..symbolic.series import moment_recursion

        loop, syms = _symbolic_loop()
        values = {s: sp.Rational(v.numerator, v.denominator) for s, v in zip(syms, self._params)}
        numeric = dataclasses.replace(loop, coupling=values[syms[2]], B=sp.expand(loop.B.subs(values)),
                                      C=sp.expand(loop.C.subs(values)))
        return moment_recursion(numeric)

    def _moment_standard(self, j: int):
        import sympy as sp

        m = sp.Rational(self._recursion.moments(j)[j])
        if self._exact:
            return Fraction(int(m.p), int(m.q))
        return float(m)

    # ------------------------------------------------------------ Stieltjes
    def stieltjes(self, z, dps: int | None = None, side: int | None = None):
        r"""Stieltjes transform :math:`s(z) = \int p(t)\,dt/(t-z) = u'(z)/(c\,u(z))` (closed form).

        Real ``z`` in [0, scale] needs ``side=+1``/``-1`` (:math:`x \pm i0`); ``dps`` as in
        :meth:`pdf` (``None``: complex128, computed with mpmath at 17 digits).
        """
        return stieltjes_map(self, z, self._s_upper, dps, side)
