"""The docstring examples of htmp_theory.fitting run and give the shown output."""
import doctest
import importlib

import pytest

FAST = ["moments", "layers", "phases", "report"]


def _run(name: str) -> None:
    module = importlib.import_module(f"htmp_theory.fitting.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("name", FAST)
def test_docstring_examples(name):
    _run(name)


@pytest.mark.slow
def test_mle_docstring_examples():
    _run("mle")  # builds about 20 density tables
