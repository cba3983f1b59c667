"""The docstring examples of every module of the package run and give the shown output."""
import doctest
import importlib
import pkgutil

import pytest

import htmp_theory

#: modules whose examples build many density tables (run with -m slow)
SLOW = {"htmp_theory.fitting.mle"}

MODULES = sorted(info.name for info in pkgutil.walk_packages(htmp_theory.__path__, "htmp_theory.")
                 if not info.name.endswith("__main__"))


@pytest.mark.parametrize("name", [pytest.param(m, marks=pytest.mark.slow) if m in SLOW else m for m in MODULES])
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
