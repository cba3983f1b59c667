r"""Spectra of weight matrices: loading ``.npy``/``.npz``/PyTorch files, per-layer ESDs.

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

__all__ = ["LayerSpectrum", "layer_spectrum", "load_matrices"]


@dataclass(frozen=True)
class LayerSpectrum:
    """Positive eigenvalues of a layer's Gram matrix, γ, and the number of zeros dropped."""

    name: str
    eigenvalues: np.ndarray
    gamma: float
    shape: tuple[int, ...]
    zeros: int


def layer_spectrum(matrix, name: str = "W") -> LayerSpectrum:
    """ESD of :math:`W^\\top W/\\max(p, q)` of one weight matrix (module notes).

    Raises ``ValueError`` for non-finite entries, fewer than 2 dimensions or a side of 1.

    Examples
    --------
    >>> w = np.random.default_rng(0).standard_normal((200, 100))
    >>> s = layer_spectrum(w)
    >>> s.gamma, s.eigenvalues.size, round(float(s.eigenvalues.mean()), 1)
    (0.5, 100, 1.0)
    """
    w = np.asarray(matrix, dtype=float)
    if w.ndim < 2:
        raise ValueError(f"{name}: a weight matrix needs >= 2 dimensions, got shape {w.shape}")
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


def _torch_state_dict(path: str) -> dict[str, np.ndarray]:
    """Floating-point tensors of a PyTorch state_dict file, as float64 arrays.

    The file is read with ``torch.load(weights_only=True)`` (no arbitrary code): a pickled
    ``nn.Module`` is refused with a ``ValueError`` asking for ``model.state_dict()``.  A
    checkpoint dict that nests the state_dict under one of :data:`CHECKPOINT_KEYS` is
    unwrapped.  Integer and boolean tensors (counters such as ``num_batches_tracked``,
    masks) are not weights: those with >= 2 dimensions are skipped with a warning.
    bf16/fp16 tensors are converted to float64.
    """
    try:
        import torch
    except ImportError as exc:
        raise ImportError(f"reading {path!r} needs PyTorch (pip install 'htmp_theory[torch]')") from exc
    import pickle
    import warnings

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
    tensors = {str(k): v for k, v in state.items() if torch.is_tensor(v)}
    skipped = [k for k, v in tensors.items() if not v.is_floating_point() and v.dim() >= 2]
    if skipped:
        warnings.warn(f"{path!r}: skipped {len(skipped)} non-floating-point tensors (buffers, not weights): "
                      f"{', '.join(skipped[:5])}{' ...' if len(skipped) > 5 else ''}", RuntimeWarning, stacklevel=3)
    return {k: v.detach().cpu().to(torch.float64).numpy() for k, v in tensors.items()
            if v.is_floating_point() and v.layout == torch.strided}


def load_matrices(source) -> dict[str, np.ndarray]:
    """Weight matrices by name from an array, a dict, ``.npy``, ``.npz`` or a PyTorch file.

    Only arrays with >= 2 dimensions are kept (biases and norms are skipped).  PyTorch
    files (``.pt``, ``.pth``, ``.bin``) need the optional ``torch`` package.
    """
    if isinstance(source, np.ndarray):
        items = {"W": source}
    elif isinstance(source, dict):
        items = dict(source)
    elif isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if not os.path.exists(path):
            raise ValueError(f"source: no such file {path!r}")
        if path.endswith(".npy"):
            items = {os.path.splitext(os.path.basename(path))[0]: np.load(path, allow_pickle=False)}
        elif path.endswith(".npz"):
            with np.load(path, allow_pickle=False) as data:
                items = {k: data[k] for k in data.files}
        elif path.endswith((".pt", ".pth", ".bin")):
            items = _torch_state_dict(path)
        else:
            raise ValueError(f"source: unsupported file type {path!r} (use .npy, .npz, .pt/.pth/.bin)")
    else:
        raise TypeError(f"source must be an array, a dict or a path, got {type(source).__name__}")
    matrices = {k: np.asarray(v) for k, v in items.items() if np.ndim(v) >= 2}
    if not matrices:
        raise ValueError("source: no array with >= 2 dimensions found")
    return matrices
