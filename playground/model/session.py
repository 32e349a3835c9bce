"""The session: everything the app holds, in one Qt-free object (napari's ViewerModel, TF Playground's State).

- settings: a `PlaygroundState` holding what the controls set (its data and training fields stay empty:
  the arrays below hold them); `num_classes` is the data's class count, kept in step by `set_data`
- the dataset: `points` (N, 2) float64, `labels` (N,) int64 and `values` (N,) float64 (each point's real
  value: a regression surface's target; 0 otherwise), all read-only (an edit swaps in new arrays, so the undo
  stack and the training worker share them without copies)
- `history`: the `LossHistory` the loss plot draws
- `timeline`: the `CheckpointStore` of the run's weights the timeline scrubs through (same run as `history`)
- `weights` (flat, `MLP.parameters()` order, read-only, or None) and the `step` they were reached at
- the run state: `running`, `diverged`

The session file is its serialisation: `to_dict`/`from_dict` (through `PlaygroundState`, one `version`).
Widgets see changes through the Qt adapter `playground.undo.session_model.SessionModel`.
"""
from __future__ import annotations

from copy import deepcopy
from dataclasses import fields, replace

import numpy as np

from playground.model.checkpoints import CheckpointStore
from playground.model.history import LossHistory
from playground.model.session_snapshot import SessionSnapshot
from playground.model.state import STATE_VERSION, PlaygroundState, StateError

# PlaygroundState fields that are data or training results, not settings.
DATA_FIELDS = ("version", "points", "labels", "values", "num_classes", "weights", "step", "history", "timeline")
SETTING_FIELDS = tuple(f.name for f in fields(PlaygroundState) if f.name not in DATA_FIELDS)


def read_only(array, dtype, shape=(-1,)) -> np.ndarray:
    """`array` as a read-only array of `dtype` and `shape`: copied once, unless it already is one."""
    a = np.asarray(array, dtype=dtype)
    if a.ndim != len(shape):
        a = a.reshape(shape)
    if a.flags.writeable:
        a = a.copy()
        a.flags.writeable = False
    return a


class Session:
    version = STATE_VERSION

    settings: PlaygroundState
    points: np.ndarray
    labels: np.ndarray
    values: np.ndarray
    weights: np.ndarray | None
    step: int

    def __init__(self, state: PlaygroundState | None = None):
        self.history = LossHistory()
        self.timeline = CheckpointStore()
        self.run_number = 0               # bumps with each fresh run (new_run, load): what undo commands check
        self.running = False
        self.diverged = False
        self.load(state if state is not None else PlaygroundState())

    # -- whole states in and out ---------------------------------------------------------------------
    def load(self, state: PlaygroundState) -> None:
        """Replace everything with a validated `state` (a file, an autosave, File > New)."""
        state.validate()
        self.settings = replace(state, points=[], labels=[], values=None, weights=None, step=0, history={}, timeline={})
        self.set_data(np.asarray(state.points, dtype=np.float64).reshape(-1, 2), state.labels, state.num_classes,
                      state.values)
        self.history.load(state.history or {})
        self.timeline = (CheckpointStore.from_dict(state.timeline, state.parameter_count()) if state.timeline
                         else CheckpointStore())
        self.set_weights(state.weights, state.step)
        self.running = self.diverged = False
        self.run_number += 1

    def new_run(self) -> None:
        """A fresh model: fresh curves, an empty timeline."""
        self.history.clear()
        self.timeline.clear()
        self.run_number += 1

    def snapshot(self, with_curves: bool = True) -> SessionSnapshot:
        """The session now, cheaply (its read-only arrays, not lists of them: see session_snapshot.py), without
        the curves and the timeline (~40 ms and more to copy) if not `with_curves`. Weights that do not fit
        the network described (a new one is on its way) are left out, and so is a timeline of another
        network's weights."""
        fits = self.weights is not None and len(self.weights) == self.settings.parameter_count()
        timeline = {}
        if with_curves and len(self.timeline) and self.timeline.n_params == self.settings.parameter_count():
            timeline = self.timeline.to_dict()
        # Values are written in regression only (null in classification: none).
        values = self.values if self.settings.problem == "regression" else None
        return SessionSnapshot(deepcopy(self.settings), self.points, self.labels, values,
                               self.weights if fits else None, self.step if fits else 0,
                               self.history.to_dict() if with_curves else {}, timeline)

    def to_state(self, with_curves: bool = True) -> PlaygroundState:
        """What a session file holds (as `snapshot`, converted to JSON-native lists at once)."""
        return self.snapshot(with_curves).to_state()

    def to_dict(self) -> dict:
        return self.to_state().to_dict()

    @classmethod
    def from_dict(cls, data: dict) -> Session:
        return cls(PlaygroundState.from_dict(data))

    # -- edits ------------------------------------------------------------------------------------
    def update_settings(self, changes: dict) -> dict:
        """Apply setting changes (StateError, nothing changed, if one does not fit); returns those that
        changed a value."""
        unknown = sorted(set(changes) - set(SETTING_FIELDS) - {"num_classes"})
        if unknown:
            raise StateError(f"not a setting: {', '.join(unknown)}")
        try:
            new = replace(self.settings, **changes)
        except TypeError as exc:
            raise StateError(str(exc)) from None
        new.validate()
        changed = {k: v for k, v in changes.items() if getattr(self.settings, k) != v}
        self.settings = new
        return changed

    def set_data(self, points, labels, num_classes: int, values=None) -> None:
        """The dataset's new arrays (the undo commands' checked arrays); kept read-only, not copied.
        `values` None: every point's value is 0."""
        self.points = read_only(points, np.float64, (-1, 2))
        self.labels = read_only(labels, np.int64)
        self.values = read_only(np.zeros(len(self.labels)) if values is None else values, np.float64)
        if num_classes != self.settings.num_classes:
            self.settings = replace(self.settings, num_classes=int(num_classes))

    def set_weights(self, flat, step: int) -> None:
        self.weights = None if flat is None else read_only(flat, np.float64)
        self.step = int(step)

    def add_checkpoints(self, steps, losses, weights) -> int:
        """A snapshot's new timeline rows; those not after the latest checkpoint (a loaded run's first
        snapshot repeats its step) or of another network's size are left out. Returns how many were kept."""
        width = np.shape(weights)[1] if np.ndim(weights) == 2 else -1
        if width != self.settings.parameter_count() or (len(self.timeline) and width != self.timeline.n_params):
            return 0
        after = self.timeline.steps[-1] if len(self.timeline) else -1
        new = np.asarray(steps) > after
        return self.timeline.add_many(np.asarray(steps)[new], np.asarray(losses)[new], np.asarray(weights)[new])

    def truncate_run(self, step: int) -> tuple:
        """Drop the curves and checkpoints after `step` ("resume from here"); returns what went, for
        `put_back_run`."""
        timeline_tail = self.timeline.tail_after(step)
        self.timeline.truncate_after(step)
        return self.history.truncate_after(step), timeline_tail

    def put_back_run(self, dropped: tuple) -> None:
        history_tail, timeline_tail = dropped
        self.history.put_back(history_tail)
        self.timeline.put_back(timeline_tail)

    def set_run_state(self, running: bool | None = None, diverged: bool | None = None) -> None:
        if running is not None:
            self.running = bool(running)
        if diverged is not None:
            self.diverged = bool(diverged)
