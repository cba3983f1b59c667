"""c-convolution of laws: closed-form cases checked against the package's closed forms."""
import numpy as np
import pytest
from scipy import stats

from htmp_theory import HTMP, GaussianHT, JacobiHT, c_convolve
from htmp_theory.laws.c_convolution import mk_image
from htmp_theory.laws.markov_krein import mk_transform


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
    with pytest.raises(NotImplementedError, match="numerical convolution"):
        c_convolve(HTMP(0.5, 1.5), GaussianHT(0.75), 0.75)
    assert c_convolve([1, 0, 2], [1, 1, 3], 1) == [1, 1, 5]
    assert stats  # scipy used through the images
