"""The docstring examples of the numeric modules run and give the shown output."""
import doctest
import importlib

import pytest

MODULES = ["moments", "htmp", "inverse", "marchenko_pastur", "special", "tails", "_validation"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"htmp_theory.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
