r"""Loop (Schwinger–Dyson) equations of high-temperature β-ensembles.

For :math:`N` particles with joint density

.. math::

    P(\lambda) \propto \prod_{i<j} |\lambda_i - \lambda_j|^{2c/N} \prod_i e^{-V(\lambda_i)}

(Dyson index :math:`\beta = 2c/N`), the empirical measure converges to the minimiser
:math:`\rho` of :math:`\int V\rho - c\iint \log|x-y|\,\rho\rho + \int \rho\log\rho`, whose
Euler–Lagrange equation on the support is

.. math::

    \rho'(x) = \rho(x)\Bigl(-V'(x) + 2c\, \mathrm{p.v.}\!\int \frac{\rho(y)}{x-y}\,dy\Bigr).

Multiplying by a test function :math:`f` that vanishes at the hard edges, integrating
by parts and symmetrising the principal value gives the *loop equation*

.. math::

    \int f'\rho + c \iint \frac{f(x)-f(y)}{x-y}\rho(x)\rho(y) - \int f V' \rho = 0.

With :math:`f(y) = h(y)/(z-y)`, :math:`h(y) = \prod_e (y-e)` over the hard edges
:math:`e`, and a rational :math:`V'`, every integral reduces (partial fractions in
:math:`y`) to :math:`G(z) = \int \rho(y)/(z-y)\,dy`, its derivative, moments
:math:`m_j = \int y^j\rho` and constants :math:`J_m(r) = \int \rho(y)(y-r)^{-m}dy` for the
poles :math:`r` of :math:`V'`. The result is the first-order Riccati ODE

.. math::

    h(z)\, G'(z) = c\, h(z)\, G(z)^2 + B(z)\, G(z) + C(z).

Examples
--------
>>> import sympy as sp
>>> x, c = sp.symbols("x c", positive=True)
>>> loop = loop_equation(x**2 / 2, x, c)          # Gaussian, no hard edge
>>> loop.equation
Eq(Derivative(G(z), z), c*G(z)**2 - z*G(z) + 1)
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Sequence

import sympy as sp

__all__ = [
    "Condition",
    "LoopEquation",
    "loop_equation",
    "htmp_potential",
    "htmp_loop_equation",
    "htmp_stieltjes_riccati",
    "Z",
    "G",
]

#: Complex variable of the Stieltjes / Cauchy transforms.
Z = sp.Symbol("z")
#: Cauchy transform :math:`G(z) = \int \rho(y)/(z-y)\,dy` (undefined sympy function).
G = sp.Function("G")

_Y, _X2 = sp.symbols("y x_2")
_RHO = sp.Function("rho")


@dataclass(frozen=True)
class Condition:
    """A condition that (partly) fixes one unknown constant of a loop equation.

    Attributes
    ----------
    constant
        The unknown constant (a sympy symbol).
    relation
        A sympy ``Eq`` it must satisfy, or ``None`` when the condition is analytic
        (stated in ``reason``) rather than algebraic.
    reason
        Where the condition comes from, in words.
    """

    constant: sp.Symbol
    relation: sp.Eq | None
    reason: str


@dataclass(frozen=True)
class LoopEquation:
    r"""The Riccati ODE :math:`h G' = c h G^2 + B G + C` obtained from a loop equation.

    Attributes
    ----------
    potential, x, coupling, edges
        The input: :math:`V(x)`, its variable, :math:`c` (with :math:`\beta = 2c/N`) and
        the hard edges.
    h, B, C
        Polynomial / rational coefficients in :data:`Z`; ``h`` is the edge polynomial
        :math:`\prod_e (z - e)` (``1`` without hard edges).
    constants
        Unknown constants appearing in ``C`` (moments :math:`m_j`, pole integrals
        :math:`J_m(r)`), mapped to their defining integrals.
    conditions
        :class:`Condition` objects saying what fixes each constant.
    """

    potential: sp.Expr
    x: sp.Symbol
    coupling: sp.Expr
    edges: tuple
    h: sp.Expr
    B: sp.Expr
    C: sp.Expr
    constants: dict = field(default_factory=dict)
    conditions: tuple = ()

    @property
    def equation(self) -> sp.Eq:
        """The Riccati ODE as a sympy ``Eq`` in ``G(z)`` (divided by ``h``)."""
        Gz = G(Z)
        return sp.Eq(sp.Derivative(Gz, Z), sp.expand(self.rhs(Gz)))

    def rhs(self, g: sp.Expr) -> sp.Expr:
        r"""Right-hand side :math:`F(z, g) = c g^2 + (B g + C)/h` of :math:`G' = F(z, G)`."""
        return self.coupling * g**2 + sp.cancel(self.B / self.h) * g + sp.cancel(self.C / self.h)

    def residual(self, g: sp.Expr) -> sp.Expr:
        r""":math:`h g' - c h g^2 - B g - C` for an expression ``g`` in :data:`Z`."""
        return (
            self.h * sp.diff(g, Z)
            - self.coupling * self.h * g**2
            - self.B * g
            - self.C
        )


def _edge_polynomial(edges: Sequence, y: sp.Symbol) -> sp.Expr:
    return sp.Mul(*[(y - sp.sympify(e)) for e in edges])


class _Functional:
    r"""The linear functional :math:`R \mapsto \int R(y)\rho(y)\,dy` on rational :math:`R`.

    Terms are mapped to ``G(z)``-expressions, moments and pole constants; the unknown
    constants met on the way are recorded in :attr:`constants`.
    """

    def __init__(self, dG: sp.Symbol, g: sp.Symbol, support: tuple):
        self.dG, self.g, self.support = dG, g, support
        self.constants: dict = {}

    def moment(self, j: int) -> sp.Expr:
        if j == 0:
            return sp.Integer(1)
        sym = sp.Symbol(f"m_{j}")
        self.constants[sym] = sp.Integral(_Y**j * _RHO(_Y), (_Y, *self.support))
        return sym

    def pole(self, r: sp.Expr, m: int) -> sp.Expr:
        r""":math:`\int \rho(y) (y-r)^{-m} dy`."""
        if r == Z:
            if m == 1:
                return -self.g
            if m == 2:
                return -self.dG
            raise ValueError("the loop equation only needs (y - z)^-1 and (y - z)^-2")
        if r.has(Z):
            raise ValueError(f"unexpected pole at y = {r} depending on z")
        sym = sp.Symbol(rf"J_{{{m}}}({sp.latex(r)})")
        self.constants[sym] = sp.Integral(_RHO(_Y) / (_Y - r) ** m, (_Y, *self.support))
        return sym

    def __call__(self, expr: sp.Expr) -> sp.Expr:
        expr = sp.cancel(sp.together(expr))
        out = sp.Integer(0)
        if expr == 0:
            return out
        for term in sp.Add.make_args(self._partial_fractions(expr)):
            coeff, rest = term.as_independent(_Y, as_Add=False)
            out += coeff * self._monomial(rest)
        return out

    @staticmethod
    def _partial_fractions(expr: sp.Expr) -> sp.Expr:
        """Partial fractions in y, splitting over the algebraic closure when needed."""
        parts = sp.apart(expr, _Y)
        linear = all(
            sp.Poly(factor.as_base_exp()[0], _Y).degree() <= 1
            for term in sp.Add.make_args(parts)
            for factor in sp.Mul.make_args(sp.denom(term))
            if factor.has(_Y)
        )
        if linear:
            return parts
        return sp.apart(expr, _Y, full=True).doit()

    def _monomial(self, rest: sp.Expr) -> sp.Expr:
        if rest == 1:
            return sp.Integer(1)
        out = sp.Integer(1)
        for factor in sp.Mul.make_args(rest):
            base, exp = factor.as_base_exp()
            if not (exp.is_Integer and sp.Poly(base, _Y).degree() == 1):
                raise ValueError(f"cannot integrate the term {rest} against rho")
            if len(sp.Mul.make_args(rest)) != 1:
                raise ValueError(f"partial fractions left a product {rest}")
            p = sp.Poly(base, _Y).all_coeffs()
            root = sp.simplify(-p[1] / p[0])
            scale = p[0] ** exp
            if exp > 0:
                if root != 0:
                    raise ValueError(f"unexpected polynomial factor {factor}")
                out = scale * self.moment(int(exp))
            else:
                out = scale * self.pole(root, int(-exp))
        return out


def _is_even(V: sp.Expr, x: sp.Symbol, edges: tuple) -> bool:
    symmetric_edges = sorted(sp.sympify(e) for e in edges) == sorted(-sp.sympify(e) for e in edges)
    return symmetric_edges and sp.simplify(V.subs(x, -x) - V) == 0


def loop_equation(
    V: sp.Expr,
    x: sp.Symbol,
    coupling: sp.Expr,
    edges: Sequence = (),
    support: tuple | None = None,
) -> LoopEquation:
    r"""Derive the loop equation and Riccati ODE of a high-temperature β-ensemble.

    Parameters
    ----------
    V
        One-body potential, a sympy expression in ``x`` whose derivative is rational
        in ``x`` (polynomials, rational functions, ``a*log(x - r)`` terms).
    x
        The variable of ``V``.
    coupling
        :math:`c` in :math:`\beta = 2c/N` (a sympy expression or number, :math:`c > 0`).
    edges
        Hard edges of the support (e.g. ``(0,)`` for :math:`(0, \infty)`, ``(-1, 1)``);
        the test function :math:`h(y)/(z-y)` vanishes there so no boundary term appears.
    support
        ``(lower, upper)`` shown in the integrals defining the unknown constants;
        defaults to the hull of ``edges`` and ``±oo``.

    Returns
    -------
    LoopEquation
        Coefficients of :math:`h G' = c h G^2 + B G + C`, the unknown constants and
        the conditions fixing them.

    Examples
    --------
    High-temperature Laguerre (the HTMP potential, see :func:`htmp_potential`):

    >>> import sympy as sp
    >>> x, k, a, c = sp.symbols("x k a c", positive=True)
    >>> loop = loop_equation(k * x - a * sp.log(x), x, c, edges=(0,))
    >>> sp.factor(loop.B), loop.C
    (a - k*z, k)

    A pole of :math:`V'` outside the support brings one constant and its condition:

    >>> loop = loop_equation(x**2 / 2 - sp.log(5 - x), x, 1)
    >>> list(loop.constants)
    [J_{1}(5)]
    >>> loop.conditions[0].relation
    Eq(J_{1}(5), -G(5))
    """
    V = sp.sympify(V)
    if not isinstance(x, sp.Symbol):
        raise TypeError(f"x must be a sympy Symbol, got {type(x).__name__}")
    coupling = sp.sympify(coupling)
    if coupling.is_number and not coupling.is_positive:
        raise ValueError(f"coupling must lie in (0, oo), got {coupling}")
    edges = tuple(sp.sympify(e) for e in edges)
    dV = sp.cancel(sp.diff(V, x).subs(x, _Y))
    if not dV.is_rational_function(_Y):
        raise ValueError(f"V'(x) must be rational in x, got {dV.subs(_Y, x)}")
    if support is None:
        lo = min(edges) if edges else -sp.oo
        hi = max(edges) if len(edges) > 1 else sp.oo
        support = (lo, hi)

    g, dG = sp.symbols("G_, dG_")
    L = _Functional(dG, g, support)
    h = _edge_polynomial(edges, _Y)
    f = h / (Z - _Y)
    hz = h.subs(_Y, Z)
    # f(y) = h(z)/(z - y) - Q(y):  (f(x)-f(y))/(x-y) = h(z)/((z-x)(z-y)) - D(x, y)
    Q = sp.cancel((hz - h) / (Z - _Y))
    D = sp.Poly(sp.cancel((Q.subs(_Y, _X2) - Q) / (_X2 - _Y)), _X2, _Y)
    double = hz * g**2 - sum(
        coeff * L.moment(i) * L.moment(j) for (i, j), coeff in D.terms()
    )
    expr = sp.expand(L(sp.diff(f, _Y)) + coupling * double - L(f * dV))

    h_coeff = -expr.coeff(dG)
    if sp.simplify(h_coeff - hz) != 0:
        raise AssertionError(f"internal error: G' coefficient {h_coeff} != h(z) = {hz}")
    R = sp.expand(expr.subs(dG, 0))
    if sp.simplify(R.coeff(g, 2) - coupling * hz) != 0:
        raise AssertionError("internal error: G^2 coefficient is not c h(z)")
    B = sp.factor(R.coeff(g, 1))
    C = sp.simplify(R.coeff(g, 0))

    conditions = _conditions(L.constants, V, x, edges)
    return LoopEquation(V, x, coupling, edges, sp.expand(hz), B, C, L.constants, conditions)


def _conditions(constants: dict, V: sp.Expr, x: sp.Symbol, edges: tuple) -> tuple:
    even = _is_even(V, x, edges)
    out = []
    for sym in constants:
        name = sym.name
        if name.startswith("m_"):
            j = int(name[2:])
            if even and j % 2:
                out.append(Condition(sym, sp.Eq(sym, 0), "V and the edges are even"))
            else:
                out.append(Condition(
                    sym, None,
                    "not fixed by the 1/z expansion (which only relates higher moments "
                    "to it); fixed by analyticity: G ~ 1/z in every sector, i.e. the "
                    "linearised solution u ~ z^-c must be recessive there",
                ))
        else:
            integral = constants[sym]
            r = sp.solve(integral.function.as_numer_denom()[1].as_base_exp()[0], _Y)[0]
            m = int(integral.function.as_numer_denom()[1].as_base_exp()[1])
            value = -sp.diff(G(Z), Z, m - 1).subs(Z, r) / sp.factorial(m - 1)
            out.append(Condition(
                sym, sp.Eq(sym, value),
                f"self-consistency: the pole y = {r} of V' lies outside the support",
            ))
    return tuple(out)


def htmp_potential(gamma: sp.Expr, kappa: sp.Expr) -> tuple:
    r"""Derive the one-body potential and coupling of the HTMP limit.

    Starting from the β-Laguerre joint density with :math:`n` eigenvalues,
    :math:`m = n/\gamma`, :math:`\beta = \kappa/n`,

    .. math::

        \prod_{i<j}|\lambda_i-\lambda_j|^\beta \prod_i
        \lambda_i^{\frac{\beta}{2}(m-n+1)-1} e^{-\lambda_i/2},

    the rescaling :math:`\lambda = \beta m\, x` and :math:`n \to \infty` give
    :math:`|x_i - x_j|^{2c/n}` with :math:`c = \kappa/2` and
    :math:`e^{-V(x)}`, :math:`V(x) = kx - a\log x` with :math:`k = \kappa/(2\gamma)`,
    :math:`a = k - \kappa/2 - 1` (the Jacobian of the rescaling is a constant).

    Returns
    -------
    tuple
        ``(V, x, c, edges)`` ready for :func:`loop_equation`.

    Examples
    --------
    >>> import sympy as sp
    >>> g, kap = sp.symbols("gamma kappa", positive=True)
    >>> V, x, c, edges = htmp_potential(g, kap)
    >>> sp.simplify(V - (kap/(2*g)*x - (kap/(2*g) - kap/2 - 1)*sp.log(x)))
    0
    >>> c, edges
    (kappa/2, (0,))
    """
    n = sp.Symbol("n", positive=True)
    x, lam = sp.symbols("x lambda", positive=True)
    gamma, kappa = sp.sympify(gamma), sp.sympify(kappa)
    beta, m = kappa / n, n / gamma
    exponent = sp.limit(beta / 2 * (m - n + 1) - 1, n, sp.oo)
    scale = sp.simplify(beta * m)  # does not depend on n
    log_weight = (exponent * sp.log(lam) - lam / 2).subs(lam, scale * x)
    V = sp.expand(-sp.expand_log(log_weight, force=True))
    V = sp.simplify(V.coeff(x)) * x + sp.simplify(V.coeff(sp.log(x))) * sp.log(x)  # drop constants
    c = sp.limit(beta * n / 2, n, sp.oo)
    return V, x, c, (sp.Integer(0),)


@functools.lru_cache(maxsize=64)
def htmp_loop_equation(gamma: sp.Expr, kappa: sp.Expr) -> LoopEquation:
    r"""Loop equation of HTMP(γ, κ), derived from :func:`htmp_potential` (cached).

    Examples
    --------
    >>> import sympy as sp
    >>> g, kap = sp.symbols("gamma kappa", positive=True)
    >>> htmp_loop_equation(g, kap).h
    z
    """
    return loop_equation(*htmp_potential(gamma, kappa))


def htmp_stieltjes_riccati(gamma: sp.Expr, kappa: sp.Expr) -> sp.Expr:
    r"""The HTMP loop equation rewritten for :math:`s = -G`, normalised as in ``docs/theory.md`` §2.3.

    Returns the expression :math:`E(z, s, s')` such that the Riccati ODE is
    :math:`E = 0` with coefficient :math:`1` in front of :math:`z s`; with
    :math:`\varepsilon = 2\gamma/\kappa` it should read
    :math:`\varepsilon z s' + \gamma z s^2 + (z - 1 + \gamma + \varepsilon) s + 1`.

    Examples
    --------
    >>> import sympy as sp
    >>> g, kap = sp.symbols("gamma kappa", positive=True)
    >>> s = sp.Function("s")(Z)
    >>> eps = 2 * g / kap
    >>> target = eps*Z*s.diff(Z) + g*Z*s**2 + (Z - 1 + g + eps)*s + 1
    >>> sp.simplify(htmp_stieltjes_riccati(g, kap) - target)
    0
    """
    loop = htmp_loop_equation(gamma, kappa)
    s = sp.Function("s")(Z)
    expr = sp.expand(-loop.residual(-s))  # residual is linear in h G' etc.
    lead = sp.Poly(expr.coeff(s), Z).LC()  # coefficient of z s
    return sp.expand(sp.simplify(expr / lead))
