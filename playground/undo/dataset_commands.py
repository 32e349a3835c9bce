"""The QUndoCommands of `DatasetModel`: add, remove (both merge within a stroke) and replace.

Each keeps its points, class ids and values together (three arrays, one per point each); the model's
`_apply` swaps the session's arrays.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtGui import QUndoCommand

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


class AddPoints(QUndoCommand):
    """Appends points; undo truncates back. Merges with later adds of the same stroke."""

    def __init__(self, model, points: np.ndarray, label: int, value: float, stroke: int | None):
        n = len(points)
        super().__init__(f"Add {n} point{'s' if n != 1 else ''}")
        self._model, self._stroke, self._start = model, stroke, model.count()
        self._points, self._labels = points, np.full(n, label, dtype=np.int64)
        self._values = np.full(n, value, dtype=np.float64)

    def id(self) -> int:
        return _ADD_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, AddPoints) and self._stroke is not None and other._stroke == self._stroke):
            return False
        self._points = np.concatenate([self._points, other._points])
        self._labels = np.concatenate([self._labels, other._labels])
        self._values = np.concatenate([self._values, other._values])
        self.setText(f"Add {len(self._labels)} points")
        return True

    def redo(self) -> None:
        m, n = self._model, self._start
        points, labels, values = _handed_over(np.concatenate([m._points[:n], self._points]),
                                              np.concatenate([m._labels[:n], self._labels]),
                                              np.concatenate([m._values[:n], self._values]))
        m._apply(points, labels, values=values, edit=RowEdit("inserted", np.arange(n, n + len(self._labels)), n))

    def undo(self) -> None:
        m, n, count = self._model, self._start, self._model.count()
        points, labels, values = _handed_over(m._points[:n].copy(), m._labels[:n].copy(), m._values[:n].copy())
        m._apply(points, labels, values=values, edit=RowEdit("removed", np.arange(n, count), count))


class RemovePoints(QUndoCommand):
    """Deletes points by index; undo puts them back where they were. Merges removals of the same stroke."""

    def __init__(self, model, indices: np.ndarray, stroke: int | None):
        super().__init__()
        self._model, self._stroke, self._n_before = model, stroke, model.count()
        self._idx = np.asarray(indices, dtype=np.intp)          # into the data before this command
        self._points, self._labels = model._points[self._idx], model._labels[self._idx]
        self._values = model._values[self._idx]
        self._name()

    def _name(self) -> None:
        n = len(self._idx)
        self.setText(f"Erase {n} point{'s' if n != 1 else ''}")

    def id(self) -> int:
        return _REMOVE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, RemovePoints) and self._stroke is not None and other._stroke == self._stroke):
            return False
        # `other` indexes the data after our removal; translate to indices into our "before" data.
        # Order does not matter, only that indices and removed points stay paired.
        survivors = np.delete(np.arange(self._n_before), self._idx)
        self._idx = np.concatenate([self._idx, survivors[other._idx]])
        self._points = np.concatenate([self._points, other._points])
        self._labels = np.concatenate([self._labels, other._labels])
        self._values = np.concatenate([self._values, other._values])
        self._name()
        return True

    def redo(self) -> None:
        m = self._model
        keep = np.ones(self._n_before, dtype=bool)     # a mask, not np.delete: 5x quicker at 100,000 points
        keep[self._idx] = False
        # np.compress, not points[keep]: numpy's mask indexing of (N, 2) rows is ten times slower (~2 ms at
        # 100,000 points, a good part of an erase's budget).
        points, labels, values = _handed_over(np.compress(keep, m._points, axis=0), m._labels[keep], m._values[keep])
        m._apply(points, labels, values=values, edit=RowEdit("removed", self._idx, self._n_before))

    def undo(self) -> None:
        m = self._model
        keep = np.ones(self._n_before, dtype=bool)
        keep[self._idx] = False
        points = np.empty((self._n_before, 2))
        labels = np.empty(self._n_before, dtype=np.int64)
        values = np.empty(self._n_before)
        for column in range(2):     # column by column, for the same reason as in redo
            points[:, column][keep] = m._points[:, column]
        labels[keep], values[keep] = m._labels, m._values
        points[self._idx], labels[self._idx], values[self._idx] = self._points, self._labels, self._values
        _handed_over(points, labels, values)
        m._apply(points, labels, values=values, edit=RowEdit("inserted", self._idx, self._n_before - len(self._idx)))


def _handed_over(*arrays: np.ndarray) -> tuple:
    """Arrays a command has just built, made read-only: the session then keeps them as they are (it copies a
    writable one, which at 100,000 points is a copy of every array on every edit)."""
    for a in arrays:
        a.flags.writeable = False
    return arrays


class ReplaceData(QUndoCommand):
    """Swaps the whole dataset (and maybe the class count); clear, presets, files, class-count changes.
    `after` is (points, labels, class count, values)."""

    def __init__(self, model, after: tuple, text: str):
        super().__init__(text)
        self._model = model
        self._before = (model._points, model._labels, model._num_classes, model._values)
        self._after = after

    def redo(self) -> None:
        points, labels, k, values = self._after
        self._model._apply(points, labels, k, values)

    def undo(self) -> None:
        points, labels, k, values = self._before
        self._model._apply(points, labels, k, values)
