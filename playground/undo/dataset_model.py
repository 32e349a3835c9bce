"""The points and labels a person drew, changed only through QUndoCommands so every edit can be undone.

The arrays live in the session (`playground.model.session.Session`, read-only there): every edit builds new
ones. Commands can therefore keep references to
"before" and "after" arrays for free, and accessors hand out copies so nobody can edit behind the stack.

Strokes: a drag that sprays (or erases) many points must undo as one step. Between `begin_stroke()` and
`end_stroke()`, commands of the same kind carry the stroke's id and QUndoStack merges them (mergeWith).
Qt refuses to merge into the command at the stack's clean index, so a `setClean()` in the middle of a drag
would split that one stroke in two; nothing in the app marks the stack clean mid-drag.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from playground.model.session import Session
from playground.model.state import MAX_CLASSES, MAX_POINTS, MIN_CLASSES

UNDO_LIMIT = 200  # steps kept when the model makes its own stack; each holds at most two copies of the data
_ADD_ID, _REMOVE_ID = 3101, 3102  # QUndoCommand ids: only commands with equal ids are offered for merging


@dataclass(frozen=True)
class RowEdit:
    """What the last edit did to the rows, for views that repaint only what changed: `rows` were "removed"
    (indices into the data before it) or "inserted" (indices into the data after it); the others kept their
    order. Edits that swap the whole dataset have none."""
    kind: str
    rows: np.ndarray
    count_before: int

    @property
    def count_after(self) -> int:
        return self.count_before + (len(self.rows) if self.kind == "inserted" else -len(self.rows))


class DatasetModel(QObject):
    changed = Signal()                  # after every edit, undo and redo
    num_classes_changed = Signal(int)   # after the class count changes (also on undo/redo)

    def __init__(self, parent: QObject | None = None, *, num_classes: int = 2, undo_stack: QUndoStack | None = None,
                 session: Session | None = None):
        super().__init__(parent)
        self._session = session if session is not None else Session()
        if session is None:
            self._session.set_data(np.zeros((0, 2)), np.zeros(0, dtype=np.int64), _check_num_classes(num_classes))
        if undo_stack is None:
            undo_stack = QUndoStack(self)
            undo_stack.setUndoLimit(UNDO_LIMIT)
        elif not isinstance(undo_stack, QUndoStack):
            raise ValueError(f"undo_stack must be a QUndoStack, got {type(undo_stack).__name__}")
        self._stack = undo_stack
        self._stroke: int | None = None
        self._strokes_begun = 0
        self._last_edit: RowEdit | None = None

    # -- reading -------------------------------------------------------------------------------------
    @property
    def _points(self) -> np.ndarray:
        return self._session.points

    @property
    def _labels(self) -> np.ndarray:
        return self._session.labels

    @property
    def _num_classes(self) -> int:
        return self._session.settings.num_classes

    @property
    def undo_stack(self) -> QUndoStack:
        return self._stack

    @property
    def num_classes(self) -> int:
        return self._num_classes

    def points(self) -> np.ndarray:
        return self._points.copy()

    def labels(self) -> np.ndarray:
        return self._labels.copy()

    def count(self) -> int:
        return len(self._labels)

    def last_edit(self) -> RowEdit | None:
        """The rows the latest change (edit, undo or redo) removed or inserted; None after a whole swap."""
        return self._last_edit

    def class_counts(self) -> np.ndarray:
        """(num_classes,) int: how many points each class has."""
        return np.bincount(self._labels, minlength=self._num_classes)[: self._num_classes]

    def nearest_index(self, x: float, y: float, max_distance: float = np.inf) -> int:
        """Index of the point closest to (x, y) within max_distance, or -1."""
        x, y = _check_finite(x, "x"), _check_finite(y, "y")
        if not self.count():
            return -1
        d2 = (self._points[:, 0] - x) ** 2 + (self._points[:, 1] - y) ** 2
        i = int(np.argmin(d2))
        return i if d2[i] <= max_distance ** 2 else -1

    # -- strokes ---------------------------------------------------------------------------------------
    def begin_stroke(self) -> None:
        """Edits until end_stroke() undo as one step (per kind: adds merge with adds, removals with removals)."""
        self._strokes_begun += 1
        self._stroke = self._strokes_begun

    def end_stroke(self) -> None:
        self._stroke = None

    @property
    def in_stroke(self) -> bool:
        return self._stroke is not None

    # -- editing (each one a command on the undo stack; no-ops push nothing) -----------------------------
    def add_points(self, points, label: int) -> None:
        """Add one point (x, y) or an (M, 2) array of points, all of class `label`."""
        pts = _check_points(points)
        if not _is_int(label) or not 0 <= label < self._num_classes:
            raise ValueError(f"label must be a class id in 0..{self._num_classes - 1}, got {label!r}")
        if not len(pts):
            return
        self._check_room(len(pts))
        self._stack.push(_AddPoints(self, pts, int(label), self._stroke))

    def remove_near(self, x: float, y: float, radius: float) -> int:
        """Remove every point within `radius` of (x, y); returns how many went."""
        x, y = _check_finite(x, "x"), _check_finite(y, "y")
        if not (_is_num(radius) and np.isfinite(radius) and radius > 0):
            raise ValueError(f"radius must be a positive finite number, got {radius!r}")
        d2 = (self._points[:, 0] - x) ** 2 + (self._points[:, 1] - y) ** 2
        hit = np.flatnonzero(d2 <= radius * radius)
        if len(hit):
            self._stack.push(_RemovePoints(self, hit, self._stroke))
        return len(hit)

    def clear(self) -> None:
        if self.count():
            self._push_replace(np.zeros((0, 2)), np.zeros(0, dtype=np.int64), self._num_classes, "Clear points")

    def replace(self, points, labels, num_classes: int | None = None, text: str = "Replace points") -> None:
        """Swap in a whole dataset (presets, opened files) as one undoable step."""
        k = self._num_classes if num_classes is None else _check_num_classes(num_classes)
        pts = _check_points(points)
        lab = _check_labels(labels, len(pts), k)
        if len(pts) > MAX_POINTS:
            raise ValueError(f"{len(pts):,} points is more than the {MAX_POINTS:,} allowed")
        if not isinstance(text, str) or not text:
            raise ValueError("text must be a non-empty string (it names the step in the undo history)")
        self._push_replace(pts, lab, k, text)

    def set_num_classes(self, k: int, drop_points: bool = False) -> int:
        """Change the number of classes; returns how many points were removed with the classes that went.

        Lowering the count while points of the dropped classes exist raises ValueError, unless
        `drop_points` is True: then those points go in the same undoable step (Ctrl+Z brings them back).
        """
        k = _check_num_classes(k)
        if k == self._num_classes:
            return 0
        keep = self._labels < k
        dropped = int(len(keep) - keep.sum())
        if dropped and not drop_points:
            raise ValueError(f"{dropped} point(s) belong to classes {k}..{self._num_classes - 1}; "
                             f"remove them first or pass drop_points=True")
        text = f"Set {k} classes" + (f" (removed {dropped} points)" if dropped else "")
        self._push_replace(self._points[keep], self._labels[keep], k, text)
        return dropped

    # -- used by the commands only -------------------------------------------------------------------------
    def _check_room(self, extra: int) -> None:
        if self.count() + extra > MAX_POINTS:
            raise ValueError(f"adding {extra:,} point(s) to {self.count():,} would pass the "
                             f"{MAX_POINTS:,}-point limit")

    def _push_replace(self, points, labels, k, text) -> None:
        self._stack.push(_ReplaceData(self, (points, labels, k), text))

    def _apply(self, points: np.ndarray, labels: np.ndarray, k: int | None = None,
               edit: RowEdit | None = None) -> None:
        old_k = self._num_classes
        self._last_edit = edit
        self._session.set_data(points, labels, old_k if k is None else k)
        self.changed.emit()
        if self._num_classes != old_k:
            self.num_classes_changed.emit(self._num_classes)


class _AddPoints(QUndoCommand):
    """Appends points; undo truncates back. Merges with later adds of the same stroke."""

    def __init__(self, model: DatasetModel, points: np.ndarray, label: int, stroke: int | None):
        n = len(points)
        super().__init__(f"Add {n} point{'s' if n != 1 else ''}")
        self._model, self._stroke, self._start = model, stroke, model.count()
        self._points, self._labels = points, np.full(n, label, dtype=np.int64)

    def id(self) -> int:
        return _ADD_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, _AddPoints) and self._stroke is not None and other._stroke == self._stroke):
            return False
        self._points = np.concatenate([self._points, other._points])
        self._labels = np.concatenate([self._labels, other._labels])
        self.setText(f"Add {len(self._labels)} points")
        return True

    def redo(self) -> None:
        m, new = self._model, np.arange(self._start, self._start + len(self._labels))
        m._apply(np.concatenate([m._points[: self._start], self._points]),
                 np.concatenate([m._labels[: self._start], self._labels]), edit=RowEdit("inserted", new, self._start))

    def undo(self) -> None:
        m, n = self._model, self._model.count()
        m._apply(m._points[: self._start].copy(), m._labels[: self._start].copy(),
                 edit=RowEdit("removed", np.arange(self._start, n), n))


class _RemovePoints(QUndoCommand):
    """Deletes points by index; undo puts them back where they were. Merges removals of the same stroke."""

    def __init__(self, model: DatasetModel, indices: np.ndarray, stroke: int | None):
        super().__init__()
        self._model, self._stroke, self._n_before = model, stroke, model.count()
        self._idx = np.asarray(indices, dtype=np.intp)          # into the data before this command
        self._points, self._labels = model._points[self._idx], model._labels[self._idx]
        self._name()

    def _name(self) -> None:
        n = len(self._idx)
        self.setText(f"Erase {n} point{'s' if n != 1 else ''}")

    def id(self) -> int:
        return _REMOVE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, _RemovePoints) and self._stroke is not None and other._stroke == self._stroke):
            return False
        # `other` indexes the data after our removal; translate to indices into our "before" data.
        # Order does not matter, only that indices and removed points stay paired.
        survivors = np.delete(np.arange(self._n_before), self._idx)
        self._idx = np.concatenate([self._idx, survivors[other._idx]])
        self._points = np.concatenate([self._points, other._points])
        self._labels = np.concatenate([self._labels, other._labels])
        self._name()
        return True

    def redo(self) -> None:
        m = self._model
        keep = np.ones(self._n_before, dtype=bool)     # a mask, not np.delete: 5x quicker at 100,000 points
        keep[self._idx] = False
        m._apply(m._points[keep], m._labels[keep], edit=RowEdit("removed", self._idx, self._n_before))

    def undo(self) -> None:
        m = self._model
        keep = np.ones(self._n_before, dtype=bool)
        keep[self._idx] = False
        points = np.empty((self._n_before, 2))
        labels = np.empty(self._n_before, dtype=np.int64)
        points[keep], labels[keep] = m._points, m._labels
        points[self._idx], labels[self._idx] = self._points, self._labels
        m._apply(points, labels, edit=RowEdit("inserted", self._idx, self._n_before - len(self._idx)))


class _ReplaceData(QUndoCommand):
    """Swaps the whole dataset (and maybe the class count); clear, presets, files, class-count changes."""

    def __init__(self, model: DatasetModel, after: tuple, text: str):
        super().__init__(text)
        self._model = model
        self._before = (model._points, model._labels, model._num_classes)
        self._after = after

    def redo(self) -> None:
        self._model._apply(*self._after)

    def undo(self) -> None:
        self._model._apply(*self._before)


# -- validation: a clear message and nothing changed ---------------------------------------------------------
def _is_int(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def _is_num(v) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))


def _check_finite(v, name: str) -> float:
    if not _is_num(v) or not np.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {v!r}")
    return float(v)


def _check_num_classes(k) -> int:
    if not _is_int(k) or not MIN_CLASSES <= k <= MAX_CLASSES:
        raise ValueError(f"number of classes must be a whole number in {MIN_CLASSES}..{MAX_CLASSES}, got {k!r}")
    return int(k)


def _check_points(points) -> np.ndarray:
    """(2,) for one point or (M, 2); finite numbers. Returns a fresh (M, 2) float64 array."""
    raw = np.asarray(points)
    if raw.size == 0 and raw.ndim <= 2:
        return np.zeros((0, 2), dtype=np.float64)
    if raw.dtype.kind not in "iuf":
        raise ValueError(f"points must be numbers, got an array of {raw.dtype}")
    pts = np.array(raw, dtype=np.float64).reshape(-1, 2) if raw.shape == (2,) else np.array(raw, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError(f"points must have shape (M, 2) or (2,), got {raw.shape}")
    bad = ~np.isfinite(pts).all(axis=1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"point {i} is not finite: {pts[i].tolist()} (NaN and infinity are not allowed)")
    return pts


def _check_labels(labels, n: int, k: int) -> np.ndarray:
    raw = np.asarray(labels)
    if raw.ndim != 1 or len(raw) != n:
        raise ValueError(f"labels must have shape ({n},) to match the points, got {raw.shape}")
    if n and raw.dtype.kind == "f" and np.all(np.isfinite(raw)) and np.all(raw == np.round(raw)):
        raw = raw.astype(np.int64)   # 0.0/1.0 from float arrays (e.g. generators) are whole class ids
    if n and raw.dtype.kind not in "iu":
        raise ValueError(f"labels must be whole class ids, got an array of {raw.dtype}")
    lab = np.array(raw, dtype=np.int64)
    out = (lab < 0) | (lab >= k)
    if out.any():
        i = int(np.flatnonzero(out)[0])
        raise ValueError(f"label {i} is {int(lab[i])}, not a class id in 0..{k - 1}")
    return lab
