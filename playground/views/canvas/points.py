"""How the dataset canvas draws points: one ScatterPlotItem per class for training points (filled) and one
for test points (hollow rings), plus a ring around the selected point.

One item per class and split keeps every item single-styled: a UniformScatter (uniform_scatter.py) stamps one
pre-rendered symbol at each point, so handing it 100,000 points costs a few milliseconds, not the half second
pyqtgraph's ScatterPlotItem spends styling each spot.

The points seldom change while the boundary under them is repainted ~30 times a second: each item keeps its
picture in a device-coordinate cache (Qt blits it until the item changes, zooms or pans), and empty items are
hidden so that Qt does not call into Python for them at all.

An edit (an add, an erase, their undo, points changing side in the split) repaints only the squares around the
points it touched in those caches: the model says which rows moved (DatasetModel.last_edit), and each item
always holds its points in the dataset's order, so the rows map to places in the items with a running count,
and a point put back is stacked exactly where it was (the picture after an undo is the picture before).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem

from playground.model.state import MAX_CLASSES
from playground.undo.dataset_model import RowEdit
from playground.views import palette
from playground.views.canvas.uniform_scatter import UniformScatter

_MANY_MOVED = 0.25     # this share of the points changing side in a new split: all items are drawn again


class PointLayers:
    def __init__(self):
        self.train = [UniformScatter() for _ in range(MAX_CLASSES)]
        self.test = [UniformScatter() for _ in range(MAX_CLASSES)]
        self.selection = UniformScatter()
        for item in self.items():
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            item.hide()
        self._show_test = True
        self.test_mask: np.ndarray | None = None
        self.points = np.zeros((0, 2))            # what is drawn now
        self.labels = np.zeros(0, dtype=np.int64)
        self._selected = -1
        self.size_scale = 1.0                     # presentation mode's larger points

    def items(self) -> list:
        """Bottom to top."""
        return [*self.train, *self.test, self.selection]

    def restyle(self, background: QColor) -> None:
        for k in range(MAX_CLASSES):
            _style(self.train[k], palette.train_point_style(k, background), self.size_scale)
            _style(self.test[k], palette.test_point_style(k, background), self.size_scale)
        _style(self.selection, palette.selection_style(background), self.size_scale)

    def show(self, points: np.ndarray, labels: np.ndarray, edit: RowEdit | None = None) -> bool:
        """Draw the model's new data; returns True when it was an append (indices of old points unchanged).

        `edit` (the model's last_edit()) names the rows an add, an erase or their undo moved: only those
        points change, in their items, around them. Without one (a new dataset) every item is redrawn."""
        old_labels, old_test = self.labels, self._drawn_test()
        if edit is not None and (edit.count_before != len(old_labels) or edit.count_after != len(labels)):
            edit = None             # not the step from what is drawn to this data
        appended = edit is not None and edit.kind == "inserted" and bool(np.all(edit.rows >= len(old_labels)))
        old_points, self.points, self.labels = self.points, points, labels
        mask = self.test_mask
        if mask is not None and len(mask) != len(labels):
            # Points keep their split through edits that keep them; new ones count as training points until
            # the next mask arrives. After any other edit all draw as training points until then.
            self.test_mask = None if edit is None else _edit_mask(mask, edit)
        if edit is None:
            self.redraw()
        elif edit.kind == "removed":
            self._change(lambda: self._take(np.sort(edit.rows), old_points, old_labels, old_test))
        else:
            self._change(lambda: self._put(np.sort(edit.rows), self._drawn_test()))
        return appended

    def redraw(self) -> None:
        test = self._drawn_test()
        for k in range(MAX_CLASSES):
            mine = self.labels == k
            self.train[k].setData(pos=self.points[mine & ~test])
            self.test[k].setData(pos=self.points[mine & test])
        self._update_visibility()
        self.set_selected(self._selected)

    def set_test_mask(self, mask) -> None:
        """A new split (a bool per point, or None: all training): the points that changed side move between
        items; very many, and all is redrawn."""
        if mask is not None:
            m = np.asarray(mask)
            if m.dtype != np.bool_ or m.shape != self.labels.shape:
                raise ValueError(f"test mask must be a bool array of shape ({len(self.labels)},), "
                                 f"got {m.dtype} {m.shape}")
            mask = m.copy()
        before = self._drawn_test()
        self.test_mask = mask
        after = self._drawn_test()
        moved = np.flatnonzero(before != after)
        if len(moved) > _MANY_MOVED * len(after):
            self.redraw()
        elif len(moved):
            self._change(lambda: self._take(moved, self.points, self.labels, before) and self._put(moved, after))

    def set_reserved_rect(self, rect: QRectF) -> None:
        """Where points can be added (the canvas's extent): no item's box has to grow when they are."""
        for item in [*self.train, *self.test]:
            item.set_reserved_rect(rect)

    @property
    def show_test(self) -> bool:
        return self._show_test

    def set_show_test(self, show: bool) -> None:
        self._show_test = show
        self._update_visibility()

    def set_selected(self, index: int) -> None:
        self._selected = index
        self.selection.setData(pos=self.points[[index]] if 0 <= index < len(self.points) else np.zeros((0, 2)))
        self.selection.setVisible(0 <= index < len(self.points))

    # -- helpers -------------------------------------------------------------------------------------------
    def _drawn_test(self) -> np.ndarray:
        return self.test_mask if self.test_mask is not None else np.zeros(len(self.labels), dtype=bool)

    def _change(self, edit_items) -> None:
        if not edit_items():        # an item did not hold what it should: draw everything again
            self.redraw()
            return
        self._update_visibility()
        self.set_selected(self._selected)

    def _take(self, rows: np.ndarray, points: np.ndarray, labels: np.ndarray, test: np.ndarray) -> bool:
        """Take rows (sorted indices into points/labels/test, as drawn now) out of their items."""
        for item, member in self._groups(rows, labels, test):
            if item.count() != np.count_nonzero(member):
                return False
            item.delete_rows(_places(member, rows[member[rows]]))
        return True

    def _put(self, rows: np.ndarray, test: np.ndarray) -> bool:
        """Put rows (sorted indices into the current points) into their items, each at its dataset place."""
        for item, member in self._groups(rows, self.labels, test):
            mine = rows[member[rows]]
            if item.count() != np.count_nonzero(member) - len(mine):
                return False
            item.insert_rows(_places(member, mine), self.points[mine])
        return True

    def _groups(self, rows: np.ndarray, labels: np.ndarray, test: np.ndarray):
        """(item, which points of `labels` it draws) for each item that holds some of `rows`."""
        for k in np.unique(labels[rows]):
            for split, items in ((False, self.train), (True, self.test)):
                if np.any((labels[rows] == k) & (test[rows] == split)):
                    yield items[k], (labels == k) & (test == split)

    def _update_visibility(self) -> None:
        for item in self.train:
            item.setVisible(item.count() > 0)
        for item in self.test:
            item.setVisible(self._show_test and item.count() > 0)


def _style(item: UniformScatter, style: dict, size_scale: float) -> None:
    pen = style["pen"]
    if size_scale != 1:
        pen = pg.mkPen(pen)
        pen.setWidthF(pen.widthF() * size_scale)
    item.set_style(style["symbol"], style["size"] * size_scale, pen, style["brush"])


def _places(member: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Each of `rows` (sorted members) its place among the members: an item holds them in dataset order."""
    return np.searchsorted(np.flatnonzero(member[:rows[-1] + 1]), rows)


def _edit_mask(mask: np.ndarray, edit: RowEdit) -> np.ndarray:
    """The split after `edit`: removed rows' entries go; inserted rows count as training points."""
    if edit.kind == "removed":
        keep = np.ones(len(mask), dtype=bool)
        keep[edit.rows] = False
        return mask[keep]
    out = np.zeros(edit.count_after, dtype=bool)
    kept = np.ones(edit.count_after, dtype=bool)
    kept[edit.rows] = False
    out[kept] = mask
    return out
