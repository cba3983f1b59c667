"""Run the docstring examples of the covariance modules and of the correlated sampler."""
import doctest
import importlib

import pytest

MODULES = ["htmp_theory.covariance", "htmp_theory.covariance._spectrum", "htmp_theory.covariance.free",
           "htmp_theory.covariance.product", "htmp_theory.sampling.correlated"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
