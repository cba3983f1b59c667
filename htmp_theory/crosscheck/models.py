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
from functools import cache, partial

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


@cache
def _law(cls: type, *params: float):
    """Limit laws, one per process and parameters (models are re-created in pool workers)."""
    return cls(*params)


class FiniteModel:
    r"""An exact finite-n model: sampler, exact moments, limit law (see the module notes).

    Subclasses set ``n`` and ``sampler`` (``sampler(n, reps=k, rng=generator) -> (k, n)``,
    a module-level function or partial, so that models pickle for process pools) and
    implement ``_trace(j)`` (exact :math:`E[\frac1n\sum_i x_i^j]`, j ≥ 1) and
    ``_make_limit()``.  The limit law is built on first use (once per process and parameters) and not pickled.
    """

    n: int
    sampler: Callable[..., np.ndarray]

    def __init__(self) -> None:
        self._cache: dict[int, float] = {}
        self._limit = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_limit": None}

    @property
    def limit(self):
        """The n → ∞ law."""
        if self._limit is None:
            self._limit = self._make_limit()
        return self._limit

    def _make_limit(self):
        raise NotImplementedError

    def _trace(self, j: int) -> float:
        raise NotImplementedError

    def sample(self, reps: int, rng=None, *, executor: Executor | None = None,
               batch_size: int | None = None) -> np.ndarray:
        """``reps`` independent replicates, shape ``(reps, n)`` (any executor, see ``replicate``)."""
        return replicate(self.sampler, self.n, reps=reps, rng=rng, executor=executor, batch_size=batch_size)

    def moment(self, j: int) -> float:
        r"""Exact :math:`E[\frac1n\sum_i x_i^j]` at this n."""
        j = check_int("j", j, minimum=0)
        if j not in self._cache:
            self._cache[j] = float(self._trace(j)) if j else 1.0
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
        super().__init__()
        self.n = check_int("n", n, minimum=1)
        self.gamma, self.kappa = check_positive("gamma", gamma), check_positive("kappa", kappa)
        if self.gamma > 1 and round(self.n / self.gamma) < 1:
            raise ValueError(f"gamma must be <= 2n = {2 * self.n}, got {gamma!r}")
        self.sampler = partial(sample_htmp, gamma=self.gamma, kappa=self.kappa)

    def _trace(self, j: int) -> float:
        beta = self.kappa / self.n
        if self.gamma <= 1:   # size n, parameter m = n/gamma, x = lambda/(beta m)
            size, m, units = self.n, self.n / self.gamma, self.kappa / self.gamma
        else:                 # r nonzero eigenvalues: size r, parameter n, x = lambda/(beta r)
            size = round(self.n / self.gamma)
            m, units = self.n, beta * size
        return trace_moment("laguerre", j, size, m=float(m), beta=beta) / (self.n * units**j)

    def _make_limit(self):
        return _law(HTMP, self.gamma, self.kappa)

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
        super().__init__()
        self.n, self.c = check_int("n", n, minimum=1), check_positive("c", c)
        self.sampler = partial(sample_gaussian_crossover, c=self.c)

    def _trace(self, j: int) -> float:
        return trace_moment("hermite", j, self.n, beta=2 * self.c / self.n) / self.n

    def _make_limit(self):
        return _law(GaussianHT, self.c)

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
        super().__init__()
        self.n, self.c = check_int("n", n, minimum=1), check_positive("c", c)
        self.a, self.b = check_real("a", a), check_real("b", b)
        for name, value in (("a", self.a), ("b", self.b)):
            if not value > -1:
                raise ValueError(f"{name} must be > -1, got {value!r}")
        self.sampler = partial(sample_jacobi_ht, a=self.a, b=self.b, c=self.c)

    def _trace(self, j: int) -> float:
        beta = 2 * self.c / self.n
        return trace_moment("jacobi", j, self.n, a=2 * (self.a + 1) / beta - 1, b=2 * (self.b + 1) / beta - 1,
                            beta=beta) / self.n

    def _make_limit(self):
        return _law(JacobiHT, self.a, self.b, self.c)

    def __repr__(self) -> str:
        return f"JacobiModel(n={self.n}, a={self.a!r}, b={self.b!r}, c={self.c!r})"
