"""UniformScatter: many points drawn alike, a pre-rendered symbol stamped at each one (sizes in screen pixels).

pyqtgraph's ScatterPlotItem styles every spot it is handed, one Python call per spot (about 0.5 s for 100,000
points), so erasing one point of a large dataset, or undoing an add, took that long to show. All the canvas's
points of one class and split look alike: this item keeps only their (N, 2) positions, renders its symbol once
(pyqtgraph's renderSymbol, so it looks the same), and stamps it with one QPainter.drawPixmapFragments call.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import renderSymbol
from pyqtgraph.Qt import internals
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPixmap

from playground.error_guard import guard_override


class UniformScatter(pg.GraphicsObject):
    def __init__(self):
        super().__init__()
        self._pos = np.zeros((0, 2))
        self._style = ("o", 10.0, pg.mkPen(None), pg.mkBrush(None))   # symbol, size (px), pen, brush
        self._stamp: QPixmap | None = None
        self._stamp_dpr = 0.0
        self._bounds = QRectF()
        self._padded: QRectF | None = None   # boundingRect(), asked for many times a frame: kept until it changes
        self._fragments = internals.PrimitiveArray(QPainter.PixmapFragment, 10)

    # -- data and style ------------------------------------------------------------------------------
    def set_style(self, symbol: str, size: float, pen, brush) -> None:
        self._style = (symbol, float(size), pg.mkPen(pen), pg.mkBrush(brush))
        self._stamp = None
        self._geometry_changed()
        self.update()

    def setData(self, pos) -> None:  # noqa: N802 (pyqtgraph's name, which tests read back with getData)
        pos = np.array(pos, dtype=np.float64).reshape(-1, 2)
        if not np.array_equal(pos, self._pos):     # unchanged: keep the cached picture (an edit of another class)
            self._set(pos)

    def addPoints(self, pos) -> None:  # noqa: N802
        self._set(np.concatenate([self._pos, np.asarray(pos, dtype=np.float64).reshape(-1, 2)]))

    def getData(self) -> tuple[np.ndarray, np.ndarray]:  # noqa: N802
        return self._pos[:, 0].copy(), self._pos[:, 1].copy()

    def count(self) -> int:
        return len(self._pos)

    def _set(self, pos: np.ndarray) -> None:
        self._geometry_changed()
        self._pos = pos
        if len(pos):
            lo, hi = pos.min(axis=0), pos.max(axis=0)
            self._bounds = QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1])
        else:
            self._bounds = QRectF()
        self.informViewBoundsChanged()
        self.update()

    # -- QGraphicsItem ---------------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:  # noqa: N802
        if self._padded is None:
            self._padded = self._padded_bounds()
        return QRectF(self._padded)

    def _padded_bounds(self) -> QRectF:
        if not len(self._pos):
            return QRectF()
        # The data's box grown by half a symbol, in item units (pixels vary with the view's zoom).
        px, py = self.pixelVectors()
        half = (self._style[1] + self._style[2].widthF() + 2) / 2
        dx = 0.0 if px is None else px.length() * half
        dy = 0.0 if py is None else py.length() * half
        return self._bounds.adjusted(-dx, -dy, dx, dy)

    def viewTransformChanged(self) -> None:  # noqa: N802 (pyqtgraph hook: the padding above is in pixels)
        self._geometry_changed()

    def _geometry_changed(self) -> None:
        self.prepareGeometryChange()
        self._padded = None

    @guard_override
    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not len(self._pos):
            return
        dpr = widget.devicePixelRatioF() if widget is not None else painter.device().devicePixelRatioF()
        stamp = self._stamp_for(dpr)
        t = painter.transform()
        x, y = self._pos[:, 0], self._pos[:, 1]
        dev_x = t.m11() * x + t.m21() * y + t.dx()
        dev_y = t.m12() * x + t.m22() * y + t.dy()
        device = painter.device()
        margin = stamp.width() / dpr
        shown = ((dev_x > -margin) & (dev_x < device.width() + margin)
                 & (dev_y > -margin) & (dev_y < device.height() + margin))
        n = int(shown.sum())
        if not n:
            return
        self._fragments.resize(n)
        frags = self._fragments.ndarray()
        frags[:, 0] = dev_x[shown]
        frags[:, 1] = dev_y[shown]
        frags[:, 2:6] = [0, 0, stamp.width(), stamp.height()]
        frags[:, 6:10] = [1 / dpr, 1 / dpr, 0.0, 1.0]
        painter.resetTransform()
        painter.drawPixmapFragments(*self._fragments.drawargs(), stamp)

    def _stamp_for(self, dpr: float) -> QPixmap:
        if self._stamp is None or dpr != self._stamp_dpr:
            symbol, size, pen, brush = self._style
            self._stamp = QPixmap.fromImage(renderSymbol(symbol, size, pen, brush, dpr=dpr))
            self._stamp_dpr = dpr
        return self._stamp
