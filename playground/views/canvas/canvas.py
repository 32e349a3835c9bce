"""DatasetCanvas: the points a person draws, on top of the network's decision boundary.

A pyqtgraph PlotWidget with an equal-aspect view: left and right buttons edit data (gestures.py); the
wheel, a middle or Shift+left drag and the View actions zoom and pan (navigation.py). Drawing order,
bottom to top: boundary heatmap (or one neuron's map: images.py; the API in pictures_api.py), the extent's frame,
points per class (training filled, test hollow: points.py), a curve's fit (curve.py), the selection ring, the
eraser circle. By default the view shows the extent (the data box), more along one axis when the widget's aspect
differs; it reports what it shows (visible_extent_changed) so the worker can compute the boundary over all of it.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsRectItem

from engine.datasets import VIEW
from engine.grid import check_extent
from playground.error_guard import guard_override
from playground.undo.dataset_model import DatasetModel
from playground.views import palette
from playground.views.canvas.curve import CanvasRegression
from playground.views.canvas.gestures import CanvasGestures
from playground.views.canvas.images import CanvasImages
from playground.views.canvas.navigation import CanvasNavigation
from playground.views.canvas.pictures_api import CanvasPictures
from playground.views.canvas.points import PointLayers
from playground.views.canvas.visible_extent import VisibleExtentReporter
from playground.views.plot_text import PlotText

TOOLS = ("add", "erase", "select")


class DatasetCanvas(CanvasPictures, pg.PlotWidget):
    point_selected = Signal(int)     # index into the model's points; -1 when nothing is selected
    tool_changed = Signal(str)
    message_posted = Signal(str)     # for the status bar, e.g. "... would pass the 100,000-point limit"
    visible_extent_changed = Signal(tuple)   # (xmin, xmax, ymin, ymax) now on screen (visible_extent.py)

    def __init__(self, model: DatasetModel, parent=None, *, seed: int = 0):
        if not isinstance(model, DatasetModel):
            raise ValueError(f"model must be a DatasetModel, got {type(model).__name__}")
        self._ready = False              # pyqtgraph's constructor sends PaletteChange before our items exist
        super().__init__(parent=parent)
        self.setObjectName("datasetCanvas")
        self.setAccessibleName("Dataset canvas")
        self.setToolTip("Click: add a point · drag: spray · right-click/drag: erase · Ctrl+click: select\n"
                        "Wheel: zoom · middle-drag or Shift+drag: pan · Ctrl+0: fit the data box")
        self._model = model
        self._extent = VIEW
        self._tool, self._current_class = "add", 0
        self._selected, self._selected_xy = -1, None
        self._build_items()
        self._gestures = CanvasGestures(self, self._eraser, seed)
        self.navigation = CanvasNavigation(self)
        self.viewport().setMouseTracking(True)   # the eraser circle follows the pointer
        self._ready = True
        self._apply_palette()
        self.set_extent(VIEW)
        self._view_reporter = VisibleExtentReporter(self.getViewBox(), self)
        self._view_reporter.changed.connect(self.visible_extent_changed)
        model.changed.connect(self._on_model_changed)
        self._on_model_changed()

    def _build_items(self) -> None:
        item, vb = self.getPlotItem(), self.getViewBox()
        vb.setMouseEnabled(x=False, y=False)   # clicks and drags edit the data; navigation.py moves the view
        vb.setMenuEnabled(False)
        item.setMenuEnabled(False)
        item.hideButtons()
        vb.setAspectLocked(True, ratio=1.0)
        vb.disableAutoRange()
        item.setLabel("bottom", "x₁")
        item.setLabel("left", "x₂")
        for name in ("bottom", "left"):
            # The boundary under them repaints ~30 times a second; the axes change only with the view: Qt
            # blits their cached pictures instead of calling pyqtgraph's paint() each frame.
            item.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        # A coarse boundary grid is stretched to hundreds of pixels: interpolate rather than show blocks.
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        self._images = CanvasImages()
        self._caption = self._images.caption
        self._frame = QGraphicsRectItem()
        self._points = PointLayers()
        # The kind of regression shown, the fitted curve, a surface's value-coloured points, a new point's value.
        self.regression = CanvasRegression(self, self._images, [*self._points.train, *self._points.test])
        self._eraser = QGraphicsEllipseItem()
        images = self._images
        layers = [images.boundary, images.highlight, self._frame, *self._points.items(),
                  self.regression.value_points.item, self.regression.neuron_curve.item, self.regression.curve.item,
                  self._eraser, self._caption]
        for z, it in enumerate(layers):
            it.setZValue(z - 100)
            vb.addItem(it, ignoreBounds=True)
        self._eraser.hide()
        self._plot_text = PlotText(item)

    # -- API -----------------------------------------------------------------------------------------------
    @property
    def model(self) -> DatasetModel:
        return self._model

    def tool(self) -> str:
        return self._tool

    def set_presentation(self, scale: float) -> None:
        """Presentation mode: axis text, the map's caption, points and the fitted curve `scale` times their
        normal size (1: back to normal)."""
        self._plot_text.apply(scale)
        self._points.size_scale = scale
        self.regression.set_presentation_scale(scale)
        self._images.set_caption_scale(scale)
        self._apply_palette()

    def set_tool(self, tool: str) -> None:
        if tool not in TOOLS:
            raise ValueError(f"tool must be one of {', '.join(TOOLS)}, got {tool!r}")
        if tool != self._tool:
            self._tool = tool
            self._update_cursor()
            self._eraser.hide()
            self.tool_changed.emit(tool)

    def current_class(self) -> int:
        return self._current_class

    def set_current_class(self, k: int) -> None:
        if not _is_int(k) or not 0 <= k < self._model.num_classes:
            raise ValueError(f"class must be a whole number in 0..{self._model.num_classes - 1}, got {k!r}")
        self._current_class = int(k)

    def extent(self) -> tuple:
        return self._extent

    def set_extent(self, extent) -> None:
        """(xmin, xmax, ymin, ymax): the data box, framed, and the only place points can be added; the view
        fits it, as Fit Data does."""
        self._extent = xmin, xmax, ymin, ymax = check_extent(extent)
        self._frame.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))
        self._points.set_reserved_rect(self._frame.rect())
        self._caption.setPos(xmin, ymax)
        self.navigation.fit()

    def visible_extent(self) -> tuple:
        """(xmin, xmax, ymin, ymax) of the plane the view shows now (by default the extent and more along one
        axis; anything after a zoom or a pan)."""
        return self._view_reporter.visible_extent()

    def set_test_mask(self, mask) -> None:
        """Which points are held out for testing: a bool array as long as the model's points, or None.

        The mask belongs to the data it was made for. After an add, an erase or their undo the points kept
        keep their split and new ones draw as training points; a new dataset drops the mask (all draw as
        training points) until the next call.
        """
        self._points.set_test_mask(mask)
        self.regression.redraw_points()

    def test_mask(self) -> np.ndarray | None:
        """A copy of the drawn split (None: every point is drawn as a training point)."""
        mask = self._points.test_mask
        return None if mask is None else mask.copy()

    def set_show_test(self, show: bool) -> None:
        if not isinstance(show, bool):
            raise ValueError(f"show must be True or False, got {show!r}")
        self._points.set_show_test(show)
        self.regression.redraw_points()

    def show_test(self) -> bool:
        return self._points.show_test

    def selected_index(self) -> int:
        return self._selected

    def set_selected_index(self, index: int) -> None:
        """Select point `index` (-1: none). Emits point_selected when the selection changes."""
        if not _is_int(index) or not -1 <= index < self._model.count():
            raise ValueError(f"index must be -1 or a point index in 0..{self._model.count() - 1}, got {index!r}")
        self._select(int(index))

    def data_to_viewport(self, x: float, y: float) -> QPoint:
        """The viewport pixel showing data point (x, y): where a mouse event must go to hit it."""
        scene = self.getViewBox().mapViewToScene(QPointF(float(x), float(y)))
        return self.mapFromScene(scene)

    # -- mouse: navigation (pan) unless a stroke is under way, then gestures; the rest goes to pyqtgraph ------
    def _press(self, event) -> bool:
        return (not self._gestures.stroking() and self.navigation.press(event)) or self._gestures.press(event)

    @guard_override
    def mousePressEvent(self, event) -> None:
        if not self._press(event):
            super().mousePressEvent(event)

    @guard_override
    def mouseMoveEvent(self, event) -> None:
        if self.navigation.move(event):
            self._gestures.hover(event)         # the eraser circle rides along with a pan
        elif not self._gestures.move(event):
            super().mouseMoveEvent(event)

    @guard_override
    def mouseReleaseEvent(self, event) -> None:
        if not (self.navigation.release(event) or self._gestures.release(event)):
            super().mouseReleaseEvent(event)

    @guard_override
    def mouseDoubleClickEvent(self, event) -> None:
        # The second press of a quick double click arrives as a double-click event: it is a click too.
        if not self._press(event):
            super().mouseDoubleClickEvent(event)

    @guard_override
    def wheelEvent(self, event) -> None:
        if self.navigation.wheel(event):
            self._gestures.hover(event)         # the eraser circle keeps its size on screen
            event.accept()
        else:
            super().wheelEvent(event)

    @guard_override
    def leaveEvent(self, event) -> None:
        self._gestures.left()
        super().leaveEvent(event)

    def _update_cursor(self) -> None:
        shape = {"add": Qt.CursorShape.CrossCursor, "erase": Qt.CursorShape.CrossCursor,
                 "select": Qt.CursorShape.PointingHandCursor}[self._tool]
        self.viewport().setCursor(shape)

    # -- drawing -------------------------------------------------------------------------------------------
    def _on_model_changed(self) -> None:
        if self._current_class >= self._model.num_classes:
            self._current_class = self._model.num_classes - 1
        points, labels = self._model.shown_arrays()
        if not self._points.show(points, labels, self._model.last_edit()):
            self._follow_selection(points)   # appends keep every index; anything else may move the selection
        self.regression.redraw_points()

    def _select(self, index: int) -> None:
        xy = tuple(self._points.points[index]) if index >= 0 else None
        changed = index != self._selected
        self._selected, self._selected_xy = index, xy
        self._points.set_selected(index)
        if changed:
            self.point_selected.emit(index)

    def _follow_selection(self, points: np.ndarray) -> None:
        """Keep the selection on the same point when edits shift indices; drop it when the point went."""
        if self._selected < 0:
            return
        i = self._selected
        if i < len(points) and tuple(points[i]) == self._selected_xy:
            return
        same = np.flatnonzero((points == np.asarray(self._selected_xy)).all(axis=1))
        self._selected = int(same[0]) if len(same) else -1
        if self._selected < 0:
            self._selected_xy = None
        self._points.set_selected(self._selected)
        self.point_selected.emit(self._selected)

    def _apply_palette(self) -> None:
        pal = self.palette()
        base, text = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
        self._images.restyle(base, text)
        self._neutral = self._images.neutral        # the maps' middle colour (tests compare pixels with it)
        self.setBackground(base)
        faint = QColor(text)
        faint.setAlpha(150)
        for name in ("bottom", "left"):
            axis = self.getPlotItem().getAxis(name)
            axis.setPen(pg.mkPen(faint))
            axis.setTextPen(pg.mkPen(faint))
        self._frame.setPen(pg.mkPen(faint, width=self._plot_text.scaled(1), cosmetic=True))
        outline = palette.outline_for(base)
        self._eraser.setPen(pg.mkPen(outline, width=1.5, style=Qt.PenStyle.DashLine, cosmetic=True))
        outline.setAlpha(45)
        self._eraser.setBrush(pg.mkBrush(outline))
        self._points.restyle(base)
        for curve in (self.regression.curve, self.regression.neuron_curve):
            curve.restyle(base)
        self.regression.redraw_points()
        self._update_cursor()

    @guard_override
    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and getattr(self, "_ready", False):
            self._apply_palette()


def _is_int(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))
