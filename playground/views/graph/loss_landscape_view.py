"""The Loss landscape tab: the training loss on a plane through the current weights (Li et al. 2018).

A heatmap of log10(loss) with contour lines, the current weights marked at the centre, and the optimiser's path
drawn on it: the training timeline's checkpoints (`set_path_source`), projected onto the plane. Scrubbed to a
past step (`mark_weights`), that step's point on the path is marked in the timeline's colour. Computed off the
GUI thread (``landscape_task``) when the user presses Refresh, when the tab comes on screen with newer weights,
and every AUTO_REFRESH_MS while training runs and the tab is visible; one computation at a time.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from playground.error_guard import guard_override
from playground.views.graph.landscape_task import (
    LandscapeRequest,
    flat_weights,
    frozen_layers,
    landscape_runner,
)
from playground.views.graph.plot_style import follow_palette
from playground.views.graph.view_data import snapshot_layers
from playground.views.plot_text import PlotText
from playground.views.step_marker import MARKER_COLOUR

AUTO_REFRESH_MS = 3000
CONTOURS = 12            # contour levels, evenly spaced in log10(loss)
LOG_FLOOR = 1e-6         # a loss of 0 (hinge, separated) is drawn as this


def log_losses(losses) -> np.ndarray:
    """log10 of the losses for the colour scale: 0 floored to LOG_FLOOR, overflowed corners to the largest
    finite value."""
    values = np.asarray(losses, dtype=np.float64)
    finite = values[np.isfinite(values)]
    top = finite.max() if finite.size else 1.0
    values = np.where(np.isfinite(values), values, top)
    return np.log10(np.maximum(values, LOG_FLOOR))


class LossLandscapeView(QWidget):
    landscape_ready = Signal(object)     # the LandscapeResult just drawn

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("lossLandscapeView")
        self._source = lambda: None
        self._path_source = lambda: None
        self._snapshot = None
        self._drawn_key = None           # (model_id, step) of the weights drawn last
        self._data_changed_meanwhile = False     # the data changed while a landscape was computed
        self._marked: np.ndarray | None = None     # the scrubbed step's flat weights, or None ("now")
        self._marked_step: int | None = None
        self.result = None
        self._runner = landscape_runner(self)
        self._runner.computed.connect(self._on_computed)
        self._runner.failed.connect(self._on_failed)
        self.auto_refresh = QTimer(self, interval=AUTO_REFRESH_MS)
        self.auto_refresh.timeout.connect(self._on_auto_timeout)

        self.refresh_button = QPushButton("Refresh", self, objectName="refreshLandscapeButton")
        self.path_plane_check = QCheckBox("Plane through the path", self, objectName="landscapePathPlaneCheck")
        self.message = QLabel(self, objectName="landscapeMessage", wordWrap=True)
        self.plot = pg.PlotWidget(self)
        self.plot.setObjectName("landscapePlot")
        self.plot.setMenuEnabled(False)
        self.plot.setLabel("bottom", "α (first direction)")
        self.plot.setLabel("left", "β (second direction)")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.plot.addItem(self.image)
        self.contours = [pg.IsocurveItem(pen=pg.mkPen(255, 255, 255, 110), axisOrder="row-major")
                         for _ in range(CONTOURS)]
        for curve in self.contours:
            curve.setParentItem(self.image)       # in the image's pixel coordinates, like the image
        self.path_item = pg.PlotDataItem(pen=pg.mkPen("#ff5050", width=2), symbol="o", symbolSize=4,
                                         symbolBrush="#ff5050", symbolPen=None)
        self.centre_item = pg.ScatterPlotItem(symbol="+", size=16, pen=pg.mkPen("w", width=3),
                                              brush=pg.mkBrush("#ff5050"))
        self.step_item = pg.ScatterPlotItem(symbol="o", size=12, pen=pg.mkPen("w", width=1.5),
                                            brush=pg.mkBrush(MARKER_COLOUR))
        self.plot.addItem(self.path_item)
        self.plot.addItem(self.centre_item)
        self.plot.addItem(self.step_item)

        self.colorbar = pg.ColorBarItem(colorMap=pg.colormap.get("viridis"), interactive=False,
                                        label="log10 training loss")
        self.colorbar.setImageItem(self.image, insert_in=self.plot.getPlotItem())
        self._plot_text = PlotText(self.plot.getPlotItem(), self.colorbar)   # a ColorBarItem is a PlotItem

        top = QHBoxLayout()
        top.addWidget(self.refresh_button)
        top.addWidget(self.path_plane_check)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.plot, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.path_plane_check.toggled.connect(self.refresh)
        self._apply_palette()
        self._say("Press Refresh (or train with this tab open) to draw the loss around the current weights.")

    # -- API ----------------------------------------------------------------------------------------------
    def set_data_source(self, source) -> None:
        """``source()`` gives a ``ViewData`` (or None when there is no data)."""
        self._source = source

    def set_path_source(self, source) -> None:
        """``source()`` gives the optimiser's path: (K, D) flat weights oldest first (the timeline's
        checkpoints), or None when there is none for this network."""
        self._path_source = source

    def set_architecture(self, _layer_sizes=None) -> None:
        self._snapshot, self._drawn_key = None, None
        self.mark_weights(None)

    def refresh_data(self) -> None:
        """Other training data: the loss drawn is out of date whatever the step; computed again now when on
        screen (after the computation under way, if one is), else when next shown."""
        self._drawn_key = None
        self._data_changed_meanwhile = self.is_computing()
        if self.isVisible() and self._snapshot is not None and not self._data_changed_meanwhile:
            self.refresh()

    def mark_weights(self, weights, step: int | None = None) -> None:
        """Mark the point of flat ``weights`` (the timeline's scrubbed step) on the drawn plane; None: no mark."""
        if weights is None and self._marked is None:
            return      # no mark already (every live snapshot says so: re-setting it cost ~0.3 ms of the GUI)
        self._marked = None if weights is None else np.asarray(weights, dtype=np.float64)
        self._marked_step = None if weights is None else step
        self._draw_mark()

    def marked_point(self) -> tuple | None:
        """The mark's plane coordinates (a, b), or None when nothing is marked."""
        points = self.step_item.data
        return (float(points["x"][0]), float(points["y"][0])) if len(points) else None

    def update_snapshot(self, snapshot) -> None:
        if snapshot is None:
            return
        self._snapshot = snapshot
        if snapshot.running and self.isVisible() and not self.auto_refresh.isActive():
            self.auto_refresh.start()

    def is_computing(self) -> bool:
        return self._runner.is_busy()

    def refresh(self) -> bool:
        """Start a computation for the latest weights; False when there is nothing to compute yet or one
        is already running (the request is dropped)."""
        snap, data = self._snapshot, self._source()
        if snap is None or data is None:
            self._say("Nothing to show yet: generate or draw points and train or step once.")
            return False
        try:
            X, targets = data.training_inputs(), data.training_targets()
        except ValueError as exc:     # the data changed since this snapshot (classes, features)
            self._say(f"The landscape waits for training data it can use: {exc}")
            return False
        if not len(X):
            self._say("There are no training points.")
            return False
        layers = frozen_layers(snapshot_layers(snap))
        path = self._path_ending_at(flat_weights(layers))
        request = LandscapeRequest(layers, data.activation, X, targets, data.loss, data.l2, path,
                                   self.path_plane_check.isChecked(), snap.step, data.problem)
        if not self._runner.submit(request):
            return False
        self._drawn_key = (snap.model_id, snap.step)
        self.refresh_button.setEnabled(False)
        self._say("Computing the landscape…")
        return True

    def wait(self) -> None:
        self._runner.wait()

    # -- internals ----------------------------------------------------------------------------------------
    def _path_ending_at(self, current: np.ndarray) -> np.ndarray:
        """The timeline's path (of this network's weights), ending at the current weights (read-only)."""
        path = self._path_source()
        if path is None or not len(path) or path.shape[1] != current.size:
            path = current[None]
        elif not np.array_equal(path[-1], current):
            path = np.vstack((path, current))
        path = np.asarray(path, dtype=np.float64)     # the source's own copy: frozen, not copied again
        path.flags.writeable = False
        return path

    def _draw_mark(self) -> None:
        plane = self.result.landscape.plane if self.result is not None else None
        if self._marked is None or plane is None or self._marked.shape != plane.origin.shape:
            self.step_item.setData([], [])
            self.step_item.setToolTip("")
            return
        a, b = plane.coordinates(self._marked)[0]
        self.step_item.setData([a], [b])
        self.step_item.setToolTip("" if self._marked_step is None else f"step {self._marked_step:,}: the step "
                                  f"the timeline shows")

    def _on_computed(self, _request, result) -> None:
        self.refresh_button.setEnabled(True)
        self.result = result
        land = result.landscape
        logs = log_losses(land.losses)
        a, b = land.alphas, land.betas
        self.image.setImage(logs, autoLevels=False)
        lo, hi = float(logs.min()), float(logs.max())
        self.image.setLevels((lo, hi if hi > lo else lo + 1e-9))
        self.colorbar.setLevels((lo, hi if hi > lo else lo + 1e-9))
        da = (a[-1] - a[0]) / max(1, len(a) - 1)
        db = (b[-1] - b[0]) / max(1, len(b) - 1)
        # pixel centres on the grid points
        self.image.setRect(QRectF(a[0] - da / 2, b[0] - db / 2, da * len(a), db * len(b)))
        levels = np.linspace(lo, hi, CONTOURS + 2)[1:-1]
        for curve, level in zip(self.contours, levels):
            curve.setData(logs if hi > lo else None, float(level))
        coords = result.path_coords
        self.path_item.setData(coords[:, 0], coords[:, 1])
        self.centre_item.setData([0.0], [0.0])
        self._draw_mark()
        self.plot.getPlotItem().autoRange()
        self._say(result.note or f"Training loss around step {result.request.step}: "
                  f"{land.center_loss:.4g} at the centre (+).")
        self.landscape_ready.emit(result)
        if self._data_changed_meanwhile:          # drawn on the data as they were: again on today's
            self._data_changed_meanwhile = False
            if self._snapshot is not None and self.isVisible():
                self.refresh()

    def _on_failed(self, error: str) -> None:
        self.refresh_button.setEnabled(True)
        self._say(f"The landscape could not be computed: {error}")

    def _on_auto_timeout(self) -> None:
        snap = self._snapshot
        if not self.isVisible() or snap is None or not snap.running:
            self.auto_refresh.stop()
            return
        if (snap.model_id, snap.step) != self._drawn_key:
            self.refresh()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _apply_palette(self) -> None:
        follow_palette(self.plot, self.palette())

    def set_presentation(self, scale: float) -> None:
        """Presentation mode: axes, contours and the path `scale` times their normal size (1: back to normal)."""
        self._plot_text.apply(scale)
        for curve in self.contours:
            curve.setPen(pg.mkPen(255, 255, 255, 110, width=scale))
        self.path_item.setPen(pg.mkPen("#ff5050", width=2 * scale))
        self.path_item.setSymbolSize(4 * scale)
        self.centre_item.setSize(16 * scale)
        self.step_item.setSize(12 * scale)
        self.centre_item.setPen(pg.mkPen("w", width=3 * scale))

    @guard_override
    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "plot"):
            self._apply_palette()
        super().changeEvent(event)

    @guard_override
    def showEvent(self, event) -> None:
        super().showEvent(event)
        snap = self._snapshot
        if snap is not None and (snap.model_id, snap.step) != self._drawn_key:
            self.refresh()
        if snap is not None and snap.running:
            self.auto_refresh.start()

    @guard_override
    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self.auto_refresh.stop()
