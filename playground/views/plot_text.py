"""Presentation mode's larger text for pyqtgraph plots.

pyqtgraph's axis labels, titles and legends keep the font they were made with (tick labels follow the widget's
font, but their fixed widths do not), so each view hands its plots to a `PlotText` and calls `apply(scale)`
from its `set_presentation`. Scale 1 puts back exactly what the plots had; `scaled(width)` sizes the view's
own lines and points.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

AXES = ("left", "bottom", "right", "top")


class PlotText:
    def __init__(self, *items: pg.PlotItem | pg.LabelItem):
        self.scale = 1.0
        self._items = items
        # Text sizes are scaled from the normal font, whatever the application's font is when applied.
        self._normal_pt = QApplication.font().pointSizeF()
        self._originals: dict[int, object] = {}   # id(thing) -> what it had at scale 1

    def scaled(self, size: float) -> float:
        return size * self.scale

    def apply(self, scale: float) -> None:
        if not scale > 0:
            raise ValueError(f"scale must be a positive number, got {scale!r}")
        self.scale = float(scale)
        for item in self._items:
            if isinstance(item, pg.PlotItem):
                self._apply_to_plot(item)
            else:
                self._apply_to_label(item)

    # -- internals -----------------------------------------------------------------------------------
    def _original(self, thing, value):
        return self._originals.setdefault(id(thing), value)

    def _font(self, original: QFont | None) -> QFont:
        font = QFont(original) if original is not None else QFont(QApplication.font())
        base = original.pointSizeF() if original is not None and original.pointSizeF() > 0 else self._normal_pt
        font.setPointSizeF(base * self.scale)
        return font

    def _apply_to_plot(self, plot: pg.PlotItem) -> None:
        for name in AXES:
            axis = plot.getAxis(name)
            tick_font, label_font, width, height = self._original(
                axis, (axis.style["tickFont"], QFont(axis.label.font()), axis.fixedWidth, axis.fixedHeight))
            axis.setTickFont(tick_font if self.scale == 1 else self._font(tick_font))
            axis.label.setFont(label_font if self.scale == 1 else self._font(label_font))
            if width is not None:
                axis.setWidth(round(width * self.scale))
            if height is not None:
                axis.setHeight(round(height * self.scale))
            axis.showLabel(axis.label.isVisible())   # re-measures the space the label needs
            axis.resizeEvent()                      # and re-centres it
        if plot.titleLabel.isVisible():
            self._apply_to_label(plot.titleLabel)
            plot.layout.setRowFixedHeight(0, round(30 * self.scale))   # setTitle's fixed 30 px row
            plot.titleLabel.setMaximumHeight(round(30 * self.scale))
        if plot.legend is not None:
            legend = plot.legend
            size = self._original(legend, legend.opts["labelTextSize"])
            legend.setLabelTextSize(size if self.scale == 1 else self._css_size(size))
            for _sample, label in legend.items:
                label.setText(label.text)         # setLabelTextSize takes effect at the next setText

    def _apply_to_label(self, label: pg.LabelItem) -> None:
        size = self._original(label, label.opts.get("size"))
        if self.scale == 1 and size is None:
            label.opts.pop("size", None)
        else:
            label.opts["size"] = size if self.scale == 1 else self._css_size(size)
        label.setText(label.text)

    def _css_size(self, size: str | None) -> str:
        base = float(size[:-2]) if isinstance(size, str) and size.endswith("pt") else self._normal_pt
        return f"{base * self.scale:g}pt"
