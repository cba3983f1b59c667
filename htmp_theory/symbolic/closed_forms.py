r"""Closed forms of the Cauchy transform and density from the linearised Riccati ODE.

Pipeline: potential → :func:`~.loop.loop_equation` → :func:`~.linearize.linearize`
→ :func:`~.linearize.recognize` → :math:`G = -u'/(c u)` with the :math:`u \sim z^{-c}`
solution. The density :math:`p(x) = -\operatorname{Im} G(x+i0)/\pi` takes the
*Wronskian form*

.. math::

    p(x) = K\, \frac{w(x)}{|u(x + i0)|^2}, \qquad w(x) = \exp\Bigl(-\int^x P\Bigr),

because :math:`\operatorname{Im}(u'\bar u)` is a Wronskian of two solutions of the real
ODE :math:`u'' + P u' + Q u = 0` (Abel's identity). The constants :math:`K`:

* **Gaussian** :math:`V = x^2/2` (Allez–Bouchaud–Guionnet):
  :math:`K = 1/(\sqrt{2\pi}\,\Gamma(1+c))`, i.e. :math:`p = K/|D_{-c}(ix)|^2`;
* **HTMP / Laguerre** :math:`V = kx - a\log x` on :math:`(0,\infty)`, :math:`c = b`
  (Allez–Bouchaud–Majumdar–Vivo): :math:`K = k^{a+1}/(\Gamma(b+1)\Gamma(k))`;
* **Jacobi** :math:`V = -a\log x - b\log(1-x)` on :math:`(0,1)`:
  :math:`K = \Gamma(2+a+b+2c)^2 / (\Gamma(1+c)\Gamma(1+a+c)\Gamma(1+b+c)\Gamma(2+a+b+c))`
  — from the jump of :math:`u` around :math:`z = 1` (local exponent :math:`1+b`)
  and Gauss's connection formula; at :math:`c = 0` it is the Beta(a+1, b+1) density.

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
from typing import Any

import mpmath
import sympy as sp

from .._numerics.validation import check_dps
from .functions import ParabolicD
from .linearize import LinearODE, Recognition, linearize, recognize
from .loop import Z, LoopEquation, htmp_loop_equation, loop_equation
from .output import to_mpmath

__all__ = [
    "ClosedForm",
    "closed_form",
    "gaussian_closed_form",
    "htmp_closed_form",
    "jacobi_closed_form",
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
        :math:`K` in :math:`p = K w/|u|^2` (``None`` when unknown: then only
        :meth:`density_numeric` through :math:`-\operatorname{Im} G/\pi` is available).
    support
        ``(lower, upper)`` of the density.
    """

    loop: LoopEquation
    ode: LinearODE
    recognition: Recognition
    constant: sp.Expr | None
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
        r""":math:`w(x) = \exp(-\int^x P)`, up to a constant factor, real on the support.

        Each simple pole :math:`\alpha/(z-r)` of :math:`P` contributes
        :math:`|x-r|^{-\alpha}`; the polynomial part is integrated.
        """
        w = sp.Integer(1)
        for term in sp.Add.make_args(sp.apart(self.ode.P, Z)):
            num, den = sp.fraction(sp.together(term))
            if den.has(Z):
                r = sp.solve(den, Z)[0]
                if sp.Poly(den, Z).degree() != 1:
                    raise ValueError(f"P has a non-simple pole: {term}")
                w *= sp.Abs(X - r) ** (-sp.simplify(num / sp.Poly(den, Z).LC()))
            else:
                w *= sp.exp(-sp.integrate(term, Z).subs(Z, X))
        return sp.powsimp(w, force=True)

    @property
    def density(self) -> sp.Expr:
        r"""The density :math:`K w(x)/|u(x)|^2` as a sympy expression in :data:`X`."""
        if self.constant is None:
            raise ValueError("no closed-form constant K for this family; use density_numeric")
        return self.constant * self.weight / sp.Abs(self.u.subs(Z, X)) ** 2

    def cauchy_numeric(self, z: Any, dps: int = 15) -> mpmath.mpc:
        """:math:`G(z)` at a point of the upper half-plane, ``dps`` digits."""
        dps = check_dps(dps)
        with mpmath.workdps(dps + 15):
            return to_mpmath(self.G, [Z])(mpmath.mpmathify(z))

    def density_numeric(self, x: Any, dps: int = 15) -> mpmath.mpf:
        r""":math:`p(x)`: the closed form if :attr:`constant` is known, else
        :math:`-\operatorname{Im} G(x + i0)/\pi`."""
        dps = check_dps(dps)
        with mpmath.workdps(dps + 15):
            x = mpmath.mpf(x)
            if self.constant is not None:
                return to_mpmath(self.density, [X])(x)
            delta = mpmath.mpf(10) ** (-dps - 10) * max(1, abs(x))
            return -mpmath.im(self.cauchy_numeric(mpmath.mpc(x, delta), dps + 15)) / mpmath.pi

    def verify(self, points: tuple = (0.3 + 0.7j, -1.2 + 0.4j, 2.5 + 1.5j), dps: int = 30) -> dict:
        r"""Check the closed form by substitution.

        Returns
        -------
        dict
            ``symbolic``: whether :meth:`Recognition.reduces` proves the reduction to the
            standard ODE; ``linear``: max relative residual of :math:`u''+Pu'+Qu` and
            ``riccati``: of :math:`hG' - chG^2 - BG - C` at ``points``, evaluated with
            the actual special functions at ``dps`` digits.
        """
        dps = check_dps(dps)
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


