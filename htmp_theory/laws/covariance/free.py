r"""κ → ∞: the free multiplicative convolution :math:`\mathrm{MP}_\gamma \boxtimes \nu_\Sigma` (exact).

Setting
-------
:math:`S = \frac1m \Sigma^{1/2} X X^\top \Sigma^{1/2}`, :math:`X` an :math:`n\times m` matrix of
i.i.d. standard entries, :math:`n/m \to \gamma`, and the spectral law of Σ tends to
:math:`\nu = \nu_\Sigma`.  The empirical spectral law of :math:`S` tends to
:math:`\mathrm{MP}_\gamma \boxtimes \nu` (Marčenko–Pastur 1967, Silverstein 1995).  In the
HTMP convention (eigenvalues of the β-Wishart matrix divided by βm) the same law is the
κ → ∞ limit for every β-model below, and with Σ = I it is ``MarchenkoPastur(γ)`` (mean 1); in
general its mean is :math:`E_\nu\sigma = \operatorname{tr}\Sigma/n`.

Equations (our convention :math:`s(z) = \int p(t)\,dt/(t - z)`)
------------------------------------------------------------------
* Marčenko–Pastur / Silverstein equation for :math:`s`:

  .. math:: s(z) = \int \frac{d\nu(\sigma)}{\sigma\,(1 - \gamma - \gamma z s(z)) - z}

  (Σ = I gives :math:`\gamma z s^2 + (z - 1 + \gamma)s + 1 = 0`, the MP equation).
* Companion transform :math:`\underline s = \gamma s - (1-\gamma)/z` (the law of the
  m × m matrix :math:`\frac1m X^\top\Sigma X`) has the **explicit inverse**

  .. math:: z(\underline s) = -\frac1{\underline s} + \gamma\int\frac{\sigma\,d\nu(\sigma)}{1 + \sigma\underline s}.

  The density is :math:`p(x) = \operatorname{Im}\underline s(x + i0)/(\gamma\pi)`, where
  :math:`\underline s(x+i0)` is the root of :math:`z(\underline s) = x` with
  :math:`\operatorname{Im}\underline s > 0`; for γ > 1 there is an atom
  :math:`1 - 1/\gamma` at 0.
* Support (Silverstein–Choi 1995): the complement of the support is the image under
  :math:`z(\cdot)` of the real :math:`u \notin \{0, -1/\sigma_k\}` with :math:`z'(u) > 0`; the
  edges are the values of :math:`z` at the real zeros of
  :math:`z'(u) = u^{-2} - \gamma\int\sigma^2 d\nu/(1+\sigma u)^2`.
* Moments (S-transform, :math:`S_{\mathrm{MP}_\gamma\boxtimes\nu} = S_{\mathrm{MP}_\gamma} S_\nu`,
  :math:`S_{\mathrm{MP}_\gamma}(y) = 1/(1 + \gamma y)`): the moment series
  :math:`M(w) = \sum_j m_j w^j` solves

  .. math:: M(w) = \Psi_\nu\bigl(w\,(1 + \gamma(M(w) - 1))\bigr), \qquad \Psi_\nu(t) = \sum_k E_\nu[\sigma^k] t^k,

  which determines :math:`m_j` from :math:`m_0, \dots, m_{j-1}` and the first j moments of ν
  (exact rationals for rational input).  E.g. :math:`m_1 = E\sigma`,
  :math:`m_2 = E\sigma^2 + \gamma (E\sigma)^2`.

Numerics (what is exact, what is approximate)
---------------------------------------------
The law itself is exact.  float64: the root :math:`\underline s(x+i0)` by Newton's method
along the continuation path :math:`z = x + i\eta`, η decreasing geometrically (factor 4, three
Newton steps per level) from
:math:`\approx 4\lambda_{\max}` to :math:`10^{-14}`, finished at η = 0 (the branch with
Im > 0 is the one connected to :math:`-1/z` at large η); the edges by sign changes of
:math:`z'` on a graded grid refined with Brent's method; the CDF by a Chebyshev
interpolant (degree 256) of the density in :math:`x = a + (b - a)(1 - \cos\theta)/2` on each
support interval, integrated exactly.  Conditioning: near an edge a the root is
ill-conditioned, relative pdf error ≈ :math:`10^{-16} x/|x - a|` (measured ≤ 1e-10 at :math:`|x - a| \ge 10^{-6}(b - a)`
for Σ = I, about 1e-2 at 1e-14).  Tested: Σ = I vs ``MarchenkoPastur`` (pdf ≤ 1e-10,
cdf ≤ 1e-10), pdf vs an independent polynomial-root solution, mass and moments by
quadrature vs the S-transform.  ``dps=n``: Newton's method in mpmath on the same equation from the
float64 root (pdf), ``mpmath.quad`` between edges refined by ``findroot`` (cdf).
A population law given by a ``ppf`` is replaced by its K-point quantile discretisation ν_K (see
:mod:`._spectrum`, default K = 500): the object is then the exact law
:math:`\mathrm{MP}_\gamma\boxtimes\nu_K`, which converges weakly to the target as K → ∞, but its far
tails show spurious gaps at the scale of the spacing of the extreme atoms (a discretisation
artefact; e.g. for a lognormal(0.5) ν the bulk CDF with K = 500 differs from K = 2000 by
< 1e-5); the moments use ν's own ``moment`` when it has one (exact).
"""
from __future__ import annotations

