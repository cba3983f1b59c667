"""Optional example: the ONNX model shipped in the ``magika`` wheel (skipped unless magika is installed).

Not in the default suite (``slow``): it reads the real model file, fits its three weight matrices
with the default options and checks what the fitting page reports for it.
"""
import glob
import math
import os

import numpy as np
import pytest

pytestmark = pytest.mark.slow


def _model() -> str:
    import importlib.util

    spec = importlib.util.find_spec("magika")  # located, not imported (magika needs onnxruntime)
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("the magika package is not installed")
    folder = list(spec.submodule_search_locations)[0]
    found = sorted(glob.glob(os.path.join(folder, "models", "*", "model.onnx")))
    if not found:
        pytest.skip("no ONNX model inside the installed magika package")
    return found[-1]


def test_magika_model_reads_and_fits():
    from htmp_theory.fitting import fit_layers, load_weights

    path = _model()
    loaded = load_weights(path)
    onnx = pytest.importorskip("onnx")
    from onnx import numpy_helper

    reference = {t.name: numpy_helper.to_array(t) for t in onnx.load(path).graph.initializer}
    for name, array in loaded.tensors.items():
        if name in reference:
            np.testing.assert_array_equal(array, reference[name])
    with pytest.warns(RuntimeWarning):
        reports = fit_layers(path)
    assert len(reports) >= 3
    for r in reports:
        assert math.isfinite(r.fit.kappa) and r.fit.kappa_se > 0
        assert all(w.startswith(r.name) for w in r.warnings)   # every warning names its layer
    assert all("not floating point" in why or "bias/norm/scalar" in why for why in reports.skipped.values())
