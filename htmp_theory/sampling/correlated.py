r"""β-Wishart spectra with a population covariance Σ: the broken-arrow model, any β > 0.

Model (Dubbs, Edelman, Koev & Venkataramana, "The beta-Wishart ensemble",
J. Math. Phys. 54, 083507 (2013), arXiv:1305.3561)
-------------------------------------------------------------------------------
Let :math:`d_1, \dots, d_n > 0` be the eigenvalues of Σ and m the number of samples
(degrees of freedom).  Rows are added one at a time.  After t − 1 rows the state is the
vector of squared singular values :math:`\lambda^{(t-1)}` (length :math:`\min(t-1, m)`);
row t forms the *broken-arrow* matrix

.. math::

    Z_t = \begin{pmatrix} \operatorname{diag}\bigl(\sqrt{\lambda^{(t-1)}}\bigr) & 0 \\
          \sqrt{d_t}\,(\chi_\beta, \dots, \chi_\beta) & \sqrt{d_t}\,\chi_{\beta(m-t+1)} \end{pmatrix}
    \qquad (t \le m),

(all χ's independent; for t > m the last column is absent) and
:math:`\lambda^{(t)} = \mathrm{sv}(Z_t)^2`, i.e. the eigenvalues of the rank-one update
:math:`\operatorname{diag}(\lambda^{(t-1)}, 0) + d_t h h^\top`, :math:`h` the last row.  After n rows
:math:`\lambda^{(n)}` has the eigenvalue law of the β-Wishart ensemble with covariance Σ
(density involving :math:`{}_0F_0^{(\beta)}(-\tfrac12\Lambda, \Sigma^{-1})`, Theorem of the paper).
For β = 1, 2 it is exactly the spectrum of :math:`\Sigma^{1/2} G G^* \Sigma^{1/2}` (G an n × m
real/complex Gaussian matrix with :math:`E|G_{ij}|^2 = \beta`): with the SVD of the first t − 1
rows, the new Gaussian row rotated by the right singular vectors has t − 1 independent Gaussian
coordinates (moduli χ_β, phases removable by diagonal unitaries) and a remainder of norm
:math:`\chi_{\beta(m-t+1)}`.  The code is ours, written from this statement.

Verification (``tests/covariance/test_sampler.py``): at β = 1 and β = 2 against dense
Wishart samples with the same Σ (means of several spectral statistics, KS of pooled
eigenvalues), and with Σ = I against :func:`~htmp_theory.sampling.sample_htmp` at
high temperature (β = κ/n, non-integer).

Numerics.  Each rank-one update is solved through its secular equation
:math:`1 + \sum_i w_i/(p_i - x) = 0` (poles :math:`p_i`, weights :math:`w_i = d_t h_i^2`): ties
and zero weights deflate exactly; each root is bracketed between consecutive poles and
found by safeguarded Newton / bisection in the offset from the nearer pole, geometric when the
bracket spans many decades — so tiny eigenvalues (ubiquitous at high temperature) keep
*relative* accuracy.  Cost :math:`O(n^3)` flops per replicate, pure NumPy.

HTMP convention: ``sample_correlated_htmp`` uses β = κ/n, m = n/γ and returns
:math:`\lambda/(\beta m)` (mean :math:`\operatorname{tr}\Sigma/n`; with Σ = I, the law of
:func:`~htmp_theory.sampling.sample_htmp`).  For γ > 1 the rank is r = round(n/γ), m := r and
the n − r zeros are padded, as in ``sample_htmp``.
"""
from __future__ import annotations

import numpy as np

from .._numerics.validation import check_int, check_positive, check_rng

__all__ = ["sample_correlated_htmp", "beta_wishart_covariance", "dense_wishart_covariance"]

_EPS = np.finfo(float).eps


def _check_sigma(sigma, n: int | None = None) -> np.ndarray:
    if hasattr(sigma, "ppf") and not isinstance(sigma, (np.ndarray, list, tuple)):
        if n is None:
            raise TypeError("sigma must be an array of eigenvalues here")
        sigma = np.asarray(sigma.ppf((np.arange(n) + 0.5) / n), dtype=float)
    try:
        arr = np.asarray(sigma, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError("sigma must be real numbers (the eigenvalues of Σ)") from exc
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"sigma must be a non-empty 1-D array of eigenvalues, got shape {arr.shape}")
    if n is not None and arr.size != n:
        raise ValueError(f"sigma must have n = {n} eigenvalues, got {arr.size}")
    if not np.all(np.isfinite(arr)) or not np.all(arr > 0):
        raise ValueError("sigma must be positive and finite (eigenvalues of a positive definite Σ)")
    return arr


