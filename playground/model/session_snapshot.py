"""`SessionSnapshot`: the session at one moment, taken in well under a millisecond on the GUI thread whatever
the number of points; the autosave validates and encodes it on its pool thread.

Taking it copies nothing big: the dataset's arrays and the weights are the session's own read-only arrays (an
edit, undo or redo swaps in new ones and never writes into them: `Session.set_data`, `read_only`), so holding
them is a snapshot; the curves and the timeline, which grow in place, are copied as before. It is never turned
into Python lists of all its points: 100,000 of them take ~60 ms, and ~40 ms more of the cyclic garbage
collector's passes over them, all holding the GIL (a pool thread doing it starves the GUI thread). `validate`
checks the arrays with numpy, and the file's encoder writes them a few thousand rows at a time
(`session_io.encode_session`), the same text as for the lists.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from playground.model.state import MAX_POINTS, PlaygroundState
from playground.model.state_checks import check_data_arrays


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

    def file_fields(self) -> dict:
        """The session file's fields, in its order (`vars` of the PlaygroundState `to_state` gives), with the
        arrays as they are: `session_io.encode_session` writes them as the lists they stand for."""
        return {**vars(self.settings), "points": self.points, "labels": self.labels, "values": self.values,
                "weights": self.weights, "step": self.step, "history": self.history, "timeline": self.timeline}

    def to_state(self) -> PlaygroundState:
        """What the session file holds, as JSON-native lists (`Session.to_state`)."""
        return replace(self.settings, points=self.points.tolist(), labels=self.labels.tolist(),
                       values=None if self.values is None else self.values.tolist(),
                       weights=None if self.weights is None else self.weights.tolist(),
                       step=self.step, history=self.history, timeline=self.timeline)

    def validate(self) -> None:
        """StateError as `to_state().validate()` raises it, without the lists: everything but the dataset as
        PlaygroundState checks it (small), the dataset's arrays by the same rules with numpy."""
        replace(self.settings, points=[], labels=[], values=None if self.values is None else [],
                weights=None if self.weights is None else self.weights.tolist(), step=self.step,
                history=self.history, timeline=self.timeline).validate()
        check_data_arrays(self.points, self.labels, self.values, self.settings.num_classes, MAX_POINTS)
