r"""Dependency-free readers of model files: ``.safetensors`` and ``.onnx`` (numpy only).

safetensors
    ``[8-byte little-endian header length N][N bytes of JSON][raw buffer]``; the JSON maps
    each tensor name to ``{"dtype", "shape", "data_offsets": [begin, end]}`` (offsets into
    the buffer, row-major, little-endian) plus an optional ``"__metadata__"`` entry.
ONNX
    A protobuf ``ModelProto``, decoded here from the wire format (varint keys
    ``field << 3 | wire type``; length-delimited sub-messages): the graph's initializers
    (``TensorProto``: ``dims``, ``data_type``, ``raw_data`` or the typed ``*_data`` fields,
    or external data next to the model file) and the ``value`` tensors of ``Constant``
    nodes, in the main graph and recursively in every subgraph attribute (``If`` branches,
    ``Loop``/``Scan`` bodies).  A tensor in a subgraph is named ``<node name>/<tensor name>``
    when its plain name is already taken.

Both readers return a :class:`TensorFile`: floating-point tensors as numpy arrays (float16,
bfloat16 and the 8-bit float formats converted exactly to float32) and, for everything
else, the reason it was skipped (integer/boolean/string data, sparse initializers, ...).
"""
from __future__ import annotations

import json
import os
import struct
from dataclasses import dataclass, field

import numpy as np

__all__ = ["TensorFile", "read_safetensors", "read_onnx"]


@dataclass
class TensorFile:
    """Tensors read from one file: ``tensors`` (name → array) and ``skipped`` (name → reason)."""

    tensors: dict[str, np.ndarray] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)


def _float8_table(exponent_bits: int, bias: int, finite_only: bool) -> np.ndarray:
    """float32 value of each of the 256 codes of an 8-bit float (1 sign bit, rest exponent/mantissa).

    ``finite_only`` (the "fn" formats, e.g. E4M3FN): no infinities, only the all-ones code is NaN.
    """
    mant_bits = 7 - exponent_bits
    codes = np.arange(256)
    sign = np.where(codes >> 7, -1.0, 1.0)
    exp = (codes >> mant_bits) & ((1 << exponent_bits) - 1)
    mant = codes & ((1 << mant_bits) - 1)
    normal = (1 + mant / 2 ** mant_bits) * 2.0 ** (exp - bias)
    subnormal = mant / 2 ** mant_bits * 2.0 ** (1 - bias)
    values = sign * np.where(exp == 0, subnormal, normal)
    top = exp == (1 << exponent_bits) - 1
    if finite_only:
        values[(codes & 0x7F) == 0x7F] = np.nan
    else:
        values[top & (mant == 0)] = sign[top & (mant == 0)] * np.inf
        values[top & (mant != 0)] = np.nan
    return values.astype(np.float32)


def _from_bytes(buffer: bytes, kind: str, shape: tuple[int, ...]) -> np.ndarray:
    """Array of a little-endian buffer of element kind ``kind`` (``"f4"``, ``"bf16"``, ``"e4m3"``, ...)."""
    if kind == "bf16":
        bits = np.frombuffer(buffer, dtype="<u2").astype(np.uint32) << 16
        return bits.view(np.float32).reshape(shape)
    if kind in ("e4m3", "e5m2"):
        table = _float8_table(4, 7, True) if kind == "e4m3" else _float8_table(5, 15, False)
        return table[np.frombuffer(buffer, dtype=np.uint8)].reshape(shape)
    return np.frombuffer(buffer, dtype="<" + kind).reshape(shape)


#: safetensors dtype → element kind (floating-point types only; the rest are skipped).
_SAFETENSORS_FLOATS = {"F64": "f8", "F32": "f4", "F16": "f2", "BF16": "bf16", "F8_E4M3": "e4m3",
                       "F8_E5M2": "e5m2"}


