r"""Spectra of weight matrices: loading weights files (:func:`load_weights`), per-layer ESDs.

For a weight matrix :math:`W` of shape (p, q) (higher-rank tensors, e.g. convolution
kernels, are reshaped to (p, q₁q₂…)), the ESD is that of the smaller Gram matrix
:math:`W^\top W/M` or :math:`WW^\top/M`, :math:`M = \max(p, q)`: the :math:`N = \min(p, q)`
squared singular values divided by :math:`M`, with :math:`\gamma = N/M \le 1` (the
Wishart reading: N eigenvalues, M degrees of freedom).  Singular values below
:math:`\max(p,q)\,\epsilon\,\sigma_{\max}` count as zeros (rank deficiency).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from .formats import TensorFile, read_onnx, read_safetensors

__all__ = ["LayerSpectrum", "layer_spectrum", "load_matrices", "load_weights"]


@dataclass(frozen=True)
class LayerSpectrum:
    """Positive eigenvalues of a layer's Gram matrix, γ, and the number of zeros dropped."""

    name: str
    eigenvalues: np.ndarray
    gamma: float
    shape: tuple[int, ...]
    zeros: int


def _squeezed(shape: tuple[int, ...]) -> tuple[int, ...]:
    """``shape`` without its axes of length 1 (an LSTM's (1, 4h, d) is a (4h, d) matrix)."""
    return tuple(d for d in shape if d != 1) if 0 not in shape else tuple(shape)


def layer_spectrum(matrix, name: str = "W") -> LayerSpectrum:
    """ESD of :math:`W^\\top W/\\max(p, q)` of one weight matrix (module notes).

    Axes of length 1 are dropped first (ONNX stores LSTM weights as (1, 4h, d)).  Raises
    ``ValueError`` for non-finite entries or fewer than 2 dimensions above 1.

    Examples
    --------
    >>> w = np.random.default_rng(0).standard_normal((200, 100))
    >>> s = layer_spectrum(w)
    >>> s.gamma, s.eigenvalues.size, round(float(s.eigenvalues.mean()), 1)
    (0.5, 100, 1.0)
    """
    w = np.asarray(matrix, dtype=float)
    w = w.reshape(_squeezed(w.shape))
    if w.ndim < 2:
        raise ValueError(f"{name}: a weight matrix needs >= 2 dimensions above 1, got shape {np.shape(matrix)}")
    w = w.reshape(w.shape[0], -1)
    if min(w.shape) < 2:
        raise ValueError(f"{name}: both sides of the matrix must be >= 2, got shape {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError(f"{name}: the matrix has {int(np.sum(~np.isfinite(w)))} NaN/inf entries")
    p, q = w.shape
    sv = np.linalg.svd(w, compute_uv=False)
    tol = max(p, q) * np.finfo(float).eps * (sv[0] if sv.size else 0.0)
    positive = sv > tol
    eig = np.sort(sv[positive] ** 2 / max(p, q))
    return LayerSpectrum(name, eig, min(p, q) / max(p, q), tuple(np.shape(matrix)), int(np.sum(~positive)))


#: Keys under which training checkpoints commonly nest the model's state_dict.
CHECKPOINT_KEYS = ("state_dict", "model_state_dict", "model", "module", "net")


def _torch_state_dict(path: str) -> TensorFile:
    """Floating-point tensors of a PyTorch state_dict file (float64), and what was skipped.

    The file is read with ``torch.load(weights_only=True)`` (no arbitrary code): a pickled
    ``nn.Module`` is refused with a ``ValueError`` asking for ``model.state_dict()``.  A
    checkpoint dict that nests the state_dict under one of :data:`CHECKPOINT_KEYS` is
    unwrapped.  Integer and boolean tensors (counters such as ``num_batches_tracked``,
    masks) are not weights and are reported as skipped; bf16/fp16 tensors are converted
    to float64.
    """
    try:
        import torch
    except ImportError as exc:
        raise ImportError(f"reading {path!r} needs PyTorch (pip install 'htmp_theory[torch]')") from exc
    import pickle

    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, EOFError) as exc:
        raise ValueError(f"{path!r} could not be read as a state_dict with torch.load(weights_only=True) "
                         f"(a pickled nn.Module? save model.state_dict() instead): "
                         f"{str(exc).splitlines()[0][:200]}") from exc
    if not isinstance(state, dict):
        raise TypeError(f"{path!r} does not hold a state_dict (got {type(state).__name__})")
    if not any(torch.is_tensor(v) for v in state.values()):
        nested = [k for k in CHECKPOINT_KEYS if isinstance(state.get(k), dict)]
        if not nested:
            raise ValueError(f"{path!r} holds no tensors at its top level (keys: {sorted(map(str, state))[:10]}); "
                             f"save the model's state_dict")
        state = state[nested[0]]
    out = TensorFile()
    for key, value in state.items():
        if not torch.is_tensor(value):
            continue
        if not value.is_floating_point():
            out.skipped[str(key)] = f"dtype {str(value.dtype).replace('torch.', '')} (not floating point)"
        elif value.layout != torch.strided:
            out.skipped[str(key)] = f"{value.layout} layout (not dense)"
        else:
            out.tensors[str(key)] = value.detach().cpu().to(torch.float64).numpy()
    return out


