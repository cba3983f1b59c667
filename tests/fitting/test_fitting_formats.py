"""Readers of .safetensors and .onnx files (numpy only), directories, and the skipped-tensor report."""
import json
import struct

import numpy as np
import pytest

from htmp_theory.cli import main
from htmp_theory.fitting import fit_layers, load_matrices, load_weights
from htmp_theory.fitting.formats import _float8_table, read_onnx, read_safetensors


def _write_safetensors(path, entries):
    """Hand-written safetensors file: entries = {name: (dtype, shape, raw bytes)}."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, (dtype, shape, raw) in entries.items():
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def test_safetensors_dtypes_by_hand(tmp_path):
    rng = np.random.default_rng(0)
    w64, w32 = rng.standard_normal((4, 3)), rng.standard_normal((5, 2)).astype(np.float32)
    w16 = rng.standard_normal((3, 3)).astype(np.float16)
    bf = np.array([[1.5, -0.25], [3.0, 2.0 ** -20]], np.float32)         # exact in bfloat16
    bf_bits = (bf.view(np.uint32) >> 16).astype("<u2")
    _write_safetensors(tmp_path / "m.safetensors", {
        "a.w64": ("F64", w64.shape, w64.astype("<f8").tobytes()),
        "a.w32": ("F32", w32.shape, w32.astype("<f4").tobytes()),
        "a.w16": ("F16", w16.shape, w16.astype("<f2").tobytes()),
        "a.bf16": ("BF16", bf.shape, bf_bits.tobytes()),
        "a.f8": ("F8_E4M3", (2, 2), bytes([0x38, 0x7E, 0x01, 0xB8])),
        "a.idx": ("I64", (2, 2), np.arange(4, dtype="<i8").tobytes()),
        "a.bias": ("F32", (3,), np.ones(3, "<f4").tobytes()),
    })
    read = read_safetensors(tmp_path / "m.safetensors")
    np.testing.assert_array_equal(read.tensors["a.w64"], w64)
    np.testing.assert_array_equal(read.tensors["a.w32"], w32)
    np.testing.assert_array_equal(read.tensors["a.w16"], w16)
    np.testing.assert_array_equal(read.tensors["a.bf16"], bf)
    # E4M3FN: 0x38 = 1, 0x7E = 448 (largest), 0x01 = 2^-9 (smallest subnormal), 0xB8 = -1
    np.testing.assert_array_equal(read.tensors["a.f8"], [[1.0, 448.0], [2.0 ** -9, -1.0]])
    assert "not floating point" in read.skipped["a.idx"]
    loaded = load_weights(tmp_path / "m.safetensors")
    assert list(loaded.tensors) == ["a.w64", "a.w32", "a.w16", "a.bf16", "a.f8"]
    assert loaded.skipped["a.bias"].startswith("1-D") and "I64" in loaded.skipped["a.idx"]


def test_float8_tables_against_float16_and_known_codes():
    # E5M2 is the upper byte of an IEEE half: an independent decoder
    halves = (np.arange(256, dtype=np.uint16) << 8).view(np.float16).astype(np.float32)
    np.testing.assert_array_equal(_float8_table(5, 15, False), halves)
    e4m3 = _float8_table(4, 7, True)
    assert np.isnan(e4m3[0x7F]) and np.isnan(e4m3[0xFF]) and np.sum(np.isnan(e4m3)) == 2
    assert e4m3[0x08] == 2.0 ** -6 and e4m3[0x07] == 7 * 2.0 ** -9    # smallest normal, largest subnormal
    try:
        import ml_dtypes
    except ImportError:
        return
    for table, kind in ((e4m3, ml_dtypes.float8_e4m3fn), (_float8_table(5, 15, False), ml_dtypes.float8_e5m2)):
        reference = np.arange(256, dtype=np.uint8).view(kind).astype(np.float32)
        np.testing.assert_array_equal(table, reference)


def test_safetensors_matches_the_reference_writer(tmp_path):
    st = pytest.importorskip("safetensors.numpy")
    rng = np.random.default_rng(1)
    tensors = {"x": rng.standard_normal((6, 4)).astype(np.float32), "y": rng.standard_normal((2, 3, 4)),
               "z": rng.standard_normal((3, 5)).astype(np.float16)}
    st.save_file(tensors, str(tmp_path / "ref.safetensors"))
    read = read_safetensors(tmp_path / "ref.safetensors").tensors
    assert sorted(read) == sorted(tensors)
    for k, v in tensors.items():
        np.testing.assert_array_equal(read[k], v)


def test_bad_safetensors(tmp_path):
    (tmp_path / "short.safetensors").write_bytes(b"abc")
    with pytest.raises(ValueError, match="8-byte"):
        read_safetensors(tmp_path / "short.safetensors")
    (tmp_path / "big.safetensors").write_bytes(struct.pack("<Q", 10 ** 6) + b"{}")
    with pytest.raises(ValueError, match="exceeds"):
        read_safetensors(tmp_path / "big.safetensors")
    (tmp_path / "json.safetensors").write_bytes(struct.pack("<Q", 3) + b"{{{")
    with pytest.raises(ValueError, match="not JSON"):
        read_safetensors(tmp_path / "json.safetensors")


def _onnx_model(tmp_path):
    """An ONNX graph with initializers of several types, a Constant, and Constants/initializers
    inside If branches and a Loop body."""
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(2)
    arrays = {"fc.weight": rng.standard_normal((6, 4)).astype(np.float32),
              "fc64": rng.standard_normal((3, 5)),
              "emb": rng.standard_normal((4, 4)).astype(np.float16)}
    inits = [numpy_helper.from_array(arrays["fc.weight"], "fc.weight"),
             numpy_helper.from_array(arrays["fc64"], "fc64"),
             helper.make_tensor("emb", TensorProto.FLOAT16, [4, 4], arrays["emb"].ravel().tolist()),  # int32_data
             helper.make_tensor("shape_idx", TensorProto.INT64, [2, 2], [1, 2, 3, 4]),
             numpy_helper.from_array(np.ones(4, np.float32), "fc.bias")]
    const = rng.standard_normal((3, 3)).astype(np.float32)
    then_c = rng.standard_normal((2, 5)).astype(np.float32)
    else_i = rng.standard_normal((5, 2)).astype(np.float32)
    body_c = rng.standard_normal((4, 2)).astype(np.float32)
    arrays.update({"c_out": const, "then_out": then_c, "else_w": else_i, "body_out": body_c})
    out_info = helper.make_tensor_value_info
    then_g = helper.make_graph([helper.make_node("Constant", [], ["then_out"], value=numpy_helper.from_array(then_c))],
                               "then", [], [out_info("then_out", TensorProto.FLOAT, [2, 5])])
    else_g = helper.make_graph([helper.make_node("Identity", ["else_w"], ["else_out"])], "else", [],
                               [out_info("else_out", TensorProto.FLOAT, [5, 2])],
                               [numpy_helper.from_array(else_i, "else_w")])
    body_g = helper.make_graph([helper.make_node("Constant", [], ["body_out"], value=numpy_helper.from_array(body_c)),
                                helper.make_node("Identity", ["cond_in"], ["cond_out"])], "body",
                               [out_info("iter", TensorProto.INT64, []), out_info("cond_in", TensorProto.BOOL, [])],
                               [out_info("cond_out", TensorProto.BOOL, []),
                                out_info("body_out", TensorProto.FLOAT, [4, 2])])
    nodes = [helper.make_node("Constant", [], ["c_out"], value=numpy_helper.from_array(const)),
             helper.make_node("If", ["cond"], ["if_out"], then_branch=then_g, else_branch=else_g, name="branch"),
             helper.make_node("Loop", ["trip", "cond"], ["loop_cond", "loop_scan"], body=body_g, name="loop"),
             helper.make_node("MatMul", ["x", "fc.weight"], ["y"])]
    graph = helper.make_graph(nodes, "g", [out_info("x", TensorProto.FLOAT, [1, 6]),
                                           out_info("cond", TensorProto.BOOL, []),
                                           out_info("trip", TensorProto.INT64, [])],
                              [out_info("y", TensorProto.FLOAT, [1, 4])], inits)
    return onnx, helper.make_model(graph), arrays


def test_onnx_initializers_constants_and_subgraphs(tmp_path):
    onnx, model, arrays = _onnx_model(tmp_path)
    onnx.save_model(model, str(tmp_path / "m.onnx"))
    read = read_onnx(tmp_path / "m.onnx")
    assert sorted(read.tensors) == sorted([*arrays, "fc.bias"])
    for name, value in arrays.items():
        np.testing.assert_array_equal(read.tensors[name], value)
    assert "int64" in read.skipped["shape_idx"]
    # the same tensors as onnx's own decoder
    from onnx import numpy_helper
    for init in model.graph.initializer:
        if init.data_type != onnx.TensorProto.INT64:
            np.testing.assert_array_equal(read.tensors[init.name], numpy_helper.to_array(init))


def test_onnx_external_data(tmp_path):
    onnx, model, arrays = _onnx_model(tmp_path)
    onnx.save_model(model, str(tmp_path / "ext.onnx"), save_as_external_data=True, all_tensors_to_one_file=True,
                    location="ext.data", size_threshold=0)
    read = read_onnx(tmp_path / "ext.onnx")
    for name in ("fc.weight", "fc64"):
        np.testing.assert_array_equal(read.tensors[name], arrays[name])
    (tmp_path / "ext.data").unlink()
    assert "not found" in read_onnx(tmp_path / "ext.onnx").skipped["fc.weight"]


def test_bad_onnx(tmp_path):
    (tmp_path / "bad.onnx").write_bytes(b"\x0f\xff\xff")
    with pytest.raises(ValueError, match="could not be read as an ONNX model"):
        read_onnx(tmp_path / "bad.onnx")


def test_directory_fit_layers_and_cli_report_skipped(tmp_path, capsys):
    onnx, model, arrays = _onnx_model(tmp_path)
    folder = tmp_path / "ckpt"
    (folder / "sub").mkdir(parents=True)
    onnx.save_model(model, str(folder / "sub" / "m.onnx"))
    rng = np.random.default_rng(3)
    np.savez(folder / "a.npz", big=rng.standard_normal((80, 40)), bias=np.ones(5))
    loaded = load_weights(folder)
    assert "a.npz:big" in loaded.tensors and "sub/m.onnx:fc.weight" in loaded.tensors
    assert loaded.skipped["a.npz:bias"].startswith("1-D") and "sub/m.onnx:shape_idx" in loaded.skipped
    assert set(load_matrices(folder)) >= {"a.npz:big", "sub/m.onnx:emb"}
    with pytest.warns(RuntimeWarning, match="skipped"):
        reports = fit_layers({"big": rng.standard_normal((80, 40)), "bias": np.ones(3)}, gof=False)
    assert [r.name for r in reports] == ["big"] and reports.skipped == {"bias": "1-D (bias/norm/scalar)"}
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no weights file"):
        load_weights(tmp_path / "empty")
    # the CLI on the ONNX model: one row per matrix (the tiny ones are skipped with a reason), skipped listed
    big = rng.standard_normal((60, 30)).astype(np.float32)
    from onnx import numpy_helper
    model.graph.initializer.append(numpy_helper.from_array(big, "big.weight"))
    onnx.save_model(model, str(tmp_path / "m.onnx"))
    assert main(["fit", str(tmp_path / "m.onnx"), "--out", str(tmp_path / "rep"), "--no-plots"]) == 0
    printed = capsys.readouterr().out  # the CLI prints each warning and the skipped tensors once (no RuntimeWarning)
    assert "skipped" in printed and "not floating point" in printed
    text = (tmp_path / "rep" / "fit.md").read_text()
    assert "big.weight" in text and "shape_idx" in text and "fc.bias" in text