import functools
import math
from fractions import Fraction

import mpmath as mp
import numpy as np
from numpy.polynomial import chebyshev as C
from scipy.optimize import brentq

from .._base import Law
from ..._numerics.validation import check_int, check_positive, exact_rational
from ._spectrum import as_spectrum

__all__ = ["FreeCovarianceLaw", "free_covariance_moments"]


def free_covariance_moments(gamma, nu_moments: list) -> list:
    r"""Moments :math:`m_0..m_J` of :math:`\mathrm{MP}_\gamma\boxtimes\nu` from those of ν.

    Solves :math:`M(w) = \Psi_\nu(w(1 + \gamma(M - 1)))` order by order (see the module
    docstring); exact for ``Fraction``/int input.

    Examples
    --------
    >>> free_covariance_moments(Fraction(1, 2), [1, 1, 1, 1])   # Σ = I: MP(1/2) moments
    [1, 1, Fraction(3, 2), Fraction(11, 4)]
    """
    J = len(nu_moments) - 1
    zero = nu_moments[0] * 0
    M = [zero + 1] + [zero] * J
    for j in range(1, J + 1):
        # T(w) = w (1 + gamma (M - 1)), known to order j from M[0..j-1]
        T = [zero] * (j + 1)
        T[1] = zero + 1
        for i in range(2, j + 1):
            T[i] = gamma * M[i - 1]
        # [w^j] sum_k nu_k T^k
        total = zero
        power = [zero + 1] + [zero] * j
        for k in range(1, j + 1):
            power = [sum((power[a] * T[i - a] for a in range(i + 1)), zero) for i in range(j + 1)]
            total += nu_moments[k] * power[j]
        M[j] = total
    return M


