"""The docstring examples of the general-potential modules run and give the shown output."""
import doctest
import importlib

import pytest

MODULES = ["general.equilibrium", "general.gaussian", "general.jacobi", "general.riccati", "general.tails", "_domains",
           "sampling.potential"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"htmp_theory.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