def closed_form(loop: LoopEquation, constant: sp.Expr | None = None, support: tuple | None = None) -> ClosedForm:
    """Linearise, recognise and assemble the closed form of ``loop``.

    ``constant`` is the Wronskian constant :math:`K` when known; ``support`` defaults to
    the loop equation's.

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
    return ClosedForm(loop, ode, rec, constant, support)


def _symbol_or_positive(name: str, value: Any) -> sp.Expr:
    value = sp.sympify(value)
    if value.is_number and not (value.is_real and value > 0):
        raise ValueError(f"{name} must lie in (0, oo), got {value}")
    return value


def gaussian_closed_form(c: Any = sp.Symbol("c", positive=True)) -> ClosedForm:
    r"""High-temperature Gaussian ensemble, :math:`V = x^2/2`, :math:`\beta = 2c/N`.

    :math:`G' = cG^2 - zG + 1`, :math:`u = e^{-z^2/4} D_{-c}(-iz)` (upper half-plane),
    :math:`p(x) = 1/(\sqrt{2\pi}\,\Gamma(1+c)\,|D_{-c}(ix)|^2)`; :math:`c \to 0` gives
    the standard normal, :math:`c \to \infty` the semicircle of variance :math:`c`.

    Examples
    --------
    >>> cf = gaussian_closed_form(1)
    >>> cf.u
    exp(-z**2/4)*ParabolicD(-1, -I*z)
    """
    c = _symbol_or_positive("c", c)
    x = sp.Symbol("x", real=True)
    return closed_form(
        loop_equation(x**2 / 2, x, c),
        constant=1 / (sp.sqrt(2 * sp.pi) * sp.gamma(1 + c)),
    )


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
    k, b = kappa / (2 * gamma), kappa / 2
    a = k - b - 1
    return closed_form(htmp_loop_equation(gamma, kappa), constant=k ** (a + 1) / (sp.gamma(b + 1) * sp.gamma(k)))


def jacobi_closed_form(a: Any = sp.Symbol("a", positive=True), b: Any = sp.Symbol("b", positive=True),
                       c: Any = sp.Symbol("c", positive=True)) -> ClosedForm:
    r"""High-temperature Jacobi ensemble on (0, 1): :math:`e^{-V} = x^a (1-x)^b`.

    :math:`u = z^{-c}\,{}_2F_1(c, 1+a+c; 2+a+b+2c; 1/z)` and
    :math:`p(x) = K x^{a} (1-x)^{b} / |u(x+i0)|^2` with :math:`K` in the module
    docstring; parameters :math:`a, b > -1`, :math:`c > 0`.

    Examples
    --------
    >>> cf = jacobi_closed_form(1, 2, 3)
    >>> cf.u
    hyper((3, 5), (11,), 1/z)/z**3
    """
    for name, value in (("a", a), ("b", b)):
        value = sp.sympify(value)
        if value.is_number and not (value.is_real and value > -1):
            raise ValueError(f"{name} must lie in (-1, oo), got {value}")
    a, b, c = sp.sympify(a), sp.sympify(b), _symbol_or_positive("c", c)
    x = sp.Symbol("x", positive=True)
    K = sp.gamma(2 + a + b + 2 * c) ** 2 / (
        sp.gamma(1 + c) * sp.gamma(1 + a + c) * sp.gamma(1 + b + c) * sp.gamma(2 + a + b + c)
    )
    return closed_form(loop_equation(-a * sp.log(x) - b * sp.log(1 - x), x, c, edges=(0, 1)), constant=K)
