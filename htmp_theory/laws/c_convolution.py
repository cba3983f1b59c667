r"""The high-temperature (c-) convolution of laws: :math:`\mu_1\boxplus_c\mu_2 = \mathrm{MK}_c^{-1}(\mathrm{MK}_c\mu_1 * \mathrm{MK}_c\mu_2)`.

:func:`mk_image` gives :math:`\mathrm{MK}_c\mu` as a ``scipy.stats`` distribution for the laws whose image
is classical (``GaussianHT(c)`` → normal, ``HTMP(γ, κ)`` at :math:`c = \kappa/2` → gamma,
``JacobiHT(a, b, c)`` → beta, an :class:`~.mk_law.MKInverseLaw` → its own ν); :func:`c_convolve`
convolves the images (in closed form for normal + normal and gamma + gamma with one scale) and
returns :math:`\mathrm{MK}_c^{-1}` of the result as an :class:`~.mk_law.MKInverseLaw`, or the moments
when both laws are given as moment sequences (:func:`.markov_krein.c_convolve_moments`, any laws).
Other pairs of images would need a numerical convolution of densities, which is not implemented
(``NotImplementedError``).
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

from .._numerics.validation import check_positive
from .markov_krein import c_convolve_moments

__all__ = ["mk_image", "c_convolve"]


def _same(c1: float, c2: float) -> bool:
    return math.isclose(c1, c2, rel_tol=1e-14)


def mk_image(law, c: float):
    r""":math:`\mathrm{MK}_c(\mu)` as a frozen ``scipy.stats`` distribution, for laws with a classical image.

    Examples
    --------
    >>> from htmp_theory import HTMP
    >>> nu = mk_image(HTMP(0.5, 4.0), 2.0)     # Gamma(kappa/(2 gamma), scale 2 gamma/kappa)
    >>> nu.dist.name, nu.args, nu.kwds
    ('gamma', (4.0,), {'scale': 0.25})
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
    if isinstance(law, MKInverseLaw) and _same(law.c, c) and hasattr(law.nu.source, "dist"):
        return law.nu.source
    raise NotImplementedError(f"the Markov–Krein image of {law!r} at c = {c} is not known in closed form "
                              "(HTMP needs c = kappa/2 and gamma <= 1; GaussianHT and JacobiHT their own c)")


def _convolve(d1, d2):
    """Classical convolution of two frozen scipy distributions, where it stays in the family."""
    shapes1, loc1, scale1 = d1.dist._parse_args(*d1.args, **d1.kwds)
    shapes2, loc2, scale2 = d2.dist._parse_args(*d2.args, **d2.kwds)
    if d1.dist.name == d2.dist.name == "norm":
        return stats.norm(loc1 + loc2, math.hypot(scale1, scale2))
    if d1.dist.name == d2.dist.name == "gamma" and _same(scale1, scale2):
        return stats.gamma(shapes1[0] + shapes2[0], loc=loc1 + loc2, scale=scale1)
    raise NotImplementedError(f"the convolution of {d1.dist.name} and {d2.dist.name} images needs a numerical "
                              "convolution of densities, which is not implemented")


def c_convolve(mu1, mu2, c, order: int | None = None):
    r""":math:`\mu_1\boxplus_c\mu_2`: moments for moment sequences, otherwise a law object.

    Examples
    --------
    >>> from htmp_theory import HTMP
    >>> law = c_convolve(HTMP(0.5, 4.0), HTMP(0.5, 4.0), 2.0)   # = 2 HTMP(1/4, 4)
    >>> round(float(law.moment(2)), 12), round(float(law.moment(3)), 12)
    (5.5, 18.5)
    """
    from .mk_law import MKInverseLaw

    if all(isinstance(m, (Sequence, np.ndarray)) for m in (mu1, mu2)):
        return c_convolve_moments(mu1, mu2, c, order)
    return MKInverseLaw(_convolve(mk_image(mu1, c), mk_image(mu2, c)), c)
