"""The docstring examples of every symbolic module run and give the shown output."""
import doctest
import importlib

import pytest

MODULES = ["__init__", "functions", "loop", "linearize", "closed_forms", "series", "tails", "numeric", "output"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module("htmp_theory.symbolic" + ("" if name == "__init__" else f".{name}"))
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
