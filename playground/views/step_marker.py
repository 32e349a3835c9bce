"""The timeline's marker on the loss plot: a line through both plots and a dot on the loss curve at the step
shown (the plot's readout reads that step), and `step_clicked(x)` when the user clicks a step on either plot (the wiring scrubs there).

The dot's ring is the plot's background colour (a halo that parts it from the curve under it in either theme:
re-coloured on the plot's PaletteChange); presentation mode thickens the line and grows the dot."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, Signal

from playground.error_guard import guard_override

MARKER_COLOUR = "#CC79A7"        # Okabe–Ito reddish purple: neither the train (blue) nor the test (orange) curve
LINE_WIDTH = 2.0
DOT_SIZE = 10.0


class StepMarker(QObject):
    step_clicked = Signal(float)     # the step (x) clicked on the loss or accuracy plot

    def __init__(self, loss_plot):
        super().__init__(loss_plot)
        self.setObjectName("timelineMarker")
        self._loss_plot = loss_plot
        self._plots = loss_plot.plots()
        self.scale = 1.0
        self.lines = [pg.InfiniteLine(angle=90, movable=False) for _ in self._plots]
        for plot, line in zip(self._plots, self.lines):
            line.setZValue(20)
            line.hide()
            plot.addItem(line, ignoreBounds=True)
        # A PlotDataItem (not a bare scatter) so the loss plot's log scale applies to it too.
        self.dot = pg.PlotDataItem(pen=None, symbol="o", symbolBrush=MARKER_COLOUR)
        self.dot.setZValue(21)
        self.dot.hide()
        self._plots[0].addItem(self.dot, ignoreBounds=True)
        self._restyle()
        loss_plot.installEventFilter(self)       # its PaletteChange: the halo takes the new background
        loss_plot.scene().sigMouseClicked.connect(self._on_mouse_clicked)
        self._step: float | None = None

    def show_at(self, step: float, loss: float) -> None:
        self._step = float(step)
        for line in self.lines:
            line.setValue(step)
            line.show()
        self.dot.setData([step], [loss])
        self.dot.show()
        self._loss_plot.set_marked_step(step)

    def hide(self) -> None:
        self._step = None
        for line in self.lines:
            line.hide()
        self.dot.hide()
        self._loss_plot.set_marked_step(None)

    def step(self) -> float | None:
        """The step marked, or None when hidden ("now")."""
        return self._step

    def set_presentation(self, scale: float) -> None:
        """Presentation mode: the line `scale` times thicker, the dot `scale` times larger (1: back to normal)."""
        self.scale = float(scale)
        self._restyle()

    @guard_override(fallback=False)
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._loss_plot and event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        return False

    def _restyle(self) -> None:
        pen = pg.mkPen(MARKER_COLOUR, width=LINE_WIDTH * self.scale)
        for line in self.lines:
            line.setPen(pen)
        halo = self._loss_plot.palette().base().color()
        self.dot.setSymbolPen(pg.mkPen(halo, width=self.scale))
        self.dot.setSymbolSize(DOT_SIZE * self.scale)

    def _on_mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        position = event.scenePos()
        for plot in self._plots:
            if plot.vb.sceneBoundingRect().contains(position):
                self.step_clicked.emit(float(plot.vb.mapSceneToView(position).x()))
                return
