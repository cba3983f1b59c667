r"""Root finding for quantiles: Newton's method safeguarded by a bracket.

Quantiles solve :math:`F(x) = q` (or :math:`S(x) = 1 - q` in the upper half, where the
survival function keeps its relative accuracy).  The laws work in :math:`u = \log x`
on :math:`(0, \infty)` and with the logarithm of the mass ratio as residual,

.. math::

    r(u) = \log\frac{F(e^u)}{q} \quad\text{or}\quad r(u) = \log\frac{1-q}{S(e^u)},
    \qquad r'(u) = \frac{e^u p(e^u)}{F(e^u)} \text{ (resp. } S\text{)},

which is increasing in :math:`u`, close to linear in power-law tails (Newton then
reaches quantiles such as :math:`10^{-10^{12}}` in a few dozen steps) and keeps its
relative accuracy whatever the size of the mass.  :func:`solve_increasing` runs
Newton's method on such a function, keeps every iterate inside the bracket of
points where the sign of :math:`r` is known, bisects when a step leaves it, and
expands geometrically while one end of the bracket is still unknown.
"""
from __future__ import annotations

from collections.abc import Callable

import mpmath as mp

__all__ = ["solve_increasing"]


def solve_increasing(f: Callable, u0, lower=None, upper=None, max_iter: int = 400):
    r"""Root of an increasing function by safeguarded Newton (mpmath, working precision).

    Parameters
    ----------
    f : callable
        ``u -> (r, dr)``: the value and the derivative at ``u``.  ``r`` may be
        ``-inf``/``+inf`` (the root is then above/below ``u``) and ``dr`` may be
        unusable (0, inf, nan): the step is then a bisection or an expansion.
    u0 : mpf
        Starting point, inside ``(lower, upper)``.
    lower, upper : mpf, optional
        Known bounds of the root (``None``: unbounded on that side).
    max_iter : int
        Safety limit (``ArithmeticError`` beyond it).

    Returns
    -------
    mpf
        The root to 4 digits short of the working precision, relative to ``max(1, |u|)``.

    Examples
    --------
    >>> import mpmath as mp
    >>> with mp.workdps(30):
    ...     root = solve_increasing(lambda u: (u**3 - 2, 3 * u**2), mp.mpf(10))
    ...     print(mp.nstr(root - mp.cbrt(2), 3))
    0.0
    """
    a = mp.ninf if lower is None else mp.mpf(lower)
    b = mp.inf if upper is None else mp.mpf(upper)
    u = mp.mpf(u0)
    # the residual carries rounding and quadrature noise of a few units in the last places:
    # stop 4 digits short of the working precision (the callers carry guard digits)
    tol = mp.mpf(10) ** (4 - mp.mp.dps)
    for _ in range(max_iter):
        r, dr = f(u)
        if r == 0:
            return u
        if abs(r) <= tol and mp.isfinite(dr) and dr > 0:  # at the noise level of r: one last step
            return u - r / dr
        if r < 0:
            a = u
        else:
            b = u
        new = u - r / dr if mp.isfinite(r) and mp.isfinite(dr) and dr > 0 else mp.nan
        if not a < new < b:
            if mp.isfinite(a) and mp.isfinite(b):
                new = (a + b) / 2
            else:  # one end still unknown: step away geometrically
                direction = 1 if r < 0 else -1
                new = u + direction * max(1, 2 * abs(u))
                if not a < new < b:
                    new = (u + (b if direction > 0 else a)) / 2
        if abs(new - u) <= tol * max(1, abs(u)) or (mp.isfinite(a) and mp.isfinite(b)
                                                    and b - a <= tol * max(1, abs(u))):
            return new
        u = new
    raise ArithmeticError("quantile: the safeguarded Newton iteration did not converge")
