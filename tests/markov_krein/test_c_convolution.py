"""c-convolution of laws: the closed-form and the numerical route against the package's closed forms,
the exact moment series and quadrature of the density."""
from fractions import Fraction

import mpmath as mp
import numpy as np
import pytest
from scipy import integrate, stats

from htmp_theory import HTMP, GaussianHT, JacobiHT, c_convolve
from htmp_theory.laws.c_convolution import mk_image
from htmp_theory.laws.markov_krein import AtomicMeasure, c_convolve_moments, mk_transform
from htmp_theory.laws.moments import htmp_moments


@pytest.mark.slow
def test_htmp_box_htmp_is_scaled_htmp_as_a_law():
    law = c_convolve(HTMP(0.5, 4.0), HTMP(0.5, 4.0), 2.0)
    ref = HTMP(0.25, 4.0, scale=2.0)
    x = np.linspace(*ref.ppf([1e-6, 1 - 1e-6]), 201)
    assert np.max(np.abs(law.pdf(x) / ref.pdf(x) - 1)) < 1e-9
    assert float(law.moment(2)) == pytest.approx(5.5, rel=1e-14)
    assert float(law.moment(3)) == pytest.approx(18.5, rel=1e-14)


@pytest.mark.slow
def test_gaussian_box_gaussian_is_sqrt2_gaussian():
    c = 1.0
    law = c_convolve(GaussianHT(c), GaussianHT(c), c)
    ref = GaussianHT(c, scale=np.sqrt(2))
    x = np.linspace(-6, 6, 101)
    assert np.max(np.abs(law.pdf(x) / ref.pdf(x) - 1)) < 1e-9


def test_images_have_the_right_moments():
    # the images are an independent route to MK_c: compare with the series identity
    for law, c in ((HTMP(0.5, 3.0), 1.5), (GaussianHT(0.75), 0.75), (JacobiHT(0.5, -0.25, 0.75), 0.75)):
        nu = mk_image(law, c)
        M = mk_transform([law.moment(j) for j in range(6)], c)
        assert [float(v) for v in M] == pytest.approx([1.0] + [nu.moment(j) for j in range(1, 6)], rel=1e-12)


def test_unsupported_pairs_raise():
    with pytest.raises(NotImplementedError, match="kappa/2"):
        mk_image(HTMP(0.5, 4.0), 1.0)
    with pytest.raises(NotImplementedError, match="closed form"):
        c_convolve(HTMP(0.5, 1.5), GaussianHT(0.75), 0.75, method="closed")
    with pytest.raises(ValueError, match="method"):
        c_convolve(HTMP(0.5, 1.5), GaussianHT(0.75), 0.75, method="fft")
    assert c_convolve([1, 0, 2], [1, 1, 3], 1) == [1, 1, 5]
    assert stats  # scipy used through the images


def test_two_point_image_is_beta():
    # two-point mu (weights 1 - p, p at a < b) -> a + (b - a) Beta(c p, c (1 - p)): against the series
    import math
    mu, c = AtomicMeasure([Fraction(-1, 2), 2], [1, 3]), Fraction(3, 2)
    nu = mk_image(mu, float(c))
    alpha, beta = c * Fraction(3, 4), c * Fraction(1, 4)
    assert nu.args == (float(alpha), float(beta)) and nu.kwds == {"loc": -0.5, "scale": 2.5}
    beta_m = [math.prod((alpha + i) / (alpha + beta + i) for i in range(n)) for n in range(6)]
    shifted = [sum(math.comb(n, k) * Fraction(-1, 2) ** (n - k) * Fraction(5, 2) ** k * beta_m[k]
                   for k in range(n + 1)) for n in range(6)]
    assert mk_transform(mu, c, 5) == shifted


@pytest.mark.slow
def test_numerical_route_htmp_box_htmp_is_scaled_htmp():
    # HTMP(1/2, 4) box_2 HTMP(1/2, 4) = 2 HTMP(1/4, 4), the Gamma images convolved by quadrature
    law = c_convolve(HTMP(0.5, 4.0), HTMP(0.5, 4.0), 2.0, method="numerical")
    assert law.nu.max_dps == 11
    ref = HTMP(0.25, 4.0, scale=2.0)
    x = np.linspace(*ref.ppf([1e-6, 1 - 1e-6]), 101)
    assert np.max(np.abs(law.pdf(x) / ref.pdf(x) - 1)) < 1e-9
    assert np.max(np.abs(law.cdf(x) - ref.cdf(x))) < 1e-10
    assert law.moment(2) == pytest.approx(5.5, rel=1e-14) and law.moment(3) == pytest.approx(18.5, rel=1e-14)
    y = mp.mpf("1.3")
    assert abs(law.pdf(y, dps=10) / ref.pdf(y, dps=10) - 1) < mp.mpf(10) ** -10


@pytest.mark.slow
def test_numerical_route_gaussian_box_gaussian():
    c = 1.0
    law = c_convolve(GaussianHT(c), GaussianHT(c), c, method="numerical")
    ref = GaussianHT(c, scale=np.sqrt(2))
    x = np.linspace(-6, 6, 101)
    assert np.max(np.abs(law.pdf(x) / ref.pdf(x) - 1)) < 1e-9
    assert np.max(np.abs(law.cdf(x) - ref.cdf(x))) < 1e-10
    assert abs(law.stieltjes(0.3 + 0.5j) / ref.stieltjes(0.3 + 0.5j) - 1) < 1e-9


@pytest.mark.slow
def test_non_classical_c_convolution():
    # HTMP(1/2, 4) box_2 HTMP(1/4, 4): Gamma images of different scales, no closed form
    law = c_convolve(HTMP(0.5, 4.0), HTMP(0.25, 4.0), 2.0)
    exact = c_convolve_moments(htmp_moments(Fraction(1, 2), 4, 4), htmp_moments(Fraction(1, 4), 4, 4), 2)
    assert [law.moment(j) for j in range(5)] == pytest.approx([float(v) for v in exact], rel=1e-13)
    # the density, by adaptive quadrature: mass 1, mean and second moment from the series
    hi = float(law.ppf(1 - 1e-13))
    for j in range(3):
        value, _ = integrate.quad(lambda t: t**j * float(law.pdf(t)), 0, hi, epsabs=0, epsrel=1e-11, limit=200)
        assert value == pytest.approx(float(exact[j]), rel=1e-9)
    q = np.array([0.01, 0.5, 0.99])
    assert np.allclose(law.cdf(law.ppf(q)), q, rtol=1e-10, atol=0)


@pytest.mark.slow
def test_chained_c_convolution():
    # (mu1 box mu2) box mu3: the image of the first result is its own (tabulated) nu, a sum of a sum
    mu1, mu2 = HTMP(0.5, 4.0), HTMP(0.25, 4.0)
    law = c_convolve(c_convolve(mu1, mu2, 2.0), mu1, 2.0)
    assert law.nu.max_dps == 10
    m = [htmp_moments(Fraction(1, 2), 4, 4), htmp_moments(Fraction(1, 4), 4, 4)]
    exact = c_convolve_moments(c_convolve_moments(m[0], m[1], 2), m[0], 2)
    hi = float(law.ppf(1 - 1e-13))
    for j in range(3):
        value, _ = integrate.quad(lambda t: t**j * float(law.pdf(t)), 0, hi, epsabs=0, epsrel=1e-11, limit=200)
        assert value == pytest.approx(float(exact[j]), rel=1e-9)