def read_safetensors(path) -> TensorFile:
    """Read a ``.safetensors`` file with numpy only (module notes).

    Examples
    --------
    >>> import tempfile, json, struct
    >>> w = np.arange(6, dtype="<f4").reshape(2, 3)
    >>> header = json.dumps({"w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}}).encode()
    >>> with tempfile.NamedTemporaryFile(suffix=".safetensors", delete=False) as fh:
    ...     _ = fh.write(struct.pack("<Q", len(header)) + header + w.tobytes())
    >>> read_safetensors(fh.name).tensors["w"].tolist()
    [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    """
    path = os.fspath(path)
    with open(path, "rb") as fh:
        blob = fh.read()
    if len(blob) < 8:
        raise ValueError(f"{path!r} is not a safetensors file (shorter than its 8-byte header length)")
    (size,) = struct.unpack("<Q", blob[:8])
    if size > len(blob) - 8:
        raise ValueError(f"{path!r} is not a safetensors file (header length {size} exceeds the file)")
    try:
        header = json.loads(blob[8:8 + size])
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path!r} is not a safetensors file (header is not JSON: {exc})") from exc
    data = memoryview(blob)[8 + size:]
    out = TensorFile()
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype, shape = entry.get("dtype"), tuple(entry.get("shape", ()))
        begin, end = entry.get("data_offsets", (0, 0))
        if dtype not in _SAFETENSORS_FLOATS:
            out.skipped[name] = f"dtype {dtype} (not floating point)"
            continue
        if not 0 <= begin <= end <= len(data):
            raise ValueError(f"{path!r}: tensor {name!r} has data offsets {begin}..{end} outside the buffer")
        out.tensors[name] = _from_bytes(bytes(data[begin:end]), _SAFETENSORS_FLOATS[dtype], shape)
    return out


