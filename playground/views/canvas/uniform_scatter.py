"""UniformScatter: many points drawn alike, a pre-rendered symbol stamped at each one (sizes in screen pixels).

pyqtgraph's ScatterPlotItem styles every spot it is handed, one Python call per spot (about 0.5 s for 100,000
points), so erasing one point of a large dataset, or undoing an add, took that long to show. All the canvas's
points of one class and split look alike: this item keeps only their (N, 2) positions, renders its symbol once
(pyqtgraph's renderSymbol, so it looks the same), and stamps it with one QPainter.drawPixmapFragments call.

Small edits repaint small: `insert_rows` and `delete_rows` mark only the few symbols' squares as changed
(QGraphicsItem.update(rect)), so an item cached in device coordinates redraws just those squares of its
picture, stamping only the points whose symbols reach into them (option.exposedRect), and the box the
item reports grows only when a point lands outside it (a new box means a whole new picture).

The positions are kept as two 1-D columns, x and y, not one (N, 2) array: numpy picks or drops rows of a 2-D
array by a mask about ten times slower than it does each column (~1 ms against ~0.1 ms for 50,000 points),
and the comparisons paint() makes on every repaint run three times quicker on contiguous columns.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import renderSymbol
from pyqtgraph.Qt import internals
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QGraphicsItem

from playground.error_guard import guard_override

_FEW_RECTS = 16      # more changed points than this: one rect around them all


class UniformScatter(pg.GraphicsObject):
    def __init__(self):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)   # a real exposedRect
        self._x = self._y = np.zeros(0)    # the points' positions, in dataset order
        self._reserved = QRectF()     # always inside the reported box: where points can be added
        self._style = ("o", 10.0, pg.mkPen(None), pg.mkBrush(None))   # symbol, size (px), pen, brush
        self._stamp: QPixmap | None = None
        self._stamp_dpr = 0.0
        self._bounds = QRectF()
        self._padded: QRectF | None = None   # boundingRect(), asked for many times a frame: kept until it changes
        self._half: tuple | None = None      # _half_symbol(), asked for on every edit: kept until the view changes
        self._fragments = internals.PrimitiveArray(QPainter.PixmapFragment, 10)
        self.symbols_drawn = 0    # symbols stamped since creation: the painting work done, for tests and benchmarks

    # -- data and style ------------------------------------------------------------------------------
    def set_style(self, symbol: str, size: float, pen, brush) -> None:
        self._style = (symbol, float(size), pg.mkPen(pen), pg.mkBrush(brush))
        self._stamp = None
        self._geometry_changed()
        self.update()

    def setData(self, pos) -> None:  # noqa: N802 (pyqtgraph's name, which tests read back with getData)
        pos = np.asarray(pos, dtype=np.float64).reshape(-1, 2)
        x, y = pos[:, 0].copy(), pos[:, 1].copy()
        if not (np.array_equal(x, self._x) and np.array_equal(y, self._y)):   # unchanged: keep the cached picture
            self._set(x, y)

    def set_reserved_rect(self, rect: QRectF) -> None:
        """Keep `rect` (item units) inside the reported box, so that points added there never grow it."""
        self._reserved = QRectF(rect)
        self._set(self._x, self._y)

    def insert_rows(self, rows, pos) -> None:
        """Put points in at `rows` (ascending places in the result), repainting only around them."""
        rows = np.asarray(rows, dtype=np.intp)
        pos = np.asarray(pos, dtype=np.float64).reshape(-1, 2)
        if not len(pos):
            return
        was_empty = not len(self._x)
        before = rows - np.arange(len(rows))     # np.insert's places: in the columns as they are now
        self._x, self._y = np.insert(self._x, before, pos[:, 0]), np.insert(self._y, before, pos[:, 1])
        lo, hi = pos.min(axis=0), pos.max(axis=0)
        b = self._bounds
        if was_empty or not (b.left() <= lo[0] and hi[0] <= b.right() and b.top() <= lo[1] and hi[1] <= b.bottom()):
            self._set(self._x, self._y)       # a new box: a new picture
        else:
            self._update_around(pos)

    def delete_rows(self, rows) -> None:
        """Take out the points at `rows`, repainting only around them. The box stays: a larger one is harmless."""
        rows = np.asarray(rows, dtype=np.intp)
        if not len(rows):
            return
        gone = np.column_stack([self._x[rows], self._y[rows]])
        keep = np.ones(len(self._x), dtype=bool)
        keep[rows] = False
        self._x, self._y = self._x[keep], self._y[keep]
        self._update_around(gone)

    def getData(self) -> tuple[np.ndarray, np.ndarray]:  # noqa: N802
        return self._x.copy(), self._y.copy()

    def count(self) -> int:
        return len(self._x)

    def _set(self, x: np.ndarray, y: np.ndarray) -> None:
        self._geometry_changed()
        self._x, self._y = x, y
        if len(x):
            lo, hi = np.array([x.min(), y.min()]), np.array([x.max(), y.max()])
            r = self._reserved
            if not r.isEmpty():    # (QRectF.united would drop a one-point box, whose size is 0)
                lo, hi = np.minimum(lo, [r.left(), r.top()]), np.maximum(hi, [r.right(), r.bottom()])
            self._bounds = QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1])
        else:
            self._bounds = QRectF()
        self.informViewBoundsChanged()
        self.update()

    def _update_around(self, pos: np.ndarray) -> None:
        """Mark the squares the symbols at `pos` cover as changed (the whole item when not in a view)."""
        dx, dy = self._half_symbol()
        if dx is None:
            self.update()
            return
        if len(pos) > _FEW_RECTS:
            lo, hi = pos.min(axis=0), pos.max(axis=0)
            pos = np.array([(lo + hi) / 2])
            dx, dy = dx + (hi[0] - lo[0]) / 2, dy + (hi[1] - lo[1]) / 2
        for px, py in pos:
            self.update(QRectF(px - dx, py - dy, 2 * dx, 2 * dy))

    # -- QGraphicsItem ---------------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:  # noqa: N802
        if self._padded is None:
            self._padded = self._padded_bounds()
        return QRectF(self._padded)

    def _padded_bounds(self) -> QRectF:
        if not len(self._x):
            return QRectF()
        # The data's box grown by half a symbol, in item units (pixels vary with the view's zoom).
        dx, dy = self._half_symbol()
        return self._bounds if dx is None else self._bounds.adjusted(-dx, -dy, dx, dy)

    def _half_symbol(self) -> tuple:
        """Half a symbol's width and height in item units (None, None outside a view)."""
        if self._half is None:
            px, py = self.pixelVectors()
            if px is None or py is None:
                return None, None
            half = (self._style[1] + self._style[2].widthF() + 2) / 2
            self._half = px.length() * half, py.length() * half
        return self._half

    def viewTransformChanged(self) -> None:  # noqa: N802 (pyqtgraph hook: the padding above is in pixels)
        self._geometry_changed()

    def _geometry_changed(self) -> None:
        self.prepareGeometryChange()
        self._padded = self._half = None

    @guard_override
    def paint(self, painter: QPainter, option, widget=None) -> None:
        if not len(self._x):
            return
        dpr = widget.devicePixelRatioF() if widget is not None else painter.device().devicePixelRatioF()
        stamp = self._stamp_for(dpr)
        t = painter.transform()
        device = painter.device()
        # Only symbols reaching into the part being repainted (a few squares after a small edit) and the device:
        # that box mapped back to item units picks them with four comparisons, before any arithmetic. A symbol
        # is stamped centred on its point, so it reaches half its width (and a pixel of rounding) past it.
        margin = stamp.width() / dpr / 2 + 1
        area = t.mapRect(option.exposedRect).intersected(QRectF(0, 0, device.width(), device.height()))
        inverse, invertible = t.inverted()
        if area.isEmpty() or not invertible:
            return
        box = inverse.mapRect(area.adjusted(-margin, -margin, margin, margin))
        x, y = self._x, self._y
        shown = np.flatnonzero((x > box.left()) & (x < box.right()) & (y > box.top()) & (y < box.bottom()))
        x, y = x.take(shown), y.take(shown)    # (indices, not the mask: a scattered mask picks 4x slower)
        n = len(x)
        if not n:
            return
        dev_x = t.m11() * x + t.m21() * y + t.dx()
        dev_y = t.m12() * x + t.m22() * y + t.dy()
        self._fragments.resize(n)
        frags = self._fragments.ndarray()
        frags[:, 0] = dev_x
        frags[:, 1] = dev_y
        frags[:, 2:6] = [0, 0, stamp.width(), stamp.height()]
        frags[:, 6:10] = [1 / dpr, 1 / dpr, 0.0, 1.0]
        painter.resetTransform()
        painter.drawPixmapFragments(*self._fragments.drawargs(), stamp)
        self.symbols_drawn += n

    def _stamp_for(self, dpr: float) -> QPixmap:
        if self._stamp is None or dpr != self._stamp_dpr:
            symbol, size, pen, brush = self._style
            self._stamp = QPixmap.fromImage(renderSymbol(symbol, size, pen, brush, dpr=dpr))
            self._stamp_dpr = dpr
        return self._stamp

