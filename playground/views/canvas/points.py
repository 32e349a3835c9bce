"""How the dataset canvas draws points: one ScatterPlotItem per class for training points (filled) and one
for test points (hollow rings), plus a ring around the selected point.

One item per class and split keeps every item single-styled: a UniformScatter (uniform_scatter.py) stamps one
pre-rendered symbol at each point, so handing it 100,000 points costs a few milliseconds, not the half second
pyqtgraph's ScatterPlotItem spends styling each spot.

The points seldom change while the boundary under them is repainted ~30 times a second: each item keeps its
picture in a device-coordinate cache (Qt blits it until the item changes, zooms or pans), and empty items are
hidden so that Qt does not call into Python for them at all.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsItem

from playground.model.state import MAX_CLASSES
from playground.views import palette
from playground.views.canvas.uniform_scatter import UniformScatter


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

    def show(self, points: np.ndarray, labels: np.ndarray) -> bool:
        """Draw the model's new data; returns True when it was an append (indices of old points unchanged)."""
        n_old = len(self.labels)
        appended = (len(labels) > n_old and np.array_equal(labels[:n_old], self.labels)
                    and np.array_equal(points[:n_old], self.points))
        mask = self.test_mask
        if mask is not None and len(mask) != len(labels):
            # Old points keep their split until the next mask arrives; new ones count as training points.
            self.test_mask = np.concatenate([mask, np.zeros(len(labels) - len(mask), bool)]) if appended else None
        if appended:
            new_points, new_labels = points[n_old:], labels[n_old:]
            for k in np.unique(new_labels):
                self.train[k].addPoints(pos=new_points[new_labels == k])
                self.train[k].show()
            self.points, self.labels = points, labels
        else:
            self.points, self.labels = points, labels
            self.redraw()
        return appended

    def redraw(self) -> None:
        test = self.test_mask if self.test_mask is not None else np.zeros(len(self.labels), dtype=bool)
        for k in range(MAX_CLASSES):
            mine = self.labels == k
            self.train[k].setData(pos=self.points[mine & ~test])
            self.test[k].setData(pos=self.points[mine & test])
        self._update_visibility()
        self.set_selected(self._selected)

    def set_test_mask(self, mask: np.ndarray | None) -> None:
        self.test_mask = mask
        self.redraw()

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
