"""The Hidden space tab: the input plane's grid and the data points as a hidden layer sees them.

``engine.hidden_space`` computes every frame; this view picks the layer and the projection (two neurons, or a
PCA fitted when the user asks and kept until asked again), morphs between the input plane and the layer, and
draws. It follows training from the snapshots the panel hands it, at most FRAME_MS apart and only while on
screen (a hidden tab remembers the newest snapshot and draws it when shown).
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from engine.hidden_space import hidden_space, layer_outputs, neuron_projection, pca_projection
from playground.error_guard import guard_override
from playground.views.graph.hidden_space_style import colour_note, point_style
from playground.views.graph.plot_style import follow_palette
from playground.views.graph.view_data import snapshot_layers
from playground.views.plot_text import PlotText

FRAME_MS = 100            # at most ~10 frames a second: a frame is a forward pass of the grid and the points
TRAIN_POINT_SIZE, TEST_POINT_SIZE = 8, 9   # px
MORPH_STEPS = 100         # the slider's range: t = value / MORPH_STEPS
N_LINES, SAMPLES = 15, 60  # grid lines each way, points along each line


class HiddenSpaceView(QWidget):
    frame_drawn = Signal(object)     # the HiddenSpace just drawn (tests wait on it)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("hiddenSpaceView")
        self._source = lambda: None
        self._snapshot = None
        self._projection = None          # kept between frames; None: neurons 0 and 1 of the chosen layer
        self.frame = None                # the HiddenSpace drawn last
        self._timer = QTimer(self, singleShot=True, interval=FRAME_MS)
        self._timer.timeout.connect(self.redraw)

        self.layer_combo = self._combo("hiddenLayerCombo")
        self.x_combo, self.y_combo = self._combo("hiddenNeuronXCombo"), self._combo("hiddenNeuronYCombo")
        self.pca_button = QPushButton("Fit PCA", self, objectName="fitPcaButton")
        self.axes_label = QLabel(self, objectName="hiddenAxesLabel")
        self.morph_slider = QSlider(Qt.Orientation.Horizontal, self, objectName="morphSlider")
        self.morph_slider.setRange(0, MORPH_STEPS)
        self.morph_slider.setValue(MORPH_STEPS)
        self.message = QLabel(self, objectName="hiddenSpaceMessage", wordWrap=True)
        self.colour_label = QLabel(self, objectName="hiddenColourLabel", wordWrap=True)
        self.colour_label.hide()
        self.plot = pg.PlotWidget(self)
        self.plot.setObjectName("hiddenSpacePlot")
        self.plot.setAspectLocked(True)
        self.plot.setMenuEnabled(False)
        self.grid_item = pg.PlotDataItem(connect="finite")
        self.train_item = pg.ScatterPlotItem(size=TRAIN_POINT_SIZE)
        self.test_item = pg.ScatterPlotItem(size=TEST_POINT_SIZE)
        self.decision_item = pg.PlotDataItem()
        self._plot_text = PlotText(self.plot.getPlotItem())
        for item in (self.grid_item, self.decision_item, self.test_item, self.train_item):
            self.plot.addItem(item)

        top = QHBoxLayout()
        for label, widget in (("Layer", self.layer_combo), ("x", self.x_combo), ("y", self.y_combo)):
            top.addWidget(QLabel(label, self))
            top.addWidget(widget)
        top.addWidget(self.pca_button)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Input plane", self))
        bottom.addWidget(self.morph_slider, 1)
        bottom.addWidget(QLabel("Layer", self))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.axes_label)
        layout.addWidget(self.colour_label)
        layout.addWidget(self.message)
        layout.addWidget(self.plot, 1)
        layout.addLayout(bottom)
        QWidget.setTabOrder(self.plot, self.morph_slider)    # Tab goes as laid out: the slider is below the plot

        self.layer_combo.activated.connect(self._on_layer_chosen)
        self.x_combo.activated.connect(self._on_neuron_chosen)
        self.y_combo.activated.connect(self._on_neuron_chosen)
        self.pca_button.clicked.connect(self._on_pca_clicked)
        self.morph_slider.valueChanged.connect(self._on_morph_changed)
        self._apply_palette()
        self.set_architecture([1])

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(self, objectName=name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    # -- API ----------------------------------------------------------------------------------------------
    def set_data_source(self, source) -> None:
        """``source()`` gives a ``ViewData`` (or None when there is no data)."""
        self._source = source

    def set_architecture(self, layer_sizes) -> None:
        """``layer_sizes``: hidden sizes then the output size."""
        self._snapshot, self.frame, self._projection = None, None, None
        hidden = list(layer_sizes)[:-1]
        self.layer_combo.clear()
        for i, width in enumerate(hidden):
            self.layer_combo.addItem(f"{i + 1} ({width} neuron{'s' if width > 1 else ''})", width)
        self._fill_neuron_combos()
        for widget in (self.layer_combo, self.x_combo, self.y_combo, self.pca_button, self.morph_slider):
            widget.setEnabled(bool(hidden))
        self._clear_items()
        self._say("This network has no hidden layer: the inputs go straight to the output, so there is no "
                  "hidden space to show. Add a layer in the network controls." if not hidden else
                  "Train or step the network to see its hidden space.")

    def refresh_data(self) -> None:
        """Other points: drawn through the same weights within FRAME_MS when on screen (else when shown)."""
        if self.isVisible() and not self._timer.isActive():
            self._timer.start()

    def update_snapshot(self, snapshot) -> None:
        """Cheap: remembers the snapshot; draws it within FRAME_MS when on screen."""
        if snapshot is None:
            return
        self._snapshot = snapshot
        if self.isVisible() and not self._timer.isActive():
            self._timer.start()

    def layer(self) -> int:
        return max(0, self.layer_combo.currentIndex())

    def morph_t(self) -> float:
        return self.morph_slider.value() / MORPH_STEPS

    def projection(self):
        return self._projection

    def drawn_points(self) -> tuple:
        """((N_train, 2), (N_test, 2)) positions of the drawn training and test points."""
        return tuple(np.column_stack(item.getData()) if len(item.getData()[0]) else np.zeros((0, 2))
                     for item in (self.train_item, self.test_item))

    def redraw(self) -> None:
        self._timer.stop()
        snap, data = self._snapshot, self._source()
        if snap is None or data is None or self.layer_combo.count() == 0:
            return
        layers = snapshot_layers(snap)
        if len(layers) != self.layer_combo.count() + 1:
            return                                   # a snapshot of the previous network
        layer = self.layer()
        projection = self._current_projection(layers, data)
        try:
            self.frame = hidden_space(layers, data.activation, layer, data.points, snap.extent, projection,
                                      data.features, N_LINES, SAMPLES)
        except ValueError as exc:     # settings changed since this snapshot: the next one will fit
            self._say(f"Waiting for the network's next weights ({exc}).")
            return
        self._draw(data)
        self.frame_drawn.emit(self.frame)

    # -- internals ----------------------------------------------------------------------------------------
    def _current_projection(self, layers, data):
        width = int(np.shape(layers[self.layer()][0])[0])
        if self._projection is None or self._projection.width != width:
            self._projection = neuron_projection(width, 0, 1 if width > 1 else None)
            self._sync_neuron_combos()
        return self._projection

    def _draw(self, data) -> None:
        t = self.morph_t()
        points, lines = self.frame.morph(t)
        self._say("")
        with_nan = np.concatenate((lines, np.full((len(lines), 1, 2), np.nan)), axis=1).reshape(-1, 2)
        self.grid_item.setData(with_nan[:, 0], with_nan[:, 1])
        background = self.plot.backgroundBrush().color()
        for item, mask, hollow in ((self.train_item, ~data.is_test, False), (self.test_item, data.is_test, True)):
            brushes, pens = point_style(data, mask, hollow, background, self._plot_text.scaled)
            item.setData(pos=points[mask], brush=brushes, pen=pens)
        note = colour_note(data)       # regression: the colours are targets
        self.colour_label.setText(note)
        self.colour_label.setVisible(bool(note))
        segment = None
        if self.frame.decision is not None and t == 1.0:
            drawn = np.concatenate((points, lines.reshape(-1, 2)))
            drawn = drawn[np.isfinite(drawn).all(axis=1)]
            if len(drawn):
                lo, hi = drawn.min(axis=0), drawn.max(axis=0)
                pad = np.maximum(hi - lo, 1e-6) * 0.1
                segment = self.frame.decision.segment((lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1],
                                                       hi[1] + pad[1]))
        if segment is None:
            self.decision_item.setData([], [])
        else:
            (x0, y0), (x1, y1) = segment
            self.decision_item.setData([x0, x1], [y0, y1])
        self.plot.getPlotItem().enableAutoRange()

    def _clear_items(self) -> None:
        for item in (self.grid_item, self.decision_item):
            item.setData([], [])
        for item in (self.train_item, self.test_item):
            item.setData(pos=np.zeros((0, 2)))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _fill_neuron_combos(self) -> None:
        width = self.layer_combo.currentData() or 0
        for combo in (self.x_combo, self.y_combo):
            combo.clear()
            combo.addItems([f"neuron {n + 1}" for n in range(width)])
        self.y_combo.setEnabled(width > 1)
        self.pca_button.setEnabled(width > 2)
        self._sync_neuron_combos()

    def _sync_neuron_combos(self) -> None:
        p = self._projection
        if p is not None and p.kind == "pca":
            self.axes_label.setText("Axes: the layer's first two principal components")
            return
        picked = p.neurons if p is not None else (0, 1)
        self.x_combo.setCurrentIndex(picked[0] if self.x_combo.count() else -1)
        self.y_combo.setCurrentIndex(picked[1] if len(picked) > 1 and self.y_combo.count() > 1 else -1)
        self.axes_label.setText("Axes: two of the layer's neurons" if self.y_combo.count() > 1 else
                                "Axes: the layer's one neuron (y = 0)")

    def _on_layer_chosen(self, _index: int) -> None:
        self._projection = None
        self._fill_neuron_combos()
        self.redraw()

    def _on_neuron_chosen(self, _index: int) -> None:
        width = self.layer_combo.currentData() or 0
        x, y = self.x_combo.currentIndex(), self.y_combo.currentIndex()
        if width > 1 and x == y:                   # keep two different neurons: move the other axis
            other = self.y_combo if self.sender() is self.x_combo else self.x_combo
            other.setCurrentIndex((x + 1) % width)
            x, y = self.x_combo.currentIndex(), self.y_combo.currentIndex()
        self._projection = neuron_projection(width, x, y if width > 1 else None)
        self._sync_neuron_combos()
        self.redraw()

    def _on_pca_clicked(self) -> None:
        snap, data = self._snapshot, self._source()
        if snap is None or data is None or not len(data.points):
            self._say("PCA needs weights and data points: generate or draw points and step once.")
            return
        try:
            activations = layer_outputs(snapshot_layers(snap), data.activation, data.points, self.layer(),
                                        data.features)
        except ValueError as exc:     # settings changed since this snapshot
            self._say(f"Waiting for the network's next weights ({exc}).")
            return
        if not np.isfinite(activations).all():
            self._say("This layer's activations are not finite numbers: PCA cannot be fitted.")
            return
        self._projection = pca_projection(activations, previous=self._projection)
        self._sync_neuron_combos()
        self.redraw()

    def _on_morph_changed(self, _value: int) -> None:
        if self.frame is not None:
            data = self._source()
            if data is not None and len(data.points) == len(self.frame.input_points):
                self._draw(data)
                return
        self.redraw()

    def _apply_palette(self) -> None:
        follow_palette(self.plot, self.palette())
        text = self.palette().color(self.foregroundRole())
        grid = QColor(text)
        grid.setAlpha(90)
        self.grid_item.setPen(pg.mkPen(grid, width=self._plot_text.scaled(1)))
        self.decision_item.setPen(pg.mkPen(text, width=self._plot_text.scaled(2.5), style=Qt.PenStyle.DashLine))

    def set_presentation(self, scale: float) -> None:
        """Presentation mode: axes, points and lines `scale` times their normal size (1: back to normal)."""
        self._plot_text.apply(scale)
        self.train_item.setSize(self._plot_text.scaled(TRAIN_POINT_SIZE))
        self.test_item.setSize(self._plot_text.scaled(TEST_POINT_SIZE))
        self._apply_palette()
        if self.isVisible():
            self.redraw()                # the points' pens; a hidden tab redraws when shown

    @guard_override
    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "plot"):
            self._apply_palette()
        super().changeEvent(event)

    @guard_override
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.redraw()
