"""The loss history: train/test loss and accuracy as numpy columns, kept bounded; and the rule a saved one obeys.

Qt-free: the loss plot draws a `LossHistory`, sessions save its `to_dict()`, and `check_history` is the one
rule that both the session reader (through `PlaygroundState.validate`) and the plot apply.

Bounded: a group keeps at most MAX_ROWS rows. When it outgrows them, its older half is peak-decimated, as
pyqtgraph's "peak" downsampling draws a curve: every BIN rows become two rows at the first step of the bin,
one with each column's maximum and one with its minimum. Spikes survive, the newest steps stay whole, and a
run of any length stays within ~MAX_ROWS rows a group (under 1 MB in a session file).
"""
from __future__ import annotations

import math

import numpy as np

from playground.model.json_values import finite_array, json_kind, short_repr

# Each group's lists have one entry per recorded row; the first key is its step.
HISTORY_GROUPS = {
    "train": ("step", "train_loss"),                          # per optimisation step (minibatch loss)
    "eval": ("eval_step", "train_accuracy"),                  # each evaluation with a train accuracy
    "test": ("test_step", "test_loss", "test_accuracy"),      # each evaluation with a test split
}
HISTORY_KEYS = tuple(key for keys in HISTORY_GROUPS.values() for key in keys)
ACCURACY_KEYS = ("train_accuracy", "test_accuracy")
MAX_ROWS = 10_000      # per group: about 4 rows per pixel of a 2,560-pixel-wide plot
BIN = 4                # rows merged into one (max, min) pair; even, so an earlier pair is never split


