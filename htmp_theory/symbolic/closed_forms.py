r"""Closed forms of the Cauchy transform and density from the linearised Riccati ODE.

Pipeline: potential → :func:`~.loop.loop_equation` → :func:`~.linearize.linearize`
→ :func:`~.linearize.recognize` → :math:`G = -u'/(c u)` with the :math:`u \sim z^{-c}`
solution. The density :math:`p(x) = -\operatorname{Im} G(x+i0)/\pi` takes the
*Wronskian form*

.. math::

    p(x) = K\, \frac{w(x)}{|u(x + i0)|^2}, \qquad w(x) = \exp\Bigl(-\int^x P\Bigr),

because :math:`\operatorname{Im}(u'\bar u)` is a Wronskian of two solutions of the real
ODE :math:`u'' + P u' + Q u = 0` (Abel's identity). :func:`wronskian_constant` derives
:math:`K` for each recognised family with arbitrary parameters: an affine change of
variables maps it onto a canonical case, whose constant follows from the Wronskian of
:math:`u` and :math:`\bar u`. With :math:`w` normalised as in :attr:`ClosedForm.weight`
(no constant factor):

* **Weber / Gaussian** :math:`V = \alpha x^2/2 + \beta x` (mean :math:`\mu = -\beta/\alpha`),
  :math:`u = e^{-\omega^2/4} D_{-c}(-i\omega)`, :math:`\omega = \sqrt\alpha (z - \mu)`:
  :math:`K = \sqrt\alpha\, e^{-\alpha\mu^2/2} / (\sqrt{2\pi}\,\Gamma(1+c))`; at
  :math:`\alpha = 1, \mu = 0` the Allez–Bouchaud–Guionnet density
  :math:`p = 1/(\sqrt{2\pi}\,\Gamma(1+c)\,|D_{-c}(ix)|^2)`.
* **Kummer / Laguerre** :math:`e^{-V} = (x-z_0)^a e^{-kx}` on :math:`(z_0, \infty)`,
  :math:`u = U(c, -a, -k(z - z_0))`:
  :math:`K = |k|^{a+1} e^{k z_0} / (\Gamma(1+c)\,\Gamma(1+a+c))`. For the plain weight
  :math:`x^a e^{-x}` this is :math:`1/(\Gamma(1+c)\Gamma(1+a+c))`; for HTMP(γ, κ)
  (:math:`c = \kappa/2`, :math:`k = \kappa/(2\gamma) = 1 + a + c`) it is
  :math:`k^{a+1}/(\Gamma(1+c)\Gamma(k))` (Allez–Bouchaud–Majumdar–Vivo). The total
  mass is :math:`\min(1, (1+a+c)/c)`: when :math:`a < -1` (HTMP with
  :math:`\gamma > 1`) the rest is an atom at the hard edge.
* **Gauss / Jacobi** :math:`e^{-V} = |x-z_1|^a |x-z_2|^b` on the interval between
  :math:`z_1` and :math:`z_2`, :math:`L = |z_2 - z_1|`,
  :math:`u = t^{-c}\,{}_2F_1(c, 1+a+c; 2+a+b+2c; 1/t)`, :math:`t = (z - z_1)/(z_2 - z_1)`:
  :math:`K = \Gamma(2+a+b+2c)^2 / \bigl(\Gamma(1+c)\Gamma(1+a+c)\Gamma(1+b+c)
  \Gamma(2+a+b+c)\, L^{1+a+b}\bigr)`, from the jump of :math:`u` around :math:`z_2`
  and Gauss's connection formula; at :math:`c = 0` on (0, 1) the Beta(a+1, b+1) density.

Every closed form is checked by :meth:`ClosedForm.verify`: a symbolic proof that the
change of variables maps the ODE onto the standard one, plus high-precision numeric
residuals of the linear and Riccati ODEs for the actual special function.

Examples
--------
>>> import sympy as sp
>>> cf = htmp_closed_form(sp.Rational(1, 2), 2)
>>> cf.u
TricomiU(1, 0, -2*z)
>>> float(cf.density_numeric(1.0, dps=15))   # doctest: +ELLIPSIS
0.3224...
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import mpmath
import sympy as sp

from .._numerics.validation import check_dps
from .linearize import LinearODE, Recognition, linearize, recognize
from .loop import Z, LoopEquation, htmp_loop_equation, loop_equation
from .output import to_mpmath

__all__ = [
    "ClosedForm",
    "closed_form",
    "gaussian_closed_form",
    "htmp_closed_form",
    "jacobi_closed_form",
    "laguerre_closed_form",
    "wronskian_constant",
    "X",
]

#: Real variable of densities.
X = sp.Symbol("x", real=True)


@dataclass(frozen=True)
class ClosedForm:
    r"""A closed-form solution of a high-temperature loop equation.

    Attributes
    ----------
    loop, ode, recognition
        The derivation chain.
    constant
        :math:`K` in :math:`p = K w/|u|^2` (from :func:`wronskian_constant`).
    support
        ``(lower, upper)`` of the density.
    """

    loop: LoopEquation
    ode: LinearODE
    recognition: Recognition
    constant: sp.Expr
    support: tuple

    @property
    def u(self) -> sp.Expr:
        r"""The solution :math:`u(z) \sim z^{-c}` of the linear ODE."""
        return self.recognition.solution

    @property
    def G(self) -> sp.Expr:
        r"""Cauchy transform :math:`G(z) = -u'(z)/(c\,u(z))` (upper half-plane)."""
        return self.ode.cauchy(self.u)

    @property
    def stieltjes(self) -> sp.Expr:
        r"""Stieltjes transform :math:`s(z) = -G(z)`."""
        return -self.G

    @property
    def weight(self) -> sp.Expr:
        r""":math:`w(x) = \exp(-\int^x P)`, without a constant factor, real on the support.

        Each simple pole :math:`\alpha/(z-r)` of :math:`P` contributes
        :math:`|x-r|^{-\alpha}`, written :math:`(x-r)^{-\alpha}` or :math:`(r-x)^{-\alpha}`
        when :math:`r` is the lower or upper end of the support; the polynomial part is
        integrated.

        Examples
        --------
        >>> import sympy as sp
        >>> a, c = sp.symbols("a c", positive=True)
        >>> laguerre_closed_form(a, c).weight
        x**a*exp(-x)
        >>> jacobi_closed_form(a, 2, c).weight
        x**a*(1 - x)**2
        """
        w = sp.Integer(1)
        for term in sp.Add.make_args(sp.apart(self.ode.P, Z)):
            num, den = sp.fraction(sp.together(term))
            if den.has(Z):
                if sp.Poly(den, Z).degree() != 1:
                    raise ValueError(f"P has a non-simple pole: {term}")
                r = sp.solve(den, Z)[0]
                power = -sp.simplify(num / sp.Poly(den, Z).LC())
                if r == self.support[0]:
                    w *= (X - r) ** power
                elif r == self.support[1]:
                    w *= (r - X) ** power
                else:
                    w *= sp.Abs(X - r) ** power
            else:
                w *= sp.exp(-sp.integrate(term, Z).subs(Z, X))
        return w

    @property
    def density(self) -> sp.Expr:
        r"""The density :math:`K w(x)/|u(x)|^2` as a sympy expression in :data:`X`."""
        return self.constant * self.weight / sp.Abs(self.u.subs(Z, X)) ** 2

    def cauchy_numeric(self, z: Any, dps: int = 15) -> mpmath.mpc:
        """:math:`G(z)` at a point of the upper half-plane, ``dps`` digits."""
        dps = check_dps(dps)
        self._require_numbers("cauchy_numeric")
        with mpmath.workdps(dps + 15):
            return self._compiled("G", Z)(mpmath.mpmathify(z))

    def density_numeric(self, x: Any, dps: int = 15) -> mpmath.mpf:
        r""":math:`p(x) = K w(x)/|u(x+i0)|^2` at a point, ``dps`` digits."""
        dps = check_dps(dps)
        self._require_numbers("density_numeric")
        with mpmath.workdps(dps + 15):
            return self._compiled("density", X)(mpmath.mpf(x))

    def _compiled(self, name: str, variable: sp.Symbol) -> Callable:
        """``to_mpmath`` of the attribute ``name``, compiled once per instance."""
        cache = self.__dict__.setdefault("_compiled_cache", {})
        if name not in cache:
            cache[name] = to_mpmath(getattr(self, name), [variable])
        return cache[name]

    def _require_numbers(self, method: str) -> None:
        free = (self.G.free_symbols | self.constant.free_symbols) - {Z}
        if free:
            names = ", ".join(sorted(map(str, free)))
            raise ValueError(
                f"{method}() evaluates numerically: the parameters must be numbers, but {names} "
                f"{'is' if len(free) == 1 else 'are'} symbolic; build the closed form with numbers "
                f"(e.g. htmp_closed_form(sympy.Rational(1, 2), 2)) or .subs() them first"
            )

    def verify(self, points: tuple = (0.3 + 0.7j, -1.2 + 0.4j, 2.5 + 1.5j), dps: int = 30) -> dict:
        r"""Check the closed form by substitution.

        Needs numeric parameters (the residuals are evaluated numerically).

        Returns
        -------
        dict
            ``symbolic``: whether :meth:`Recognition.reduces` proves the reduction to the
            standard ODE; ``linear``: max relative residual of :math:`u''+Pu'+Qu` and
            ``riccati``: of :math:`hG' - chG^2 - BG - C` at ``points``, evaluated with
            the actual special functions at ``dps`` digits.

        Raises
        ------
        ValueError
            If a parameter is still a symbol.
        """
        dps = check_dps(dps)
        self._require_numbers("verify")
        u = self.u
        lin_terms = [sp.diff(u, Z, 2), self.ode.P * sp.diff(u, Z), self.ode.Q * u]
        G = self.G
        ric_terms = [self.loop.h * sp.diff(G, Z), -self.loop.coupling * self.loop.h * G**2,
                     -self.loop.B * G, -self.loop.C]
        out = {"symbolic": self.recognition.reduces(self.ode)}
        for name, terms in (("linear", lin_terms), ("riccati", ric_terms)):
            fs = [to_mpmath(t, [Z]) for t in terms]
            worst = mpmath.mpf(0)
            with mpmath.workdps(dps + 10):
                for z in points:
                    vals = [f(mpmath.mpmathify(z)) for f in fs]
                    worst = max(worst, abs(sum(vals)) / sum(abs(v) for v in vals))
            out[name] = worst
        return out


def wronskian_constant(recognition: Recognition, coupling: sp.Expr) -> sp.Expr:
    r"""The constant :math:`K` of :math:`p = K w/|u|^2` (formulas in the module docstring).

    The parameters of the family are read off the recognised change of variables
    :math:`w(z)` and the standard parameters: Weber :math:`\omega = \sqrt\alpha(z-\mu)`;
    Kummer :math:`\omega = -k(z-z_0)`, :math:`B = -a`; Gauss :math:`t = (z-z_1)/(z_2-z_1)`,
    :math:`C = -a`, :math:`B = -(1+a+b+c)`.

    Examples
    --------
    >>> import sympy as sp
    >>> x, a, c = sp.symbols("x a c", positive=True)
    >>> rec = recognize(linearize(loop_equation(x - a * sp.log(x), x, c, edges=(0,))))
    >>> wronskian_constant(rec, c)
    1/(gamma(c + 1)*gamma(a + c + 1))
    """
    c, w = coupling, recognition.w
    slope = sp.diff(w, Z)
    origin = sp.solve(w, Z)[0]
    if recognition.kind == "weber":
        alpha = slope**2
        return sp.sqrt(alpha) * sp.exp(-alpha * origin**2 / 2) / (sp.sqrt(2 * sp.pi) * sp.gamma(1 + c))
    if recognition.kind == "kummer":
        k, a = -slope, -recognition.params["B"]
        return sp.Abs(k) ** (a + 1) * sp.exp(k * origin) / (sp.gamma(1 + c) * sp.gamma(1 + a + c))
    a = -recognition.params["C"]
    b = -recognition.params["B"] - 1 - a - c
    return sp.gamma(2 + a + b + 2 * c) ** 2 / (
        sp.gamma(1 + c) * sp.gamma(1 + a + c) * sp.gamma(1 + b + c) * sp.gamma(2 + a + b + c)
        * sp.Abs(1 / slope) ** (1 + a + b)
    )


def closed_form(loop: LoopEquation, support: tuple | None = None) -> ClosedForm:
    """Linearise, recognise and assemble the closed form of ``loop``.

    The constant :math:`K` comes from :func:`wronskian_constant`; ``support`` defaults
    to the loop equation's.

    Examples
    --------
    >>> import sympy as sp
    >>> x, c = sp.symbols("x c", positive=True)
    >>> cf = closed_form(loop_equation(-c * sp.log(1 - x**2), x, c, edges=(-1, 1)))
    >>> cf.recognition.kind, cf.recognition.w
    ('gauss', z/2 + 1/2)
    """
    ode = linearize(loop)
    rec = recognize(ode)
    if support is None:
        edges = sorted(loop.edges)
        support = (edges[0] if edges else -sp.oo, edges[-1] if len(edges) > 1 else sp.oo)
    return ClosedForm(loop, ode, rec, sp.simplify(wronskian_constant(rec, loop.coupling)), support)


def _symbol_or_positive(name: str, value: Any) -> sp.Expr:
    value = sp.sympify(value)
    if value.is_number and not (value.is_real and value > 0):
        raise ValueError(f"{name} must lie in (0, oo), got {value}")
    return value


def _symbol_or_above(name: str, value: Any, bound: Any) -> sp.Expr:
    value = sp.sympify(value)
    if value.is_number and not (value.is_real and value > bound):
        raise ValueError(f"{name} must lie in ({bound}, oo), got {value}")
    return value


def gaussian_closed_form(c: Any = sp.Symbol("c", positive=True), mean: Any = 0,
                         variance: Any = 1) -> ClosedForm:
    r"""High-temperature Gaussian ensemble, :math:`V = (x-\mu)^2/(2\sigma^2)`, :math:`\beta = 2c/N`.

    For :math:`\mu = 0, \sigma = 1`: :math:`G' = cG^2 - zG + 1`,
    :math:`u = e^{-z^2/4} D_{-c}(-iz)` (upper half-plane),
    :math:`p(x) = 1/(\sqrt{2\pi}\,\Gamma(1+c)\,|D_{-c}(ix)|^2)`; :math:`c \to 0` gives
    the standard normal, :math:`c \to \infty` the semicircle of variance :math:`c`. Other
    ``mean`` / ``variance`` shift and scale it (``variance`` is that of the weight
    :math:`e^{-V}`, i.e. the :math:`c = 0` law).

    Examples
    --------
    >>> cf = gaussian_closed_form(1)
    >>> cf.u
    exp(-z**2/4)*ParabolicD(-1, -I*z)
    >>> gaussian_closed_form(1, mean=2, variance=4).constant
    sqrt(2)*exp(-1/2)/(4*sqrt(pi))
    """
    c = _symbol_or_positive("c", c)
    variance = _symbol_or_positive("variance", variance)
    x = sp.Symbol("x", real=True)
    return closed_form(loop_equation((x - sp.sympify(mean)) ** 2 / (2 * variance), x, c))


def laguerre_closed_form(a: Any = sp.Symbol("a", positive=True), c: Any = sp.Symbol("c", positive=True),
                         k: Any = 1) -> ClosedForm:
    r"""High-temperature Laguerre ensemble on :math:`(0, \infty)`: :math:`e^{-V} = x^a e^{-kx}`.

    :math:`u = U(c, -a, -kz)` and :math:`p(x) = k^{a+1} x^a e^{-kx} / (\Gamma(1+c)
    \Gamma(1+a+c)\,|U(c, -a, -kx)|^2)`; parameters :math:`k, c > 0`, :math:`a > -1-c`
    (for :math:`-1-c < a < -1` the density has mass :math:`(1+a+c)/c`, the rest being an
    atom at 0). HTMP(γ, κ) is the case :math:`c = \kappa/2`, :math:`k = \kappa/(2\gamma)`,
    :math:`a = k - c - 1` (:func:`htmp_closed_form`).

    Examples
    --------
    >>> import sympy as sp
    >>> a, c = sp.symbols("a c", positive=True)
    >>> cf = laguerre_closed_form(a, c)
    >>> cf.u, cf.constant
    (TricomiU(c, -a, -z), 1/(gamma(c + 1)*gamma(a + c + 1)))
    """
    c, k = _symbol_or_positive("c", c), _symbol_or_positive("k", k)
    a = _symbol_or_above("a", a, -1 - c) if c.is_number else sp.sympify(a)
    x = sp.Symbol("x", positive=True)
    return closed_form(loop_equation(k * x - a * sp.log(x), x, c, edges=(0,)))


def htmp_closed_form(gamma: Any = sp.Symbol("gamma", positive=True),
                     kappa: Any = sp.Symbol("kappa", positive=True)) -> ClosedForm:
    r"""HTMP(γ, κ): :math:`u = U(b, 1+b-k, -kz)`, :math:`s = k U(b+1, c+1, -kz)/U(b, c, -kz)`.

    :math:`p(x) = k (kx)^a e^{-kx} / (\Gamma(b+1)\Gamma(k) |U(b, c, -kx)|^2)` with
    :math:`b = \kappa/2`, :math:`k = \kappa/(2\gamma)`, :math:`a = k-b-1`, :math:`c = 1+b-k`.

    Examples
    --------
    >>> import sympy as sp
    >>> cf = htmp_closed_form()
    >>> g, kap = sp.symbols("gamma kappa", positive=True)
    >>> k, b = kap / (2 * g), kap / 2
    >>> from htmp_theory.symbolic.functions import TricomiU
    >>> cc = 1 + b - k
    >>> sp.simplify(cf.stieltjes - k * TricomiU(b + 1, cc + 1, -k * Z) / TricomiU(b, cc, -k * Z))
    0
    """
    gamma, kappa = _symbol_or_positive("gamma", gamma), _symbol_or_positive("kappa", kappa)
    return closed_form(htmp_loop_equation(gamma, kappa))


def jacobi_closed_form(a: Any = sp.Symbol("a", positive=True), b: Any = sp.Symbol("b", positive=True),
                       c: Any = sp.Symbol("c", positive=True), interval: tuple = (0, 1)) -> ClosedForm:
    r"""High-temperature Jacobi ensemble on :math:`(l, r)`: :math:`e^{-V} = (x-l)^a (r-x)^b`.

    On (0, 1): :math:`u = z^{-c}\,{}_2F_1(c, 1+a+c; 2+a+b+2c; 1/z)` and
    :math:`p(x) = K x^{a} (1-x)^{b} / |u(x+i0)|^2` with :math:`K` in the module
    docstring; parameters :math:`a, b > -1`, :math:`c > 0`, ``interval`` = :math:`(l, r)`
    with :math:`l < r`.

    Examples
    --------
    >>> cf = jacobi_closed_form(1, 2, 3)
    >>> cf.u
    hyper((3, 5), (11,), 1/z)/z**3
    >>> jacobi_closed_form(0, 0, 1).constant, jacobi_closed_form(0, 0, 1, interval=(-1, 1)).constant
    (18, 9)
    """
    a, b = _symbol_or_above("a", a, -1), _symbol_or_above("b", b, -1)
    c = _symbol_or_positive("c", c)
    lo, hi = (sp.sympify(e) for e in interval)
    if (hi - lo).is_number and not hi > lo:
        raise ValueError(f"interval must be (l, r) with l < r, got {interval}")
    x = sp.Symbol("x", real=True)
    return closed_form(loop_equation(-a * sp.log(x - lo) - b * sp.log(hi - x), x, c, edges=(lo, hi)))
