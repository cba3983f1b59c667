r"""Exact finite-n reference models for :func:`~.compare.compare` and :func:`~.validate.validate_sampler`.

Each model is a high-temperature tridiagonal β-ensemble, exact at every n, in the
units of its n → ∞ law:

* :class:`LaguerreModel` ``(n, gamma, kappa)``: :func:`~htmp_theory.sampling.sample_htmp`
  (β = κ/n, m = n/γ, x = λ/(βm)); limit :class:`~htmp_theory.HTMP` (γ, κ).  For γ > 1
  the spectrum is n − r zeros and the r = round(n/γ) eigenvalues of the Laguerre
  model of size r with parameter n, rescaled by 1/(βr).
* :class:`HermiteModel` ``(n, c)``: :func:`~htmp_theory.sampling.sample_gaussian_crossover`
  (β = 2c/n, not rescaled); limit :class:`~htmp_theory.GaussianHT` (c).
* :class:`JacobiModel` ``(n, a, b, c)``: β-Jacobi with β = 2c/n and weights
  :math:`\lambda^a(1-\lambda)^b`, i.e. :func:`~htmp_theory.sampling.beta_jacobi`
  ``(n, 2(a+1)/β − 1, 2(b+1)/β − 1, β)``; limit :class:`~htmp_theory.JacobiHT` (a, b, c).

``model.moment(j)`` is the exact :math:`E[\frac1n\sum_i x_i^j]` at this n
(:func:`htmp_theory.symbolic.finite_n.trace_moment`), ``model.sample(reps, rng)`` draws
replicates (any ``concurrent.futures`` executor), ``model.limit`` is the law.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from functools import partial

import numpy as np

from .._numerics.validation import check_int, check_positive, check_real
from ..laws.gaussian import GaussianHT
from ..laws.htmp import HTMP
from ..laws.jacobi import JacobiHT
from ..sampling.replicates import batched, replicate
from ..sampling.scaling import sample_gaussian_crossover, sample_htmp
from ..sampling.tridiagonal import beta_jacobi
from ..symbolic.finite_n import trace_moment

__all__ = ["FiniteModel", "LaguerreModel", "HermiteModel", "JacobiModel", "sample_jacobi_ht"]


@batched
def sample_jacobi_ht(n: int, a: float, b: float, c: float, *, reps: int = 1, rng=None) -> np.ndarray:
    r"""High-temperature β-Jacobi spectra: β = 2c/n, weight :math:`\lambda^a(1-\lambda)^b`.

    Examples
    --------
    >>> x = sample_jacobi_ht(200, 0.5, -0.25, 2.0, reps=20, rng=0)
    >>> round(float(x.mean()), 2)        # limit mean (1 + a + c)/(2 + a + b + 2c) = 0.56
    0.56
    """
    beta = 2 * check_positive("c", c) / check_int("n", n, minimum=1)
    return beta_jacobi(n, 2 * (a + 1) / beta - 1, 2 * (b + 1) / beta - 1, beta, reps=reps, rng=rng)


class FiniteModel:
    r"""An exact finite-n model: sampler, exact moments, limit law (see the module notes).

    Parameters
    ----------
    n : int
        Eigenvalues per replicate.
    sampler : callable
        ``sampler(n, reps=k, rng=generator) -> (k, n)`` (picklable for process pools).
    trace : callable
        ``trace(j)`` = exact :math:`E[\frac1n\sum_i x_i^j]`.
    limit
        The n → ∞ law.
    """

    def __init__(self, n: int, sampler: Callable[..., np.ndarray], trace: Callable[[int], float],
                 limit) -> None:
        self.n, self.sampler, self._trace, self.limit = n, sampler, trace, limit
        self._cache: dict[int, float] = {}

    def sample(self, reps: int, rng=None, *, executor: Executor | None = None,
               batch_size: int | None = None) -> np.ndarray:
        """``reps`` independent replicates, shape ``(reps, n)``."""
        return replicate(self.sampler, self.n, reps=reps, rng=rng, executor=executor, batch_size=batch_size)

    def moment(self, j: int) -> float:
        r"""Exact :math:`E[\frac1n\sum_i x_i^j]` at this n."""
        j = check_int("j", j, minimum=0)
        if j not in self._cache:
            self._cache[j] = float(self._trace(j))
        return self._cache[j]


class LaguerreModel(FiniteModel):
    r"""High-temperature β-Laguerre at size n in HTMP units; limit HTMP(γ, κ).

    Examples
    --------
    >>> model = LaguerreModel(100, 0.5, 2.0)
    >>> round(model.moment(2), 12)           # 1 + gamma + 2 gamma/kappa - gamma/n
    1.995
    >>> model.sample(3, rng=0).shape
    (3, 100)
    """

    def __init__(self, n: int, gamma: float, kappa: float) -> None:
        n = check_int("n", n, minimum=1)
        gamma, kappa = check_positive("gamma", gamma), check_positive("kappa", kappa)
        beta = kappa / n
        if gamma <= 1:
            size, m, units = n, n / gamma, beta * n / gamma
        else:
            size = round(n / gamma)
            if size < 1:
                raise ValueError(f"gamma must be <= 2n = {2 * n}, got {gamma!r}")
            m, units = n, beta * size

        def trace(j: int) -> float:
            return trace_moment("laguerre", j, size, m=float(m), beta=beta) / (n * units**j) if j else 1.0

        super().__init__(n, partial(sample_htmp, gamma=gamma, kappa=kappa), trace, HTMP(gamma, kappa))
        self.gamma = gamma
        self.kappa = kappa

    def __repr__(self) -> str:
        return f"LaguerreModel(n={self.n}, gamma={self.gamma!r}, kappa={self.kappa!r})"


class HermiteModel(FiniteModel):
    r"""High-temperature β-Hermite at size n (β = 2c/n, unscaled); limit GaussianHT(c).

    Examples
    --------
    >>> round(HermiteModel(50, 1.0).moment(2), 12)     # 1 + c - c/n
    1.98
    """

    def __init__(self, n: int, c: float) -> None:
        n, c = check_int("n", n, minimum=1), check_positive("c", c)

        def trace(j: int) -> float:
            return trace_moment("hermite", j, n, beta=2 * c / n) / n if j else 1.0

        super().__init__(n, partial(sample_gaussian_crossover, c=c), trace, GaussianHT(c))
        self.c = c

    def __repr__(self) -> str:
        return f"HermiteModel(n={self.n}, c={self.c!r})"


class JacobiModel(FiniteModel):
    r"""High-temperature β-Jacobi at size n (β = 2c/n, weight λ^a (1−λ)^b); limit JacobiHT(a, b, c).

    Examples
    --------
    >>> round(JacobiModel(1, 0.0, 0.0, 1.0).moment(1), 12)   # n = 1: Beta(1, 1)
    0.5
    """

    def __init__(self, n: int, a: float, b: float, c: float) -> None:
        n, c = check_int("n", n, minimum=1), check_positive("c", c)
        a, b = check_real("a", a), check_real("b", b)
        for name, value in (("a", a), ("b", b)):
            if not value > -1:
                raise ValueError(f"{name} must be > -1, got {value!r}")
        beta = 2 * c / n

        def trace(j: int) -> float:
            return trace_moment("jacobi", j, n, a=2 * (a + 1) / beta - 1, b=2 * (b + 1) / beta - 1,
                                beta=beta) / n if j else 1.0

        super().__init__(n, partial(sample_jacobi_ht, a=a, b=b, c=c), trace, JacobiHT(a, b, c))
        self.a = a
        self.b = b
        self.c = c

    def __repr__(self) -> str:
        return f"JacobiModel(n={self.n}, a={self.a!r}, b={self.b!r}, c={self.c!r})"