def decimate(rows: np.ndarray, limit: int = MAX_ROWS) -> np.ndarray:
    """`rows` (width, n), row 0 the step, within `limit` columns: the older half peak-decimated until it fits.

    Returns `rows` itself when it already fits. Steps stay non-decreasing, each column's overall min and max
    are kept, and decimating again keeps the (max, min) pairs of earlier rounds together.
    """
    if limit < 2 * BIN:
        raise ValueError(f"limit must be at least {2 * BIN}, got {limit!r}")
    width = rows.shape[0]
    while rows.shape[1] > limit:
        old = rows.shape[1] // 2 // BIN * BIN
        bins = rows[:, :old].reshape(width, old // BIN, BIN)
        pairs = np.empty((width, old // BIN, 2))
        pairs[0] = bins[0, :, :1]                 # the bin's first step, for both rows
        pairs[1:, :, 0] = bins[1:].max(axis=2)
        pairs[1:, :, 1] = bins[1:].min(axis=2)
        rows = np.concatenate((pairs.reshape(width, -1), rows[:, old:]), axis=1)
    return rows


class Curves:
    """One group's rows as float64 columns with amortised doubling; column(i) is a view of the filled part."""

    def __init__(self, width: int):
        self._data = np.empty((width, 1024))
        self.n = 0

    def append(self, block: np.ndarray) -> None:
        m = block.shape[1]
        if self.n + m > self._data.shape[1]:
            grown = np.empty((self._data.shape[0], max(2 * self._data.shape[1], self.n + m)))
            grown[:, :self.n] = self._data[:, :self.n]
            self._data = grown
        self._data[:, self.n:self.n + m] = block
        self.n += m
        if self.n > MAX_ROWS:
            kept = decimate(self._data[:, :self.n])
            self.n = kept.shape[1]
            self._data[:, :self.n] = kept

    def column(self, i: int) -> np.ndarray:
        return self._data[i, :self.n]

    def rows_from(self, start: int) -> np.ndarray:
        """A copy of the rows from `start` on, (width, n - start)."""
        return self._data[:, start:self.n].copy()

    def last(self, i: int) -> float | None:
        return float(self._data[i, self.n - 1]) if self.n else None

    def row(self, j: int) -> tuple:
        """Row j: (step, values...)."""
        return tuple(float(v) for v in self._data[:, j])


class LossHistory:
    """The curves of one run: append as training goes, to_dict() for a session, load() from one."""

    def __init__(self):
        self.groups: dict[str, Curves] = {}
        self.clear()

    def clear(self) -> None:
        self.groups = {group: Curves(len(keys)) for group, keys in HISTORY_GROUPS.items()}

    def append_train(self, steps, losses) -> None:
        """Per-step train losses (1-D, same length; steps must not go backwards). NaN/inf losses are skipped."""
        steps, losses = _vector(steps, "steps"), _vector(losses, "losses")
        if steps.shape != losses.shape:
            raise ValueError(f"steps and losses differ in length ({steps.size} and {losses.size})")
        if not steps.size:
            return
        if not np.isfinite(steps).all() or steps.min() < 0:
            raise ValueError("steps must be finite and not negative")
        self._check_order("train", steps)
        keep = np.isfinite(losses)
        self.groups["train"].append(np.vstack((steps[keep], losses[keep])))

    def append_eval(self, step, loss, accuracy_train, accuracy_test) -> None:
        """An evaluation at `step`: test loss and accuracies (None, or not finite: not recorded)."""
        step = _number(step, "step")
        if step is None or not math.isfinite(step) or step < 0:
            raise ValueError(f"step must be a finite number ≥ 0, got {step!r}")
        loss = _number(loss, "loss")
        accuracy_train, accuracy_test = (_number(a, n) for a, n in ((accuracy_train, "accuracy_train"),
                                                                    (accuracy_test, "accuracy_test")))
        for name, value in (("accuracy_train", accuracy_train), ("accuracy_test", accuracy_test)):
            if value is not None and math.isfinite(value) and not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be a fraction in 0..1, got {value!r}")
        at = np.array([step])
        for group in ("eval", "test"):
            self._check_order(group, at)
        if accuracy_train is not None and math.isfinite(accuracy_train):
            self.groups["eval"].append(np.array([[step], [accuracy_train]]))
        if all(v is not None and math.isfinite(v) for v in (loss, accuracy_test)):
            self.groups["test"].append(np.array([[step], [loss], [accuracy_test]]))

    def to_dict(self) -> dict:
        """The curves as JSON-native lists, keyed as in HISTORY_GROUPS (steps are ints)."""
        out = {}
        for group, keys in HISTORY_GROUPS.items():
            curves = self.groups[group]
            out[keys[0]] = np.rint(curves.column(0)).astype(np.int64).tolist()
            for i, key in enumerate(keys[1:], start=1):
                out[key] = curves.column(i).tolist()
        return out

    def load(self, history: dict) -> None:
        """Replace the curves with a to_dict()-shaped dict; ValueError naming the field, nothing changed.
        A history longer than MAX_ROWS a group (written before the bound) is decimated on the way in."""
        rows = check_history(history)
        groups = {group: Curves(len(keys)) for group, keys in HISTORY_GROUPS.items()}
        for group, block in rows.items():
            groups[group].append(decimate(block))
        self.groups = groups

    def truncate_after(self, step: float) -> dict:
        """Drop every row after `step` ("resume from here"); returns the dropped rows, {group: (width, m)
        copy}, for `put_back`."""
        tail = {}
        for group, curves in self.groups.items():
            m = int(np.searchsorted(curves.column(0), step, side="right"))
            tail[group] = curves.rows_from(m)
            curves.n = m
        return tail

    def put_back(self, tail: dict) -> None:
        """Append `truncate_after`'s rows again (undoing a resume, after dropping what came since)."""
        for group, block in tail.items():
            if block.shape[1]:
                self._check_order(group, block[0])
                self.groups[group].append(block)

    def _check_order(self, group: str, steps: np.ndarray) -> None:
        last = self.groups[group].last(0)
        if (last is not None and steps[0] < last) or (np.diff(steps) < 0).any():
            raise ValueError(f"steps go backwards ({steps[0]:g} after {last}); clear() when the model is "
                             f"re-created")


def check_history(history) -> dict[str, np.ndarray]:
    """The rule for a saved history. Returns {group: (width, n) rows} for the groups present; raises
    ValueError naming the field ("field 'history.step': ...") for unknown names, a group with a list
    missing or of another length, anything but finite numbers, steps that are not whole numbers ≥ 0 in
    non-decreasing order, and accuracies outside 0..1."""
    if not isinstance(history, dict):
        raise ValueError(f"field 'history': expected an object of number lists, got {json_kind(history)}")
    unknown = sorted(set(history) - set(HISTORY_KEYS), key=str)
    if unknown:
        raise ValueError(f"field 'history': unknown curve(s) {', '.join(map(str, unknown))} "
                         f"(known: {', '.join(HISTORY_KEYS)})")
    arrays_by_key = {key: _history_list(history, key) for key in HISTORY_KEYS if key in history}
    rows = {}
    for group, keys in HISTORY_GROUPS.items():
        present = [key for key in keys if key in history]
        if not present:
            continue
        if len(present) != len(keys):
            missing = [k for k in keys if k not in history]
            raise ValueError(f"field 'history.{missing[0]}': missing; {', '.join(keys)} go together")
        arrays = [arrays_by_key[key] for key in keys]
        if any(a.size != arrays[0].size for a in arrays):
            raise ValueError(f"field 'history.{keys[1]}': {', '.join(keys)} differ in length "
                             f"({', '.join(str(a.size) for a in arrays)})")
        steps = arrays[0]
        if (steps < 0).any() or (steps != np.rint(steps)).any() or (np.diff(steps) < 0).any():
            raise ValueError(f"field 'history.{keys[0]}': steps must be whole numbers ≥ 0 that never decrease")
        for key, values in zip(keys, arrays):
            if key in ACCURACY_KEYS and ((values < 0) | (values > 1)).any():
                raise ValueError(f"field 'history.{key}': accuracies must be fractions in 0..1")
        rows[group] = np.vstack(arrays)
    return rows


def _history_list(history: dict, key: str) -> np.ndarray:
    return finite_array(history[key], f"field 'history.{key}'")


def _vector(values, name: str) -> np.ndarray:
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be numbers") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    return array


def _number(value, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number or None, got {value!r}")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"{name} must be a number that fits a float, got {short_repr(value)}") from None