class FreeCovarianceLaw(Law):
    r"""Limiting spectral law :math:`\mathrm{MP}_\gamma \boxtimes \nu_\Sigma` (κ = ∞), see the module docstring.

    Parameters
    ----------
    sigma
        Population spectrum: eigenvalues, ``(values, weights)`` or an object with ``ppf``
        (see :func:`~htmp_theory.laws.covariance.as_spectrum`); all > 0 and finite.
    gamma : float
        Aspect ratio γ = n/m > 0 (γ > 1: atom 1 − 1/γ at 0).
    scale : float, optional
        Multiplies the variable (default 1).

    Examples
    --------
    >>> from fractions import Fraction
    >>> law = FreeCovarianceLaw([1, 1, 1, 4], Fraction(1, 4))   # ν = 3/4 δ_1 + 1/4 δ_4
    >>> law.moment(1), law.moment(2)                      # Eσ, Eσ² + γ (Eσ)²
    (Fraction(7, 4), Fraction(353, 64))
    >>> round(float(law.cdf(100.0)), 12)
    1.0
    >>> import numpy as np
    >>> from htmp_theory import MarchenkoPastur
    >>> x = np.linspace(0.3, 2.2, 5)
    >>> bool(np.allclose(FreeCovarianceLaw([1.0], 0.25).pdf(x), MarchenkoPastur(0.25).pdf(x), rtol=1e-10))
    True
    """

    def __init__(self, sigma, gamma: float, scale: float = 1) -> None:
        super().__init__(scale)
        self.gamma = check_positive("gamma", gamma)
        exact = exact_rational(gamma)
        self._exact_gamma = exact if isinstance(exact, Fraction) else self.gamma
        self.spectrum = as_spectrum(sigma)
        self.atom = max(0.0, 1.0 - 1.0 / self.gamma)
        self._sig = self.spectrum.values
        self._w = self.spectrum.weights

    def __repr__(self) -> str:
        return f"FreeCovarianceLaw(<{len(self._sig)} atoms>, gamma={self.gamma!r}, scale={self.scale!r})"

    # ----------------------------------------------------------- equations
    def _z_of_u(self, u):
        s, w = self._sig, self._w
        return -1.0 / u + self.gamma * np.sum(w * s / (1.0 + s * u[..., None]), axis=-1)

    def _dz(self, u):
        s, w = self._sig, self._w
        return 1.0 / u**2 - self.gamma * np.sum(w * s**2 / (1.0 + s * u[..., None]) ** 2, axis=-1)

    @functools.cached_property
    def _critical_points(self) -> np.ndarray:
        """Real zeros of z'(u), on every interval between the poles {0, -1/σ_k}."""
        poles = np.sort(np.concatenate([-1.0 / self._sig, [0.0]]))
        pieces = [lambda v, a=poles[0]: a - np.exp(v)]
        for a, b in zip(poles[:-1], poles[1:]):
            pieces.append(lambda v, a=a, b=b: a + (b - a) * 0.5 * (1.0 + np.tanh(v)))
        pieces.append(lambda v: np.exp(v))
        # graded grid: 6001 points per interval for a few atoms, fewer (>= 401) for many atoms
        size = int(max(401, min(6001, 2_000_000 // (len(poles) ** 2))))
        v = np.linspace(-30.0, 30.0, size) + 1e-3 / math.pi
        roots = []
        for piece in pieces:
            u = piece(v)
            ok = np.isfinite(u) & (u != 0) & np.all(1.0 + np.outer(u, self._sig) != 0, axis=1)
            vv, d = v[ok], self._dz(u[ok])
            roots.extend(float(piece(t)) for t in vv[d == 0])
            idx = np.nonzero(np.sign(d[:-1]) * np.sign(d[1:]) < 0)[0]
            for i in idx:
                f = lambda t, piece=piece: float(self._dz(np.asarray(piece(t))))
                t = brentq(f, vv[i], vv[i + 1], xtol=1e-15, rtol=1e-15, maxiter=200)
                roots.append(float(piece(t)))
        return np.array(sorted(roots))

    @functools.cached_property
    def intervals(self) -> list[tuple[float, float]]:
        """Support intervals ``[(a1, b1), ...]`` of the continuous part (standard variable)."""
        edges = np.sort([float(self._z_of_u(np.asarray(u))) for u in self._critical_points])
        edges = edges[edges > 1e-13 * edges.max()]
        if len(edges) % 2:  # γ = 1: the lower edge is 0 (no critical point)
            edges = np.concatenate([[0.0], edges])
        pairs = [(float(edges[i]), float(edges[i + 1])) for i in range(0, len(edges), 2)]
        return [p for p in pairs if p[1] > p[0]]

    @property
    def support(self) -> tuple[float, float]:
        iv = self.intervals
        return (iv[0][0], iv[-1][1])

    def _solve(self, x: np.ndarray) -> np.ndarray:
        """Companion Stieltjes transform u(x + i0) with Im u >= 0 (Newton on a continuation path)."""
        x = np.asarray(x, dtype=float)
        top = 4.0 * self.support[1] + 1.0
        etas = top * 0.25 ** np.arange(0, 200)
        etas = etas[etas > 1e-14 * max(1.0, self.support[1])]
        z = x + 1j * etas[0]
        u = -1.0 / z
        for eta in etas:
            z = x + 1j * eta
            for _ in range(3):
                u = u - (self._z_of_u(u) - z) / self._dz(u)
        u_eta = u.copy()
        z = x + 0j
        for _ in range(40):
            step = (self._z_of_u(u) - z) / self._dz(u)
            u = u - step
            if np.all(np.abs(step) <= 1e-15 * np.abs(u)):
                break
        good = np.isfinite(u) & (u.imag >= 0) & (np.abs(self._z_of_u(u) - z) <= 1e-11 * np.maximum(1.0, x))
        return np.where(good, u, u_eta)

    def _pdf_std(self, y: np.ndarray) -> np.ndarray:
        y = np.asarray(y, dtype=float)
        out = np.zeros(y.shape)
        inside = np.zeros(y.shape, dtype=bool)
        for a, b in self.intervals:
            inside |= (y > a) & (y < b)
        if np.any(inside):
            u = self._solve(y[inside])
            out[inside] = np.maximum(u.imag, 0.0) / (self.gamma * math.pi)
        return out

    def _logpdf64(self, y):
        with np.errstate(divide="ignore"):
            return np.log(self._pdf_std(y))

    # ------------------------------------------------------------------ CDF
    @functools.cached_property
    def _cheb(self) -> list:
        out = []
        for a, b in self.intervals:
            def g(theta, a=a, b=b):
                x = a + (b - a) * 0.5 * (1.0 - np.cos(theta))
                return self._pdf_std(x) * (b - a) * 0.5 * np.sin(theta)
            series = C.Chebyshev.interpolate(g, 256, domain=[0.0, math.pi])
            integral = series.integ(lbnd=0.0)
            out.append((a, b, integral, float(integral(math.pi))))
        return out

    def _mass64(self, y, upper: bool):
        y = np.asarray(y, dtype=float)
        below = np.zeros(y.shape)
        total = 0.0
        for a, b, integral, mass in self._cheb:
            total += mass
            theta = np.arccos(np.clip(1.0 - 2.0 * (y - a) / (b - a), -1.0, 1.0))
            below += np.where(y >= b, mass, np.where(y <= a, 0.0, integral(theta)))
        if upper:
            return np.maximum(total - below, 0.0)
        return below

    # ---------------------------------------------------------------- mpmath
    def _z_mp(self, u):
        return -1 / u + self.gamma * mp.fsum(w * s / (1 + s * u) for s, w in zip(self._sig_mp, self._w_mp))

    def _dz_mp(self, u):
        return 1 / u**2 - self.gamma * mp.fsum(w * s**2 / (1 + s * u) ** 2 for s, w in zip(self._sig_mp, self._w_mp))

    @property
    def _sig_mp(self):
        return [mp.mpf(float(v)) for v in self._sig]

    @property
    def _w_mp(self):
        ev = self.spectrum.exact_values
        if ev is not None:  # exact rational weights
            vals, wts = ev
            acc: dict = {}
            for v, w in zip(vals, wts):
                acc[v] = acc.get(v, 0) + w
            return [mp.mpf(acc[k].numerator) / acc[k].denominator for k in sorted(acc)]
        return [mp.mpf(float(v)) for v in self._w]

    def _logpdf_mp(self, y):
        u0 = complex(self._solve(np.array([float(y)]))[0])
        if u0.imag <= 0:
            return mp.ninf
        u = mp.mpc(u0.real, u0.imag)
        for _ in range(200):  # Newton from the float64 root (quadratic convergence)
            step = (self._z_mp(u) - y) / self._dz_mp(u)
            u -= step
            if abs(step) <= 8 * mp.eps * abs(u):
                break
        if mp.im(u) <= 0:
            return mp.ninf
        return mp.log(mp.im(u) / (self.gamma * mp.pi))

    def _edges_mp(self):
        edges = []
        for a, b in self.intervals:
            pair = []
            for e in (a, b):
                if e == 0:
                    pair.append(mp.mpf(0))
                    continue
                crit = min(self._critical_points, key=lambda c: abs(float(self._z_of_u(np.asarray(c))) - e))
                c = mp.findroot(self._dz_mp, mp.mpf(float(crit)))
                pair.append(self._z_mp(c))
            edges.append(tuple(pair))
        return edges

    def _cdf_mp(self, y):
        total = mp.mpf(0)
        for a, b in self._edges_mp():
            if y <= a:
                break
            top = min(y, b)
            total += mp.quad(lambda t: mp.exp(self._logpdf_mp(t)), [a, (a + top) / 2, top])
        return total

    def _sf_mp(self, y):
        return 1 - mp.mpf(self.atom) - self._cdf_mp(y)

    def _ppf_grid(self) -> np.ndarray:
        lo, hi = self.support
        return np.log(np.linspace(max(lo, hi * 1e-12), hi, 4001)[1:-1])

    # -------------------------------------------------------------- moments
    def _moment_standard(self, j: int):
        nu = [self.spectrum.moment(k) for k in range(j + 1)]
        if isinstance(self._exact_gamma, Fraction) and all(isinstance(v, Fraction) for v in nu):
            return free_covariance_moments(self._exact_gamma, nu)[j]
        return float(free_covariance_moments(self.gamma, [float(v) for v in nu])[j])

    def moments(self, order: int) -> list:
        """``[E X^0, ..., E X^order]`` (see :meth:`moment`)."""
        order = check_int("order", order, minimum=0)
        return [self.moment(j) for j in range(order + 1)]

    def stieltjes(self, z) -> np.ndarray:
        r"""float64 :math:`s(z) = \int p(t)dt/(t - z)` (atom included) for Im z ≠ 0.

        Newton on the companion equation along :math:`z + i\eta`, η ↓ 0, then
        :math:`s = (\underline s + (1 - \gamma)/z)/\gamma`; Im z < 0 by conjugation.
        """
        z = np.asarray(z, dtype=complex) / self.scale
        if np.any(z.imag == 0):
            raise ValueError("z must have a nonzero imaginary part (use pdf on the real axis)")
        zu = np.where(z.imag > 0, z, np.conj(z))
        top = 4.0 * self.support[1] + 1.0
        u = -1.0 / (zu + 1j * top)
        for eta in top * 0.5 ** np.arange(0, 80):
            if eta < 1e-3 * np.min(zu.imag):
                break
            for _ in range(3):
                u = u - (self._z_of_u(u) - (zu + 1j * eta)) / self._dz(u)
        for _ in range(40):
            u = u - (self._z_of_u(u) - zu) / self._dz(u)
        s = (u + (1.0 - self.gamma) / zu) / self.gamma
        s = np.where(z.imag > 0, s, np.conj(s)) / self.scale
        return s[()] if s.ndim == 0 else s
