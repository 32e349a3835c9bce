"""Regression on the dataset canvas: what changes with the kind of regression the session holds.

* Curve fitting ("curve"): the canvas is an x-y plane, a point IS (x, y), and the network's y = f(x) is drawn
  as a line over the points (the worker computes it: Snapshot.curve_x/curve_y). No heatmap under them.
* Surface ("surface"): each point (x1, x2) carries a real value; the heatmap shows the predicted value on the
  diverging scale (the boundary image of one output, values −1..1 end to end), the points are coloured by
  their value on the same scale (`ValuePoints`).
* Classification (""): as before.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from playground.views import palette

AXIS_LABELS = {"": ("x₁", "x₂"), "surface": ("x₁", "x₂"), "curve": ("x", "y")}
KINDS = tuple(AXIS_LABELS)
CURVE_WIDTH = 3.0


NEURON_CURVE_COLOR = palette.CLASS_COLORS[2]   # a selected neuron's output: unlike the points and the fit


class FittedCurve:
    """The network's curve y = f(x): a thick line over the points, shown only in curve fitting. With `neuron`,
    a selected neuron's output over x instead: dashed, in its own colour."""

    def __init__(self, neuron: bool = False):
        self.item = pg.PlotCurveItem()
        self.item.hide()
        self.neuron = neuron
        self.x = np.zeros(0)
        self.y = np.zeros(0)
        self.width_scale = 1.0          # presentation mode's thicker line

    def restyle(self, background: QColor) -> None:
        """Colours for this background; `width_scale` times the normal width (presentation mode)."""
        if self.neuron:
            pen = pg.mkPen(NEURON_CURVE_COLOR, width=CURVE_WIDTH * self.width_scale, style=Qt.PenStyle.DashLine,
                           cosmetic=True)
        else:
            pen = pg.mkPen(palette.outline_for(background), width=CURVE_WIDTH * self.width_scale, cosmetic=True)
        self.item.setPen(pen)

    def set_curve(self, x, y) -> None:
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        if x.shape != y.shape or x.ndim != 1:
            raise ValueError(f"a curve needs x and y of one equal length, got shapes {x.shape} and {y.shape}")
        self.x, self.y = x, y
        self.item.setData(x, np.clip(y, -1e6, 1e6))

    def clear(self) -> None:
        self.x, self.y = np.zeros(0), np.zeros(0)
        self.item.setData([], [])


class ValuePoints:
    """A surface's points coloured by their value (per-point brushes: slower than the class layers' one stamp,
    so only shown in surface mode); training points filled, test points a ring of their colour."""

    def __init__(self):
        self.item = pg.ScatterPlotItem(size=palette.POINT_SIZE + 1, pxMode=True)
        self.item.hide()
        self.values = np.zeros(0)
        self.size_scale = 1.0           # presentation mode's larger points (as the class layers')

    def show(self, points, values, test, show_test: bool, background: QColor, lut) -> None:
        neutral = palette.neutral_for(background)
        keep = ~test | show_test
        self.values = np.asarray(values)[keep]
        # One brush and one pen per colour of the table, shared by every point of that colour: mkBrush for
        # each of 100,000 points would take seconds.
        last = len(lut) - 1
        idx = ((np.clip(self.values, -1.0, 1.0) + 1.0) * (0.5 * last) + 0.5).astype(np.intp)
        fills = np.array([pg.mkBrush(*map(int, c)) for c in lut], dtype=object)
        scale = self.size_scale
        rings = np.array([pg.mkPen(QColor(*map(int, c[:3])), width=palette.TEST_RING_WIDTH * scale) for c in lut],
                         dtype=object)
        hollow, edge = pg.mkBrush(neutral), pg.mkPen(palette.outline_for(background), width=scale)
        is_test = test[keep]
        brushes = np.where(is_test, hollow, fills[idx])
        pens = np.where(is_test, rings[idx], edge)
        self.item.setData(pos=np.asarray(points)[keep], brush=list(brushes), pen=list(pens),
                          size=(palette.POINT_SIZE + 1) * scale)
        self.item.show()

    def hide(self) -> None:
        if not len(self.item.data) and not self.item.isVisible():
            return          # already: every data edit asks again, and pyqtgraph's setData costs ~0.3 ms
        self.values = np.zeros(0)
        self.item.setData(pos=np.zeros((0, 2)))
        self.item.hide()


class CanvasRegression:
    """The canvas's regression state: the kind shown, the fitted curve, the value-coloured points of a
    surface, and the value a new point carries."""

    def __init__(self, canvas: pg.PlotWidget, images, class_items: list):
        self._canvas, self._images, self._class_items = canvas, images, class_items
        self.curve = FittedCurve()
        self.neuron_curve = FittedCurve(neuron=True)   # a selected neuron's output over x
        self.neuron_label = ""
        self.value_points = ValuePoints()
        self.kind = ""
        self._value = 0.0             # the value picker's

    @property
    def current_value(self) -> float:
        """The value a new point carries: the picker's on a surface; 0 otherwise (a curve's point is its own
        (x, y), a class is a label)."""
        return self._value if self.kind == "surface" else 0.0

    def set_presentation_scale(self, scale: float) -> None:
        """Presentation mode: the curve's line and the value points `scale` times their size (the canvas
        restyles after)."""
        self.curve.width_scale = self.neuron_curve.width_scale = self.value_points.size_scale = float(scale)

    def set_current_value(self, value: float) -> None:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not np.isfinite(value):
            raise ValueError(f"value must be a finite number, got {value!r}")
        self._value = float(value)

    def set_kind(self, kind: str) -> None:
        """'curve': an x-y plane with the network's curve and no heatmap; 'surface' or '' (classification):
        the heatmap under the points."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
        self.kind = kind
        self.curve.item.setVisible(kind == "curve")
        self._images.kind = kind
        if kind != "curve":
            self.curve.clear()
            if self.neuron_label:
                self._canvas.clear_highlight()
        self._images.boundary.setVisible(kind != "curve" and not self._canvas.highlight_label())
        for item in self._class_items:     # a surface's points show in their value's colour instead
            item.setOpacity(0.0 if kind == "surface" else 1.0)
        bottom, left = AXIS_LABELS[kind]
        self._canvas.getPlotItem().setLabel("bottom", bottom)
        self._canvas.getPlotItem().setLabel("left", left)
        self.redraw_points()

    def redraw_points(self) -> None:
        """The surface's value-coloured points, from the canvas's model, split and palette."""
        c = self._canvas
        if self.kind != "surface":
            self.value_points.hide()
            return
        model = c.model
        test = c.test_mask()
        test = np.zeros(model.count(), dtype=bool) if test is None or len(test) != model.count() else test
        self.value_points.show(model.points(), model.values(), test, c.show_test(), c.palette().base().color(),
                               c.diverging_lut())

    def set_curve(self, x, y) -> None:
        """Curve fitting: the network's y at each x (drawn only in curve mode)."""
        self.curve.set_curve(x, y)

    def set_neuron_curve(self, x, y, label: str) -> None:
        """A neuron's output at each x, drawn over the points (its map over the plane would be stripes)."""
        self.neuron_curve.set_curve(x, y)
        self.neuron_curve.item.show()
        self.neuron_label = label

    def clear_neuron_curve(self) -> None:
        self.neuron_curve.clear()
        self.neuron_curve.item.hide()
        self.neuron_label = ""
