r"""The high-temperature (c-) convolution of laws: :math:`\mu_1\boxplus_c\mu_2 = \mathrm{MK}_c^{-1}(\mathrm{MK}_c\mu_1 * \mathrm{MK}_c\mu_2)`.

:func:`mk_image` gives :math:`\mathrm{MK}_c\mu` for the laws whose image is known: as a ``scipy.stats``
distribution where it is classical (``GaussianHT(c)`` → normal, ``HTMP(γ, κ)`` at :math:`c = \kappa/2` → gamma,
``JacobiHT(a, b, c)`` → beta, a two-point :class:`~.markov_krein.AtomicMeasure` with weights
:math:`1-p, p` at :math:`a < b` → :math:`a + (b-a)\,\mathrm{Beta}(cp, c(1-p))`), and as its own
:math:`\nu` for an :class:`~.mk_law.MKInverseLaw` at the same c (so c-convolutions can be chained).
:func:`c_convolve` convolves the two images and returns :math:`\mathrm{MK}_c^{-1}` of the result as an
:class:`~.mk_law.MKInverseLaw` (pdf, cdf, sf, ppf, stieltjes, moments, float64 and ``dps``):

* in closed form when the images stay in one family (normal + normal, gamma + gamma of one scale):
  ``dps`` unlimited;
* otherwise numerically (:func:`.mk_nu_sum.convolve_nu`: the density of the sum by quadrature,
  tabulated once): float64 accuracy, ``dps`` up to 11.

``method="numerical"`` forces the second route (the tests use it on the closed-form cases). Laws given
as moment sequences give the moments (:func:`.markov_krein.c_convolve_moments`, any laws). A law whose
image is not known (e.g. ``HTMP`` at :math:`c \ne \kappa/2`) raises ``NotImplementedError``.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

from .._numerics.validation import check_positive
from .markov_krein import AtomicMeasure, c_convolve_moments

__all__ = ["mk_image", "c_convolve"]


def _same(c1: float, c2: float) -> bool:
    return math.isclose(c1, c2, rel_tol=1e-14)


def mk_image(law, c: float):
    r""":math:`\mathrm{MK}_c(\mu)` for the laws whose image is known (module docstring).

    Returns a frozen ``scipy.stats`` distribution for a classical image, and the :math:`\nu` of an
    :class:`~.mk_law.MKInverseLaw` (as it was given, or a :class:`~.mk_nu.Nu`) at the same c.

    Examples
    --------
    >>> from htmp_theory import HTMP
    >>> nu = mk_image(HTMP(0.5, 4.0), 2.0)     # Gamma(kappa/(2 gamma), scale 2 gamma/kappa)
    >>> nu.dist.name, nu.args, nu.kwds
    ('gamma', (4.0,), {'scale': 0.25})
    >>> mk_image(AtomicMeasure([0, 1], [1, 3]), 2.0).args      # Beta(c p, c (1 - p)), p = 3/4
    (1.5, 0.5)
    """
    from .gaussian import GaussianHT
    from .htmp import HTMP
    from .jacobi import JacobiHT
    from .mk_law import MKInverseLaw

    c = check_positive("c", c)
    if isinstance(law, HTMP) and _same(law.kappa / 2, c) and law.gamma <= 1:
        return stats.gamma(law.kappa / (2 * law.gamma), scale=2 * law.gamma / law.kappa * law.scale)
    if isinstance(law, GaussianHT) and _same(law.c, c):
        return stats.norm(scale=law.scale)
    if isinstance(law, JacobiHT) and _same(law.c, c):
        return stats.beta(1 + law.a + c, 1 + law.b + c, scale=law.scale)
    if isinstance(law, AtomicMeasure) and len(law.atoms) == 2:
        (a, p_a), (b, p_b) = sorted(zip((float(t) for t in law.atoms), (float(w) for w in law.weights)))
        return stats.beta(c * p_b, c * p_a, loc=a, scale=b - a)
    if isinstance(law, MKInverseLaw) and _same(law.c, c):
        return law.nu.source if hasattr(law.nu.source, "dist") else law.nu
    raise NotImplementedError(f"the Markov–Krein image of {law!r} at c = {c} is not known "
                              "(HTMP needs c = kappa/2 and gamma <= 1; GaussianHT, JacobiHT and MKInverseLaw "
                              "their own c; atomic measures two atoms)")


def _convolve(d1, d2):
    """Classical convolution of two frozen scipy distributions where it stays in the family, else ``None``."""
    if not all(hasattr(d, "dist") for d in (d1, d2)):
        return None
    shapes1, loc1, scale1 = d1.dist._parse_args(*d1.args, **d1.kwds)
    shapes2, loc2, scale2 = d2.dist._parse_args(*d2.args, **d2.kwds)
    if d1.dist.name == d2.dist.name == "norm":
        return stats.norm(loc1 + loc2, math.hypot(scale1, scale2))
    if d1.dist.name == d2.dist.name == "gamma" and _same(scale1, scale2):
        return stats.gamma(shapes1[0] + shapes2[0], loc=loc1 + loc2, scale=scale1)
    return None


def c_convolve(mu1, mu2, c, order: int | None = None, method: str = "auto"):
    r""":math:`\mu_1\boxplus_c\mu_2`: moments for moment sequences, otherwise a law object.

    Parameters
    ----------
    mu1, mu2
        Moment sequences, or laws with a known image (:func:`mk_image`).
    c : float
        Coupling :math:`c > 0`.
    order : int, optional
        Highest moment, for moment sequences.
    method : {"auto", "closed", "numerical"}
        How the images are convolved: in closed form where they stay in one family (``"auto"``: else
        numerically; ``"closed"``: else ``NotImplementedError``), or always numerically.

    Returns
    -------
    list or MKInverseLaw

    Examples
    --------
    >>> from htmp_theory import HTMP
    >>> law = c_convolve(HTMP(0.5, 4.0), HTMP(0.5, 4.0), 2.0)   # = 2 HTMP(1/4, 4)
    >>> round(float(law.moment(2)), 12), round(float(law.moment(3)), 12)
    (5.5, 18.5)
    """
    from .mk_law import MKInverseLaw
    from .mk_nu_sum import convolve_nu

    if method not in ("auto", "closed", "numerical"):
        raise ValueError(f"method must be 'auto', 'closed' or 'numerical', got {method!r}")
    if all(isinstance(m, (Sequence, np.ndarray)) for m in (mu1, mu2)):
        return c_convolve_moments(mu1, mu2, c, order)
    nu1, nu2 = mk_image(mu1, c), mk_image(mu2, c)
    nu = None if method == "numerical" else _convolve(nu1, nu2)
    if nu is None:
        if method == "closed":
            raise NotImplementedError("the images do not convolve in closed form (normal + normal and gamma "
                                      "+ gamma of one scale do): use method='auto' or 'numerical'")
        nu = convolve_nu(nu1, nu2)
    return MKInverseLaw(nu, c)