#: File types :func:`load_weights` reads, by suffix.
SUFFIXES = (".npy", ".npz", ".safetensors", ".onnx", ".pt", ".pth", ".bin")


def _read_file(path: str) -> TensorFile:
    """All tensors of one weights file, by suffix."""
    if path.endswith(".npy"):
        return TensorFile({os.path.splitext(os.path.basename(path))[0]: np.load(path, allow_pickle=False)})
    if path.endswith(".npz"):
        with np.load(path, allow_pickle=False) as data:
            return TensorFile({k: data[k] for k in data.files})
    if path.endswith(".safetensors"):
        return read_safetensors(path)
    if path.endswith(".onnx"):
        return read_onnx(path)
    if path.endswith((".pt", ".pth", ".bin")):
        return _torch_state_dict(path)
    raise ValueError(f"source: unsupported file type {path!r} (use {', '.join(SUFFIXES)} or a directory)")


def _read_directory(path: str) -> TensorFile:
    """Every weights file under a directory (recursively); names ``<relative path>:<tensor>``."""
    out = TensorFile()
    files = sorted(os.path.join(root, f) for root, _, names in os.walk(path) for f in names if f.endswith(SUFFIXES))
    if not files:
        raise ValueError(f"source: no weights file ({', '.join(SUFFIXES)}) in directory {path!r}")
    for file in files:
        rel = os.path.relpath(file, path)
        part = _read_file(file)
        out.tensors.update({f"{rel}:{k}": v for k, v in part.tensors.items()})
        out.skipped.update({f"{rel}:{k}": v for k, v in part.skipped.items()})
    return out


def load_weights(source) -> TensorFile:
    """Weight matrices by name, and the tensors skipped with the reason.

    ``source`` is an array, a dict of arrays, a ``.npy``/``.npz``/``.safetensors``/``.onnx``
    file, a PyTorch file (``.pt``, ``.pth``, ``.bin``; needs the optional ``torch``), or a
    directory of these (searched recursively; tensors named ``<file>:<tensor>``).  Only
    floating-point arrays with >= 2 dimensions above 1 are kept; biases, norms and scalars
    (< 2 dimensions, or shapes such as (1, 512)) and non-float tensors are listed in
    ``skipped``.

    Examples
    --------
    >>> loaded = load_weights({"w": np.ones((3, 2)), "b": np.ones(3), "idx": np.ones((2, 2), int)})
    >>> list(loaded.tensors), loaded.skipped
    (['w'], {'b': '1-D (bias/norm/scalar)', 'idx': 'dtype int64 (not floating point)'})
    """
    if isinstance(source, np.ndarray):
        found = TensorFile({"W": source})
    elif isinstance(source, dict):
        found = TensorFile(dict(source))
    elif isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if not os.path.exists(path):
            raise ValueError(f"source: no such file {path!r}")
        found = _read_directory(path) if os.path.isdir(path) else _read_file(path)
    else:
        raise TypeError(f"source must be an array, a dict or a path, got {type(source).__name__}")
    out = TensorFile(skipped=dict(found.skipped))
    for name, value in found.tensors.items():
        array = np.asarray(value)
        if array.ndim < 2:
            out.skipped[name] = f"{array.ndim}-D (bias/norm/scalar)"
        elif len(_squeezed(array.shape)) < 2:
            out.skipped[name] = f"shape {array.shape}: a vector (bias/norm/scalar)"
        elif not np.issubdtype(array.dtype, np.floating):
            out.skipped[name] = f"dtype {array.dtype} (not floating point)"
        else:
            out.tensors[name] = array
    return out


def load_matrices(source) -> dict[str, np.ndarray]:
    """Weight matrices by name (:func:`load_weights` without the skipped list).

    Non-floating-point tensors (integer buffers, masks) are named in a ``RuntimeWarning``;
    raises ``ValueError`` when no floating-point array with >= 2 dimensions is found.
    """
    loaded = load_weights(source)
    other = [k for k, why in loaded.skipped.items() if "not floating point" in why]
    if other:
        import warnings

        warnings.warn(f"skipped {len(other)} non-floating-point tensors (buffers, not weights): "
                      f"{', '.join(other[:5])}{' ...' if len(other) > 5 else ''}", RuntimeWarning, stacklevel=2)
    if not loaded.tensors:
        raise ValueError(f"source: no floating-point array with >= 2 dimensions found "
                         f"({len(loaded.skipped)} tensors skipped)")
    return loaded.tensors
