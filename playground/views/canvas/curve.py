"""Regression on the dataset canvas: what changes with the kind of regression the session holds.

* Curve fitting ("curve"): the canvas is an x-y plane, a point IS (x, y), and the network's y = f(x) is drawn
  as a line over the points (the worker computes it: Snapshot.curve_x/curve_y). No heatmap under them.
* Surface ("surface"): each point (x1, x2) carries a real value; the heatmap shows the predicted value on the
  diverging scale (the boundary image of one output), the points are coloured by their value on the same
  scale (`value_brushes`).
* Classification (""): as before.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from playground.views import palette

AXIS_LABELS = {"": ("x₁", "x₂"), "surface": ("x₁", "x₂"), "curve": ("x", "y")}
KINDS = tuple(AXIS_LABELS)
CURVE_WIDTH = 3.0


class FittedCurve:
    """The network's curve y = f(x): a thick line over the points, shown only in curve fitting."""

    def __init__(self):
        self.item = pg.PlotCurveItem()
        self.item.hide()
        self.x = np.zeros(0)
        self.y = np.zeros(0)

    def restyle(self, background: QColor) -> None:
        self.item.setPen(pg.mkPen(palette.outline_for(background), width=CURVE_WIDTH, cosmetic=True))

    def set_curve(self, x, y) -> None:
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        if x.shape != y.shape or x.ndim != 1:
            raise ValueError(f"a curve needs x and y of one equal length, got shapes {x.shape} and {y.shape}")
        self.x, self.y = x, y
        self.item.setData(x, np.clip(y, -1e6, 1e6))

    def clear(self) -> None:
        self.x, self.y = np.zeros(0), np.zeros(0)
        self.item.setData([], [])


class CanvasRegression:
    """The canvas's regression state: the kind shown, the fitted curve, and the value a new point carries."""

    def __init__(self, canvas: pg.PlotWidget, boundary: pg.ImageItem):
        self._canvas, self._boundary = canvas, boundary
        self.curve = FittedCurve()
        self.kind = ""
        self.current_value = 0.0      # a surface point's value (a curve's point is its own (x, y))

    def set_current_value(self, value: float) -> None:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not np.isfinite(value):
            raise ValueError(f"value must be a finite number, got {value!r}")
        self.current_value = float(value)

    def set_kind(self, kind: str) -> None:
        """'curve': an x-y plane with the network's curve and no heatmap; 'surface' or '' (classification):
        the heatmap under the points."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
        self.kind = kind
        self.curve.item.setVisible(kind == "curve")
        self._boundary.setVisible(kind != "curve" and not self._canvas.highlight_label())
        if kind != "curve":
            self.curve.clear()
        bottom, left = AXIS_LABELS[kind]
        self._canvas.getPlotItem().setLabel("bottom", bottom)
        self._canvas.getPlotItem().setLabel("left", left)

    def set_curve(self, x, y) -> None:
        """Curve fitting: the network's y at each x (drawn only in curve mode)."""
        self.curve.set_curve(x, y)


def value_brushes(values: np.ndarray, neutral: str, lut: np.ndarray) -> list:
    """One brush per point: its value on the diverging scale (levels -1..1, TF Playground's range)."""
    rgba = palette.values_to_rgba(np.asarray(values, dtype=np.float64).reshape(1, -1), (-1.0, 1.0), neutral, lut)[0]
    return [pg.mkBrush(*map(int, c)) for c in rgba]
