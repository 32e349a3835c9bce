"""Plots that follow the window's theme: the widget's Base colour behind, its Text colour on the axes."""
from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def follow_palette(plot_widget, palette: QPalette) -> None:
    """Give a pyqtgraph PlotWidget the palette's background and axis colours (call again on PaletteChange)."""
    background, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    axis = QColor(text)
    axis.setAlpha(170)
    plot_widget.setBackground(background)
    item = plot_widget.getPlotItem()
    for name in ("left", "bottom"):
        item.getAxis(name).setPen(axis)
        item.getAxis(name).setTextPen(text)