def _secular_roots(poles: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Eigenvalues of diag(poles) + rank-one with weights w_i = (rho z_i^2) >= 0, relative accuracy."""
    order = np.argsort(poles)
    p, w = poles[order], weights[order]
    uniq, inv, counts = np.unique(p, return_inverse=True, return_counts=True)
    wsum = np.bincount(inv, weights=w, minlength=len(uniq))
    fixed = [np.repeat(uniq, counts - 1)]  # tied poles: multiplicity - 1 stay
    active = wsum > 0
    fixed.append(uniq[~active])
    p, w = uniq[active], wsum[active]
    k = len(p)
    if k == 0:
        return np.sort(np.concatenate(fixed))
    upper = np.append(p[1:], p[-1] + w.sum())  # bracket end of each root
    gap = upper - p
    # choose the origin: lower pole unless the root lies in the upper half of a finite gap
    is_last = np.arange(k) == k - 1
    origin_idx = np.arange(k)
    mid = p + 0.5 * gap
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        fmid = 1.0 + np.sum(w / (p[None, :] - mid[:, None]), axis=1)
    use_upper = (fmid < 0) & ~is_last
    origin_idx = np.where(use_upper, origin_idx + 1, origin_idx)
    origin = p[origin_idx]
    rel = p[None, :] - origin[:, None]   # p_i - origin (exact 0 at the origin pole)
    # bracket for delta = x - origin
    lo = np.where(use_upper, -0.5 * gap, 0.0)
    hi = np.where(use_upper, 0.0, np.where(is_last, gap, 0.5 * gap))
    delta = np.where(use_upper, -0.25 * gap, np.where(is_last, 0.5 * gap, 0.25 * gap))
    # Newton on G(delta) = delta * f(delta), which has no pole at the origin pole:
    # G = delta (1 + sum_{i != o} w_i / (rel_i - delta)) - w_o,  G' = 1 + sum_{i != o} w_i rel_i / (rel_i - delta)^2
    w_origin = w[origin_idx]
    w_other = np.where(rel == 0, 0.0, w[None, :])
    rel_safe = np.where(rel == 0, 1.0, rel)
    for _it in range(300):
        denom = rel_safe - delta[:, None]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            terms = w_other / denom
            g = delta * (1.0 + terms.sum(axis=1)) - w_origin
            dg = 1.0 + (terms * rel_safe / denom).sum(axis=1)
            step = g / dg
        f_sign = np.sign(g) * np.sign(delta)       # sign of f = G / delta
        lo = np.where(f_sign < 0, delta, lo)
        hi = np.where(f_sign > 0, delta, hi)
        newton = delta - step
        scale = np.abs(origin + delta)
        done = (g == 0) | (hi - lo <= 2 * _EPS * scale) | (np.abs(step) <= 0.5 * _EPS * scale) | (delta == 0)
        if np.all(done):
            break
        # safeguard: bisection, geometric towards the origin pole when the bracket spans decades
        a, b = np.minimum(np.abs(lo), np.abs(hi)), np.maximum(np.abs(lo), np.abs(hi))
        sign = np.where(hi > 0, 1.0, -1.0)
        geo = np.where(a == 0, np.where(b * 1e-20 > 0, b * 1e-20, 0.5 * b), np.sqrt(a * b))
        bis = sign * np.where((a == 0) | (b > 4 * a), geo, 0.5 * (a + b))
        newton_ok = np.isfinite(newton) & (newton > lo) & (newton < hi)
        delta = np.where(done, delta, np.where(newton_ok, newton, bis))
    roots = origin + delta
    return np.sort(np.concatenate(fixed + [roots]))


def beta_wishart_covariance(sigma, m: float, beta: float, *, reps: int = 1, rng=None) -> np.ndarray:
    r"""Eigenvalues of the β-Wishart matrix with covariance diag(σ) and m degrees of freedom.

    Broken-arrow model (see the module docstring); for β = 1, 2 the law of
    :math:`\mathrm{eig}(\Sigma^{1/2} G G^* \Sigma^{1/2})`, :math:`E|G_{ij}|^2 = \beta`.  Requires
    ``m > n - 1`` (real) or an integer ``m >= 1`` (rank min(n, m), zeros padded).

    Examples
    --------
    >>> lam = beta_wishart_covariance([1.0, 2.0, 5.0], 6.5, 0.4, reps=1000, rng=0)
    >>> lam.shape
    (1000, 3)
    >>> bool(abs(lam.sum(axis=1).mean() / (0.4 * 6.5 * 8.0) - 1) < 0.05)   # E tr = β m tr Σ
    True
    """
    d = _check_sigma(sigma)
    n = d.size
    m = check_positive("m", m)
    beta = check_positive("beta", beta)
    reps, rng = check_int("reps", reps, minimum=1), check_rng(rng)
    full = m > n - 1
    if not full and not float(m).is_integer():
        raise ValueError(f"m must be > n - 1 = {n - 1} or an integer, got {m!r}")
    rank = n if full else int(m)
    out = np.zeros((reps, n))
    for r in range(reps):
        lam = np.zeros(0)
        for t in range(1, n + 1):
            if t <= rank:
                h2 = np.append(rng.chisquare(beta, t - 1) if t > 1 else np.zeros(0),
                               rng.chisquare(beta * (m - t + 1)))
                poles = np.append(lam, 0.0)
            else:
                h2 = rng.chisquare(beta, rank)
                poles = lam
            lam = _secular_roots(poles, d[t - 1] * h2)
        out[r, n - lam.size:] = lam
    return np.sort(out, axis=1)


def dense_wishart_covariance(sigma, m: int, beta: int = 1, *, reps: int = 1, rng=None) -> np.ndarray:
    r"""Dense reference: eigenvalues of :math:`\Sigma^{1/2} G G^* \Sigma^{1/2}`, G n × m, β = 1 or 2.

    G has N(0,1) (β = 1) or N(0,1) + iN(0,1) (β = 2) entries, as in
    :func:`~htmp_theory.sampling.dense_wishart`.

    Examples
    --------
    >>> dense_wishart_covariance([1.0, 4.0], 3, 2, reps=2, rng=0).shape
    (2, 2)
    """
    d = _check_sigma(sigma)
    m = check_int("m", m, minimum=1)
    if beta not in (1, 2) or isinstance(beta, bool):
        raise ValueError(f"beta must be 1 or 2 for the dense reference, got {beta!r}")
    reps, rng = check_int("reps", reps, minimum=1), check_rng(rng)
    g = rng.standard_normal((reps, d.size, m))
    if beta == 2:
        g = g + 1j * rng.standard_normal((reps, d.size, m))
    sv = np.linalg.svd(np.sqrt(d)[:, None] * g, compute_uv=False)
    out = np.zeros((reps, d.size))
    out[:, : sv.shape[1]] = sv**2
    return np.sort(out, axis=1)


def sample_correlated_htmp(n: int, gamma: float, kappa: float, sigma, reps: int = 1, rng=None) -> np.ndarray:
    r"""High-temperature β-Wishart spectra with population covariance Σ (β = κ/n, m = n/γ).

    Returns :math:`\lambda/(\beta m)` for the broken-arrow β-Wishart model with covariance
    eigenvalues ``sigma`` (module docstring), the high-temperature analogue of the sample
    covariance spectrum :math:`\frac1m\Sigma^{1/2}XX^\top\Sigma^{1/2}`.  With Σ = I it has the
    law of :func:`~htmp_theory.sampling.sample_htmp`; as κ → ∞ its spectral law approaches
    :math:`\mathrm{MP}_\gamma\boxtimes\nu_\Sigma`, as κ → 0 the product law σ·HTMP(γ, κ) (see
    :mod:`htmp_theory.laws.covariance`; both limits checked by Monte Carlo only at finite n).

    Parameters
    ----------
    n : int
        Number of eigenvalues.
    gamma, kappa : float
        Aspect ratio γ = n/m and κ = βn (> 0).
    sigma : array_like or object with ``ppf``
        The n eigenvalues of Σ (> 0), or a law: its quantiles at (i − 1/2)/n are used.
    reps : int
        Number of replicates.
    rng : numpy.random.Generator, int or None
        Random generator or seed.

    Returns
    -------
    ndarray, shape (reps, n)
        Sorted rescaled eigenvalues; :math:`E[\frac1n\sum_i x_i] = \operatorname{tr}\Sigma/n`.

    Examples
    --------
    >>> x = sample_correlated_htmp(60, 0.5, 2.0, [1.0] * 30 + [3.0] * 30, reps=20, rng=1)
    >>> x.shape
    (20, 60)
    >>> bool(abs(x.mean() - 2.0) < 0.2)      # E mean = tr Σ / n = 2
    True
    """
    n = check_int("n", n, minimum=1)
    gamma = check_positive("gamma", gamma)
    kappa = check_positive("kappa", kappa)
    d = _check_sigma(sigma, n)
    beta = kappa / n
    if gamma <= 1:
        m = n / gamma
    else:
        m = round(n / gamma)
        if m < 1:
            raise ValueError(f"gamma must be <= 2n = {2 * n} so that the rank round(n/gamma) >= 1, got {gamma!r}")
    return beta_wishart_covariance(d, m, beta, reps=reps, rng=rng) / (beta * m)
