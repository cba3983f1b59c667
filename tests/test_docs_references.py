"""Every ``tests/…py::test_name`` cited by the documentation pages exists (docs/*.md)."""
import ast
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).parents[1]
CITATION = re.compile(r"(tests/[\w/]+\.py)::(\w+)")
CITES = sorted({m.groups() for page in (ROOT / "docs").glob("*.md") for m in CITATION.finditer(page.read_text())})


def _test_names(path: pathlib.Path) -> set:
    tree = ast.parse(path.read_text())
    return {node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}


def test_theory_page_cites_tests():
    assert len(CITES) >= 30


@pytest.mark.parametrize("path, name", CITES, ids=[f"{p}::{n}" for p, n in CITES])
def test_cited_test_exists(path, name):
    file = ROOT / path
    assert file.is_file(), f"{path} does not exist"
    assert name in _test_names(file), f"{path} has no test {name}"


def test_docs_do_not_point_outside_the_repository():
    for page in (ROOT / "docs").glob("*.md"):
        assert "shared/" not in page.read_text() and "THEORY" not in page.read_text(), page.name
