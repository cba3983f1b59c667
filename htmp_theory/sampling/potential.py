r"""Metropolis-adjusted Langevin (MALA) sampler of a β-ensemble with a general potential.

Target: :math:`P(\lambda) \propto \prod_{i<j}|\lambda_i-\lambda_j|^\beta
\prod_i e^{-V(\lambda_i)}`, i.e. :math:`e^{-U(\lambda)}` with energy
:math:`U = \sum_i V(\lambda_i) - \beta\sum_{i<j}\log|\lambda_i-\lambda_j|` and gradient
:math:`\partial_i U = V'(\lambda_i) - \beta\sum_{j\ne i}(\lambda_i-\lambda_j)^{-1}`.
A step proposes :math:`y = x - h\nabla U(x) + \sqrt{2h}\,\xi`, :math:`\xi \sim N(0, I)`,
and accepts with probability :math:`\min(1, e^{U(x)-U(y)}\,q(x|y)/q(y|x))`,
:math:`q(y|x) \propto e^{-|y-x+h\nabla U(x)|^2/(4h)}`, so the chain leaves P exactly
invariant for any step size h.  During warm-up each chain tunes h towards the optimal
acceptance rate 0.574 (Robbins–Monro on log h); h is then frozen.  V may be +∞ off
its support (proposals there are rejected).

Convergence is diagnosed with the split-R̂ of Gelman et al. and a batch-means effective
sample size on the linear statistics :math:`\frac1n\sum\lambda_i` and
:math:`\frac1n\sum\lambda_i^2` across independent chains.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field

import numpy as np

from .._numerics.domains import DOMAINS, Domain
from .._numerics.domains import domain as as_domain
from .._numerics.validation import check_int, check_positive, check_rng
from .replicates import replicate

__all__ = [
    "PolynomialPotential",
    "LaguerrePotential",
    "JacobiPotential",
    "PotentialSample",
    "sample_potential",
]

#: Target acceptance rate of MALA (Roberts & Rosenthal 1998).
TARGET_ACCEPTANCE = 0.574
#: Target acceptance rate of the one-dimensional random-walk moves of the Gibbs sampler.
GIBBS_ACCEPTANCE = 0.44


@dataclass(frozen=True)
class PolynomialPotential:
    """:math:`V(x) = \\sum_k c_k x^k` on the real line (``coefficients = (c_0, c_1, ...)``).

    Examples
    --------
    >>> V = PolynomialPotential((0.0, 0.0, 0.5))    # Gaussian, V = x^2/2
    >>> float(V(np.array(2.0))), float(V.derivative(np.array(2.0)))
    (2.0, 2.0)
    """

    coefficients: tuple[float, ...]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return np.polynomial.polynomial.polyval(x, self.coefficients)

    def derivative(self, x: np.ndarray) -> np.ndarray:
        return np.polynomial.polynomial.polyval(x, np.polynomial.polynomial.polyder(self.coefficients))


@dataclass(frozen=True)
class LaguerrePotential:
    """:math:`V(x) = r x - p\\log x` on :math:`x > 0` (+∞ elsewhere).

    The β-Laguerre ensemble of :func:`~htmp_theory.sampling.beta_laguerre` has
    ``rate = 1/2`` and ``power = (beta/2)(m - n + 1) - 1``.
    """

    rate: float
    power: float

    def __call__(self, x: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(x > 0, self.rate * x - self.power * np.log(np.abs(x)), np.inf)

    def derivative(self, x: np.ndarray) -> np.ndarray:
        return self.rate - self.power / x


@dataclass(frozen=True)
class JacobiPotential:
    """:math:`V(x) = -p\\log x - q\\log(1-x)` on (0, 1) (+∞ elsewhere).

    The β-Jacobi ensemble of :func:`~htmp_theory.sampling.beta_jacobi` has
    ``p = (beta/2)(a + 1) - 1`` and ``q = (beta/2)(b + 1) - 1``.
    """

    p: float
    q: float

    def __call__(self, x: np.ndarray) -> np.ndarray:
        inside = (x > 0) & (x < 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(inside, -self.p * np.log(np.abs(x)) - self.q * np.log(np.abs(1 - x)), np.inf)

    def derivative(self, x: np.ndarray) -> np.ndarray:
        return -self.p / x + self.q / (1 - x)


@dataclass(frozen=True)
class _Energy:
    """Energy U and its gradient in the chain variable u, :math:`x = \\phi(u)`, for chains
    stored as rows (shape (chains, n)); on ℝ, :math:`u = x`.

    With the Jacobian of the map, :math:`U(u) = \\sum_i [V(\\phi(u_i)) - \\log\\phi'(u_i)]
    - \\beta\\sum_{i<j}\\log|\\phi(u_i)-\\phi(u_j)|`.
    """

    V: Callable[[np.ndarray], np.ndarray]
    dV: Callable[[np.ndarray], np.ndarray]
    beta: float
    domain: Domain = DOMAINS["real"]

    def value(self, u: np.ndarray) -> np.ndarray:
        x = self.domain.x(u)
        diff = np.abs(x[:, :, None] - x[:, None, :])
        iu = np.triu_indices(x.shape[1], k=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            one_body = self.V(x) - self.domain.log_derivative(u)
            energy = np.sum(one_body, axis=1) - self.beta * np.sum(np.log(diff[:, iu[0], iu[1]]), axis=1)
        return np.where(np.isnan(energy), np.inf, energy)

    def gradient(self, u: np.ndarray) -> np.ndarray:
        x = self.domain.x(u)
        slope = np.exp(self.domain.log_derivative(u))
        diff = x[:, :, None] - x[:, None, :]
        np.einsum("cii->ci", diff)[...] = np.inf
        with np.errstate(divide="ignore", invalid="ignore"):
            return (slope * (self.dV(x) - self.beta * np.sum(1.0 / diff, axis=2))
                    - self.domain.dlog_derivative(u))


@dataclass(frozen=True)
class _CentralDifference:
    """Central finite difference of V, used when no derivative is given."""

    V: Callable[[np.ndarray], np.ndarray]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        h = 1e-6 * (1 + np.abs(x))
        return (self.V(x + h) - self.V(x - h)) / (2 * h)


def _initial_state(n: int, x0: np.ndarray | None, energy: _Energy, reps: int,
                   rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Initial chains in the variable u (x0, or sorted uniform draws on (0.05, 0.95)) and their
    energies; ``ValueError`` if an energy is infinite (x0 off the domain or with ties)."""
    if x0 is None:
        x = np.sort(rng.uniform(0.05, 0.95, size=(reps, n)), axis=1)
    else:
        x = np.tile(x0, (reps, 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        u = energy.domain.u(x)
    value = energy.value(u)
    if not np.all(np.isfinite(value)):
        raise ValueError("the initial state has infinite energy: pass x0 inside the support of V "
                         "with distinct entries")
    return u, value


def _mala_chains(n: int, beta: float, V: Callable, dV: Callable, steps: int, warmup: int,
                 thin: int, x0: np.ndarray | None, domain: Domain, *, reps: int, rng) -> np.ndarray:
    """Run ``reps`` independent chains; returns shape (reps, steps // thin, n + 2).

    Columns ``[:n]`` hold the state, ``n`` the acceptance indicator of the last step,
    ``n + 1`` the frozen step size (so that batches can travel through an executor as
    one array).
    """
    rng = check_rng(rng)
    energy = _Energy(V, dV, beta, domain)
    x, u = _initial_state(n, x0, energy, reps, rng)  # x: the chain variable (u of the domain)
    g = energy.gradient(x)
    log_h = np.full(reps, np.log(0.1 / n))
    out = np.empty((reps, steps // thin, n + 2))
    for t in range(warmup + steps):
        h = np.exp(log_h)[:, None]
        y = x - h * g + np.sqrt(2 * h) * rng.standard_normal(x.shape)
        u_y = energy.value(y)
        finite = np.isfinite(u_y)
        g_y = np.where(finite[:, None], energy.gradient(np.where(finite[:, None], y, x)), 0.0)
        forward = np.sum((y - x + h * g) ** 2, axis=1)
        backward = np.sum((x - y + h * g_y) ** 2, axis=1)
        with np.errstate(invalid="ignore"):
            log_alpha = np.where(finite, u - u_y + (forward - backward) / (4 * h[:, 0]), -np.inf)
        accept = np.log(rng.uniform(size=reps)) < log_alpha
        x = np.where(accept[:, None], y, x)
        u = np.where(accept, u_y, u)
        g = np.where(accept[:, None], g_y, g)
        if t < warmup:
            log_h += 2 * (np.exp(np.minimum(log_alpha, 0.0)) - TARGET_ACCEPTANCE) / (1 + t / 10) ** 0.6
        elif (t - warmup) % thin == thin - 1:
            k = (t - warmup) // thin
            out[:, k, :n] = np.sort(domain.x(x), axis=1)
            out[:, k, n] = accept
            out[:, k, n + 1] = np.exp(log_h)
    return out


def _gibbs_chains(n: int, beta: float, V: Callable, dV: Callable, steps: int, warmup: int,
                  thin: int, x0: np.ndarray | None, domain: Domain, *, reps: int, rng) -> np.ndarray:
    """Metropolis-within-Gibbs: one random-walk move in u per eigenvalue and sweep (a step
    of the output is a sweep); same output layout as :func:`_mala_chains`.

    The conditional law of one eigenvalue given the others,
    :math:`\\propto e^{-V(x)}\\prod_{j}|x-x_j|^{\\beta}`, is nearly the one-body law at
    high temperature (:math:`\\beta = 2c/n`), so single-site moves of size O(1) are
    accepted often, whereas MALA's joint step is limited by near-collisions.
    """
    rng = check_rng(rng)  # dV is not used
    u, _ = _initial_state(n, x0, _Energy(V, dV, beta, domain), reps, rng)
    x = domain.x(u)
    one_body = V(x) - domain.log_derivative(u)
    log_s = np.zeros((reps, n))  # log proposal scale per chain and site
    accepted = np.zeros(reps)
    out = np.empty((reps, steps // thin, n + 2))
    for t in range(warmup + steps):
        accepted[:] = 0.0
        for i in range(n):
            u_new = u[:, i] + np.exp(log_s[:, i]) * rng.standard_normal(reps)
            x_new = domain.x(u_new)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                ob_new = V(x_new) - domain.log_derivative(u_new)
                pair = np.log(np.abs(x_new[:, None] - x)) - np.log(np.abs(x[:, i:i + 1] - x))
                pair[:, i] = 0.0
                log_alpha = one_body[:, i] - ob_new + beta * np.sum(pair, axis=1)
            log_alpha = np.where(np.isnan(log_alpha), -np.inf, log_alpha)
            accept = np.log(rng.uniform(size=reps)) < log_alpha
            u[:, i] = np.where(accept, u_new, u[:, i])
            x[:, i] = np.where(accept, x_new, x[:, i])
            one_body[:, i] = np.where(accept, ob_new, one_body[:, i])
            accepted += accept
            if t < warmup:
                log_s[:, i] += (np.exp(np.minimum(log_alpha, 0.0)) - GIBBS_ACCEPTANCE) / (1 + t / 10) ** 0.6
        if t >= warmup and (t - warmup) % thin == thin - 1:
            k = (t - warmup) // thin
            out[:, k, :n] = np.sort(x, axis=1)
            out[:, k, n] = accepted / n
            out[:, k, n + 1] = np.exp(log_s.mean(axis=1))
    return out


def split_rhat(traces: np.ndarray) -> float:
    """Split-R̂ (Gelman et al., BDA3) of traces of shape (chains, draws)."""
    draws = traces.shape[1] // 2
    halves = np.concatenate([traces[:, :draws], traces[:, draws: 2 * draws]], axis=0)
    within = halves.var(axis=1, ddof=1).mean()
    between = draws * halves.mean(axis=1).var(ddof=1)
    if within == 0:
        return float("nan")
    return float(np.sqrt(((draws - 1) / draws * within + between / draws) / within))


def batch_means(traces: np.ndarray, batches: int = 20) -> tuple[float, float, float]:
    """Mean, batch-means standard error and effective sample size of (chains, draws) traces."""
    chains, draws = traces.shape
    size = max(draws // batches, 1)
    usable = traces[:, : size * (draws // size)]
    means = usable.reshape(chains, -1, size).mean(axis=2).ravel()
    mean = float(traces.mean())
    se = float(means.std(ddof=1) / np.sqrt(means.size)) if means.size > 1 else float("nan")
    var = float(traces.var(ddof=1))
    ess = var / se**2 if se > 0 else float("nan")
    return mean, se, min(ess, float(traces.size))


@dataclass
class PotentialSample:
    """Output of :func:`sample_potential`.

    Attributes
    ----------
    chains : ndarray, shape (chains, draws, n)
        Sorted eigenvalues of each kept state of each chain.
    acceptance : ndarray, shape (chains,)
        Acceptance rate after warm-up.
    step_size : ndarray, shape (chains,)
        Frozen MALA step size h of each chain.
    rhat, ess : dict
        Split-R̂ and effective sample size of the linear statistics ``"mean"``
        (:math:`\\frac1n\\sum\\lambda_i`) and ``"second moment"``.
    """

    chains: np.ndarray
    acceptance: np.ndarray
    step_size: np.ndarray
    rhat: dict[str, float] = field(default_factory=dict)
    ess: dict[str, float] = field(default_factory=dict)

    @property
    def eigenvalues(self) -> np.ndarray:
        """All kept states pooled over chains, shape (chains * draws, n)."""
        return self.chains.reshape(-1, self.chains.shape[-1])

    def converged(self, rhat_max: float = 1.05, min_ess: float = 100.0) -> bool:
        """True when every split-R̂ is below ``rhat_max`` and every ESS above ``min_ess``."""
        return all(r < rhat_max for r in self.rhat.values()) and all(e > min_ess for e in self.ess.values())

    def estimate(self, statistic: Callable[[np.ndarray], np.ndarray]) -> tuple[float, float]:
        """Mean and batch-means standard error of ``statistic(eigenvalues)``.

        ``statistic`` maps an array of shape (..., n) to shape (...), e.g.
        ``lambda x: x.max(axis=-1)``.
        """
        mean, se, _ = batch_means(statistic(self.chains))
        return mean, se

    def __str__(self) -> str:
        lines = [f"MALA: {self.chains.shape[0]} chains x {self.chains.shape[1]} draws, "
                 f"n = {self.chains.shape[2]}, acceptance {self.acceptance.mean():.3f}, "
                 f"converged: {self.converged()}",
                 f"{'statistic':<16}{'split-Rhat':>12}{'ESS':>10}"]
        lines += [f"{k:<16}{self.rhat[k]:>12.4f}{self.ess[k]:>10.0f}" for k in self.rhat]
        return "\n".join(lines)


def sample_potential(n: int, beta: float, V: Callable[[np.ndarray], np.ndarray],
                     dV: Callable[[np.ndarray], np.ndarray] | None = None, *, chains: int = 8,
                     steps: int = 2000, warmup: int = 1000, thin: int = 1,
                     x0: np.ndarray | None = None, domain="real", method: str = "mala", rng=None,
                     executor: Executor | None = None, progress: bool | None = None) -> PotentialSample:
    r"""Sample :math:`\prod_{i<j}|\lambda_i-\lambda_j|^\beta\prod_i e^{-V(\lambda_i)}` by MALA.

    Parameters
    ----------
    n
        Number of eigenvalues (``>= 1``).
    beta
        Dyson index (``> 0``); use ``2 * c / n`` for the high-temperature regime.
    V
        Vectorised potential (``+inf`` outside its support), e.g.
        :class:`PolynomialPotential`, :class:`LaguerrePotential`, :class:`JacobiPotential`.
    dV
        Its derivative; default ``V.derivative`` when present, else a central difference.
    chains
        Number of independent chains (``>= 2`` for R̂).
    steps, warmup, thin
        Kept steps per chain, warm-up (step-size tuning) steps, thinning interval.
    x0
        Initial state of every chain, shape (n,); default: independent uniform draws on
        (0.05, 0.95) per chain (inside the support of the three classical potentials).
    domain : {"real", "positive", "unit"} or interval
        Where the eigenvalues live. On (0, ∞) and (0, 1) the chains run in
        :math:`u = \\log x` or :math:`u = \\log(x/(1-x))` (the Jacobian is part of the
        energy), so that the step size is not limited by the distance to a hard edge.
    method : {"mala", "gibbs"}
        ``"mala"``: joint Langevin moves (one gradient per step); ``"gibbs"``:
        Metropolis-within-Gibbs, one random-walk move in u per eigenvalue and step
        (a step is then a sweep), which mixes far better at high temperature where
        near-collisions force MALA's step size down.
    rng, executor, progress
        Generator or seed; chains can run in batches on any
        ``concurrent.futures.Executor`` (V must then be picklable) — see
        :func:`~htmp_theory.sampling.replicate`.

    Returns
    -------
    PotentialSample
        Draws with acceptance rates, split-R̂ and effective sample sizes.

    Examples
    --------
    >>> s = sample_potential(4, 2.0, PolynomialPotential((0, 0, 0.5)), steps=600, warmup=300, rng=0)
    >>> s.chains.shape
    (8, 600, 4)
    >>> mean, se = s.estimate(lambda x: (x**2).sum(axis=-1))   # exact: n + beta n(n-1)/2 = 16
    >>> abs(mean - 16) < 5 * se
    True
    """
    n, beta = check_int("n", n, minimum=1), check_positive("beta", beta)
    chains = check_int("chains", chains, minimum=2)
    steps, thin = check_int("steps", steps, minimum=4), check_int("thin", thin, minimum=1)
    warmup = check_int("warmup", warmup, minimum=0)
    if steps // thin < 4:
        raise ValueError(f"steps // thin must be >= 4 to diagnose convergence, got {steps // thin}")
    if not callable(V):
        raise TypeError(f"V must be callable, got {type(V).__name__}")
    if dV is None:
        dV = V.derivative if hasattr(V, "derivative") else _CentralDifference(V)
    if x0 is not None:
        x0 = np.asarray(x0, dtype=float)
        if x0.shape != (n,) or not np.all(np.isfinite(x0)):
            raise ValueError(f"x0 must be a finite array of shape ({n},), got shape {x0.shape}")
    dom = as_domain(domain)
    samplers = {"mala": _mala_chains, "gibbs": _gibbs_chains}
    if method not in samplers:
        raise ValueError(f"method must be 'mala' or 'gibbs', got {method!r}")
    raw = replicate(samplers[method], n, beta, V, dV, steps, warmup, thin, x0, dom, reps=chains, rng=rng,
                    executor=executor, progress=progress, batch_size=None if executor is None else 1)
    states = raw[:, :, :n]
    traces = {"mean": states.mean(axis=2), "second moment": (states**2).mean(axis=2)}
    return PotentialSample(
        chains=states,
        acceptance=raw[:, :, n].mean(axis=1),
        step_size=raw[:, -1, n + 1],
        rhat={k: split_rhat(v) for k, v in traces.items()},
        ess={k: batch_means(v)[2] for k, v in traces.items()},
    )
