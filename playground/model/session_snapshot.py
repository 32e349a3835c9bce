"""`SessionSnapshot`: the session at one moment, taken in well under a millisecond on the GUI thread whatever
the number of points, and turned into the file's `PlaygroundState` later, on any thread.

Taking it copies nothing big: the dataset's arrays and the weights are the session's own read-only arrays (an
edit, undo or redo swaps in new ones and never writes into them: `Session.set_data`, `read_only`), so holding
them is a snapshot; the curves and the timeline, which grow in place, are copied as before. The costly part,
Python lists of 100,000 points (~60 ms), is `to_state`'s, in pieces of CHUNK_ROWS rows: a pool thread doing
it lets the GUI thread have the GIL in between (one `tolist()` call of it all would hold it throughout).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from playground.model.state import PlaygroundState

CHUNK_ROWS = 4096


def chunked_list(array: np.ndarray) -> list:
    """`array.tolist()`, CHUNK_ROWS rows per call."""
    out: list = []
    for start in range(0, len(array), CHUNK_ROWS):
        out.extend(array[start:start + CHUNK_ROWS].tolist())
    return out


@dataclass(frozen=True)
class SessionSnapshot:
    settings: PlaygroundState       # the controls' values; its data fields empty (a private copy)
    points: np.ndarray              # (N, 2) float64, read-only: the session's array at the time
    labels: np.ndarray              # (N,) int64, read-only
    values: np.ndarray | None       # (N,) float64, read-only; None in classification (written as null)
    weights: np.ndarray | None      # flat, read-only; None when they do not fit the network described
    step: int                       # 0 without weights
    history: dict                   # the curves, JSON-native ({} without curves)
    timeline: dict                  # the timeline, JSON-native ({} without curves)

    def __post_init__(self):
        for name in ("points", "labels", "values", "weights"):
            array = getattr(self, name)
            if array is not None and array.flags.writeable:
                raise ValueError(f"a session snapshot holds read-only arrays; '{name}' is writeable")

    def to_state(self) -> PlaygroundState:
        """What the session file holds (`Session.to_state` is this, at once): JSON-native lists."""
        return replace(self.settings, points=chunked_list(self.points), labels=chunked_list(self.labels),
                       values=None if self.values is None else chunked_list(self.values),
                       weights=None if self.weights is None else chunked_list(self.weights),
                       step=self.step, history=self.history, timeline=self.timeline)
