"""The timeline's thinning rule, shared by the store (model/checkpoints.py) and the worker's recorder: which
checkpoints to keep when there are too many. Qt-free.

The first and the last are always kept; of the rest, checkpoints go in order of least importance, importance
being the gap their removal would open, in run length (steps over the whole span) plus loss travelled (the
loss's change on both sides, over the loss range). So a plateau thins evenly and a sudden drop keeps its steps.
"""
from __future__ import annotations

import numpy as np


def keep_mask(steps: np.ndarray, losses: np.ndarray, target: int) -> np.ndarray:
    """Which of the checkpoints (steps, losses) to keep so that at most ``target`` (>= 2) remain: the first,
    the last, and the most important of the rest (see the module docstring)."""
    n, target = len(steps), max(2, target)
    keep = np.ones(n, dtype=bool)
    if n <= target:
        return keep
    span = float(steps[-1] - steps[0]) or 1.0
    spread = float(losses.max() - losses.min()) or 1.0
    u, v = (steps - steps[0]) / span, (losses - losses.min()) / spread
    idx = np.arange(n)
    parity = 1
    while len(idx) > target:
        uu, vv = u[idx], v[idx]
        cost = (uu[2:] - uu[:-2]) + np.abs(vv[1:-1] - vv[:-2]) + np.abs(vv[2:] - vv[1:-1])
        # one parity of interior positions per round: never two neighbours at once, so no gap grows blind
        candidates = np.arange(1, len(idx) - 1)
        candidates = candidates[candidates % 2 == parity]
        if not candidates.size:
            candidates = np.arange(1, len(idx) - 1)[:1]
        k = min(len(idx) - target, max(1, candidates.size // 2))   # the cheaper half at most: costs change
        drop = candidates[np.argsort(cost[candidates - 1], kind="stable")[:k]]
        idx = np.delete(idx, drop)
        parity ^= 1
    keep[:] = False
    keep[idx] = True
    return keep

