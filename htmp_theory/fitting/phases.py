r"""Heuristic HT-SR phase label of a layer (after Martin & Mahoney's 5+1 phases).

Martin & Mahoney (2021) describe six phases of the empirical spectral density (ESD) of a
trained weight matrix: *random-like*, *bleeding-out*, *bulk+spikes*, *bulk-decay*,
*heavy-tailed* and *rank-collapse*.  They are defined by visual inspection; the rule below is
**a heuristic** that reproduces their usual reading from three numbers, not a test:

1. ``rank-collapse``: more than ``collapse_fraction`` (default 10 %) of the eigenvalues are
   (numerically) zero.
2. ``very-heavy-tailed``: Clauset power-law exponent :math:`\alpha < 2`.
3. ``heavy-tailed``: :math:`2 \le \alpha < 4`.
4. ``bulk-decay``: :math:`4 \le \alpha < 6`.
5. :math:`\alpha \ge 6` (or no power-law fit): count the *spikes* — those beyond the fitted
   bulk when the layer report passes them (:func:`~.adequacy.split_spikes`), otherwise the
   eigenvalues above the
   Marchenko–Pastur edge :math:`s(1+\sqrt\gamma)^2` of the MP law with the sample mean
   :math:`s`, widened by ``edge_margin`` (default 10 %):

   * ``random-like``: no spike;
   * ``bulk+spikes``: at most ``max_spikes`` spikes (default :math:`\max(1, \lceil 1\%\,N\rceil)`);
   * ``bleeding-out``: more.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["Phase", "phase_label", "PHASES"]

PHASES = ("random-like", "bleeding-out", "bulk+spikes", "bulk-decay", "heavy-tailed",
          "very-heavy-tailed", "rank-collapse")


@dataclass(frozen=True)
class Phase:
    """A phase label and the rule that produced it (human-readable)."""

    label: str
    rule: str


def phase_label(eigenvalues, gamma: float, alpha: float, *, zeros: int = 0,
                collapse_fraction: float = 0.1, edge_margin: float = 0.1,
                max_spikes: int | None = None, spikes: int | None = None) -> Phase:
    r"""Heuristic phase of a spectrum (module notes give the rule).

    Parameters
    ----------
    eigenvalues
        Positive eigenvalues of the layer (zeros already removed).
    gamma
        Aspect ratio :math:`\gamma \le 1` of the layer.
    alpha
        Clauset power-law density exponent of the upper tail (NaN if unavailable).
    zeros
        Number of zero eigenvalues removed (rank deficiency).
    spikes
        Number of spikes found beyond the *fitted* bulk (:func:`~.adequacy.split_spikes`);
        when given, rule 5 counts these instead of the eigenvalues above the MP edge.

    Examples
    --------
    >>> phase_label(np.ones(100), 0.5, 2.5).label
    'heavy-tailed'
    >>> phase_label(np.ones(100), 0.5, 8.0).label
    'random-like'
    """
    x = np.asarray(eigenvalues, dtype=float)
    total = x.size + zeros
    if total and zeros / total > collapse_fraction:
        return Phase("rank-collapse", f"{zeros}/{total} zero eigenvalues > {collapse_fraction:.0%}")
    if math.isfinite(alpha) and alpha < 2:
        return Phase("very-heavy-tailed", f"Clauset alpha = {alpha:.3g} < 2")
    if math.isfinite(alpha) and alpha < 4:
        return Phase("heavy-tailed", f"2 <= Clauset alpha = {alpha:.3g} < 4")
    if math.isfinite(alpha) and alpha < 6:
        return Phase("bulk-decay", f"4 <= Clauset alpha = {alpha:.3g} < 6")
    limit = max(1, math.ceil(0.01 * x.size)) if max_spikes is None else int(max_spikes)
    if spikes is None:
        edge = float(np.mean(x)) * (1 + math.sqrt(min(gamma, 1.0))) ** 2 * (1 + edge_margin)
        spikes = int(np.sum(x > edge))
        where = f"above MP edge x{1 + edge_margin:g}"
    else:
        where = "beyond the fitted bulk"
    head = f"Clauset alpha = {alpha:.3g} >= 6 (or none); {spikes} eigenvalues {where}"
    if spikes == 0:
        return Phase("random-like", head)
    if spikes <= limit:
        return Phase("bulk+spikes", f"{head} <= {limit}")
    return Phase("bleeding-out", f"{head} > {limit}")