# ----------------------------------------------------------------------------------- ONNX
def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise ValueError("truncated protobuf varint")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _fields(buf: bytes):
    """Yield (field number, wire type, value) of a protobuf message (value: int or bytes)."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = _varint(buf, pos)
            value, pos = buf[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        if pos > len(buf):
            raise ValueError("truncated protobuf message")
        yield number, wire, value


def _ints(wire: int, value) -> list[int]:
    """A repeated int field: one varint (wire 0) or a packed run (wire 2)."""
    if wire == 0:
        return [value]
    out, pos = [], 0
    while pos < len(value):
        v, pos = _varint(value, pos)
        out.append(v)
    return out


#: ONNX TensorProto.DataType → element kind (floating-point types only).
_ONNX_FLOATS = {1: "f4", 10: "f2", 11: "f8", 16: "bf16", 17: "e4m3", 19: "e5m2"}
_ONNX_NAMES = {2: "uint8", 3: "int8", 4: "uint16", 5: "int16", 6: "int32", 7: "int64", 8: "string", 9: "bool",
               12: "uint32", 13: "uint64", 14: "complex64", 15: "complex128", 18: "float8e4m3fnuz",
               20: "float8e5m2fnuz"}


def _tensor(buf: bytes, base_dir: str) -> tuple[str, np.ndarray | str]:
    """(name, array) of a TensorProto, or (name, reason skipped)."""
    dims, dtype, name, raw = [], 0, "", None
    floats, doubles, int32s, external, location = [], [], [], {}, 0
    for number, wire, value in _fields(buf):
        if number == 1:
            dims += _ints(wire, value)
        elif number == 2:
            dtype = value
        elif number == 8:
            name = value.decode("utf-8", "replace")
        elif number == 9:
            raw = value
        elif number == 4:
            floats.append(np.frombuffer(value, dtype="<f4"))
        elif number == 10:
            doubles.append(np.frombuffer(value, dtype="<f8"))
        elif number == 5:
            int32s += _ints(wire, value)
        elif number == 13:
            entry = {n: v for n, _, v in _fields(value)}
            external[entry.get(1, b"").decode()] = entry.get(2, b"").decode()
        elif number == 14:
            location = value
    shape = tuple(dims)
    if dtype not in _ONNX_FLOATS:
        return name, f"dtype {_ONNX_NAMES.get(dtype, dtype)} (not floating point)"
    kind = _ONNX_FLOATS[dtype]
    if location == 1:  # external data
        file = os.path.join(base_dir, external.get("location", ""))
        if not os.path.isfile(file):
            return name, f"external data file {external.get('location')!r} not found"
        with open(file, "rb") as fh:
            fh.seek(int(external.get("offset", 0)))
            length = external.get("length")
            raw = fh.read(int(length)) if length else fh.read()
    if raw is not None:
        return name, _from_bytes(raw, kind, shape)
    if kind == "f4":
        return name, np.concatenate(floats or [np.empty(0, np.float32)]).reshape(shape)
    if kind == "f8":
        return name, np.concatenate(doubles or [np.empty(0)]).reshape(shape)
    # float16, bfloat16, float8: bit patterns stored one per int32_data entry
    width = {"f2": "<u2", "bf16": "<u2"}.get(kind, np.uint8)
    return name, _from_bytes(np.array(int32s, dtype=np.uint32).astype(width).tobytes(), kind, shape)


def _graph(buf: bytes, base_dir: str, out: TensorFile, prefix: str) -> None:
    """Collect the initializers and Constant tensors of a GraphProto and of its subgraphs."""

    def keep(name: str, value) -> None:
        if name in out.tensors or name in out.skipped:
            name = f"{prefix}{name}"
        if isinstance(value, str):
            out.skipped[name] = value
        else:
            out.tensors[name] = value

    for number, _, value in _fields(buf):
        if number == 5:  # initializer
            keep(*_tensor(value, base_dir))
        elif number == 15:  # sparse_initializer
            values = dict((n, v) for n, _, v in _fields(value)).get(1, b"")
            keep(_tensor(values, base_dir)[0] or "sparse", "sparse initializer (not read)")
        elif number == 1:  # node
            _node(value, base_dir, out, prefix, keep)


def _node(buf: bytes, base_dir: str, out: TensorFile, prefix: str, keep) -> None:
    op, name, outputs, attributes = "", "", [], []
    for number, _, value in _fields(buf):
        if number == 4:
            op = value.decode()
        elif number == 3:
            name = value.decode("utf-8", "replace")
        elif number == 2:
            outputs.append(value.decode("utf-8", "replace"))
        elif number == 5:
            attributes.append(value)
    label = name or (outputs[0] if outputs else op)
    for attribute in attributes:
        attr_name = ""
        tensors, graphs = [], []
        for number, _, value in _fields(attribute):
            if number == 1:
                attr_name = value.decode()
            elif number in (5, 10):
                tensors.append(value)
            elif number in (6, 11):
                graphs.append(value)
        if op == "Constant" and attr_name == "value" and tensors:
            tensor_name, array = _tensor(tensors[0], base_dir)
            keep(outputs[0] if outputs else (tensor_name or label), array)
        elif op == "Constant" and attr_name == "sparse_value":
            keep(outputs[0] if outputs else label, "sparse constant (not read)")
        for graph in graphs:
            _graph(graph, base_dir, out, f"{prefix}{label}/")


def read_onnx(path) -> TensorFile:
    """Read the initializers and Constant tensors of an ``.onnx`` model (module notes).

    Examples
    --------
    >>> onnx = __import__("pytest").importorskip("onnx")
    >>> import tempfile
    >>> from onnx import helper, numpy_helper
    >>> w = numpy_helper.from_array(np.ones((3, 2), np.float32), "w")
    >>> graph = helper.make_graph([helper.make_node("MatMul", ["x", "w"], ["y"])], "g",
    ...     [helper.make_tensor_value_info("x", 1, [1, 3])], [helper.make_tensor_value_info("y", 1, [1, 2])], [w])
    >>> with tempfile.NamedTemporaryFile(suffix=".onnx", delete=False) as fh:
    ...     _ = fh.write(helper.make_model(graph).SerializeToString())
    >>> read_onnx(fh.name).tensors["w"].shape
    (3, 2)
    """
    path = os.fspath(path)
    with open(path, "rb") as fh:
        blob = fh.read()
    out = TensorFile()
    try:
        graphs = [value for number, wire, value in _fields(blob) if number == 7 and wire == 2]
        if not graphs:
            raise ValueError("no graph field")
        for graph in graphs:
            _graph(graph, os.path.dirname(os.path.abspath(path)), out, "")
    except (ValueError, IndexError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path!r} could not be read as an ONNX model: {exc}") from exc
    return out
