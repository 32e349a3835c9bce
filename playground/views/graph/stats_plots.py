"""The gradient statistics tab's plots and colours, in the window's theme (made, and restyled on a theme change).

Layers are ordered by depth, purple (input side) to orange (output side). Plasma's dark end vanishes on a dark
background and its pale end on a light one, so the slice used depends on the theme.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from playground.views.graph.plot_style import follow_palette
from playground.views.graph.zero_log_axis import ZeroRowLogAxis
from playground.views.palette import is_dark


def make_plot(title: str, left: str, palette: QPalette, log: bool) -> pg.PlotWidget:
    axes = {"left": ZeroRowLogAxis()} if log else {}
    w = pg.PlotWidget(background=palette.color(QPalette.ColorRole.Base), axisItems=axes)
    w.setTitle(title, color=palette.color(QPalette.ColorRole.Text).name(), size="9pt")
    w.setLabel("left", left)
    for name in ("left", "bottom"):
        w.getAxis(name).enableAutoSIPrefix(False)    # "x0.001" next to a log axis only confuses
    w.setLogMode(y=log)
    w.showGrid(x=True, y=True, alpha=0.2)
    w.setMenuEnabled(False)
    # Read-only pictures with nothing to do from the keyboard: Tab passes them by (the tab's help names them).
    w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    restyle_plot(w, palette)
    return w


def restyle_plot(plot: pg.PlotWidget, palette: QPalette) -> None:
    follow_palette(plot, palette)
    title = plot.getPlotItem().titleLabel
    title.setAttr("color", palette.color(QPalette.ColorRole.Text).name())
    title.setText(title.text)            # the colour takes effect at the next setText


def layer_colors(n: int, palette: QPalette) -> list[QColor]:
    cmap = pg.colormap.get("plasma")
    lo, hi = (0.3, 0.95) if is_dark(palette.color(QPalette.ColorRole.Base)) else (0.05, 0.8)
    return [cmap.map(lo + (hi - lo) * i / max(1, n - 1), mode="qcolor") for i in range(n)]


def legend_html(names: list[str], colors: list[QColor]) -> str:
    return "&nbsp;&nbsp;".join(f'<span style="color:{c.name()}">━━</span>&nbsp;{name}'
                               for name, c in zip(names, colors))
