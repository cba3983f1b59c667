r"""Linearisation of the Riccati ODE and recognition of classical linear ODEs.

A Riccati ODE :math:`G' = c G^2 + q_1 G + q_0` (from :mod:`.loop`; the :math:`G^2`
coefficient is always the coupling :math:`c`) becomes linear under
:math:`G = -u'/(c\,u)`:

.. math::

    u'' + P u' + Q u = 0, \qquad P = -q_1, \quad Q = c\, q_0 .

The requirement :math:`G \sim 1/z` selects the solution with :math:`u \sim z^{-c}`.
:func:`recognize` maps the linear ODE onto one of three classical equations:

* **Kummer** (one finite regular singular point, irregular at :math:`\infty`):
  :math:`(z-z_0)u'' + (p_1 z + p_0)u' + q_0 u = 0`, :math:`w = -p_1 (z-z_0)`,
  :math:`w F'' + (B-w)F' - AF = 0`, :math:`A = q_0/p_1`, :math:`B = p_1 z_0 + p_0`;
  solution :math:`U(A, B, w) \sim w^{-A}`.
* **Weber** (no finite singular point): :math:`u'' + (\alpha z+\beta)u' + q u = 0`,
  :math:`w = \sqrt\alpha (z + \beta/\alpha)`, :math:`u = e^{-w^2/4}F(w)`,
  :math:`F'' + (\nu - \tfrac12 - \tfrac{w^2}{4})F = 0`, :math:`\nu = q/\alpha`;
  solution :math:`F = D_{-\nu}(-i w) \sim (-iw)^{-\nu}` (upper half-plane).
* **Gauss** (two finite regular singular points :math:`z_1, z_2`):
  :math:`w = (z-z_1)/(z_2-z_1)`, :math:`w(1-w)F'' + (C - (A+B+1)w)F' - ABF = 0`;
  solution :math:`w^{-A}{}_2F_1(A, A-C+1; A-B+1; 1/w) \sim w^{-A}`.

Examples
--------
>>> import sympy as sp
>>> from htmp_theory.symbolic.loop import loop_equation
>>> x, c = sp.symbols("x c", positive=True)
>>> ode = linearize(loop_equation(x**2 / 2, x, c))
>>> ode.P, ode.Q
(z, c)
>>> rec = recognize(ode)
>>> rec.kind, rec.params
('weber', {'nu': c})
>>> rec.reduces(ode)
True
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .functions import ParabolicD, TricomiU
from .loop import Z, LoopEquation

__all__ = ["LinearODE", "Recognition", "linearize", "recognize"]

_W = sp.Symbol("w")
_F = sp.Function("F")


@dataclass(frozen=True)
class LinearODE:
    r"""The linear ODE :math:`u'' + P u' + Q u = 0` with :math:`G = -u'/(c u)`.

    Attributes
    ----------
    P, Q
        Rational functions of :data:`~htmp_theory.symbolic.loop.Z`.
    coupling
        :math:`c`, so that :math:`G = -u'/(c u)` solves the Riccati ODE.
    """

    P: sp.Expr
    Q: sp.Expr
    coupling: sp.Expr

    def apply(self, u: sp.Expr) -> sp.Expr:
        """:math:`u'' + P u' + Q u` for an expression ``u`` in ``z``."""
        return sp.diff(u, Z, 2) + self.P * sp.diff(u, Z) + self.Q * u

    def cauchy(self, u: sp.Expr) -> sp.Expr:
        """The Cauchy transform :math:`G = -u'/(c u)` built from a solution ``u``."""
        return -sp.diff(u, Z) / (self.coupling * u)


def linearize(loop: LoopEquation) -> LinearODE:
    r"""Linearise the Riccati ODE of ``loop`` by :math:`G = -u'/(c u)`.

    The substitution is checked symbolically: for an arbitrary function :math:`u`,
    the Riccati residual equals :math:`-h/(c u)` times the linear ODE.

    Examples
    --------
    >>> import sympy as sp
    >>> from htmp_theory.symbolic.loop import htmp_loop_equation
    >>> g, kap = sp.symbols("gamma kappa", positive=True)
    >>> ode = linearize(htmp_loop_equation(g, kap))
    >>> sp.simplify(ode.Q * Z)         # z u'' + (k z - a) u' + c k u = 0
    kappa**2/(4*gamma)
    """
    c = loop.coupling
    ode = LinearODE(
        P=sp.cancel(-loop.B / loop.h),
        Q=sp.cancel(c * loop.C / loop.h),
        coupling=c,
    )
    u = sp.Function("u")(Z)
    lhs = loop.residual(ode.cauchy(u))
    if sp.simplify(lhs + loop.h / (c * u) * ode.apply(u)) != 0:
        raise AssertionError("internal error: G = -u'/(c u) does not linearise the Riccati ODE")
    return ode


@dataclass(frozen=True)
class Recognition:
    r"""A classical ODE recognised in :math:`u'' + P u' + Q u = 0`.

    Attributes
    ----------
    kind
        ``"kummer"``, ``"weber"`` or ``"gauss"``.
    w
        The new variable :math:`w(z)`.
    prefactor
        :math:`\phi(z)` with :math:`u(z) = \phi(z) F(w(z))`.
    standard
        The standard ODE for ``F(w)`` (an expression that vanishes), in the symbol ``w``.
    params
        Its parameters (``A, B`` for Kummer, ``nu`` for Weber, ``A, B, C`` for Gauss).
    solution
        The solution :math:`u(z)` with :math:`u \sim \text{const}\, z^{-c}` as
        :math:`z\to\infty` in the upper half-plane (so :math:`G = -u'/(cu) \sim 1/z`).
    """

    kind: str
    w: sp.Expr
    prefactor: sp.Expr
    standard: sp.Expr
    params: dict
    solution: sp.Expr

    def reduces(self, ode: LinearODE) -> bool:
        r"""Symbolic proof that :math:`u = \phi F(w)` solves ``ode`` when ``F`` solves
        :attr:`standard`: substitute, eliminate :math:`F''` with the standard ODE and
        simplify to zero."""
        F0, F1, F2 = sp.symbols("F0_ F1_ F2_")
        F = _F(_W)
        standard = self.standard.subs(F.diff(_W, 2), F2).subs(F.diff(_W), F1).subs(F, F0)
        F2_value = sp.solve(standard, F2)[0].subs(_W, self.w)
        phi, w = self.prefactor, self.w
        # chain rule for u = phi(z) F(w(z)), with F0, F1, F2 = F, F', F'' at w(z)
        u0 = phi * F0
        u1 = phi.diff(Z) * F0 + phi * w.diff(Z) * F1
        u2 = (phi.diff(Z, 2) * F0 + (2 * phi.diff(Z) * w.diff(Z) + phi * w.diff(Z, 2)) * F1
              + phi * w.diff(Z) ** 2 * F2)
        expr = u2 + ode.P * u1 + ode.Q * u0
        return sp.simplify(expr.subs(F2, F2_value)) == 0


def _poly(expr: sp.Expr) -> sp.Poly:
    return sp.Poly(sp.expand(expr), Z)


def recognize(ode: LinearODE) -> Recognition:
    r"""Recognise Kummer, Weber or Gauss in ``ode`` and pick the :math:`z^{-c}` solution.

    Raises
    ------
    ValueError
        If the ODE is none of the three forms, or if :math:`c` is not an exponent at
        infinity (then no solution gives :math:`G \sim 1/z`).

    Examples
    --------
    >>> import sympy as sp
    >>> from htmp_theory.symbolic.loop import htmp_loop_equation
    >>> g, kap = sp.symbols("gamma kappa", positive=True)
    >>> rec = recognize(linearize(htmp_loop_equation(g, kap)))
    >>> rec.kind, rec.w
    ('kummer', -kappa*z/(2*gamma))
    >>> rec.params["A"], sp.simplify(rec.params["B"] - (1 + kap/2 - kap/(2*g)))
    (kappa/2, 0)
    """
    c = ode.coupling
    D = sp.lcm(sp.denom(sp.cancel(ode.P)), sp.denom(sp.cancel(ode.Q)))
    D = sp.Poly(D, Z).monic()
    Pn, Qn = _poly(sp.cancel(ode.P * D.as_expr())), _poly(sp.cancel(ode.Q * D.as_expr()))
    if Pn.degree() > 1 or Qn.degree() > 0 or D.degree() > 2:
        raise ValueError(
            "not a Kummer, Weber or Gauss equation: need u'' + P u' + Q u = 0 with "
            f"deg(D P) <= 1, D Q constant, deg D <= 2; got P = {ode.P}, Q = {ode.Q}"
        )
    p1, p0 = Pn.coeff_monomial(Z), Pn.coeff_monomial(1)
    q0 = Qn.coeff_monomial(1)
    if D.degree() == 0:
        return _weber(p1, p0, q0, c)
    roots = _ordered_roots(D)
    if D.degree() == 1:
        return _kummer(roots[0], p1, p0, q0, c)
    return _gauss(roots[0], roots[1], p1, p0, q0, c)


def _require_exponent(value: sp.Expr, c: sp.Expr, what: str) -> None:
    if sp.simplify(value - c) != 0:
        raise ValueError(f"{what} = {value} is not the coupling c = {c}: no solution ~ z^-c")


def _kummer(z0, p1, p0, q0, c) -> Recognition:
    if p1 == 0:
        raise ValueError("Kummer form needs a nonzero z-coefficient in (z - z0) P")
    A, B = sp.simplify(q0 / p1), sp.simplify(p1 * z0 + p0)
    _require_exponent(A, c, "Kummer parameter A")
    F = _F(_W)
    w = sp.simplify(-p1 * (Z - z0))
    return Recognition(
        "kummer", w, sp.Integer(1),
        _W * F.diff(_W, 2) + (B - _W) * F.diff(_W) - A * F,
        {"A": A, "B": B}, TricomiU(A, B, w),
    )


def _weber(p1, p0, q0, c) -> Recognition:
    if p1 == 0:
        raise ValueError("Weber form needs P linear in z with a nonzero slope")
    nu = sp.simplify(q0 / p1)
    _require_exponent(nu, c, "Weber parameter nu")
    w = sp.simplify(sp.sqrt(p1) * (Z + p0 / p1))
    F = _F(_W)
    prefactor = sp.exp(-w**2 / 4)
    return Recognition(
        "weber", w, prefactor,
        F.diff(_W, 2) + (nu - sp.Rational(1, 2) - _W**2 / 4) * F,
        {"nu": nu}, prefactor * ParabolicD(-nu, -sp.I * w),
    )


def _gauss(z1, z2, p1, p0, q0, c) -> Recognition:
    d = z2 - z1
    C = sp.simplify(-(p1 * z1 + p0) / d)
    A, B = c, sp.simplify(p1 - 1 - c)
    if sp.simplify(A * B - q0) != 0:
        raise ValueError(f"c = {c} is not an exponent at infinity of the Gauss equation")
    w = sp.simplify((Z - z1) / d)
    F = _F(_W)
    return Recognition(
        "gauss", w, sp.Integer(1),
        _W * (1 - _W) * F.diff(_W, 2) + (C - (A + B + 1) * _W) * F.diff(_W) - A * B * F,
        {"A": A, "B": B, "C": C},
        w ** (-A) * sp.hyper([A, A - C + 1], [A - B + 1], 1 / w),
    )


def _ordered_roots(D: sp.Poly) -> list:
    roots = []
    for r, mult in sp.roots(D).items():
        roots += [r] * mult
    if len(roots) != D.degree() or len(set(roots)) != len(roots):
        raise ValueError(f"need distinct explicit singular points, got roots of {D.as_expr()}")
    if all(r.is_real for r in roots):
        roots.sort(key=lambda r: float(r) if r.is_number else 0)
    return roots
