"""The timeline's marker on the loss plot: a line through both plots and a dot on the loss curve at the step
shown (the plot's readout reads that step), and `step_clicked(x)` when the user clicks a step on either plot (the wiring scrubs there)."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal

MARKER_COLOUR = "#CC79A7"        # Okabe–Ito reddish purple: neither the train (blue) nor the test (orange) curve


class StepMarker(QObject):
    step_clicked = Signal(float)     # the step (x) clicked on the loss or accuracy plot

    def __init__(self, loss_plot):
        super().__init__(loss_plot)
        self.setObjectName("timelineMarker")
        self._loss_plot, self._plots = loss_plot, loss_plot.plots()
        pen = pg.mkPen(MARKER_COLOUR, width=2)
        self.lines = [pg.InfiniteLine(angle=90, movable=False, pen=pen) for _ in self._plots]
        for plot, line in zip(self._plots, self.lines):
            line.setZValue(20)
            line.hide()
            plot.addItem(line, ignoreBounds=True)
        # A PlotDataItem (not a bare scatter) so the loss plot's log scale applies to it too.
        self.dot = pg.PlotDataItem(pen=None, symbol="o", symbolSize=10, symbolBrush=MARKER_COLOUR,
                                   symbolPen=pg.mkPen("w", width=1))
        self.dot.setZValue(21)
        self.dot.hide()
        self._plots[0].addItem(self.dot, ignoreBounds=True)
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

    def _on_mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        position = event.scenePos()
        for plot in self._plots:
            if plot.vb.sceneBoundingRect().contains(position):
                self.step_clicked.emit(float(plot.vb.mapSceneToView(position).x()))
                return
