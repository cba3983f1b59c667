"""Sphinx configuration of the htmp_theory documentation.

Build (after ``pip install '.[docs]'``)::

    python -m sphinx -W -b html docs docs/_build/html

* Markdown pages (MyST) and the notebooks of ``notebooks/``, copied to ``docs/tutorials/``
  and executed at build time (they are stored without outputs);
* every ``docs/*.md`` page that is not a core page is listed under "User guides";
* API reference from the NumPy-style docstrings (autosummary, generated under ``docs/api/``);
* MathJax is served from the built site itself (``sphinx-mathjax-offline``), so formulas render
  without network access.
"""
from __future__ import annotations

import os
import pathlib
import shutil

DOCS = pathlib.Path(__file__).resolve().parent
ROOT = DOCS.parent

project = "htmp_theory"
author = "htmp_theory contributors"
copyright = "htmp_theory contributors"  # noqa: A001 (Sphinx's name)
release = version = "0.1.0"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",
]

# ---- pages -------------------------------------------------------------------------------------
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "_*.md", "**/.ipynb_checkpoints", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3

#: pages placed by index.md; every other top-level page is a user guide
CORE_PAGES = {"index", "overview", "theory", "tutorials", "guides", "benchmarks", "api"}


def _copy_notebooks() -> None:
    """Copy notebooks/*.ipynb to docs/tutorials/ (generated, ignored by git)."""
    target = DOCS / "tutorials"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        shutil.copy2(nb, target / nb.name)


_copy_notebooks()

# ---- notebooks (myst-nb) -----------------------------------------------------------------------
#: stored clean, executed at every build (HTMP_DOCS_EXECUTE=off skips it for quick local previews)
nb_execution_mode = os.environ.get("HTMP_DOCS_EXECUTE", "force")
nb_execution_timeout = 600
nb_execution_raise_on_error = True   # a failing notebook fails the build
nb_execution_show_tb = True
nb_merge_streams = True

# ---- API reference -----------------------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = False
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
napoleon_numpy_docstring = True
napoleon_google_docstring = False
napoleon_use_rtype = False

# ---- HTML --------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "htmp_theory"
html_static_path: list[str] = []
html_show_sourcelink = False


def _guides_toctree(app, docname: str, source: list[str]) -> None:
    """Fill the ``{guides}`` placeholder of guides.md with every user-guide page present."""
    if docname != "guides":
        return
    pages = sorted(p.stem for p in DOCS.glob("*.md") if not p.name.startswith("_") and p.stem not in CORE_PAGES)
    listing = "\n".join(pages)
    block = f"```{{toctree}}\n:maxdepth: 2\n\n{listing}\n```" if pages else "(No user guide pages yet.)"
    source[0] = source[0].replace("{guides}", block)


def _reread_guides(app, env, added, changed, removed) -> list[str]:
    """guides.md lists the pages present at build time: re-read it on every (incremental) build."""
    return ["guides"]


def _prefer_submodules() -> None:
    """Make autosummary resolve ``pkg.name`` to the submodule when the package also exports a
    function of that name (``htmp_theory.crosscheck.compare``, ``htmp_theory.symbolic.linearize``):
    its default reads ``getattr(pkg, name)`` first and would document the function instead."""
    import importlib
    import sys

    from sphinx.ext import autosummary

    original = autosummary._import_by_name

    def _import_by_name(name: str, grouped_exception: bool = True):
        if name.startswith(f"{project}.") and name not in sys.modules:
            try:
                importlib.import_module(name)
            except ImportError:
                pass
        if name.startswith(f"{project}.") and name in sys.modules:
            return sys.modules[name], None, name
        return original(name, grouped_exception)

    autosummary._import_by_name = _import_by_name


def setup(app):
    _prefer_submodules()
    app.connect("source-read", _guides_toctree)
    app.connect("env-get-outdated", _reread_guides)
