"""The worker's side of the training timeline: every step's (step, loss, flat weights), handed out with each
snapshot as one `CheckpointBatch` (the session's `CheckpointStore` keeps the timeline itself).

The worker calls `record` once per step and `take` once per snapshot. A row costs a copy of the weight vector
into a preallocated buffer (a few microseconds; benchmarks/bench_timeline.py); a snapshot carries the rows
since the last one. The buffer holds at most PENDING_ROWS rows and PENDING_BYTES of weights (a wide network
trained fast would otherwise send megabytes a snapshot, most of which the store then thins away): when full, it
is thinned by the store's own rule (`keep_mask`: the first and latest rows kept, densest where the loss moved)
rather than grown.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from playground.model.thinning import keep_mask

PENDING_ROWS = 512           # rows held between two snapshots before thinning to half
PENDING_BYTES = 512_000      # and at most this much weight data (fewer rows for a wide network)


@dataclass(frozen=True)
class CheckpointBatch:
    """Checkpoints since the previous snapshot: steps (m,) increasing, losses (m,), weights (m, P); read-only."""
    steps: np.ndarray
    losses: np.ndarray
    weights: np.ndarray

    def __len__(self) -> int:
        return len(self.steps)


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


class CheckpointRecorder:
    def __init__(self, capacity: int = PENDING_ROWS):
        self._max_rows = max(4, int(capacity))
        self._capacity = self._max_rows
        self.clear()

    def clear(self) -> None:
        """A new model: nothing recorded (its weights may have another size)."""
        self._steps = np.zeros(self._max_rows, dtype=np.int64)
        self._losses = np.zeros(self._max_rows)
        self._weights: np.ndarray | None = None
        self._n = 0
        self._latest = -1            # the latest step handed out or pending

    def record(self, step: int, loss: float, weights: np.ndarray) -> None:
        """The weights after `step` and that step's loss (once per training step); a step whose loss is not
        finite is no place to go back to and is skipped."""
        if not math.isfinite(loss):
            return
        if self._weights is None or self._weights.shape[1] != len(weights):
            self._capacity = max(4, min(self._max_rows, PENDING_BYTES // (8 * max(1, len(weights)))))
            self._weights, self._n = np.zeros((self._capacity, len(weights))), 0
        if self._n == self._capacity:
            self._thin()
        n = self._n
        self._steps[n], self._losses[n], self._weights[n] = step, loss, weights
        self._n = n + 1
        self._latest = step

    def take(self, step: int, loss: float, current_weights) -> CheckpointBatch | None:
        """The rows since the last call, or None. A snapshot at a step not recorded yet (a fresh or loaded
        model, before its first step) records the weights it shows: `current_weights()` gives them, with the
        snapshot's `loss` (skipped when not finite)."""
        if not self._n and step > self._latest and math.isfinite(loss):
            self.record(step, loss, np.asarray(current_weights(), dtype=np.float64))
        if not self._n or self._weights is None:
            return None
        n = self._n
        batch = CheckpointBatch(_frozen(self._steps[:n].copy()), _frozen(self._losses[:n].copy()),
                                _frozen(self._weights[:n].copy()))
        self._n = 0
        return batch

    def _thin(self) -> None:
        n = self._n
        keep = np.flatnonzero(keep_mask(self._steps[:n], self._losses[:n], n // 2))
        m = len(keep)
        self._steps[:m], self._losses[:m] = self._steps[keep], self._losses[keep]
        if self._weights is not None:
            self._weights[:m] = self._weights[keep]
        self._n = m
